/**
 * App role assignments on a service principal: who holds its roles (`appRoleAssignedTo`) and
 * which roles it holds itself (`appRoleAssignments`)
 * (https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto,
 * https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignments).
 * Granting this API's own app roles is granting application permissions to Limen itself; Entra
 * keeps that from Application Administrators, so a user needs Global or Privileged Role
 * Administrator for it.
 */
import { z } from 'zod';
import {
  appRoleAssignmentCreateSchema,
  createDirectory,
  managementApi,
  type AppRoleAssignment,
  type ServicePrincipal,
} from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires, type Caller } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { DirectoryRole, Permission } from '../permissions.ts';
import { holdsAnyRole } from './admin-protection.ts';
import { checkAgentGrant, overrideDetails, overrideQuery, overrides } from './agent-guards.ts';
import { auditedWrite, linkChange, type AuditRecord } from './audit-entry.ts';
import { entityBody, inMemoryCollectionBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import { appRoleAssignmentFields } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';
import { requireServicePrincipal, servicePrincipalKey } from './service-principals.routes.ts';

const tags = ['servicePrincipals'];
const listQuery = {
  fields: appRoleAssignmentFields,
  entityType: 'microsoft.graph.appRoleAssignment',
};

/** Entra's activity and category per kind of principal. */
const activities = {
  ServicePrincipal: {
    category: 'ApplicationManagement',
    add: 'Add app role assignment to service principal',
    remove: 'Remove app role assignment from service principal',
  },
  User: {
    category: 'UserManagement',
    add: 'Add app role assignment grant to user',
    remove: 'Remove app role assignment from user',
  },
  Group: {
    category: 'GroupManagement',
    add: 'Add app role assignment to group',
    remove: 'Remove app role assignment from group',
  },
} as const;

function assignmentAudit(
  change: 'add' | 'remove',
  assignment: AppRoleAssignment,
  resource: ServicePrincipal,
): AuditRecord {
  const kind =
    activities[assignment.principalType as keyof typeof activities] ?? activities.ServicePrincipal;
  const role = resource.appRoles.find((r) => r.id === assignment.appRoleId);
  const values = (value: string | undefined) => linkChange(change === 'add', value);
  return {
    category: kind.category,
    activityDisplayName: kind[change],
    targetResources: [
      {
        id: resource.id,
        displayName: resource.displayName,
        type: 'ServicePrincipal',
        modifiedProperties: [
          { displayName: 'AppRole.Id', ...values(assignment.appRoleId) },
          { displayName: 'AppRole.Value', ...values(role?.value) },
          { displayName: 'AppRoleAssignment.Id', ...values(assignment.id) },
        ],
      },
      {
        id: assignment.principalId,
        displayName: assignment.principalDisplayName,
        type: assignment.principalType,
      },
    ],
    additionalDetails: [{ key: 'AppId', value: resource.appId }],
  };
}

/**
 * Who may hand out this API's app roles: a Global or Privileged Role Administrator, or an
 * app-only caller holding AppRoleAssignment.ReadWrite.All itself (Graph's rule for apps).
 */
function assertMayGrantManagementRoles(caller: Caller, resource: ServicePrincipal): void {
  if (resource.appId !== managementApi.appId) return;
  const roleManagers = [
    DirectoryRole.GlobalAdministrator,
    DirectoryRole.PrivilegedRoleAdministrator,
  ];
  if (holdsAnyRole(caller, roleManagers)) return;
  const permission = Permission.AppRoleAssignmentReadWriteAll;
  if (caller.kind === 'app' && caller.roles.includes(permission)) return;
  throw new ApiError(
    'Authorization_RequestDenied',
    `Insufficient privileges to complete the operation: only a Global Administrator or a ` +
      `Privileged Role Administrator may grant app roles of '${resource.displayName}'.`,
  );
}

export function appRoleAssignmentRoutes(router: ApiRouter, deps: GraphDeps): void {
  const views = [
    {
      segment: 'appRoleAssignedTo',
      side: 'resourceId',
      summary: 'List who holds app roles of a service principal',
    },
    {
      segment: 'appRoleAssignments',
      side: 'principalId',
      summary: 'List the app roles a service principal holds',
    },
  ] as const;

  for (const view of views) {
    defineRoute(
      router,
      {
        method: 'GET',
        path: `/servicePrincipals/:id/${view.segment}`,
        summary: view.summary,
        tags,
        auth: requires(Permission.ApplicationReadAll),
        params: servicePrincipalKey,
        listQuery,
        status: [200, 400, 403, 404],
      },
      async ({ ctx, params, listQuery: query }) => {
        const dir = createDirectory(deps.db);
        const sp = await requireServicePrincipal(dir, params.id);
        const items = await dir.assignments.listAppRoleAssignments({ [view.side]: sp.id });
        const fragment = `servicePrincipals('${sp.id}')/${view.segment}`;
        return inMemoryCollectionBody(ctx, deps, query, fragment, items, appRoleAssignmentFields);
      },
    );

    defineRoute(
      router,
      {
        method: 'POST',
        path: `/servicePrincipals/:id/${view.segment}`,
        summary: 'Grant an app role',
        tags,
        description: `The body's ${view.side} must be this service principal's id. A high-privilege permission for ` +
          'an agent identity or a blueprint principal needs ?overrideHighPrivilege=true (audited).',
        auth: requires(Permission.AppRoleAssignmentReadWriteAll),
        params: servicePrincipalKey,
        query: overrideQuery,
        body: appRoleAssignmentCreateSchema,
        status: [201, 400, 403, 404],
      },
      async ({ ctx, caller, params, query, body }) => {
        if (body[view.side].toLowerCase() !== params.id.toLowerCase()) {
          throw new ApiError(
            'Request_BadRequest',
            `Invalid value for property '${view.side}': it must be '${params.id}', the ` +
              'service principal in the path.',
            {
              details: [
                { code: 'InvalidValue', message: 'Does not match the path.', target: view.side },
              ],
            },
          );
        }
        const assignment = await auditedWrite(deps, { caller, ctx }, async (dir) => {
          const resource = await requireServicePrincipal(dir, body.resourceId);
          assertMayGrantManagementRoles(caller, resource);
          const role = resource.appRoles.find((r) => r.id === body.appRoleId);
          const values = role ? [role.value] : [];
          const overridden = await checkAgentGrant(dir, body.principalId, resource.appId, values, overrides(query), 'appRoleId');
          const created = await dir.assignments.assignAppRole(body);
          const audit = assignmentAudit('add', created, resource);
          audit.additionalDetails?.push(...overrideDetails(overridden));
          return { result: created, audit };
        });
        const path = `servicePrincipals/${params.id}/${view.segment}/${assignment.id}`;
        ctx.set('Location', `${graphBase(deps)}/${path}`);
        return entityBody(deps, `servicePrincipals('${params.id}')/${view.segment}`, assignment);
      },
    );

    defineRoute(
      router,
      {
        method: 'DELETE',
        path: `/servicePrincipals/:id/${view.segment}/:assignmentId`,
        summary: 'Remove an app role assignment',
        tags,
        auth: requires(Permission.AppRoleAssignmentReadWriteAll),
        params: z.object({ id: z.guid(), assignmentId: z.string().min(1).max(100) }),
        status: [204, 400, 403, 404],
      },
      async ({ ctx, caller, params }) => {
        await auditedWrite(deps, { caller, ctx }, async (dir) => {
          await requireServicePrincipal(dir, params.id);
          const all = await dir.assignments.listAppRoleAssignments({ [view.side]: params.id });
          const assignment = all.find((a) => a.id === params.assignmentId);
          if (!assignment) throw notFound(params.assignmentId);
          const resource = await requireServicePrincipal(dir, assignment.resourceId);
          // Taking management permissions away is as much a role manager's call as giving them.
          assertMayGrantManagementRoles(caller, resource);
          await dir.assignments.removeAppRoleAssignment(assignment.id);
          return { result: undefined, audit: assignmentAudit('remove', assignment, resource) };
        });
        return undefined;
      },
    );
  }
}
