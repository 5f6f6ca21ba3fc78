import type { Kysely } from 'kysely';

/**
 * The agent registry (agents/): every agent the tenant knows of, whether or not it has an agent
 * identity; the connections to the platforms it is synced from; and the history of those syncs.
 * Entries are never deleted: an agent that disappears from its platform keeps its row with a
 * removal time, so the inventory remembers what ran where.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('agent_registry_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text')
    // JSON: region, or project and location.
    .addColumn('settings', 'text', (c) => c.notNull())
    // JSON: names of the environment variables holding the credential, never the credential.
    .addColumn('credential', 'text')
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .addColumn('last_modified_date_time', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('agent_registry_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Who found it and under which native id: `connection:<id>:<native id>` or `import:…`.
    .addColumn('source_key', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('source_agent_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text')
    .addColumn('originating_store', 'text')
    .addColumn('publisher', 'text')
    .addColumn('account', 'text')
    .addColumn('status', 'text')
    .addColumn('url', 'text')
    .addColumn('description', 'text')
    .addColumn('runtime_principal', 'text')
    .addColumn('agent_card', 'text')
    .addColumn('agent_identity_id', 'text')
    .addColumn('managed', 'integer', (c) => c.notNull())
    .addColumn('created_date_time', 'text')
    .addColumn('last_modified_date_time', 'text')
    .addColumn('first_seen_date_time', 'text', (c) => c.notNull())
    .addColumn('last_seen_date_time', 'text', (c) => c.notNull())
    .addColumn('removed_date_time', 'text')
    .addColumn('native_data', 'text')
    .execute();
  await db.schema.createIndex('agent_registry_entries_connection').on('agent_registry_entries').column('connection_id').execute();
  await db.schema.createIndex('agent_registry_entries_identity').on('agent_registry_entries').column('agent_identity_id').execute();
  await db.schema.createIndex('agent_registry_entries_display_name').on('agent_registry_entries').column('display_name').execute();

  await db.schema.createTable('agent_registry_sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_date_time', 'text', (c) => c.notNull())
    .addColumn('finished_date_time', 'text', (c) => c.notNull())
    .addColumn('agents_found', 'integer', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    // JSON: { code, message } of a failed run.
    .addColumn('error', 'text')
    // JSON: which entries the run added, updated or removed (capped; see agents/sync-run.ts).
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agent_registry_sync_runs_connection').on('agent_registry_sync_runs')
    .columns(['connection_id', 'started_date_time']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('agent_registry_sync_runs').execute();
  await db.schema.dropTable('agent_registry_entries').execute();
  await db.schema.dropTable('agent_registry_connections').execute();
}
