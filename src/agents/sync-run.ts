import type { AgentRegistrySyncRunRow } from '../store/index.ts';

/** What one sync did to one registry entry. */
export interface SyncChange {
  /** The registry entry's id. */
  id: string;
  sourceAgentId: string;
  displayName: string;
  change: 'added' | 'updated' | 'removed';
}

/**
 * One run of a connection's sync (Limen's `agentRegistrySyncRun`): when, how it ended, and what
 * it changed. A failed run changed nothing; its error says why, in the platform's words.
 */
export interface SyncRun {
  id: string;
  connectionId: string;
  status: 'succeeded' | 'failed';
  startedDateTime: string;
  finishedDateTime: string;
  /** Agents the platform listed. */
  agentsFound: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  error: { code: string; message: string } | null;
  /** The entries added, updated or removed, at most `maxRecordedChanges` of them. */
  changes: SyncChange[];
}

/** The counts always cover every agent; the list of changes is cut here so a run stays one small row. */
export const maxRecordedChanges = 500;

export function toSyncRun(row: AgentRegistrySyncRunRow): SyncRun {
  return {
    id: row.id,
    connectionId: row.connection_id,
    status: row.status as SyncRun['status'],
    startedDateTime: row.started_date_time,
    finishedDateTime: row.finished_date_time,
    agentsFound: Number(row.agents_found),
    added: Number(row.added),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    removed: Number(row.removed),
    error: row.error === null ? null : (JSON.parse(row.error) as SyncRun['error']),
    changes: JSON.parse(row.changes) as SyncChange[],
  };
}

export function toSyncRunRow(run: SyncRun): AgentRegistrySyncRunRow {
  return {
    id: run.id,
    connection_id: run.connectionId,
    status: run.status,
    started_date_time: run.startedDateTime,
    finished_date_time: run.finishedDateTime,
    agents_found: run.agentsFound,
    added: run.added,
    updated: run.updated,
    unchanged: run.unchanged,
    removed: run.removed,
    error: run.error === null ? null : JSON.stringify(run.error),
    changes: JSON.stringify(run.changes.slice(0, maxRecordedChanges)),
  };
}
