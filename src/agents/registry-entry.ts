import type { AgentRegistryEntryRow } from '../store/index.ts';
import type { AgentCard } from './agent-card.ts';

/**
 * One agent of the registry, as Graph's (beta, deprecated) `agentInstance`
 * (https://learn.microsoft.com/graph/api/resources/agentinstance?view=graph-rest-beta): id,
 * displayName, sourceAgentId, originatingStore, url, agentIdentityId, createdDateTime,
 * lastModifiedDateTime. Graph's registry keeps the card apart (agentCardManifest); Limen keeps it
 * on the instance, with what a platform sync adds (Limen extensions, below the line).
 */
export interface AgentInstance {
  id: string;
  displayName: string;
  sourceAgentId: string;
  originatingStore: string | null;
  url: string | null;
  /** The agent identity (its service principal id) this agent runs as; null: unmanaged. */
  agentIdentityId: string | null;
  /** The platform's times, when it says. */
  createdDateTime: string | null;
  lastModifiedDateTime: string | null;
  // --- Limen extensions ---
  /** `amazonBedrock`, `googleVertexAi`, or an imported platform's name. */
  platform: string;
  /** Whether an agent identity is linked: Microsoft's "managed" (Agent ID) versus registry-only. */
  managed: boolean;
  /** The platform's status as last seen (Bedrock's PREPARED…), or `removed`. */
  status: string | null;
  description: string | null;
  publisher: string | null;
  account: string | null;
  runtimePrincipal: string | null;
  /** The sync connection that found it; null for an imported agent. */
  connectionId: string | null;
  firstSeenDateTime: string;
  lastSeenDateTime: string;
  /** When a sync stopped finding it on its platform; null while it is there. */
  removedDateTime: string | null;
  agentCard: AgentCard | null;
  nativeData: unknown;
}

/** Graph property → column, for OData `$filter` and `$orderby` (see the API's field map). */
export const agentInstanceColumns = {
  id: 'id',
  displayName: 'display_name',
  sourceAgentId: 'source_agent_id',
  originatingStore: 'originating_store',
  url: 'url',
  agentIdentityId: 'agent_identity_id',
  createdDateTime: 'created_date_time',
  lastModifiedDateTime: 'last_modified_date_time',
  platform: 'platform',
  managed: 'managed',
  status: 'status',
  publisher: 'publisher',
  account: 'account',
  runtimePrincipal: 'runtime_principal',
  connectionId: 'connection_id',
  firstSeenDateTime: 'first_seen_date_time',
  lastSeenDateTime: 'last_seen_date_time',
  removedDateTime: 'removed_date_time',
} as const satisfies Partial<Record<keyof AgentInstance, keyof AgentRegistryEntryRow>>;

/** The status a sync gives an agent its platform no longer lists. */
export const removedStatus = 'removed';

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function toAgentInstance(row: AgentRegistryEntryRow): AgentInstance {
  return {
    id: row.id,
    displayName: row.display_name,
    sourceAgentId: row.source_agent_id,
    originatingStore: row.originating_store,
    url: row.url,
    agentIdentityId: row.agent_identity_id,
    createdDateTime: row.created_date_time,
    lastModifiedDateTime: row.last_modified_date_time,
    platform: row.platform,
    managed: row.agent_identity_id !== null,
    status: row.status,
    description: row.description,
    publisher: row.publisher,
    account: row.account,
    runtimePrincipal: row.runtime_principal,
    connectionId: row.connection_id,
    firstSeenDateTime: row.first_seen_date_time,
    lastSeenDateTime: row.last_seen_date_time,
    removedDateTime: row.removed_date_time,
    agentCard: parse(row.agent_card) as AgentCard | null,
    nativeData: parse(row.native_data),
  };
}
