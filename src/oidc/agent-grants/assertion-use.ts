import type { Db } from '../../store/index.ts';

/**
 * An agent assertion is good for one token exchange. Its `jti` is remembered in oidc_payloads
 * (model `AgentAssertionUse`) until the assertion expires, when the periodic sweep of expired
 * rows removes it (adapter.ts sweepExpiredPayloads). The row is written with an insert that does
 * nothing on conflict: of two exchanges presenting the same assertion, on one process or on
 * several sharing a PostgreSQL database, exactly one inserts the row and succeeds.
 */
const model = 'AgentAssertionUse';

/** Records the assertion's use; false when it was already used. `expiresAt` in epoch seconds. */
export async function useAgentAssertionOnce(db: Db, jti: string, expiresAt: number): Promise<boolean> {
  const result = await db.insertInto('oidc_payloads')
    .values({
      model,
      id: jti,
      payload: '{}',
      grant_id: null,
      user_code: null,
      uid: null,
      expires_at: expiresAt,
      consumed_at: Math.floor(Date.now() / 1000),
    })
    .onConflict((oc) => oc.columns(['model', 'id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
