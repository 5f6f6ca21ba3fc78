import type { SelectQueryBuilder } from 'kysely';
import type { Db, GroupRow, MemberType, Tables } from '../store/index.ts';
import { DirectoryError } from './directory-error.ts';
import { loadDirectoryObjects, resolveObjectType, type DirectoryObject } from './directory-object.ts';
import { toGraphGroup, type Group, type GroupCreate, type GroupUpdate } from './group.ts';
import { fromBool } from './json.ts';
import { newId, nowIso } from './stable-id.ts';

export type GroupQuery = SelectQueryBuilder<Tables, 'groups', GroupRow>;

export function createGroupsRepository(db: Db) {
  async function requireGroup(id: string): Promise<GroupRow> {
    const row = await db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DirectoryError('notFound', `Group '${id}' does not exist.`);
    return row;
  }

  /** Ids of every group that `objectId` belongs to, directly or through nested groups. */
  async function transitiveGroupIds(objectId: string): Promise<string[]> {
    const rows = await db
      .withRecursive('ancestors(id)', (qb) =>
        qb
          .selectFrom('group_members')
          .select('group_id as id')
          .where('member_id', '=', objectId)
          // UNION (not UNION ALL) drops repeats, so even a cycle in old data terminates.
          .union(
            qb
              .selectFrom('group_members')
              .innerJoin('ancestors', 'ancestors.id', 'group_members.member_id')
              .select('group_members.group_id as id'),
          ),
      )
      .selectFrom('ancestors')
      .select('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async function transitiveMemberRefs(groupId: string): Promise<Array<{ id: string; type: MemberType }>> {
    return db
      .withRecursive('members(id, type)', (qb) =>
        qb
          .selectFrom('group_members')
          .select(['member_id as id', 'member_type as type'])
          .where('group_id', '=', groupId)
          .union(
            qb
              .selectFrom('group_members')
              .innerJoin('members', 'members.id', 'group_members.group_id')
              .select(['group_members.member_id as id', 'group_members.member_type as type']),
          ),
      )
      .selectFrom('members')
      .select(['id', 'type'])
      .execute() as Promise<Array<{ id: string; type: MemberType }>>;
  }

  return {
    async get(id: string): Promise<Group | undefined> {
      const row = await db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toGraphGroup(row);
    },

    async list(refine: (q: GroupQuery) => GroupQuery = (q) => q.orderBy('display_name')): Promise<Group[]> {
      return (await refine(db.selectFrom('groups').selectAll()).execute()).map(toGraphGroup);
    },

    async create(input: Omit<GroupCreate, 'members@odata.bind' | 'owners@odata.bind'>): Promise<Group> {
      const row: GroupRow = {
        id: newId(),
        display_name: input.displayName,
        description: input.description ?? null,
        mail_nickname: input.mailNickname ?? null,
        security_enabled: fromBool(input.securityEnabled),
        mail_enabled: fromBool(input.mailEnabled),
        group_types: JSON.stringify(input.groupTypes),
        created_date_time: nowIso(),
      };
      await db.insertInto('groups').values(row).execute();
      return toGraphGroup(row);
    },

    async update(id: string, patch: GroupUpdate): Promise<{ before: Group; after: Group }> {
      const row = await requireGroup(id);
      const set: Partial<GroupRow> = {};
      if (patch.displayName !== undefined) set.display_name = patch.displayName;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.mailNickname !== undefined) set.mail_nickname = patch.mailNickname;
      if (Object.keys(set).length) await db.updateTable('groups').set(set).where('id', '=', id).execute();
      return { before: toGraphGroup(row), after: toGraphGroup({ ...row, ...set }) };
    },

    async delete(id: string): Promise<Group> {
      const row = await requireGroup(id);
      await db.deleteFrom('group_members').where('member_id', '=', id).execute();
      await db.deleteFrom('role_assignments').where('principal_id', '=', id).execute();
      await db.deleteFrom('app_role_assignments').where('principal_id', '=', id).execute();
      await db.deleteFrom('object_links').where('linked_id', '=', id).execute();
      await db.deleteFrom('groups').where('id', '=', id).execute();
      return toGraphGroup(row);
    },

    /** Adds a member (user, group or service principal). Refuses duplicates and cycles. */
    async addMember(groupId: string, memberId: string): Promise<DirectoryObject> {
      await requireGroup(groupId);
      const type = await resolveObjectType(db, memberId);
      if (!type) throw new DirectoryError('notFound', `Directory object '${memberId}' does not exist.`);
      const existing = await db
        .selectFrom('group_members').select('member_id')
        .where('group_id', '=', groupId).where('member_id', '=', memberId).executeTakeFirst();
      if (existing) {
        throw new DirectoryError('conflict', 'One or more added object references already exist for the following modified properties: \'members\'.');
      }
      if (type === 'group' && (memberId === groupId || (await transitiveGroupIds(groupId)).includes(memberId))) {
        throw new DirectoryError('invalid', `Adding group '${memberId}' to '${groupId}' would make a membership cycle.`);
      }
      await db.insertInto('group_members').values({ group_id: groupId, member_id: memberId, member_type: type }).execute();
      const [object] = await loadDirectoryObjects(db, [{ id: memberId, type }]);
      return object!;
    },

    async removeMember(groupId: string, memberId: string): Promise<void> {
      await requireGroup(groupId);
      const r = await db.deleteFrom('group_members')
        .where('group_id', '=', groupId).where('member_id', '=', memberId).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) {
        throw new DirectoryError('notFound', `'${memberId}' is not a member of group '${groupId}'.`);
      }
    },

    async members(groupId: string): Promise<DirectoryObject[]> {
      await requireGroup(groupId);
      const refs = await db.selectFrom('group_members')
        .select(['member_id as id', 'member_type as type']).where('group_id', '=', groupId).execute();
      return loadDirectoryObjects(db, refs);
    },

    async transitiveMembers(groupId: string): Promise<DirectoryObject[]> {
      await requireGroup(groupId);
      return loadDirectoryObjects(db, await transitiveMemberRefs(groupId));
    },

    /** Groups an object is a direct member of (Graph `memberOf`). */
    async memberOf(objectId: string): Promise<DirectoryObject[]> {
      const refs = await db.selectFrom('group_members').select('group_id as id')
        .where('member_id', '=', objectId).execute();
      return loadDirectoryObjects(db, refs.map((r) => ({ id: r.id, type: 'group' as const })));
    },

    /** Groups an object belongs to through any depth of nesting (Graph `transitiveMemberOf`). */
    async transitiveMemberOf(objectId: string): Promise<DirectoryObject[]> {
      const ids = await transitiveGroupIds(objectId);
      return loadDirectoryObjects(db, ids.map((id) => ({ id, type: 'group' as const })));
    },

    transitiveGroupIds,

    async addOwner(groupId: string, ownerId: string): Promise<void> {
      await requireGroup(groupId);
      const type = await resolveObjectType(db, ownerId);
      if (type !== 'user' && type !== 'servicePrincipal') {
        throw new DirectoryError('notFound', `User or service principal '${ownerId}' does not exist.`);
      }
      const existing = await db.selectFrom('group_owners').select('owner_id')
        .where('group_id', '=', groupId).where('owner_id', '=', ownerId).executeTakeFirst();
      if (existing) {
        throw new DirectoryError('conflict', 'One or more added object references already exist for the following modified properties: \'owners\'.');
      }
      await db.insertInto('group_owners').values({ group_id: groupId, owner_id: ownerId, owner_type: type }).execute();
    },

    async removeOwner(groupId: string, ownerId: string): Promise<void> {
      await requireGroup(groupId);
      const r = await db.deleteFrom('group_owners')
        .where('group_id', '=', groupId).where('owner_id', '=', ownerId).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) {
        throw new DirectoryError('notFound', `'${ownerId}' is not an owner of group '${groupId}'.`);
      }
    },

    async owners(groupId: string): Promise<DirectoryObject[]> {
      await requireGroup(groupId);
      const refs = await db.selectFrom('group_owners')
        .select(['owner_id as id', 'owner_type as type']).where('group_id', '=', groupId).execute();
      return loadDirectoryObjects(db, refs);
    },
  };
}

export type GroupsRepository = ReturnType<typeof createGroupsRepository>;
