import type { Db } from '../store/index.ts';

/**
 * A method policy kept as JSON in `settings`, read over its defaults (so a setting added by a
 * newer Limen gets its default on an older row) and written whole.
 */
export async function readPolicySetting<T extends object>(db: Db, key: string, defaults: () => T): Promise<T> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? { ...defaults(), ...(JSON.parse(row.value) as Partial<T>) } : defaults();
}

export async function writePolicySetting(db: Db, key: string, policy: object): Promise<void> {
  const value = JSON.stringify(policy);
  await db.insertInto('settings').values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}
