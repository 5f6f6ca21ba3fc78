/**
 * A user's relations: manager (get, set through `$ref`, remove), directReports, memberOf,
 * transitiveMemberOf and appRoleAssignments
 * (https://learn.microsoft.com/graph/api/user-post-manager,
 * https://learn.microsoft.com/graph/api/user-list-memberof).
 */
import { createDirectory, type Directory, type User } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, auditValue, type AuditRecord } from './audit-entry.ts';
import { directoryObjectsBody, entityBody, inMemoryCollectionBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import { appRoleAssignmentFields, directoryObjectsQuery } from './field-maps.ts';
import type { GraphDeps } from './graph-deps.ts';
import { idFromRef, refBody } from './odata-ref.ts';
import { requireUser, userKey, userTarget } from './users.routes.ts';

const tags = ['users'];
const userType = '#microsoft.graph.user';

export function userRelationRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/users/:id/manager',
      summary: "Get a user's manager",
      tags,
      auth: requires(Permission.UserReadAll),
      params: userKey,
      status: [200, 403, 404],
    },
    async ({ params }) => {
      const dir = createDirectory(deps.db);
      const user = await requireUser(dir, params.id);
      const manager = await dir.users.getManager(user.id);
      if (!manager) throw notFound('manager');
      const object = { '@odata.type': userType, ...manager };
      return entityBody(deps, 'directoryObjects', object);
    },
  );

  // Graph's documented form is `/manager/$ref`; the bare `/manager` is accepted too.
  for (const path of ['/users/:id/manager/$ref', '/users/:id/manager']) {
    defineRoute(
      router,
      {
        method: 'PUT',
        path,
        summary: "Set a user's manager",
        tags,
        auth: requires(Permission.UserReadWriteAll),
        params: userKey,
        body: refBody,
        status: [204, 400, 403, 404],
      },
      async ({ ctx, caller, params, body }) => {
        const managerId = idFromRef(body['@odata.id']);
        await auditedWrite(deps, { caller, ctx }, async (dir) => {
          const user = await requireUser(dir, params.id);
          const previous = await dir.users.getManager(user.id);
          await dir.users.setManager(user.id, managerId);
          const manager = await requireUser(dir, managerId);
          const audit = managerAudit('Set user manager', user, previous?.id, manager);
          return { result: undefined, audit };
        });
        return undefined;
      },
    );

    defineRoute(
      router,
      {
        method: 'DELETE',
        path,
        summary: "Remove a user's manager",
        tags,
        auth: requires(Permission.UserReadWriteAll),
        params: userKey,
        status: [204, 403, 404],
      },
      async ({ ctx, caller, params }) => {
        await auditedWrite(deps, { caller, ctx }, async (dir) => {
          const user = await requireUser(dir, params.id);
          const previous = await dir.users.getManager(user.id);
          if (!previous) {
            throw new ApiError('Request_ResourceNotFound', `User '${user.id}' has no manager.`);
          }
          await dir.users.setManager(user.id, null);
          const audit = managerAudit('Remove user manager', user, previous.id, previous);
          return { result: undefined, audit };
        });
        return undefined;
      },
    );
  }

  const relations: Array<{
    segment: string;
    summary: string;
    load: (dir: Directory, userId: string) => Promise<object[]>;
  }> = [
    {
      segment: 'directReports',
      summary: "List a user's direct reports",
      load: async (dir, id) =>
        (await dir.users.directReports(id)).map((u) => ({ '@odata.type': userType, ...u })),
    },
    {
      segment: 'memberOf',
      summary: 'List the groups a user is a direct member of',
      load: (dir, id) => dir.groups.memberOf(id),
    },
    {
      segment: 'transitiveMemberOf',
      summary: 'List the groups a user belongs to, directly or through nested groups',
      load: (dir, id) => dir.groups.transitiveMemberOf(id),
    },
  ];
  for (const relation of relations) {
    defineRoute(
      router,
      {
        method: 'GET',
        path: `/users/:id/${relation.segment}`,
        summary: relation.summary,
        tags,
        auth: requires(Permission.UserReadAll),
        params: userKey,
        listQuery: directoryObjectsQuery,
        status: [200, 400, 403, 404],
      },
      async ({ ctx, params, listQuery }) => {
        const dir = createDirectory(deps.db);
        const user = await requireUser(dir, params.id);
        const items = await relation.load(dir, user.id);
        return directoryObjectsBody(ctx, deps, listQuery, items);
      },
    );
  }

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/users/:id/appRoleAssignments',
      summary: "List a user's app role assignments",
      tags,
      auth: requires(Permission.UserReadAll),
      params: userKey,
      listQuery: {
        fields: appRoleAssignmentFields,
        entityType: 'microsoft.graph.appRoleAssignment',
      },
      status: [200, 400, 403, 404],
    },
    async ({ ctx, params, listQuery }) => {
      const dir = createDirectory(deps.db);
      const user = await requireUser(dir, params.id);
      const items = await dir.assignments.listAppRoleAssignments({ principalId: user.id });
      const fragment = `users('${user.id}')/appRoleAssignments`;
      return inMemoryCollectionBody(ctx, deps, listQuery, fragment, items, appRoleAssignmentFields);
    },
  );
}

function managerAudit(
  activityDisplayName: string,
  user: User,
  previousManagerId: string | undefined,
  manager: User,
): AuditRecord {
  const newManagerId = activityDisplayName.startsWith('Remove') ? undefined : manager.id;
  const modified = [
    {
      displayName: 'Manager',
      oldValue: auditValue(previousManagerId),
      newValue: auditValue(newManagerId),
    },
  ];
  return {
    category: 'UserManagement',
    activityDisplayName,
    targetResources: [userTarget(user, modified), userTarget(manager)],
  };
}
