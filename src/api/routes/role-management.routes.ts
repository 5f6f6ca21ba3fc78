/**
 * `/roleManagement/directory`: the built-in role definitions and who holds them
 * (https://learn.microsoft.com/graph/api/resources/unifiedroleassignment). Assigning needs
 * RoleManagement.ReadWrite.Directory, which only Global and Privileged Role Administrators
 * carry; the last enabled Global Administrator cannot be unassigned (lockout protection).
 */
import { z } from 'zod';
import {
  createDirectory,
  directoryRoles,
  findDirectoryRole,
  roleAssignmentCreateSchema,
  type Directory,
  type DirectoryRoleDefinition,
  type RoleAssignment,
} from '../../directory/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { assertMayAssignRoles, keepGlobalAdministrator } from './admin-protection.ts';
import {
  auditedWrite,
  linkChange,
  type AuditRecord,
  type AuditTarget,
} from './audit-entry.ts';
import { entityBody, entityQuery, entitySelect, inMemoryCollectionBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import {
  roleAssignmentFields,
  roleDefinitionFields,
  roleDefinitionSelectable,
} from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const tags = ['roleManagement'];
const base = '/roleManagement/directory';
const definitionsFragment = 'roleManagement/directory/roleDefinitions';
const assignmentsFragment = 'roleManagement/directory/roleAssignments';
const read = requires(Permission.RoleManagementReadDirectory);
const write = requires(Permission.RoleManagementReadWriteDirectory);
const idParam = z.object({ id: z.string().min(1).max(100) });
const definitions = {
  fields: roleDefinitionFields,
  entityType: 'microsoft.graph.unifiedRoleDefinition',
  selectable: roleDefinitionSelectable,
};

/**
 * Graph's unifiedRoleDefinition. Limen's roles are not built from Entra's resource actions
 * (microsoft.directory/…), so rolePermissions stays empty rather than invented.
 */
const toRoleDefinition = (role: DirectoryRoleDefinition) => ({
  ...role,
  version: '1',
  resourceScopes: ['/'],
  rolePermissions: [] as unknown[],
});

/** The principal of an assignment, as an audit target. */
async function principalTarget(
  dir: Directory,
  id: string,
  role: DirectoryRoleDefinition,
  adding: boolean,
): Promise<AuditTarget> {
  const user = await dir.users.get(id);
  const group = user ? undefined : await dir.groups.get(id);
  const sp = user || group ? undefined : await dir.servicePrincipals.get(id);
  const values = (value: string) => linkChange(adding, value);
  return {
    id,
    displayName: (user ?? group ?? sp)?.displayName ?? null,
    type: user ? 'User' : group ? 'Group' : 'ServicePrincipal',
    userPrincipalName: user?.userPrincipalName ?? null,
    modifiedProperties: [
      { displayName: 'Role.ObjectID', ...values(role.id) },
      { displayName: 'Role.DisplayName', ...values(role.displayName) },
      { displayName: 'Role.TemplateId', ...values(role.templateId) },
    ],
  };
}

async function roleAudit(
  dir: Directory,
  assignment: RoleAssignment,
  adding: boolean,
): Promise<AuditRecord> {
  const role = findDirectoryRole(assignment.roleDefinitionId)!;
  return {
    category: 'RoleManagement',
    activityDisplayName: adding ? 'Add member to role' : 'Remove member from role',
    targetResources: [
      await principalTarget(dir, assignment.principalId, role, adding),
      { id: role.id, displayName: role.displayName, type: 'Role' },
    ],
  };
}

export function roleManagementRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: `${base}/roleDefinitions`,
      summary: 'List directory role definitions',
      tags,
      auth: read,
      listQuery: definitions,
      status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const roles = directoryRoles.map(toRoleDefinition);
      const fields = roleDefinitionFields;
      return inMemoryCollectionBody(ctx, deps, listQuery, definitionsFragment, roles, fields);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: `${base}/roleDefinitions/:id`,
      summary: 'Get a directory role definition',
      tags,
      auth: read,
      params: idParam,
      query: entityQuery,
      status: [200, 403, 404],
    },
    async ({ params, query }) => {
      const role = findDirectoryRole(params.id.toLowerCase());
      if (!role) throw notFound(params.id);
      const { fields, entityType, selectable } = definitions;
      const select = entitySelect(query, fields, entityType, selectable);
      return entityBody(deps, definitionsFragment, toRoleDefinition(role), select);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: `${base}/roleAssignments`,
      summary: 'List directory role assignments',
      tags,
      auth: read,
      description: "Filter by holder or role: $filter=principalId eq '{id}'.",
      listQuery: {
        fields: roleAssignmentFields,
        entityType: 'microsoft.graph.unifiedRoleAssignment',
      },
      status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const items = await createDirectory(deps.db).assignments.listRoleAssignments();
      const fields = roleAssignmentFields;
      return inMemoryCollectionBody(ctx, deps, listQuery, assignmentsFragment, items, fields);
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: `${base}/roleAssignments`,
      summary: 'Assign a directory role',
      tags,
      auth: write,
      body: roleAssignmentCreateSchema,
      status: [201, 400, 403, 404],
    },
    async ({ ctx, caller, body }) => {
      assertMayAssignRoles(caller, [body.roleDefinitionId]);
      const assignment = await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const created = await dir.assignments.createRoleAssignment(body);
        return { result: created, audit: await roleAudit(dir, created, true) };
      });
      ctx.set('Location', `${graphBase(deps)}${base}/roleAssignments/${assignment.id}`);
      return entityBody(deps, assignmentsFragment, assignment);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: `${base}/roleAssignments/:id`,
      summary: 'Get a directory role assignment',
      tags,
      auth: read,
      params: idParam,
      status: [200, 403, 404],
    },
    async ({ params }) => {
      const assignment = await createDirectory(deps.db).assignments.getRoleAssignment(params.id);
      if (!assignment) throw notFound(params.id);
      return entityBody(deps, assignmentsFragment, assignment);
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: `${base}/roleAssignments/:id`,
      summary: 'Remove a directory role assignment',
      tags,
      auth: write,
      params: idParam,
      status: [204, 403, 404, 409],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const assignment = await dir.assignments.getRoleAssignment(params.id);
        if (!assignment) throw notFound(params.id);
        assertMayAssignRoles(caller, [assignment.roleDefinitionId]);
        const recheck = await keepGlobalAdministrator(dir);
        const audit = await roleAudit(dir, assignment, false);
        await dir.assignments.deleteRoleAssignment(assignment.id);
        return { result: undefined, audit, recheck };
      });
      return undefined;
    },
  );
}
