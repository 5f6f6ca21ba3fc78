import type { Db } from '../store/index.ts';
import { blueprintSignInProblem, toAgentIdentityBlueprint, type AgentIdentityBlueprint } from './agent-identity-blueprint.ts';
import type { ApplicationCreate } from './application.ts';
import { createApplicationsRepository, type ApplicationQuery } from './applications.repository.ts';
import { DirectoryError } from './directory-error.ts';
import {
  maxInheritablePermissions,
  noRoles,
  noScopes,
  toInheritablePermission,
  type InheritablePermission,
  type InheritablePermissionCreate,
  type InheritablePermissionUpdate,
} from './inheritable-permission.ts';
import { createServicePrincipalsRepository } from './service-principals.repository.ts';
import type { ServicePrincipal } from './service-principal.ts';

/** Agent identity blueprints: applications marked as such, their principals and inheritable permissions. */
export function createAgentIdentityBlueprintsRepository(db: Db) {
  const applications = createApplicationsRepository(db);
  const servicePrincipals = createServicePrincipalsRepository(db);
  const markers = () => db.selectFrom('agent_identity_blueprints');

  async function requireBlueprint(id: string): Promise<AgentIdentityBlueprint> {
    const blueprint = await get(id);
    if (!blueprint) throw new DirectoryError('notFound', `Agent identity blueprint '${id}' does not exist.`);
    return blueprint;
  }

  async function get(id: string): Promise<AgentIdentityBlueprint | undefined> {
    const marker = await markers().selectAll().where('application_id', '=', id).executeTakeFirst();
    const app = marker && (await applications.get(id));
    return app && toAgentIdentityBlueprint(app, marker.created_by_app_id);
  }

  /** The scopes and app roles a resource's service principal offers, to check values against. */
  async function checkValues(input: InheritablePermissionCreate | InheritablePermissionUpdate, resource: ServicePrincipal) {
    const scopes = input.inheritableScopes?.kind === 'enumerated' ? input.inheritableScopes.scopes : [];
    const roles = input.inheritableRoles?.kind === 'enumerated' ? input.inheritableRoles.roles : [];
    const unknownScope = scopes.find((s) => !resource.oauth2PermissionScopes.some((x) => x.value === s && x.isEnabled));
    if (unknownScope) {
      throw new DirectoryError('invalid', `Invalid value for property 'inheritableScopes.scopes': '${unknownScope}' is not a delegated permission of '${resource.displayName}' (${resource.appId}).`);
    }
    const unknownRole = roles.find((r) => !resource.appRoles.some((x) => x.value === r && x.isEnabled && x.allowedMemberTypes.includes('Application')));
    if (unknownRole) {
      throw new DirectoryError('invalid', `Invalid value for property 'inheritableRoles.roles': '${unknownRole}' is not an application permission (app role for applications) of '${resource.displayName}' (${resource.appId}).`);
    }
  }

  async function requireResource(resourceAppId: string): Promise<ServicePrincipal> {
    const resource = await servicePrincipals.getByAppId(resourceAppId);
    if (!resource) {
      throw new DirectoryError('invalid', `Invalid value for property 'resourceAppId': no service principal in this tenant has appId '${resourceAppId}'.`);
    }
    return resource;
  }

  return {
    get,
    requireBlueprint,

    async getByAppId(appId: string): Promise<AgentIdentityBlueprint | undefined> {
      const marker = await markers().select('application_id').where('app_id', '=', appId).executeTakeFirst();
      return marker && get(marker.application_id);
    },

    /** Blueprints only, refined like an application list (OData filter, order, page). */
    async list(refine: (q: ApplicationQuery) => ApplicationQuery): Promise<AgentIdentityBlueprint[]> {
      const apps = await applications.list((q) => refine(q.where('id', 'in', markers().select('application_id'))));
      const byId = await this.createdByOf(apps.map((a) => a.id));
      return apps.map((a) => toAgentIdentityBlueprint(a, byId.get(a.id) ?? null));
    },

    /** Which of these application ids are blueprints, with their createdByAppId. */
    async createdByOf(applicationIds: readonly string[]): Promise<Map<string, string | null>> {
      if (applicationIds.length === 0) return new Map();
      const rows = await markers().selectAll().where('application_id', 'in', [...applicationIds]).execute();
      return new Map(rows.map((r) => [r.application_id, r.created_by_app_id]));
    },

    /** Which of these appIds are blueprints' (so their service principals are blueprint principals). */
    async blueprintAppIds(appIds: readonly string[]): Promise<Set<string>> {
      if (appIds.length === 0) return new Set();
      const rows = await markers().select('app_id').where('app_id', 'in', [...appIds]).execute();
      return new Set(rows.map((r) => r.app_id));
    },

    /**
     * Registers the blueprint and creates its blueprint principal at once. Graph creates the
     * principal in a second call (POST /servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal)
     * because a multitenant blueprint has one in every tenant that uses it; Limen is
     * single-tenant, so the one principal always exists and the admin has one step less.
     */
    async create(input: ApplicationCreate, createdByAppId: string | null): Promise<{ blueprint: AgentIdentityBlueprint; principal: ServicePrincipal }> {
      const problem = blueprintSignInProblem(input);
      if (problem) throw new DirectoryError('invalid', problem.message);
      const app = await applications.create(input);
      await db.insertInto('agent_identity_blueprints')
        .values({ application_id: app.id, app_id: app.appId, created_by_app_id: createdByAppId }).execute();
      const principal = await servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
      return { blueprint: toAgentIdentityBlueprint(app, createdByAppId), principal };
    },

    async listInheritablePermissions(id: string): Promise<InheritablePermission[]> {
      await requireBlueprint(id);
      const rows = await db.selectFrom('inheritable_permissions').selectAll()
        .where('application_id', '=', id).orderBy('resource_app_id').execute();
      return rows.map(toInheritablePermission);
    },

    /** Inheritable permissions of several blueprints, by blueprint appId. */
    async inheritablePermissionsOf(blueprintAppIds: readonly string[]): Promise<Map<string, InheritablePermission[]>> {
      const result = new Map<string, InheritablePermission[]>(blueprintAppIds.map((id) => [id, []]));
      if (blueprintAppIds.length === 0) return result;
      const rows = await db.selectFrom('inheritable_permissions')
        .innerJoin('agent_identity_blueprints', 'agent_identity_blueprints.application_id', 'inheritable_permissions.application_id')
        .selectAll('inheritable_permissions').select('agent_identity_blueprints.app_id')
        .where('agent_identity_blueprints.app_id', 'in', [...blueprintAppIds])
        .orderBy('inheritable_permissions.resource_app_id').execute();
      for (const row of rows) result.get(row.app_id)?.push(toInheritablePermission(row));
      return result;
    },

    async getInheritablePermission(id: string, resourceAppId: string): Promise<InheritablePermission | undefined> {
      const row = await db.selectFrom('inheritable_permissions').selectAll()
        .where('application_id', '=', id).where('resource_app_id', '=', resourceAppId).executeTakeFirst();
      return row && toInheritablePermission(row);
    },

    /** Adds a resource's entry; Entra answers a second entry for the same resource with 409. */
    async addInheritablePermission(id: string, input: InheritablePermissionCreate): Promise<InheritablePermission> {
      const existing = await this.listInheritablePermissions(id);
      const resource = await requireResource(input.resourceAppId);
      if (existing.some((p) => p.resourceAppId === resource.appId)) {
        throw new DirectoryError('conflict', `Inheritable permissions for resource '${resource.appId}' already exist on this blueprint; update them with PATCH.`);
      }
      if (existing.length >= maxInheritablePermissions) {
        throw new DirectoryError('invalid', `A blueprint can have inheritable permissions for at most ${maxInheritablePermissions} resources.`);
      }
      await checkValues(input, resource);
      const permission: InheritablePermission = {
        resourceAppId: resource.appId,
        inheritableScopes: input.inheritableScopes ?? noScopes,
        inheritableRoles: input.inheritableRoles ?? noRoles,
      };
      await db.insertInto('inheritable_permissions').values({
        application_id: id,
        resource_app_id: permission.resourceAppId,
        inheritable_scopes: JSON.stringify(permission.inheritableScopes),
        inheritable_roles: JSON.stringify(permission.inheritableRoles),
      }).execute();
      return permission;
    },

    async updateInheritablePermission(
      id: string,
      resourceAppId: string,
      patch: InheritablePermissionUpdate,
    ): Promise<{ before: InheritablePermission; after: InheritablePermission }> {
      await requireBlueprint(id);
      const before = await this.getInheritablePermission(id, resourceAppId);
      if (!before) throw new DirectoryError('notFound', `No inheritable permissions for resource '${resourceAppId}' on this blueprint.`);
      await checkValues(patch, await requireResource(resourceAppId));
      const after: InheritablePermission = {
        resourceAppId,
        inheritableScopes: patch.inheritableScopes ?? before.inheritableScopes,
        inheritableRoles: patch.inheritableRoles ?? before.inheritableRoles,
      };
      await db.updateTable('inheritable_permissions')
        .set({ inheritable_scopes: JSON.stringify(after.inheritableScopes), inheritable_roles: JSON.stringify(after.inheritableRoles) })
        .where('application_id', '=', id).where('resource_app_id', '=', resourceAppId).execute();
      return { before, after };
    },

    async removeInheritablePermission(id: string, resourceAppId: string): Promise<InheritablePermission> {
      await requireBlueprint(id);
      const existing = await this.getInheritablePermission(id, resourceAppId);
      if (!existing) throw new DirectoryError('notFound', `No inheritable permissions for resource '${resourceAppId}' on this blueprint.`);
      await db.deleteFrom('inheritable_permissions')
        .where('application_id', '=', id).where('resource_app_id', '=', resourceAppId).execute();
      return existing;
    },
  };
}

export type AgentIdentityBlueprintsRepository = ReturnType<typeof createAgentIdentityBlueprintsRepository>;
