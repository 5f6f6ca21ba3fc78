import type { Db } from '../store/index.ts';
import { createAgentIdentitiesRepository } from './agent-identities.repository.ts';
import type { AgentIdentity } from './agent-identity.ts';
import type { AgentIdentityBlueprint } from './agent-identity-blueprint.ts';
import { createAgentIdentityBlueprintsRepository } from './agent-identity-blueprints.repository.ts';
import { permissionsOfAgents, type AgentPermission } from './agent-permissions.ts';
import type { DirectoryObject } from './directory-object.ts';
import type { InheritablePermission } from './inheritable-permission.ts';
import { createObjectLinksRepository } from './object-links.repository.ts';
import type { ServicePrincipal } from './service-principal.ts';
import { createServicePrincipalsRepository } from './service-principals.repository.ts';

/**
 * What the token flows and Conditional Access need to know about an agent identity, read in one
 * go from the client id of a token request: the agent, the blueprint it acts through and that
 * blueprint's principal (whose `accountEnabled` switches every agent of the blueprint off, as
 * disabling a blueprint does in Entra), its sponsors and owners, and every permission it holds
 * with its source. Read it per request (or cache it briefly): it is cheap, and stale data here
 * would keep a disabled agent working.
 */
export interface AgentIdentityView {
  agent: AgentIdentity;
  blueprint: AgentIdentityBlueprint | undefined;
  blueprintPrincipal: ServicePrincipal | undefined;
  sponsors: DirectoryObject[];
  owners: DirectoryObject[];
  inheritablePermissions: InheritablePermission[];
  permissions: AgentPermission[];
  /** Application permissions (app role values) per resource appId: direct and inherited. */
  appRolesByResource: Record<string, string[]>;
}

/** The agent identity whose appId is `clientId`, or undefined when the client is not one. */
export async function agentOfClientId(db: Db, clientId: string): Promise<AgentIdentityView | undefined> {
  const agent = await createAgentIdentitiesRepository(db).getByAppId(clientId);
  if (!agent) return undefined;
  const blueprints = createAgentIdentityBlueprintsRepository(db);
  const links = createObjectLinksRepository(db);
  const [blueprint, blueprintPrincipal, sponsors, owners, inheritable, permissions] = await Promise.all([
    blueprints.getByAppId(agent.agentIdentityBlueprintId),
    createServicePrincipalsRepository(db).getByAppId(agent.agentIdentityBlueprintId),
    links.list(agent.id, 'sponsors'),
    links.list(agent.id, 'owners'),
    blueprints.inheritablePermissionsOf([agent.agentIdentityBlueprintId]),
    permissionsOfAgents(db, [agent]),
  ]);
  const held = permissions.get(agent.id) ?? [];
  const appRolesByResource: Record<string, string[]> = {};
  for (const p of held) {
    if (p.permissionType !== 'Application') continue;
    const values = (appRolesByResource[p.resourceAppId] ??= []);
    if (!values.includes(p.value)) values.push(p.value);
  }
  return {
    agent,
    blueprint,
    blueprintPrincipal,
    sponsors,
    owners,
    inheritablePermissions: inheritable.get(agent.agentIdentityBlueprintId) ?? [],
    permissions: held,
    appRolesByResource,
  };
}

/** Why an agent may not get tokens now, or undefined when it may. */
export type AgentRefusal = 'agentDisabled' | 'blueprintMissing' | 'blueprintPrincipalMissing' | 'blueprintDisabled';

export function agentRefusal(view: AgentIdentityView): AgentRefusal | undefined {
  if (!view.agent.accountEnabled) return 'agentDisabled';
  if (!view.blueprint) return 'blueprintMissing';
  if (!view.blueprintPrincipal) return 'blueprintPrincipalMissing';
  if (!view.blueprintPrincipal.accountEnabled) return 'blueprintDisabled';
  return undefined;
}

/** An enabled agent whose blueprint has an enabled principal in this tenant. */
export const isAgentUsable = (view: AgentIdentityView): boolean => agentRefusal(view) === undefined;

/** The `roles` of an app-only token for the agent at a resource (by the resource's appId). */
export const agentRolesFor = (view: AgentIdentityView, resourceAppId: string): string[] =>
  view.appRolesByResource[resourceAppId] ?? [];

/**
 * The delegated scopes the agent may use at a resource on behalf of `userId`: consent for every
 * user, or for that user. Delegated access is still bounded by what the user may do.
 */
export function agentScopesFor(view: AgentIdentityView, resourceAppId: string, userId: string): string[] {
  const scopes = view.permissions
    .filter((p) => p.permissionType === 'Delegated' && p.resourceAppId === resourceAppId)
    .filter((p) => p.consentType === 'AllPrincipals' || p.principalId === userId)
    .map((p) => p.value);
  return [...new Set(scopes)];
}

/**
 * The blueprint whose appId is `clientId` and its principal, for the first hop of the agent
 * flows (the blueprint asking for a token exchange token on an agent's behalf).
 */
export async function blueprintOfClientId(
  db: Db,
  clientId: string,
): Promise<{ blueprint: AgentIdentityBlueprint; blueprintPrincipal: ServicePrincipal | undefined } | undefined> {
  const blueprint = await createAgentIdentityBlueprintsRepository(db).getByAppId(clientId);
  if (!blueprint) return undefined;
  return { blueprint, blueprintPrincipal: await createServicePrincipalsRepository(db).getByAppId(clientId) };
}
