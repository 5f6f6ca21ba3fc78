import type { Db } from '../store/index.ts';
import type { LockoutState } from './smart-lockout.ts';

export interface LockoutRepository {
  read(subject: string): Promise<{ state: LockoutState; version: number } | undefined>;
  /** Insert-if-absent; false when another process created the row first. */
  insert(subject: string, state: LockoutState, now: Date): Promise<boolean>;
  /** Compare-and-set on `version`; false when someone changed the row since it was read. */
  replace(subject: string, state: LockoutState, expectedVersion: number, now: Date): Promise<boolean>;
  remove(subject: string): Promise<void>;
  /** Deletes rows last changed before `cutoff`; returns how many. */
  removeUntouchedSince(cutoff: Date): Promise<number>;
  /** The per-tenant lockout secret from `settings`, created (insert-if-absent) on first use. */
  secret(generate: () => string): Promise<string>;
}

export function createLockoutRepository(db: Db): LockoutRepository {
  return {
    async read(subject) {
      const row = await db.selectFrom('sign_in_lockouts').select(['state', 'version']).where('subject', '=', subject).executeTakeFirst();
      return row && { state: JSON.parse(row.state) as LockoutState, version: Number(row.version) };
    },
    async insert(subject, state, now) {
      const r = await db.insertInto('sign_in_lockouts')
        .values({ subject, state: JSON.stringify(state), version: 1, updated_at: now.toISOString() })
        .onConflict((oc) => oc.column('subject').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async replace(subject, state, expectedVersion, now) {
      const r = await db.updateTable('sign_in_lockouts')
        .set((eb) => ({ state: JSON.stringify(state), version: eb('version', '+', 1), updated_at: now.toISOString() }))
        .where('subject', '=', subject)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async remove(subject) {
      await db.deleteFrom('sign_in_lockouts').where('subject', '=', subject).execute();
    },
    async removeUntouchedSince(cutoff) {
      const r = await db.deleteFrom('sign_in_lockouts').where('updated_at', '<', cutoff.toISOString()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async secret(generate) {
      await db.insertInto('settings').values({ key: 'authn.lockoutSecret', value: generate() })
        .onConflict((oc) => oc.column('key').doNothing()).execute();
      const row = await db.selectFrom('settings').select('value').where('key', '=', 'authn.lockoutSecret').executeTakeFirstOrThrow();
      return row.value;
    },
  };
}
