/**
 * Emergency access ("break-glass") accounts: the people the lockout guard must never lock out.
 * Entra has no such flag — its guidance is to keep two such accounts and exclude them from every
 * policy (https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access);
 * Limen lets the admin name them, so a policy change that would lock one out is refused. Kept as
 * one JSON list in `settings`; ids of users since deleted are dropped when read.
 */
import type { Db } from '../store/index.ts';

const key = 'conditionalAccess.emergencyAccessAccounts';

/** At most this many: a break-glass list is two or three people, not a group. */
export const maxEmergencyAccessAccounts = 10;

export async function listEmergencyAccessIds(db: Db): Promise<string[]> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  const ids = row ? (JSON.parse(row.value) as string[]) : [];
  if (ids.length === 0) return [];
  const existing = new Set((await db.selectFrom('users').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  return ids.filter((id) => existing.has(id));
}

export async function writeEmergencyAccessIds(db: Db, ids: readonly string[]): Promise<void> {
  const value = JSON.stringify([...new Set(ids)]);
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}
