import type { Db } from '../store/index.ts';
import {
  toAppRoleAssignment,
  toOAuth2PermissionGrant,
  toRoleAssignment,
  type AppRoleAssignment,
  type AppRoleAssignmentCreate,
  type OAuth2PermissionGrant,
  type OAuth2PermissionGrantCreate,
  type RoleAssignment,
  type RoleAssignmentCreate,
} from './assignments.ts';
import { DirectoryError } from './directory-error.ts';
import type { AppRole } from './management-api.ts';
import { findDirectoryRole } from './directory-roles.ts';
import { resolveObjectType } from './directory-object.ts';
import { createGroupsRepository } from './groups.repository.ts';
import { toGraphServicePrincipal } from './service-principal.ts';
import { newId, nowIso } from './stable-id.ts';

const principalTypeName = { user: 'User', group: 'Group', servicePrincipal: 'ServicePrincipal' } as const;
const defaultAccess = '00000000-0000-0000-0000-000000000000';

/** Directory role assignments, app role assignments and delegated consent grants. */
export function createAssignmentsRepository(db: Db) {
  async function displayNameOf(id: string): Promise<string> {
    const [u, g, s] = await Promise.all([
      db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst(),
      db.selectFrom('groups').select('display_name').where('id', '=', id).executeTakeFirst(),
      db.selectFrom('service_principals').select('display_name').where('id', '=', id).executeTakeFirst(),
    ]);
    return (u ?? g ?? s)?.display_name ?? '';
  }

  return {
    async createRoleAssignment(input: RoleAssignmentCreate): Promise<RoleAssignment> {
      if (!findDirectoryRole(input.roleDefinitionId)) {
        throw new DirectoryError('notFound', `Role definition '${input.roleDefinitionId}' does not exist.`);
      }
      const type = await resolveObjectType(db, input.principalId);
      if (!type) throw new DirectoryError('notFound', `Principal '${input.principalId}' does not exist.`);
      const dup = await db.selectFrom('role_assignments').select('id')
        .where('role_definition_id', '=', input.roleDefinitionId)
        .where('principal_id', '=', input.principalId)
        .where('directory_scope_id', '=', input.directoryScopeId).executeTakeFirst();
      if (dup) throw new DirectoryError('conflict', 'A conflicting object with one or more of the specified property values is present in the directory.');
      const row = {
        id: newId(),
        role_definition_id: input.roleDefinitionId,
        principal_id: input.principalId,
        directory_scope_id: input.directoryScopeId,
        created_date_time: nowIso(),
      };
      await db.insertInto('role_assignments').values(row).execute();
      return toRoleAssignment(row);
    },

    async getRoleAssignment(id: string): Promise<RoleAssignment | undefined> {
      const row = await db.selectFrom('role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRoleAssignment(row);
    },

    async listRoleAssignments(where: { principalId?: string; roleDefinitionId?: string } = {}): Promise<RoleAssignment[]> {
      let q = db.selectFrom('role_assignments').selectAll().orderBy('created_date_time');
      if (where.principalId) q = q.where('principal_id', '=', where.principalId);
      if (where.roleDefinitionId) q = q.where('role_definition_id', '=', where.roleDefinitionId);
      return (await q.execute()).map(toRoleAssignment);
    },

    async deleteRoleAssignment(id: string): Promise<RoleAssignment> {
      const row = await db.selectFrom('role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new DirectoryError('notFound', `Role assignment '${id}' does not exist.`);
      await db.deleteFrom('role_assignments').where('id', '=', id).execute();
      return toRoleAssignment(row);
    },

    /**
     * Template ids of the directory roles a principal holds, directly or through a group it
     * belongs to (role-assignable groups): the `wids` claim of its tokens.
     */
    async directoryRoleIdsOf(principalId: string): Promise<string[]> {
      const groupIds = await createGroupsRepository(db).transitiveGroupIds(principalId);
      const rows = await db.selectFrom('role_assignments').select('role_definition_id')
        .where('principal_id', 'in', [principalId, ...groupIds]).execute();
      return [...new Set(rows.map((r) => r.role_definition_id))];
    },

    /**
     * What a principal holds for one token, with a single walk of its group memberships: the
     * values of its app roles on `resource`, and its directory role template ids (`wids`).
     */
    async accessOf(
      principalId: string,
      resource: { id: string; appRoles: readonly AppRole[] },
    ): Promise<{ roles: string[]; directoryRoleIds: string[] }> {
      const principals = [principalId, ...(await createGroupsRepository(db).transitiveGroupIds(principalId))];
      const [appRoleRows, roleRows] = await Promise.all([
        db.selectFrom('app_role_assignments').select('app_role_id')
          .where('principal_id', 'in', principals).where('resource_id', '=', resource.id).execute(),
        db.selectFrom('role_assignments').select('role_definition_id')
          .where('principal_id', 'in', principals).execute(),
      ]);
      const held = new Set(appRoleRows.map((r) => r.app_role_id));
      return {
        roles: resource.appRoles.filter((r) => r.isEnabled && held.has(r.id)).map((r) => r.value),
        directoryRoleIds: [...new Set(roleRows.map((r) => r.role_definition_id))],
      };
    },

    async assignAppRole(input: AppRoleAssignmentCreate): Promise<AppRoleAssignment> {
      const resource = await db.selectFrom('service_principals').selectAll().where('id', '=', input.resourceId).executeTakeFirst();
      if (!resource) throw new DirectoryError('notFound', `Resource service principal '${input.resourceId}' does not exist.`);
      const sp = toGraphServicePrincipal(resource);
      if (input.appRoleId !== defaultAccess && !sp.appRoles.some((r) => r.id === input.appRoleId && r.isEnabled)) {
        throw new DirectoryError('invalid', `Permission being assigned was not found on application '${resource.app_id}' (appRoleId '${input.appRoleId}').`);
      }
      const type = await resolveObjectType(db, input.principalId);
      if (!type) throw new DirectoryError('notFound', `Principal '${input.principalId}' does not exist.`);
      // Graph's allowedMemberTypes: an Application role goes to service principals only, a User
      // role to users and groups. Otherwise an app permission could reach every app in a group.
      const role = sp.appRoles.find((r) => r.id === input.appRoleId);
      const memberType = type === 'servicePrincipal' ? 'Application' : 'User';
      if (role && !role.allowedMemberTypes.includes(memberType)) {
        throw new DirectoryError('invalid', `App role '${role.value}' can be assigned to ${role.allowedMemberTypes.join(' or ')} principals only, not to a ${type}.`);
      }
      const dup = await db.selectFrom('app_role_assignments').select('id')
        .where('principal_id', '=', input.principalId).where('resource_id', '=', input.resourceId)
        .where('app_role_id', '=', input.appRoleId).executeTakeFirst();
      if (dup) throw new DirectoryError('conflict', 'Permission being assigned already exists on the object.');
      const row = {
        id: newId(),
        app_role_id: input.appRoleId,
        principal_id: input.principalId,
        principal_type: principalTypeName[type],
        principal_display_name: await displayNameOf(input.principalId),
        resource_id: input.resourceId,
        resource_display_name: resource.display_name,
        created_date_time: nowIso(),
      };
      await db.insertInto('app_role_assignments').values(row).execute();
      return toAppRoleAssignment(row);
    },

    async listAppRoleAssignments(where: { principalId?: string; resourceId?: string }): Promise<AppRoleAssignment[]> {
      let q = db.selectFrom('app_role_assignments').selectAll().orderBy('created_date_time');
      if (where.principalId) q = q.where('principal_id', '=', where.principalId);
      if (where.resourceId) q = q.where('resource_id', '=', where.resourceId);
      return (await q.execute()).map(toAppRoleAssignment);
    },

    async removeAppRoleAssignment(id: string): Promise<AppRoleAssignment> {
      const row = await db.selectFrom('app_role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new DirectoryError('notFound', `App role assignment '${id}' does not exist.`);
      await db.deleteFrom('app_role_assignments').where('id', '=', id).execute();
      return toAppRoleAssignment(row);
    },

    /** Values of the app roles a principal holds on a resource, directly or through groups. */
    async appRoleValuesOf(principalId: string, resourceId: string): Promise<string[]> {
      const groupIds = await createGroupsRepository(db).transitiveGroupIds(principalId);
      const rows = await db.selectFrom('app_role_assignments').select('app_role_id')
        .where('principal_id', 'in', [principalId, ...groupIds]).where('resource_id', '=', resourceId).execute();
      const resource = await db.selectFrom('service_principals').selectAll().where('id', '=', resourceId).executeTakeFirst();
      if (!resource) return [];
      const roles = toGraphServicePrincipal(resource).appRoles;
      const held = new Set(rows.map((r) => r.app_role_id));
      return roles.filter((r) => r.isEnabled && held.has(r.id)).map((r) => r.value);
    },

    async grantPermissions(input: OAuth2PermissionGrantCreate): Promise<OAuth2PermissionGrant> {
      for (const id of [input.clientId, input.resourceId]) {
        const sp = await db.selectFrom('service_principals').select('id').where('id', '=', id).executeTakeFirst();
        if (!sp) throw new DirectoryError('notFound', `Service principal '${id}' does not exist.`);
      }
      const row = {
        id: newId(),
        client_id: input.clientId,
        consent_type: input.consentType,
        principal_id: input.principalId ?? null,
        resource_id: input.resourceId,
        scope: input.scope.trim().split(/\s+/).join(' '),
      };
      await db.insertInto('oauth2_permission_grants').values(row).execute();
      return toOAuth2PermissionGrant(row);
    },

    /**
     * The grant for one (client, resource, consent type, user) key, if any. Graph keeps one grant
     * per key, its scopes space-separated: more consent extends it instead of adding another.
     */
    async findPermissionGrant(key: Pick<OAuth2PermissionGrantCreate, 'clientId' | 'resourceId' | 'consentType' | 'principalId'>): Promise<OAuth2PermissionGrant | undefined> {
      let q = db.selectFrom('oauth2_permission_grants').selectAll()
        .where('client_id', '=', key.clientId).where('resource_id', '=', key.resourceId).where('consent_type', '=', key.consentType);
      q = key.consentType === 'Principal' && key.principalId ? q.where('principal_id', '=', key.principalId) : q.where('principal_id', 'is', null);
      const row = await q.executeTakeFirst();
      return row ? toOAuth2PermissionGrant(row) : undefined;
    },

    async listPermissionGrants(where: { clientId?: string; resourceId?: string } = {}): Promise<OAuth2PermissionGrant[]> {
      let q = db.selectFrom('oauth2_permission_grants').selectAll();
      if (where.clientId) q = q.where('client_id', '=', where.clientId);
      if (where.resourceId) q = q.where('resource_id', '=', where.resourceId);
      return (await q.execute()).map(toOAuth2PermissionGrant);
    },

    /** Replaces a grant's scopes (space-separated values), e.g. to add scopes a newer Limen defines. */
    async setPermissionGrantScope(id: string, scope: string): Promise<void> {
      await db.updateTable('oauth2_permission_grants').set({ scope: scope.trim().split(/\s+/).join(' ') }).where('id', '=', id).execute();
    },

    async revokePermissionGrant(id: string): Promise<OAuth2PermissionGrant> {
      const row = await db.selectFrom('oauth2_permission_grants').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new DirectoryError('notFound', `Permission grant '${id}' does not exist.`);
      await db.deleteFrom('oauth2_permission_grants').where('id', '=', id).execute();
      return toOAuth2PermissionGrant(row);
    },

    /** Delegated scopes a client may use on a resource for a user: tenant-wide plus the user's own. */
    async consentedScopes(clientId: string, resourceId: string, userId: string): Promise<string[]> {
      const rows = await db.selectFrom('oauth2_permission_grants').select(['scope', 'consent_type', 'principal_id'])
        .where('client_id', '=', clientId).where('resource_id', '=', resourceId).execute();
      return [...new Set(rows
        .filter((r) => r.consent_type === 'AllPrincipals' || r.principal_id === userId)
        .flatMap((r) => r.scope.split(' ')))];
    },
  };
}

export type AssignmentsRepository = ReturnType<typeof createAssignmentsRepository>;
