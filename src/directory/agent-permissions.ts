import type { Db } from '../store/index.ts';
import { createAgentIdentityBlueprintsRepository } from './agent-identity-blueprints.repository.ts';
import type { InheritablePermission } from './inheritable-permission.ts';
import { toGraphServicePrincipal, type ServicePrincipal } from './service-principal.ts';

/**
 * One permission an agent identity holds, and where it comes from: an app role assigned to the
 * agent (`appRoleAssignment`), delegated consent granted to it (`oauth2PermissionGrant`), or its
 * blueprint's inheritable permissions (`inheritedFromBlueprint`), as Entra's
 * inheritedAppRoleAssignments and inheritedOauth2PermissionGrants show them.
 */
export interface AgentPermission {
  /** The app role's or the scope's value, e.g. `User.Read.All`. */
  value: string;
  /** Application permission (app role, app-only tokens) or delegated permission (scope). */
  permissionType: 'Application' | 'Delegated';
  resourceId: string;
  resourceAppId: string;
  resourceDisplayName: string;
  source: 'appRoleAssignment' | 'oauth2PermissionGrant' | 'inheritedFromBlueprint';
  /** The appRoleAssignment or oAuth2PermissionGrant id; for an inherited one, the blueprint's object id. */
  sourceId: string;
  /** The blueprint's name for an inherited permission; null otherwise. */
  sourceDisplayName: string | null;
  /** Delegated only: for every user (AllPrincipals) or one (Principal, with principalId). */
  consentType: 'AllPrincipals' | 'Principal' | null;
  principalId: string | null;
}

export interface AgentRef {
  id: string;
  agentIdentityBlueprintId: string;
}

/** Every permission of each agent, with its source, in a few queries for a whole page of agents. */
export async function permissionsOfAgents(db: Db, agents: readonly AgentRef[]): Promise<Map<string, AgentPermission[]>> {
  const result = new Map<string, AgentPermission[]>(agents.map((a) => [a.id, []]));
  if (agents.length === 0) return result;
  const agentIds = agents.map((a) => a.id);
  const blueprintAppIds = [...new Set(agents.map((a) => a.agentIdentityBlueprintId))];
  const blueprints = createAgentIdentityBlueprintsRepository(db);

  const [assignments, grants, inheritable, blueprintRows] = await Promise.all([
    db.selectFrom('app_role_assignments').selectAll().where('principal_id', 'in', agentIds).orderBy('created_date_time').execute(),
    db.selectFrom('oauth2_permission_grants').selectAll().where('client_id', 'in', agentIds).execute(),
    blueprints.inheritablePermissionsOf(blueprintAppIds),
    db.selectFrom('agent_identity_blueprints')
      .innerJoin('applications', 'applications.id', 'agent_identity_blueprints.application_id')
      .leftJoin('service_principals', 'service_principals.app_id', 'agent_identity_blueprints.app_id')
      .select(['agent_identity_blueprints.app_id', 'applications.id as application_id', 'applications.display_name', 'service_principals.id as principal_id'])
      .where('agent_identity_blueprints.app_id', 'in', blueprintAppIds).execute(),
  ]);
  const inheritedByBlueprint = new Map<string, AgentPermission[]>();
  const principalIds = blueprintRows.flatMap((b) => (b.principal_id ? [b.principal_id] : []));
  const [principalAssignments, principalGrants] = principalIds.length === 0 ? [[], []] : await Promise.all([
    db.selectFrom('app_role_assignments').selectAll().where('principal_id', 'in', principalIds).execute(),
    db.selectFrom('oauth2_permission_grants').selectAll().where('client_id', 'in', principalIds).execute(),
  ]);
  const resourceAppIds = [...inheritable.values()].flat().map((p) => p.resourceAppId);
  const resources = await loadResources(db, {
    ids: [...assignments.map((a) => a.resource_id), ...grants.map((g) => g.resource_id)],
    appIds: resourceAppIds,
  });

  const base = (resource: ServicePrincipal) => ({ resourceId: resource.id, resourceAppId: resource.appId, resourceDisplayName: resource.displayName });
  for (const a of assignments) {
    const resource = resources.byId.get(a.resource_id);
    const role = resource?.appRoles.find((r) => r.id === a.app_role_id);
    if (!resource || !role) continue;
    result.get(a.principal_id)?.push({
      value: role.value, permissionType: 'Application', ...base(resource),
      source: 'appRoleAssignment', sourceId: a.id, sourceDisplayName: null, consentType: null, principalId: null,
    });
  }
  for (const g of grants) {
    const resource = resources.byId.get(g.resource_id);
    if (!resource) continue;
    const consentType = g.consent_type === 'Principal' ? 'Principal' : 'AllPrincipals';
    for (const scope of g.scope.split(' ').filter(Boolean)) {
      result.get(g.client_id)?.push({
        value: scope, permissionType: 'Delegated', ...base(resource),
        source: 'oauth2PermissionGrant', sourceId: g.id, sourceDisplayName: null, consentType, principalId: g.principal_id,
      });
    }
  }
  for (const blueprint of blueprintRows) {
    const inherited: AgentPermission[] = [];
    const from = { source: 'inheritedFromBlueprint' as const, sourceId: blueprint.application_id, sourceDisplayName: blueprint.display_name };
    for (const entry of inheritable.get(blueprint.app_id) ?? []) {
      const resource = resources.byAppId.get(entry.resourceAppId);
      if (!resource) continue;
      const held = {
        roles: principalAssignments.filter((a) => a.principal_id === blueprint.principal_id && a.resource_id === resource.id),
        grants: principalGrants.filter((g) => g.client_id === blueprint.principal_id && g.resource_id === resource.id),
      };
      for (const value of inheritedRoles(entry, resource, held.roles.map((a) => a.app_role_id))) {
        inherited.push({ value, permissionType: 'Application', ...base(resource), ...from, consentType: null, principalId: null });
      }
      for (const { value, consentType, principalId } of inheritedScopes(entry, resource, held.grants)) {
        inherited.push({ value, permissionType: 'Delegated', ...base(resource), ...from, consentType, principalId });
      }
    }
    inheritedByBlueprint.set(blueprint.app_id, inherited);
  }
  for (const agent of agents) result.get(agent.id)?.push(...(inheritedByBlueprint.get(agent.agentIdentityBlueprintId) ?? []));
  return result;
}

