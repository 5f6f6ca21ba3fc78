/**
 * The registry's tables: entries (agents), sync connections and sync runs. Every write runs in
 * the caller's transaction, next to the audit record that tells of it.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { AgentRegistryEntryRow, AgentRegistrySyncRunRow, Db, Tables } from '../store/index.ts';
import { toConnection, toConnectionRow, type AgentRegistryConnection } from './connection.ts';
import { toAgentInstance, type AgentInstance } from './registry-entry.ts';
import { toSyncRun, toSyncRunRow, type SyncRun } from './sync-run.ts';

export type EntryQuery = SelectQueryBuilder<Tables, 'agent_registry_entries', AgentRegistryEntryRow>;
export type RunQuery = SelectQueryBuilder<Tables, 'agent_registry_sync_runs', AgentRegistrySyncRunRow>;

/** What the overview reads of every entry (no card, no native record). */
export type EntryFacts = Pick<AgentRegistryEntryRow,
  'id' | 'agent_identity_id' | 'platform' | 'created_date_time' | 'first_seen_date_time' | 'last_seen_date_time' | 'removed_date_time'>;

export function createAgentRegistryRepository(db: Db) {
  return {
    async getEntry(id: string): Promise<AgentInstance | undefined> {
      const row = await db.selectFrom('agent_registry_entries').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAgentInstance(row);
    },

    /** Entries, with the caller's filter, order and page applied (OData). */
    async listEntries(refine: (q: EntryQuery) => EntryQuery): Promise<AgentInstance[]> {
      return (await refine(db.selectFrom('agent_registry_entries').selectAll()).execute()).map(toAgentInstance);
    },

    /** Rows by source key (an import's agents), for the sync plan. */
    async entryRowsByKey(keys: readonly string[]): Promise<AgentRegistryEntryRow[]> {
      const rows: AgentRegistryEntryRow[] = [];
      // In chunks: both engines cap the bound parameters of one statement.
      for (let i = 0; i < keys.length; i += 500) {
        const chunk = keys.slice(i, i + 500);
        rows.push(...await db.selectFrom('agent_registry_entries').selectAll().where('source_key', 'in', chunk).execute());
      }
      return rows;
    },

    /** Every row a connection's syncs have found, removed ones included. */
    async entryRowsOfConnection(connectionId: string): Promise<AgentRegistryEntryRow[]> {
      return db.selectFrom('agent_registry_entries').selectAll().where('connection_id', '=', connectionId).execute();
    },

    async insertEntry(row: AgentRegistryEntryRow): Promise<void> {
      await db.insertInto('agent_registry_entries').values(row).execute();
    },

    async updateEntry(id: string, set: Partial<AgentRegistryEntryRow>): Promise<void> {
      await db.updateTable('agent_registry_entries').set(set).where('id', '=', id).execute();
    },

    async entryFacts(): Promise<EntryFacts[]> {
      return db.selectFrom('agent_registry_entries')
        .select(['id', 'agent_identity_id', 'platform', 'created_date_time', 'first_seen_date_time', 'last_seen_date_time', 'removed_date_time'])
        .execute();
    },

    async listConnections(): Promise<AgentRegistryConnection[]> {
      const rows = await db.selectFrom('agent_registry_connections').selectAll().orderBy('display_name').orderBy('id').execute();
      return rows.map(toConnection);
    },

    async getConnection(id: string): Promise<AgentRegistryConnection | undefined> {
      const row = await db.selectFrom('agent_registry_connections').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toConnection(row);
    },

    async insertConnection(connection: AgentRegistryConnection): Promise<void> {
      await db.insertInto('agent_registry_connections').values(toConnectionRow(connection)).execute();
    },

    async replaceConnection(connection: AgentRegistryConnection): Promise<void> {
      await db.updateTable('agent_registry_connections').set(toConnectionRow(connection)).where('id', '=', connection.id).execute();
    },

    /** Its agents and its run history stay: they tell what was there. */
    async deleteConnection(id: string): Promise<boolean> {
      const r = await db.deleteFrom('agent_registry_connections').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async insertRun(run: SyncRun): Promise<void> {
      await db.insertInto('agent_registry_sync_runs').values(toSyncRunRow(run)).execute();
    },

    /** A connection's runs, newest first unless the caller orders them. */
    async listRuns(connectionId: string, refine: (q: RunQuery) => RunQuery): Promise<SyncRun[]> {
      const q = db.selectFrom('agent_registry_sync_runs').selectAll().where('connection_id', '=', connectionId);
      return (await refine(q).execute()).map(toSyncRun);
    },

    async latestRun(connectionId: string): Promise<SyncRun | undefined> {
      const row = await db.selectFrom('agent_registry_sync_runs').selectAll().where('connection_id', '=', connectionId)
        .orderBy('started_date_time', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row && toSyncRun(row);
    },
  };
}

export type AgentRegistryRepository = ReturnType<typeof createAgentRegistryRepository>;
