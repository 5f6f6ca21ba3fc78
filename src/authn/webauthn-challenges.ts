/**
 * Single-use WebAuthn challenges, shared by every process through the database. A ceremony's
 * challenge is bound to what it was issued for (a user for registration, an interaction for
 * sign-in) and is deleted by the request that verifies it, so a replayed or second response
 * finds nothing (W3C WebAuthn §13.4.3: challenges must be used once).
 */
import type { Db } from '../store/index.ts';

export type CeremonyPurpose = 'registration' | 'authentication';

/**
 * Live challenges kept per user or interaction: enough for a few tabs and retries, while a
 * script calling the options endpoint in a loop replaces its own challenges instead of growing
 * the table.
 */
export const maxChallengesPerBinding = 5;

export interface ChallengeStore {
  /** Keeps a freshly generated challenge (from the library's options) for one verification. */
  remember(challenge: string, purpose: CeremonyPurpose, binding: string, ttlMs: number): Promise<void>;
  /** True exactly once, for an unexpired challenge issued for this purpose and binding. */
  consume(challenge: string, purpose: CeremonyPurpose, binding: string): Promise<boolean>;
}

export function createChallengeStore(db: Db): ChallengeStore {
  return {
    async remember(challenge, purpose, binding, ttlMs) {
      const now = Date.now();
      // Expired challenges are swept as new ones are made; the index keeps it cheap.
      await db.deleteFrom('webauthn_challenges').where('expires_at', '<', new Date(now).toISOString()).execute();
      await db.insertInto('webauthn_challenges')
        .values({ challenge, purpose, binding, expires_at: new Date(now + ttlMs).toISOString() })
        .execute();
      const older = await db.selectFrom('webauthn_challenges').select('challenge')
        .where('purpose', '=', purpose).where('binding', '=', binding)
        .orderBy('expires_at', 'desc').orderBy('challenge').offset(maxChallengesPerBinding).limit(100).execute();
      if (older.length) await db.deleteFrom('webauthn_challenges').where('challenge', 'in', older.map((r) => r.challenge)).execute();
    },
    async consume(challenge, purpose, binding) {
      if (challenge.length === 0 || challenge.length > 128) return false;
      const r = await db.deleteFrom('webauthn_challenges')
        .where('challenge', '=', challenge)
        .where('purpose', '=', purpose)
        .where('binding', '=', binding)
        .where('expires_at', '>', new Date().toISOString())
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
