/** The management API's agent resources, as the Agents page reads them (docs/how-to/give-agents-an-identity.md). */

/** An agent identity: a service principal of type ServiceIdentity made from a blueprint. */
export interface AgentIdentity {
  id: string;
  appId: string;
  displayName: string;
  accountEnabled: boolean;
  /** The blueprint's appId. */
  agentIdentityBlueprintId: string;
  createdByAppId?: string | null;
  createdDateTime?: string | null;
  lastSignInDateTime?: string | null;
  tags?: string[];
  /** Limen extensions: the high-privilege permissions it holds, and how many sponsors it has (null: unknown). */
  highPrivilegePermissions: string[];
  sponsorCount: number | null;
}

export interface AgentPermission {
  value: string;
  permissionType: 'Application' | 'Delegated';
  resourceId: string;
  resourceAppId: string;
  resourceDisplayName: string;
  source: 'appRoleAssignment' | 'oauth2PermissionGrant' | 'inheritedFromBlueprint';
  sourceId: string;
  sourceDisplayName: string | null;
  consentType: 'AllPrincipals' | 'Principal' | null;
  principalId: string | null;
  highPrivilege: boolean;
}

export const permissionSources: Record<AgentPermission['source'], string> = {
  appRoleAssignment: 'Granted to the agent (app role assignment)',
  oauth2PermissionGrant: 'Delegated grant',
  inheritedFromBlueprint: 'Inherited from the blueprint',
};

/** A blueprint: the application holding the credentials that its agents are made from. */
export interface Blueprint {
  id: string;
  appId: string;
  displayName: string;
  createdDateTime?: string | null;
  description?: string | null;
}

/** A user, group or service principal related to an agent (sponsors, owners). */
export interface DirectoryObject {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
}

/** One agent of the registry (Graph's agentInstance plus Limen's extensions). */
export interface AgentInstance {
  id: string;
  displayName: string;
  sourceAgentId: string;
  agentIdentityId: string | null;
  platform: string;
  managed: boolean;
  status: string | null;
  account: string | null;
  publisher: string | null;
  connectionId: string | null;
  createdDateTime: string | null;
  firstSeenDateTime: string;
  lastSeenDateTime: string;
  removedDateTime: string | null;
}

export interface SyncRun {
  id: string;
  connectionId: string;
  status: 'succeeded' | 'failed';
  startedDateTime: string;
  finishedDateTime: string;
  agentsFound: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  error: { code: string; message: string } | null;
}

export interface Connection {
  id: string;
  displayName: string;
  platform: string;
  endpoint: string | null;
  region: string | null;
  project: string | null;
  location: string | null;
  createdDateTime: string;
  lastSyncRun: SyncRun | null;
}

export interface AgentRegistryOverview {
  totalAgents: number;
  createdLast30Days: number;
  activeLast30Days: number;
  managed: number;
  unmanaged: number;
  removed: number;
  ownerless: number;
  sponsorless: number;
  ownerlessOrSponsorless: number;
  overPrivileged: number;
  byPlatform: Array<{ platform: string; total: number; unmanaged: number }>;
  generatedDateTime: string;
}

export const platformNames: Record<string, string> = {
  amazonBedrock: 'Amazon Bedrock',
  googleVertexAi: 'Vertex AI Agent Engine',
  directory: 'Directory',
};
export const platformName = (platform: string) => platformNames[platform] ?? platform;

export const agentsPath = '/servicePrincipals/microsoft.graph.agentIdentity';
export const blueprintsPath = '/applications/microsoft.graph.agentIdentityBlueprint';
