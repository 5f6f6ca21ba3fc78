/**
 * Recovery attempts, shared by every process through the database (table `recovery_attempts`).
 * An attempt is what Limen remembers between sending a user to the verification provider and the
 * provider sending them back: which account they named, which verifier, the nonce the evidence
 * must carry, and when it expires. The `state` that names it travels through the provider and is
 * kept only as a hash. The first callback completes it (compare-and-set), so a callback replayed
 * by anyone, on any process, finds it spent; of the replays, only the first is audited, so
 * replaying cannot grow the audit log without bound.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, RecoveryAttemptRow } from '../store/index.ts';
import { recoveryDefaults } from './recovery-profile.ts';

export interface RecoveryAttempt {
  verifierId: string;
  claimedUpn: string;
  nonce: string;
  ipAddress: string;
  createdAt: string;
  expiresAt: string;
}

export type StartedAttempt =
  | { started: true; state: string; attempt: RecoveryAttempt }
  /** A rate limit was reached: too many attempts for this account, or from this address. */
  | { started: false; limit: 'account' | 'address' };

export type CallbackAttempt =
  | { kind: 'fresh'; attempt: RecoveryAttempt }
  /** The first callback after the attempt expired. */
  | { kind: 'expired'; attempt: RecoveryAttempt }
  /** A callback for an attempt already completed; `first` for the first such replay. */
  | { kind: 'replayed'; attempt: RecoveryAttempt; first: boolean }
  /** No such attempt (forged, or older than the rate-limit window). */
  | { kind: 'unknown' };

const hour = 3_600_000;
const idOf = (state: string) => createHash('sha256').update(state).digest('base64url');
/** States are 32 random bytes in base64url (43 characters); anything else names no attempt. */
const wellFormedState = /^[A-Za-z0-9_-]{43}$/;

const fromRow = (r: RecoveryAttemptRow): RecoveryAttempt => ({
  verifierId: r.verifier_id,
  claimedUpn: r.claimed_upn,
  nonce: r.nonce,
  ipAddress: r.ip_address,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export function createRecoveryAttempts(db: Db) {
  const countSince = async (column: 'claimed_upn' | 'ip_address', value: string, since: string) => {
    const row = await db.selectFrom('recovery_attempts').select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(column, '=', value).where('created_at', '>=', since).executeTakeFirstOrThrow();
    return Number(row.n);
  };

  return {
    /** Starts an attempt unless a rate limit says no; returns the `state` to send to the provider. */
    async start(input: { verifierId: string; claimedUpn: string; ipAddress: string; now: Date }): Promise<StartedAttempt> {
      const since = new Date(input.now.getTime() - hour).toISOString();
      // Rows older than the window serve no limit any more; the index keeps the sweep cheap.
      await db.deleteFrom('recovery_attempts').where('created_at', '<', since).execute();
      const claimedUpn = input.claimedUpn.toLowerCase();
      if (await countSince('claimed_upn', claimedUpn, since) >= recoveryDefaults.attemptsPerAccountPerHour) {
        return { started: false, limit: 'account' };
      }
      if (await countSince('ip_address', input.ipAddress, since) >= recoveryDefaults.attemptsPerAddressPerHour) {
        return { started: false, limit: 'address' };
      }
      const state = randomBytes(32).toString('base64url');
      const row: RecoveryAttemptRow = {
        id: idOf(state),
        verifier_id: input.verifierId,
        claimed_upn: claimedUpn,
        nonce: randomBytes(32).toString('base64url'),
        ip_address: input.ipAddress,
        created_at: input.now.toISOString(),
        expires_at: new Date(input.now.getTime() + recoveryDefaults.attemptLifetimeMs).toISOString(),
        completed_at: null,
        replayed_at: null,
      };
      await db.insertInto('recovery_attempts').values(row).execute();
      return { started: true, state, attempt: fromRow(row) };
    },

    /** Completes the attempt a callback names; says whether it was fresh, expired, replayed or unknown. */
    async complete(state: string, now: Date): Promise<CallbackAttempt> {
      if (!wellFormedState.test(state)) return { kind: 'unknown' };
      const id = idOf(state);
      const at = now.toISOString();
      const won = await db.updateTable('recovery_attempts').set({ completed_at: at })
        .where('id', '=', id).where('completed_at', 'is', null).executeTakeFirst();
      const row = await db.selectFrom('recovery_attempts').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return { kind: 'unknown' };
      const attempt = fromRow(row);
      if (Number(won.numUpdatedRows) === 0) {
        const first = await db.updateTable('recovery_attempts').set({ replayed_at: at })
          .where('id', '=', id).where('replayed_at', 'is', null).executeTakeFirst();
        return { kind: 'replayed', attempt, first: Number(first.numUpdatedRows) === 1 };
      }
      return { kind: row.expires_at <= at ? 'expired' : 'fresh', attempt };
    },
  };
}

export type RecoveryAttempts = ReturnType<typeof createRecoveryAttempts>;
