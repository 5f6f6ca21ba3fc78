import type { Kysely } from 'kysely';

/**
 * When each client last got a token (Graph's servicePrincipalSignInActivity): one row per
 * service principal, removed with it, written at most about once a day per client
 * (oidc/client-sign-in-activity.ts). Unused self-registered clients are swept by it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('service_principal_sign_in_activities')
    .addColumn('service_principal_id', 'text', (c) => c.primaryKey().references('service_principals.id').onDelete('cascade'))
    .addColumn('last_sign_in_date_time', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('service_principal_sign_in_activities').execute();
}
