/**
 * What happens once the provider has answered: check the evidence belongs to this attempt, match
 * the proved name to the account the user named, and then, as Entra's account recovery does
 * (design/authentication-methods.md §4.1), issue a Temporary Access Pass in production mode or
 * only log the result in evaluation mode. Every outcome is audited; the pass, the revocations and
 * the audit record commit together or not at all.
 */
import { createPasskeyRepository, createSoftwareOathRepository, issueTemporaryAccessPass, tapEnabledFor, type TemporaryAccessPass } from '../authn/index.ts';
import { createDirectory, type User } from '../directory/index.ts';
import type { Db } from '../store/index.ts';
import type { VerificationResult, VerifiedIdentity } from './identity-verifier.ts';
import { matchAccount } from './name-matching.ts';
import { recordRecoveryAudit, type RecoveryAuditInput, type RecoveryRefusal } from './recovery-audit.ts';
import type { RecoveryAttempt } from './recovery-attempts.ts';
import { recoveryDefaults, type ResolvedProfile } from './recovery-profile.ts';

export type RecoveryOutcome =
  | { kind: 'recovered'; user: User; tap: TemporaryAccessPass; code: string; passkeysRemoved: number; sessionsRevoked: boolean }
  | { kind: 'evaluated'; user: User }
  | { kind: 'refused'; refusal: RecoveryRefusal };

export interface RecoveryContext {
  attempt: RecoveryAttempt;
  ipAddress: string;
  correlationId: string;
  now: Date;
}

/** A refusal found inside the transaction: thrown to roll back whatever it already did. */
class Refused extends Error {
  readonly refusal: RecoveryRefusal;
  readonly user: User | undefined;
  readonly detail: string | undefined;
  constructor(refusal: RecoveryRefusal, user?: User, detail?: string) {
    super(refusal);
    this.refusal = refusal;
    this.user = user;
    this.detail = detail;
  }
}

/** Audits a refusal on its own (nothing else changes) and returns it as the outcome. */
export async function refuseAttempt(
  db: Db,
  context: RecoveryContext,
  profile: ResolvedProfile | undefined,
  refusal: RecoveryRefusal,
  more: { detail?: string | undefined; identity?: VerifiedIdentity | undefined; user?: User | undefined } = {},
): Promise<RecoveryOutcome> {
  const user = more.user ?? await createDirectory(db).users.get(context.attempt.claimedUpn);
  await db.transaction().execute((trx) => recordRecoveryAudit(trx, auditOf(context, profile, user, refusal, more)));
  return { kind: 'refused', refusal };
}

const auditOf = (
  c: RecoveryContext, profile: ResolvedProfile | undefined, user: User | undefined,
  outcome: RecoveryAuditInput['outcome'], more: Partial<RecoveryAuditInput> = {},
): RecoveryAuditInput => ({ attempt: c.attempt, profile, user, outcome, ipAddress: c.ipAddress, correlationId: c.correlationId, ...more });

/** The evidence as a well-formed identity bound to this attempt, or why not. */
function checkEvidence(result: VerificationResult, attempt: RecoveryAttempt):
  { identity: VerifiedIdentity } | { refusal: RecoveryRefusal; detail: string; identity?: VerifiedIdentity } {
  if (!result.verified) return { refusal: 'verificationFailed', detail: String(result.reason) };
  const i = result.identity;
  const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
  if (!text(i.givenName, 256) || !text(i.surname, 256) || !text(i.nonce, 512) || !text(i.evidenceId, 256)
    || !text(i.assurance, 128) || !(i.verifiedAt instanceof Date) || Number.isNaN(i.verifiedAt.getTime())) {
    return { refusal: 'verificationFailed', detail: 'the verifier returned a malformed identity' };
  }
  if (i.nonce !== attempt.nonce) {
    return { refusal: 'evidenceNotBound', detail: 'the evidence carries another attempt’s nonce', identity: i };
  }
  return { identity: i };
}

/** Runs the rest of recovery for a fresh attempt whose provider has answered with `result`. */
export async function recoverAccount(db: Db, context: RecoveryContext, profile: ResolvedProfile, result: VerificationResult): Promise<RecoveryOutcome> {
  const evidence = checkEvidence(result, context.attempt);
  if ('refusal' in evidence) return refuseAttempt(db, context, profile, evidence.refusal, evidence);
  const { identity } = evidence;
  try {
    return await db.transaction().execute(async (trx): Promise<RecoveryOutcome> => {
      const dir = createDirectory(trx);
      const claimed = await dir.users.get(context.attempt.claimedUpn);
      // Every enabled account with both names: recovery is rare and rate-limited, so one scan of
      // the users (three small columns matter) is cheaper than a name index no one else needs.
      const named = await dir.users.list((q) => q.where('account_enabled', '=', 1).where('given_name', 'is not', null).where('surname', 'is not', null));
      const match = matchAccount(claimed, named, identity, profile.nameMatching);
      if (!match.matched) throw new Refused(match.reason, claimed);
      const user = match.account;
      if (!profile.includeAdministrators && (await dir.assignments.directoryRoleIdsOf(user.id)).length > 0) {
        throw new Refused('administrator', user);
      }
      if (!(await tapEnabledFor(trx, user.id))) throw new Refused('temporaryAccessPassNotEnabled', user);

      if (profile.mode === 'evaluation') {
        await recordRecoveryAudit(trx, auditOf(context, profile, user, 'evaluationOnly', { identity }));
        return { kind: 'evaluated', user };
      }

      let passkeysRemoved = 0;
      let validFrom: string | undefined;
      if (profile.revokePasskeysAndSessions) {
        const passkeys = createPasskeyRepository(trx);
        for (const p of await passkeys.listForUser(user.id)) if (await passkeys.remove(user.id, p.id)) passkeysRemoved++;
        // An authenticator app an intruder added would otherwise survive the recovery too.
        await createSoftwareOathRepository(trx).removeAllForUser(user.id);
        validFrom = await dir.users.revokeSignInSessions(user.id);
      }
      // After a revocation the pass starts when it takes effect: a session begun earlier would
      // be revoked at once (both are compared in whole seconds, see oidc/account.ts).
      const issued = await issueTemporaryAccessPass(trx, {
        userId: user.id,
        startDateTime: validFrom ? new Date(validFrom) : context.now,
        isUsableOnce: recoveryDefaults.isUsableOnce,
        now: context.now,
      });
      if (!issued.issued) throw new Refused('temporaryAccessPassNotEnabled', user, issued.message);
      await recordRecoveryAudit(trx, auditOf(context, profile, user, 'temporaryAccessPassIssued', {
        identity,
        extra: [
          { key: 'temporaryAccessPassId', value: issued.tap.id },
          { key: 'passkeysRemoved', value: String(passkeysRemoved) },
          { key: 'signInSessionsRevoked', value: String(Boolean(validFrom)) },
        ],
      }));
      return { kind: 'recovered', user, tap: issued.tap, code: issued.code, passkeysRemoved, sessionsRevoked: Boolean(validFrom) };
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return refuseAttempt(db, context, profile, error.refusal, { detail: error.detail, identity, user: error.user });
  }
}
