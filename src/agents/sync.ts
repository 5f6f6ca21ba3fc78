/**
 * A connection's sync, in two steps so that no database transaction waits on a platform: first
 * `listPlatform` reads the platform's whole list (every page) with no database work at all; then
 * `recordSync`, in the caller's transaction, applies that list to the registry and writes the
 * run. A listing that fails part-way (a 403 on page two) applies nothing: a failed run is
 * recorded with the platform's error and every known agent stays as it was — an agent is marked
 * removed only when a complete listing no longer has it.
 */
import { randomUUID } from 'node:crypto';
import { applyAgents, connectionKey } from './apply-agents.ts';
import type { AgentRegistryConnection } from './connection.ts';
import { ConnectorError, type AgentConnector, type DiscoveredAgent, type ListProgress } from './connector.ts';
import type { AgentRegistryRepository } from './registry.repository.ts';
import type { SyncRun } from './sync-run.ts';

export type PlatformListing =
  | { ok: true; startedDateTime: string; agents: DiscoveredAgent[] }
  | { ok: false; startedDateTime: string; error: ConnectorError };

/** Reads the platform's list; never throws for what the platform or the configuration did. */
export async function listPlatform(connector: () => AgentConnector, options: { onProgress?: ListProgress } = {}): Promise<PlatformListing> {
  const startedDateTime = new Date().toISOString();
  try {
    const agents = await connector().listAgents(options);
    return { ok: true, startedDateTime, agents };
  } catch (error) {
    if (error instanceof ConnectorError) return { ok: false, startedDateTime, error };
    throw error;
  }
}

/** Applies a listing to the registry and records the run (call it in the transaction that audits it). */
export async function recordSync(
  repo: AgentRegistryRepository,
  connection: AgentRegistryConnection,
  listing: PlatformListing,
): Promise<SyncRun> {
  const finishedDateTime = new Date().toISOString();
  const base = { id: randomUUID(), connectionId: connection.id, startedDateTime: listing.startedDateTime, finishedDateTime };
  if (!listing.ok) {
    const run: SyncRun = {
      ...base, status: 'failed', agentsFound: 0, added: 0, updated: 0, unchanged: 0, removed: 0, changes: [],
      error: { code: listing.error.code, message: listing.error.message },
    };
    await repo.insertRun(run);
    return run;
  }
  const applied = await applyAgents(
    repo,
    listing.agents.map((agent) => ({ ...agent, platform: connection.platform })),
    {
      keyOf: (agent) => connectionKey(connection.id, agent.sourceAgentId),
      connectionId: connection.id,
      existing: await repo.entryRowsOfConnection(connection.id),
      markMissingRemoved: true,
    },
    finishedDateTime,
  );
  const run: SyncRun = { ...base, status: 'succeeded', error: null, ...applied };
  await repo.insertRun(run);
  return run;
}
