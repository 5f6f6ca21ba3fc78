/**
 * `/groups`: list, create (with `members@odata.bind` / `owners@odata.bind`), get, update,
 * delete (https://learn.microsoft.com/graph/api/resources/group). Memberships are in
 * group-members.routes.ts.
 */
import { z } from 'zod';
import {
  createDirectory,
  groupCreateSchema,
  groupUpdateSchema,
  type Directory,
  type DirectoryObject,
  type Group,
} from '../../directory/index.ts';
import { applyListQuery } from '../../odata/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { assertMayManageRoleHoldingGroup, keepGlobalAdministrator } from './admin-protection.ts';
import {
  auditedWrite,
  linkChange,
  modifiedProperties,
  type AuditRecord,
  type AuditTarget,
} from './audit-entry.ts';
import { collectionBody, entityBody, entityQuery, entitySelect, tableCount } from './collection.ts';
import { notFound } from './directory-error.ts';
import { groupFields } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';
import { idFromRef } from './odata-ref.ts';

const tags = ['groups'];
const entityType = 'microsoft.graph.group';
export const groupKey = z.object({ id: z.guid() });

export async function requireGroup(dir: Directory, id: string): Promise<Group> {
  const group = await dir.groups.get(id);
  if (!group) throw notFound(id);
  return group;
}

export const groupTarget = (group: Group, modified: AuditTarget['modifiedProperties'] = []) => ({
  id: group.id,
  displayName: group.displayName,
  type: 'Group',
  modifiedProperties: modified,
});

const objectType: Record<string, string> = {
  '#microsoft.graph.user': 'User',
  '#microsoft.graph.group': 'Group',
  '#microsoft.graph.servicePrincipal': 'ServicePrincipal',
};

/**
 * "Add member to group" and its kin, as Entra records them: the member first, carrying the
 * group's id and name as modified properties, then the group.
 */
export function membershipAudit(
  activityDisplayName: string,
  group: Group,
  object: DirectoryObject,
): AuditRecord {
  const adding = activityDisplayName.startsWith('Add');
  const upn = object.userPrincipalName;
  return {
    category: 'GroupManagement',
    activityDisplayName,
    targetResources: [
      {
        id: object.id,
        displayName: object.displayName,
        type: objectType[object['@odata.type']] ?? 'Other',
        userPrincipalName: typeof upn === 'string' ? upn : null,
        modifiedProperties: [
          { displayName: 'Group.ObjectID', ...linkChange(adding, group.id) },
          { displayName: 'Group.DisplayName', ...linkChange(adding, group.displayName) },
        ],
      },
      groupTarget(group),
    ],
  };
}

export function groupRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/groups',
      summary: 'List groups',
      tags,
      auth: requires(Permission.GroupReadAll),
      listQuery: { fields: groupFields, entityType },
      status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const { db, engine } = deps;
      const groups = await createDirectory(db).groups.list((q) =>
        applyListQuery(q, listQuery, groupFields, engine),
      );
      const count = await tableCount(deps, 'groups', listQuery, groupFields);
      return collectionBody(ctx, deps, listQuery, 'groups', groups, count);
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: '/groups',
      summary: 'Create a security group',
      tags,
      description: 'members@odata.bind and owners@odata.bind add up to 20 of each at creation.',
      auth: requires(Permission.GroupReadWriteAll),
      body: groupCreateSchema,
      status: [201, 400, 403, 404],
    },
    async ({ ctx, caller, body }) => {
      const {
        'members@odata.bind': memberRefs = [],
        'owners@odata.bind': ownerRefs = [],
        ...input
      } = body;
      const memberIds = memberRefs.map(idFromRef);
      const ownerIds = ownerRefs.map(idFromRef);
      const group = await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const created = await dir.groups.create(input);
        const audit: AuditRecord[] = [
          {
            category: 'GroupManagement',
            activityDisplayName: 'Add group',
            targetResources: [groupTarget(created, modifiedProperties(undefined, created))],
          },
        ];
        for (const id of memberIds) {
          const member = await dir.groups.addMember(created.id, id);
          audit.push(membershipAudit('Add member to group', created, member));
        }
        for (const id of ownerIds) {
          await dir.groups.addOwner(created.id, id);
          const owner = (await dir.groups.owners(created.id)).find((o) => o.id === id)!;
          audit.push(membershipAudit('Add owner to group', created, owner));
        }
        return { result: created, audit };
      });
      ctx.set('Location', `${graphBase(deps)}/groups/${group.id}`);
      return entityBody(deps, 'groups', group);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/groups/:id',
      summary: 'Get a group',
      tags,
      auth: requires(Permission.GroupReadAll),
      params: groupKey,
      query: entityQuery,
      status: [200, 400, 403, 404],
    },
    async ({ params, query }) => {
      const group = await requireGroup(createDirectory(deps.db), params.id);
      return entityBody(deps, 'groups', group, entitySelect(query, groupFields, entityType));
    },
  );

  defineRoute(
    router,
    {
      method: 'PATCH',
      path: '/groups/:id',
      summary: 'Update a group',
      tags,
      auth: requires(Permission.GroupReadWriteAll),
      params: groupKey,
      body: groupUpdateSchema,
      status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const { before, after } = await dir.groups.update(params.id, body);
        const audit: AuditRecord = {
          category: 'GroupManagement',
          activityDisplayName: 'Update group',
          targetResources: [groupTarget(after, modifiedProperties(before, after))],
        };
        return { result: undefined, audit };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: '/groups/:id',
      summary: 'Delete a group',
      tags,
      description: 'A group that holds a directory role can only be deleted by role managers.',
      auth: requires(Permission.GroupReadWriteAll),
      params: groupKey,
      status: [204, 403, 404, 409],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const group = await requireGroup(dir, params.id);
        await assertMayManageRoleHoldingGroup(dir, caller, group.id);
        const recheck = await keepGlobalAdministrator(dir);
        await dir.groups.delete(group.id);
        const audit: AuditRecord = {
          category: 'GroupManagement',
          activityDisplayName: 'Delete group',
          targetResources: [groupTarget(group)],
        };
        return { result: undefined, audit, recheck };
      });
      return undefined;
    },
  );
}
