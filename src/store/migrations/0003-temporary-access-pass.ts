import type { Kysely } from 'kysely';

/**
 * Temporary Access Passes (authn/temporary-access-pass.ts): at most one per user (a new one
 * replaces the old). The code is stored only as a keyed HMAC-SHA256 (`code_hash`); `used_at` is
 * set once by a compare-and-set when a one-time pass signs in, so it can never be used twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('temporary_access_passes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().unique())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .addColumn('start_date_time', 'text', (c) => c.notNull())
    .addColumn('lifetime_in_minutes', 'integer', (c) => c.notNull())
    .addColumn('is_usable_once', 'integer', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('temporary_access_passes').execute();
}
