import type { Kysely } from 'kysely';

/**
 * Smart lockout state (authn/smart-lockout.ts), shared by every process on the database. One row
 * per sign-in subject: a user id, or a keyed hash of an unknown sign-in name. `state` is JSON
 * (failure counters per location, lock expiry, keyed hashes of recent wrong passwords, familiar
 * IPs); `version` makes every change a compare-and-set, so concurrent failures are all counted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('sign_in_lockouts')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_lockouts_updated_at').on('sign_in_lockouts').column('updated_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_lockouts').execute();
}
