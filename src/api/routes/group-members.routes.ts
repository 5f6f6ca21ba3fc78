/**
 * A group's members and owners: list, add by `$ref`, remove by `{id}/$ref`; and the
 * transitive views (https://learn.microsoft.com/graph/api/group-post-members,
 * https://learn.microsoft.com/graph/api/group-delete-members,
 * https://learn.microsoft.com/graph/api/group-list-transitivemembers).
 */
import { z } from 'zod';
import { createDirectory, type Directory, type DirectoryObject } from '../../directory/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { assertMayManageRoleHoldingGroup, keepGlobalAdministrator } from './admin-protection.ts';
import { auditedWrite } from './audit-entry.ts';
import { directoryObjectsBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import { directoryObjectsQuery } from './field-maps.ts';
import type { GraphDeps } from './graph-deps.ts';
import { groupKey, membershipAudit, requireGroup } from './groups.routes.ts';
import { idFromRef, refBody } from './odata-ref.ts';

const tags = ['groups'];

type Load = (dir: Directory, groupId: string) => Promise<DirectoryObject[]>;

/** Members and owners differ only in names and repository calls. */
const links = [
  {
    segment: 'members',
    noun: 'member',
    load: ((dir, id) => dir.groups.members(id)) as Load,
    add: (dir: Directory, groupId: string, id: string) => dir.groups.addMember(groupId, id),
    remove: (dir: Directory, groupId: string, id: string) => dir.groups.removeMember(groupId, id),
    activities: ['Add member to group', 'Remove member from group'],
  },
  {
    segment: 'owners',
    noun: 'owner',
    load: ((dir, id) => dir.groups.owners(id)) as Load,
    add: (dir: Directory, groupId: string, id: string) => dir.groups.addOwner(groupId, id),
    remove: (dir: Directory, groupId: string, id: string) => dir.groups.removeOwner(groupId, id),
    activities: ['Add owner to group', 'Remove owner from group'],
  },
] as const;

export function groupMemberRoutes(router: ApiRouter, deps: GraphDeps): void {
  for (const link of links) {
    const [addActivity, removeActivity] = link.activities;
    defineRoute(
      router,
      {
        method: 'GET',
        path: `/groups/:id/${link.segment}`,
        summary: `List a group's ${link.segment}`,
        tags,
        auth: requires(Permission.GroupReadAll),
        params: groupKey,
        listQuery: directoryObjectsQuery,
        status: [200, 400, 403, 404],
      },
      async ({ ctx, params, listQuery }) => {
        const items = await link.load(createDirectory(deps.db), params.id);
        return directoryObjectsBody(ctx, deps, listQuery, items);
      },
    );

    defineRoute(
      router,
      {
        method: 'POST',
        path: `/groups/:id/${link.segment}/$ref`,
        summary: `Add a ${link.noun} to a group`,
        tags,
        description: 'The body names the object: { "@odata.id": "…/directoryObjects/{id}" }.',
        auth: requires(Permission.GroupMemberReadWriteAll),
        params: groupKey,
        body: refBody,
        status: [204, 400, 403, 404],
      },
      async ({ ctx, caller, params, body }) => {
        const objectId = idFromRef(body['@odata.id']);
        await auditedWrite(deps, { caller, ctx }, async (dir) => {
          const group = await requireGroup(dir, params.id);
          await assertMayManageRoleHoldingGroup(dir, caller, group.id);
          await link.add(dir, group.id, objectId);
          const object = (await link.load(dir, group.id)).find((o) => o.id === objectId)!;
          return { result: undefined, audit: membershipAudit(addActivity, group, object) };
        });
        return undefined;
      },
    );

    defineRoute(
      router,
      {
        method: 'DELETE',
        path: `/groups/:id/${link.segment}/:objectId/$ref`,
        summary: `Remove a ${link.noun} from a group`, tags,
        auth: requires(Permission.GroupMemberReadWriteAll),
        params: z.object({ id: z.guid(), objectId: z.guid() }),
        status: [204, 400, 403, 404, 409],
      },
      async ({ ctx, caller, params }) => {
        await auditedWrite(deps, { caller, ctx }, async (dir) => {
          const group = await requireGroup(dir, params.id);
          const object = (await link.load(dir, group.id)).find((o) => o.id === params.objectId);
          if (!object) throw notFound(params.objectId);
          await assertMayManageRoleHoldingGroup(dir, caller, group.id);
          // Only a membership can carry a role; owners hold none through the group.
          const recheck =
            link.segment === 'members' ? await keepGlobalAdministrator(dir) : undefined;
          await link.remove(dir, group.id, object.id);
          const audit = membershipAudit(removeActivity, group, object);
          return { result: undefined, audit, recheck };
        });
        return undefined;
      },
    );
  }

  const views: Array<{ segment: string; summary: string; load: Load }> = [
    {
      segment: 'transitiveMembers',
      summary: "List a group's members, directly or through nested groups",
      load: (dir, id) => dir.groups.transitiveMembers(id),
    },
    {
      segment: 'memberOf',
      summary: 'List the groups a group is a direct member of',
      load: async (dir, id) => (await requireGroup(dir, id)) && dir.groups.memberOf(id),
    },
    {
      segment: 'transitiveMemberOf',
      summary: 'List the groups a group belongs to, directly or through nested groups',
      load: async (dir, id) => (await requireGroup(dir, id)) && dir.groups.transitiveMemberOf(id),
    },
  ];
  for (const view of views) {
    defineRoute(
      router,
      {
        method: 'GET',
        path: `/groups/:id/${view.segment}`,
        summary: view.summary,
        tags,
        auth: requires(Permission.GroupReadAll),
        params: groupKey,
        listQuery: directoryObjectsQuery,
        status: [200, 400, 403, 404],
      },
      async ({ ctx, params, listQuery }) => {
        const items = await view.load(createDirectory(deps.db), params.id);
        return directoryObjectsBody(ctx, deps, listQuery, items);
      },
    );
  }
}
