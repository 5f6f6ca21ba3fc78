import type { Kysely } from 'kysely';

/**
 * Authenticator apps (authn/software-oath): one row per TOTP secret, sealed under the master
 * key. A row is pending until the user proves the app works by typing a code; pending rows
 * older than the registration window are ignored and swept. `last_used_step` refuses a code's
 * replay (RFC 6238 §5.2) on every process sharing the database.
 * Custom authentication strengths (authn/authentication-strength) are kept one row each, the
 * whole Graph resource as JSON, with the name unique as Entra requires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('software_oath_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull())
    .addColumn('last_used_step', 'bigint')
    .addColumn('last_used_date_time', 'text')
    .execute();
  await db.schema.createIndex('software_oath_methods_user_id').on('software_oath_methods').column('user_id').execute();

  await db.schema.createTable('authentication_strengths')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name_lower', 'text', (c) => c.notNull().unique())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('authentication_strengths').execute();
  await db.schema.dropTable('software_oath_methods').execute();
}
