/**
 * Which kind of object an application or service principal is, for routes that serve every kind
 * (/applications/{id}, /servicePrincipals/{id}, owners, app role grants) but treat agent objects
 * by Entra Agent ID's rules.
 */
import type { Application, Directory, ServicePrincipal } from '../../directory/index.ts';
import type { AgentObjectKind } from './agent-guards.ts';

export type ServicePrincipalKind = Extract<AgentObjectKind, 'servicePrincipal' | 'agentIdentity' | 'agentIdentityBlueprintPrincipal'>;
export type ApplicationKind = Extract<AgentObjectKind, 'application' | 'agentIdentityBlueprint'>;

export async function servicePrincipalKind(dir: Directory, sp: ServicePrincipal): Promise<ServicePrincipalKind> {
  if ((await dir.agentIdentities.agentIds([sp.id])).size > 0) return 'agentIdentity';
  if ((await dir.agentIdentityBlueprints.blueprintAppIds([sp.appId])).size > 0) return 'agentIdentityBlueprintPrincipal';
  return 'servicePrincipal';
}

export async function applicationKind(dir: Directory, app: Application): Promise<ApplicationKind> {
  return (await dir.agentIdentityBlueprints.createdByOf([app.id])).size > 0 ? 'agentIdentityBlueprint' : 'application';
}

/** The kind of the service principal with this id, or undefined when the id names none. */
export async function servicePrincipalKindOfId(dir: Directory, id: string): Promise<ServicePrincipalKind | undefined> {
  const sp = await dir.servicePrincipals.get(id);
  return sp && servicePrincipalKind(dir, sp);
}
