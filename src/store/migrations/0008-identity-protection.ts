import type { Kysely } from 'kysely';

/**
 * Identity Protection (identity-protection/): the current risk of each user and service principal
 * that has had any (Graph's riskyUser and riskyServicePrincipal, keyed by the object's id), and
 * every change to it (their history). The names are those at the last change, so a deleted
 * object's risk still reads as Entra keeps it (isDeleted).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('risky_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_display_name', 'text')
    .addColumn('user_principal_name', 'text')
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('risk_state', 'text', (c) => c.notNull())
    .addColumn('risk_detail', 'text', (c) => c.notNull())
    .addColumn('risk_last_updated_date_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('risky_service_principals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text')
    .addColumn('display_name', 'text')
    .addColumn('service_principal_type', 'text')
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('risk_state', 'text', (c) => c.notNull())
    .addColumn('risk_detail', 'text', (c) => c.notNull())
    .addColumn('risk_last_updated_date_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('risk_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // 'user' or 'servicePrincipal'
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    // The object id of who made the change (riskyUserHistoryItem.initiatedBy)
    .addColumn('initiated_by', 'text')
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('risk_state', 'text', (c) => c.notNull())
    .addColumn('risk_detail', 'text', (c) => c.notNull())
    .addColumn('risk_last_updated_date_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_history_principal').on('risk_history')
    .columns(['principal_type', 'principal_id', 'risk_last_updated_date_time']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('risk_history').execute();
  await db.schema.dropTable('risky_service_principals').execute();
  await db.schema.dropTable('risky_users').execute();
}
