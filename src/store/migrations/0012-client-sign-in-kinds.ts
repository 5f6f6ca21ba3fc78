import type { Kysely } from 'kysely';

/**
 * A client's last token split as Graph splits it: for a user (delegated: authorization code,
 * refresh, device code, on-behalf-of) or for itself (app-only: client credentials). Null when
 * none of that kind was recorded since this migration; written by the same once-a-day upsert.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('service_principal_sign_in_activities')
    .addColumn('last_delegated_sign_in_date_time', 'text').execute();
  await db.schema.alterTable('service_principal_sign_in_activities')
    .addColumn('last_app_only_sign_in_date_time', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('service_principal_sign_in_activities').dropColumn('last_app_only_sign_in_date_time').execute();
  await db.schema.alterTable('service_principal_sign_in_activities').dropColumn('last_delegated_sign_in_date_time').execute();
}
