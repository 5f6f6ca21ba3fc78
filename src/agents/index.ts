/**
 * Agents: what Limen knows about AI agents beyond their directory objects (directory/ holds
 * blueprints and agent identities): the over-privilege rules, the registry of every agent seen
 * on a platform, and the platform connectors that fill it.
 */
export { highPrivilegePermissions, isHighPrivilege } from './high-privilege.ts';
export {
  flagHighPrivilege,
  highPrivilegeAmong,
  highPrivilegePermissionsOf,
  isHighPrivilegeOn,
  type FlaggedAgentPermission,
} from './agent-permissions.ts';
export { agentCardSchema, type AgentCard, type AgentSkill } from './agent-card.ts';
export {
  loadAgentIdentityFacts,
  type AgentIdentityFacts,
  type AgentIdentityFactsLoader,
  type AgentIdentityFactsSource,
} from './agent-identity-facts.ts';
export { applyAgents, connectionKey, importKey, type AgentToApply, type AppliedAgents } from './apply-agents.ts';
export { bedrockConnector, type BedrockConnectorOptions } from './bedrock-connector.ts';
export {
  agentPlatforms,
  connectionCreateSchema,
  connectionProblems,
  connectionUpdateSchema,
  credentialVariablePrefix,
  type AgentPlatform,
  type AgentRegistryConnection,
  type ConnectionCreate,
  type ConnectionUpdate,
} from './connection.ts';
export { ConnectorError, type AgentConnector, type DiscoveredAgent, type ListProgress } from './connector.ts';
export { connectorFor } from './connector-for.ts';
export { maxImportedAgents, parseImportDocument, platformName, type ImportDocument, type ImportedAgent, type ImportProblem } from './import-document.ts';
export { agentRegistryOverview, type AgentRegistryOverview } from './overview.ts';
export { agentInstanceColumns, removedStatus, type AgentInstance } from './registry-entry.ts';
export { createAgentRegistryRepository, type AgentRegistryRepository, type EntryFacts, type EntryQuery, type RunQuery } from './registry.repository.ts';
export { listPlatform, recordSync, type PlatformListing } from './sync.ts';
export { maxRecordedChanges, type SyncChange, type SyncRun } from './sync-run.ts';
export { vertexConnector, type VertexConnectorOptions } from './vertex-connector.ts';