/** Enumerated roles as listed (and still offered); all allowed: those the blueprint principal holds. */
function inheritedRoles(entry: InheritablePermission, resource: ServicePrincipal, heldRoleIds: string[]): string[] {
  const offered = resource.appRoles.filter((r) => r.isEnabled && r.allowedMemberTypes.includes('Application'));
  const roles = entry.inheritableRoles;
  if (roles.kind === 'enumerated') return offered.filter((r) => roles.roles.includes(r.value)).map((r) => r.value);
  if (roles.kind === 'allAllowed') return offered.filter((r) => heldRoleIds.includes(r.id)).map((r) => r.value);
  return [];
}

type Consent = { value: string; consentType: 'AllPrincipals' | 'Principal'; principalId: string | null };

/** Enumerated scopes for every user; all allowed: the blueprint principal's consent, as granted. */
function inheritedScopes(
  entry: InheritablePermission,
  resource: ServicePrincipal,
  grants: Array<{ scope: string; consent_type: string; principal_id: string | null }>,
): Consent[] {
  const offered = new Set(resource.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => s.value));
  const scopes = entry.inheritableScopes;
  if (scopes.kind === 'enumerated') {
    return scopes.scopes.filter((s) => offered.has(s)).map((value) => ({ value, consentType: 'AllPrincipals', principalId: null }));
  }
  if (scopes.kind === 'allAllowed') {
    return grants.flatMap((g) => g.scope.split(' ').filter((s) => offered.has(s)).map((value) => ({
      value,
      consentType: g.consent_type === 'Principal' ? 'Principal' as const : 'AllPrincipals' as const,
      principalId: g.principal_id,
    })));
  }
  return [];
}

async function loadResources(db: Db, keys: { ids: string[]; appIds: string[] }) {
  const ids = [...new Set(keys.ids)];
  const appIds = [...new Set(keys.appIds)];
  const rows = ids.length + appIds.length === 0 ? [] : await db.selectFrom('service_principals').selectAll()
    .where((e) => e.or([
      ...(ids.length ? [e('id', 'in', ids)] : []),
      ...(appIds.length ? [e('app_id', 'in', appIds)] : []),
    ])).execute();
  const sps = rows.map(toGraphServicePrincipal);
  return { byId: new Map(sps.map((s) => [s.id, s])), byAppId: new Map(sps.map((s) => [s.appId, s])) };
}
