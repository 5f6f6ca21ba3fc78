/**
 * Brings the registry in line with what a platform (or a file) lists, the one place a sync and
 * an import change entries. Idempotent: the same list twice adds and updates nothing the second
 * time (only `lastSeenDateTime` moves, which is what it means). Nothing is ever deleted: an agent
 * a connection no longer finds is marked removed (status `removed`, `removedDateTime`), and one
 * that comes back is un-removed. The link to an agent identity is the administrator's: a sync
 * never changes it; an import changes it only where the file says.
 */
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../logs/index.ts';
import type { AgentRegistryEntryRow } from '../store/index.ts';
import type { DiscoveredAgent } from './connector.ts';
import { removedStatus } from './registry-entry.ts';
import type { AgentRegistryRepository } from './registry.repository.ts';
import { maxRecordedChanges, type SyncChange } from './sync-run.ts';

export interface AgentToApply extends DiscoveredAgent {
  platform: string;
  /** undefined leaves the link as it is. */
  agentIdentityId?: string | undefined;
}

export interface ApplyScope {
  /** The entry's unique key: who found it and under which native id. */
  keyOf(agent: AgentToApply): string;
  connectionId: string | null;
  /** The entries this source knew before: all of a connection's, or those an import names. */
  existing: readonly AgentRegistryEntryRow[];
  /** A sync lists a whole platform account, so what it no longer lists is gone; a file need not. */
  markMissingRemoved: boolean;
}

export interface AppliedAgents {
  agentsFound: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  changes: SyncChange[];
}

/** Keys of synced and imported entries; JSON so no id can be read as another's. */
export const connectionKey = (connectionId: string, sourceAgentId: string) => JSON.stringify(['connection', connectionId, sourceAgentId]);
export const importKey = (platform: string, account: string | null, sourceAgentId: string) =>
  JSON.stringify(['import', platform, account ?? '', sourceAgentId]);

type Described = Omit<AgentRegistryEntryRow, 'id' | 'source_key' | 'first_seen_date_time' | 'last_seen_date_time'>;

function described(agent: AgentToApply, scope: ApplyScope, before: AgentRegistryEntryRow | undefined): Described {
  const agentIdentityId = agent.agentIdentityId === undefined ? (before?.agent_identity_id ?? null) : agent.agentIdentityId;
  return {
    display_name: agent.displayName,
    platform: agent.platform,
    source_agent_id: agent.sourceAgentId,
    connection_id: scope.connectionId,
    originating_store: agent.originatingStore,
    publisher: agent.publisher,
    account: agent.account,
    status: agent.status,
    url: agent.url,
    description: agent.description,
    runtime_principal: agent.runtimePrincipal,
    agent_card: agent.agentCard === null ? null : canonicalJson(agent.agentCard),
    agent_identity_id: agentIdentityId,
    managed: agentIdentityId === null ? 0 : 1,
    created_date_time: agent.createdDateTime,
    last_modified_date_time: agent.lastModifiedDateTime,
    removed_date_time: null,
    native_data: agent.nativeData === undefined || agent.nativeData === null ? null : canonicalJson(agent.nativeData),
  };
}

/** The members of `next` that differ from `row` (integers compared as numbers: PostgreSQL may return strings). */
function differences(row: AgentRegistryEntryRow, next: Described): Partial<AgentRegistryEntryRow> {
  const set: Partial<Record<keyof Described, unknown>> = {};
  for (const [key, value] of Object.entries(next) as Array<[keyof Described, unknown]>) {
    const old = row[key];
    const same = key === 'managed' ? Number(old) === Number(value) : old === value;
    if (!same) set[key] = value;
  }
  return set as Partial<AgentRegistryEntryRow>;
}

export async function applyAgents(
  repo: AgentRegistryRepository,
  agents: readonly AgentToApply[],
  scope: ApplyScope,
  now: string,
): Promise<AppliedAgents> {
  const byKey = new Map(scope.existing.map((row) => [row.source_key, row]));
  const seen = new Set<string>();
  const result: AppliedAgents = { agentsFound: agents.length, added: 0, updated: 0, unchanged: 0, removed: 0, changes: [] };
  const record = (change: SyncChange) => {
    if (result.changes.length < maxRecordedChanges) result.changes.push(change);
  };

  for (const agent of agents) {
    const key = scope.keyOf(agent);
    // A platform listing one agent twice (a page boundary moving under us) counts it once.
    if (seen.has(key)) {
      result.agentsFound -= 1;
      continue;
    }
    seen.add(key);
    const before = byKey.get(key);
    const next = described(agent, scope, before);
    if (!before) {
      const id = randomUUID();
      await repo.insertEntry({ id, source_key: key, ...next, first_seen_date_time: now, last_seen_date_time: now });
      result.added += 1;
      record({ id, sourceAgentId: agent.sourceAgentId, displayName: agent.displayName, change: 'added' });
      continue;
    }
    const set = differences(before, next);
    await repo.updateEntry(before.id, { ...set, last_seen_date_time: now });
    if (Object.keys(set).length === 0) result.unchanged += 1;
    else {
      result.updated += 1;
      record({ id: before.id, sourceAgentId: agent.sourceAgentId, displayName: agent.displayName, change: 'updated' });
    }
  }

  if (scope.markMissingRemoved) {
    for (const row of scope.existing) {
      if (seen.has(row.source_key) || row.removed_date_time !== null) continue;
      await repo.updateEntry(row.id, { removed_date_time: now, status: removedStatus });
      result.removed += 1;
      record({ id: row.id, sourceAgentId: row.source_agent_id, displayName: row.display_name, change: 'removed' });
    }
  }
  return result;
}
