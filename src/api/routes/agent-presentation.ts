/**
 * Agent objects as the API shows them, wherever they appear: an agent identity carries its
 * computed `highPrivilegePermissions` (empty when none, so a list can flag over-privileged
 * agents) and `sponsorCount` (0 flags a sponsorless agent); both are Limen extensions. In the
 * base collections (/applications, /servicePrincipals) each subtype carries its `@odata.type`,
 * as Graph marks derived types.
 */
import { highPrivilegePermissionsOf } from '../../agents/index.ts';
import {
  agentIdentityBlueprintPrincipalType,
  toAgentIdentityBlueprint,
  type AgentIdentity,
  type Application,
  type Directory,
  type ServicePrincipal,
} from '../../directory/index.ts';

export type PresentedAgentIdentity = AgentIdentity & { highPrivilegePermissions: string[]; sponsorCount: number };

export async function presentAgents(dir: Directory, agents: readonly AgentIdentity[]): Promise<PresentedAgentIdentity[]> {
  const [permissions, sponsors] = await Promise.all([
    dir.agentIdentities.permissionsOf(agents),
    dir.objectLinks.countFor(agents.map((a) => a.id), 'sponsors'),
  ]);
  return agents.map((agent) => ({
    ...agent,
    highPrivilegePermissions: highPrivilegePermissionsOf(permissions.get(agent.id) ?? []),
    sponsorCount: sponsors.get(agent.id) ?? 0,
  }));
}

/** Service principals of any kind: agents in full, blueprint principals typed, others as they are. */
export async function presentServicePrincipals(dir: Directory, sps: readonly ServicePrincipal[]): Promise<object[]> {
  const [agentIds, blueprintAppIds] = await Promise.all([
    dir.agentIdentities.agentIds(sps.map((s) => s.id)),
    dir.agentIdentityBlueprints.blueprintAppIds(sps.map((s) => s.appId)),
  ]);
  const agents = agentIds.size === 0 ? [] : await presentAgents(dir,
    await dir.agentIdentities.list((q) => q.where('service_principals.id', 'in', [...agentIds])));
  const byId = new Map(agents.map((a) => [a.id, a]));
  return sps.map((sp) => byId.get(sp.id)
    ?? (blueprintAppIds.has(sp.appId) ? { '@odata.type': agentIdentityBlueprintPrincipalType, ...sp } : sp));
}

/**
 * Applications of any kind: blueprints carry their type and createdByAppId. A certificate's key
 * is null unless `keys` (Graph returns it only to `GET /applications/{id}?$select=keyCredentials`).
 */
export async function presentApplications(dir: Directory, apps: readonly Application[], options: { keys?: boolean } = {}): Promise<object[]> {
  const blueprints = await dir.agentIdentityBlueprints.createdByOf(apps.map((a) => a.id));
  return apps.map((stored) => {
    const app = options.keys ? stored : { ...stored, keyCredentials: stored.keyCredentials.map((k) => ({ ...k, key: null })) };
    return blueprints.has(app.id) ? toAgentIdentityBlueprint(app as Application, blueprints.get(app.id) ?? null) : app;
  });
}
