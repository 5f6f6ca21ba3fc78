import { sql } from 'kysely';
import type { Db } from '../store/index.ts';

/**
 * oidc-provider models whose payload names the client they were issued to (`clientId`): grants,
 * and the codes and tokens issued under them. Sessions name clients only inside
 * `authorizations`, and lose nothing by keeping them: every token goes through a grant.
 */
const clientModels = [
  'Grant', 'RefreshToken', 'AccessToken', 'ClientCredentials', 'AuthorizationCode', 'DeviceCode',
  'BackchannelAuthenticationRequest', 'PushedAuthorizationRequest',
];

/**
 * Revokes at once everything stored for these clients in `oidc_payloads` (see adapter.ts): their
 * grants, refresh tokens and pending codes, and every row issued under those grants. For
 * disabling an agent identity or a blueprint: a disabled client's refresh tokens must stop
 * working now, not when the token endpoint next reads the directory. Access tokens issued as
 * JWTs are not stored and run out on their own (their lifetime is short for this reason).
 * Runs on the caller's handle, so a transaction that disables the client revokes in step with
 * it. Returns how many rows were deleted.
 */
export async function revokeClientGrants(db: Db, clientIds: readonly string[]): Promise<number> {
  const wanted = new Set(clientIds);
  if (wanted.size === 0) return 0;
  const keys: Array<{ model: string; id: string }> = [];
  const grantIds = new Set<string>();
  for (const clientId of wanted) {
    // A coarse text match finds the candidates on both engines; the parsed payload decides.
    const pattern = `%"clientId":${JSON.stringify(clientId).replace(/[!%_]/g, (c) => `!${c}`)}%`;
    const rows = await db.selectFrom('oidc_payloads').select(['model', 'id', 'payload', 'grant_id'])
      .where('model', 'in', clientModels)
      .where(sql<boolean>`payload like ${pattern} escape '!'`)
      .execute();
    for (const row of rows) {
      const payload = JSON.parse(row.payload) as { clientId?: unknown; grantId?: unknown };
      if (payload.clientId !== clientId) continue;
      keys.push({ model: row.model, id: row.id });
      if (row.model === 'Grant') grantIds.add(row.id);
      if (row.grant_id) grantIds.add(row.grant_id);
    }
  }
  let deleted = 0;
  for (const key of keys) {
    const r = await db.deleteFrom('oidc_payloads').where('model', '=', key.model).where('id', '=', key.id).executeTakeFirst();
    deleted += Number(r.numDeletedRows);
  }
  if (grantIds.size > 0) {
    const ids = [...grantIds];
    const r = await db.deleteFrom('oidc_payloads')
      .where((e) => e.or([e('grant_id', 'in', ids), e.and([e('model', '=', 'Grant'), e('id', 'in', ids)])]))
      .executeTakeFirst();
    deleted += Number(r.numDeletedRows);
  }
  return deleted;
}
