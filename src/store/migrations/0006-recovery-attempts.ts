import type { Kysely } from 'kysely';

/**
 * Account recovery (recovery/): one row per identity verification started at /recover. The row
 * is keyed by a hash of the `state` sent to the verification provider and completed by the first
 * callback that brings it back, so a replayed callback finds it spent on every process sharing the
 * database. Rows live an hour: long enough to count attempts for the rate limits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('recovery_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('verifier_id', 'text', (c) => c.notNull())
    .addColumn('claimed_upn', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('ip_address', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('replayed_at', 'text')
    .execute();
  await db.schema.createIndex('recovery_attempts_claimed_upn').on('recovery_attempts').columns(['claimed_upn', 'created_at']).execute();
  await db.schema.createIndex('recovery_attempts_ip_address').on('recovery_attempts').columns(['ip_address', 'created_at']).execute();
  await db.schema.createIndex('recovery_attempts_created_at').on('recovery_attempts').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recovery_attempts').execute();
}
