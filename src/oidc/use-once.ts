import type { Db } from '../store/index.ts';

/**
 * One-use tokens (agent assertions; workload tokens when single use is on): each use is a row in
 * oidc_payloads under its own model, kept until the token expires, when the periodic sweep of
 * expired rows removes it (adapter.ts sweepExpiredPayloads). The insert does nothing on
 * conflict: of two requests presenting the same token, on one process or on several sharing a
 * PostgreSQL database, exactly one inserts the row and succeeds.
 *
 * Records the use of `id` under `model`; false when it was already used. `expiresAt` in epoch seconds.
 */
export async function useOnce(db: Db, model: string, id: string, expiresAt: number): Promise<boolean> {
  const result = await db.insertInto('oidc_payloads')
    .values({ model, id, payload: '{}', grant_id: null, user_code: null, uid: null, expires_at: expiresAt, consumed_at: Math.floor(Date.now() / 1000) })
    .onConflict((oc) => oc.columns(['model', 'id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
