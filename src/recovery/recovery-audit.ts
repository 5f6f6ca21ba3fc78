/**
 * One directory audit record per recovery attempt that comes back from the provider, whatever
 * its outcome (and one more for the first replay of its callback). Entra documents no activity
 * name for account recovery, so Limen uses a plain one; the details carry what an administrator
 * needs to fix a refusal (the names the document bore, against the account's) and to trace a
 * success (the provider's evidence id, the pass id, what was revoked).
 */
import type { User } from '../directory/index.ts';
import { recordAudit, type KeyValue } from '../logs/index.ts';
import type { Db } from '../store/index.ts';
import type { VerifiedIdentity } from './identity-verifier.ts';
import type { RecoveryAttempt } from './recovery-attempts.ts';
import type { ResolvedProfile } from './recovery-profile.ts';

export const recoveryActivity = 'Recover account with identity verification';
export const recoveryService = 'Account Recovery';

/** Why an attempt ended as it did: success outcomes, then refusals. */
export type RecoveryOutcomeCode =
  | 'temporaryAccessPassIssued'
  | 'evaluationOnly'
  | RecoveryRefusal;

export type RecoveryRefusal =
  | 'browserMismatch'
  | 'attemptExpired'
  | 'attemptReplayed'
  | 'verifierUnavailable'
  | 'verificationFailed'
  | 'evidenceNotBound'
  | 'accountNotFound'
  | 'accountDisabled'
  | 'namesMissing'
  | 'nameMismatch'
  | 'ambiguousName'
  | 'administrator'
  | 'temporaryAccessPassNotEnabled';

export interface RecoveryAuditInput {
  attempt: RecoveryAttempt;
  profile: ResolvedProfile | undefined;
  /** The account the user named, when it exists. */
  user: User | undefined;
  identity?: VerifiedIdentity | undefined;
  outcome: RecoveryOutcomeCode;
  /** More about a refusal (the verifier's reason, the policy's message). */
  detail?: string | undefined;
  extra?: KeyValue[];
  /** The address the callback came from. */
  ipAddress: string;
  correlationId: string;
}

const success = new Set<RecoveryOutcomeCode>(['temporaryAccessPassIssued', 'evaluationOnly']);

/** Appends the record; call it in the transaction that makes the change, if any. */
export async function recordRecoveryAudit(trx: Db, a: RecoveryAuditInput): Promise<void> {
  const ok = success.has(a.outcome);
  const { user, identity } = a;
  const details: KeyValue[] = [
    { key: 'outcome', value: a.outcome },
    { key: 'claimedUserPrincipalName', value: a.attempt.claimedUpn },
    { key: 'verifier', value: a.attempt.verifierId },
    ...(a.profile ? [{ key: 'mode', value: a.profile.mode }, { key: 'nameMatching', value: a.profile.nameMatching }] : []),
    ...(identity ? [
      { key: 'verifiedGivenName', value: identity.givenName },
      { key: 'verifiedSurname', value: identity.surname },
      { key: 'evidenceId', value: identity.evidenceId },
      { key: 'verifiedDateTime', value: identity.verifiedAt.toISOString() },
      { key: 'assurance', value: identity.assurance },
    ] : []),
    ...(user && identity ? [{ key: 'accountGivenName', value: user.givenName ?? '' }, { key: 'accountSurname', value: user.surname ?? '' }] : []),
    { key: 'ipAddress', value: a.ipAddress },
    { key: 'startIpAddress', value: a.attempt.ipAddress },
    ...(a.extra ?? []),
  ];
  await recordAudit(trx, {
    category: 'UserManagement',
    activityDisplayName: recoveryActivity,
    operationType: 'Update',
    result: ok ? 'success' : 'failure',
    resultReason: ok ? (a.outcome === 'evaluationOnly' ? 'Evaluation mode: identity verified, no pass issued' : 'Temporary Access Pass issued')
      : `${a.outcome}${a.detail ? `: ${a.detail.slice(0, 300)}` : ''}`,
    // Only a recovered (or, in evaluation, would-be recovered) user is known to be who acted.
    initiatedBy: ok && user
      ? { user: { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName, ipAddress: a.ipAddress } }
      : {},
    targetResources: user ? [{ id: user.id, displayName: user.displayName, type: 'User', userPrincipalName: user.userPrincipalName }] : [],
    additionalDetails: details,
    correlationId: a.correlationId,
    loggedByService: recoveryService,
  });
}
