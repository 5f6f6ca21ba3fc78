import type { Db, MemberType } from '../store/index.ts';
import { DirectoryError } from './directory-error.ts';
import { loadDirectoryObjects, resolveObjectType, type DirectoryObject } from './directory-object.ts';
import { nowIso } from './stable-id.ts';

/**
 * Graph's `owners` and `sponsors` of an application or a service principal. Owners are the
 * technical administrators of the object; sponsors, on agent objects, the accountable people
 * (Entra Agent ID: https://learn.microsoft.com/entra/agent-id/identity-platform/agent-owners-sponsors-managers).
 */
export type LinkRelationship = 'owners' | 'sponsors';

/** Who may be linked: Entra's rules, sponsors at most 100 (5 of them groups). */
export const linkRules: Readonly<Record<LinkRelationship, { types: readonly MemberType[]; max: number; maxGroups: number }>> = {
  owners: { types: ['user', 'servicePrincipal'], max: 100, maxGroups: 0 },
  sponsors: { types: ['user', 'group'], max: 100, maxGroups: 5 },
};

const typeNames: Readonly<Record<MemberType, string>> = { user: 'user', group: 'group', servicePrincipal: 'service principal' };

export function createObjectLinksRepository(db: Db) {
  async function refs(objectId: string, relationship: LinkRelationship) {
    const rows = await db.selectFrom('object_links').select(['linked_id', 'linked_type'])
      .where('object_id', '=', objectId).where('relationship', '=', relationship)
      .orderBy('created_date_time').orderBy('linked_id').execute();
    return rows.map((r) => ({ id: r.linked_id, type: r.linked_type }));
  }

  return {
    /** The linked objects that still exist, oldest link first. */
    async list(objectId: string, relationship: LinkRelationship): Promise<DirectoryObject[]> {
      return loadDirectoryObjects(db, await refs(objectId, relationship));
    },

    /** How many objects each of `objectIds` has under `relationship` (0 when none). */
    async countFor(objectIds: readonly string[], relationship: LinkRelationship): Promise<Map<string, number>> {
      const counts = new Map(objectIds.map((id) => [id, 0]));
      if (objectIds.length === 0) return counts;
      const rows = await db.selectFrom('object_links').select('object_id')
        .where('object_id', 'in', [...objectIds]).where('relationship', '=', relationship).execute();
      for (const r of rows) counts.set(r.object_id, (counts.get(r.object_id) ?? 0) + 1);
      return counts;
    },

    /**
     * Links `linkedId`, checking Entra's rules for the relationship; returns the linked object.
     * `field` names the request property in messages (`sponsors@odata.bind`, `@odata.id`).
     */
    async add(objectId: string, relationship: LinkRelationship, linkedId: string, field = '@odata.id'): Promise<DirectoryObject> {
      const rule = linkRules[relationship];
      const type = await resolveObjectType(db, linkedId);
      if (!type || !rule.types.includes(type)) {
        const allowed = rule.types.map((t) => typeNames[t]).join(' or ');
        const found = type ? `it is a ${typeNames[type]}` : 'no such object exists';
        throw new DirectoryError(type ? 'invalid' : 'notFound',
          `Invalid value for property '${field}': ${relationship} must be a ${allowed}, and '${linkedId}' is not (${found}).`);
      }
      const current = await refs(objectId, relationship);
      if (current.some((r) => r.id === linkedId)) {
        throw new DirectoryError('conflict', `One or more added object references already exist for the following modified properties: '${relationship}'.`);
      }
      if (current.length >= rule.max) {
        throw new DirectoryError('invalid', `An object can have at most ${rule.max} ${relationship}.`);
      }
      if (type === 'group' && current.filter((r) => r.type === 'group').length >= rule.maxGroups) {
        throw new DirectoryError('invalid', `At most ${rule.maxGroups} of an object's ${relationship} may be groups.`);
      }
      await db.insertInto('object_links').values({
        object_id: objectId, relationship, linked_id: linkedId, linked_type: type, created_date_time: nowIso(),
      }).execute();
      const [linked] = await loadDirectoryObjects(db, [{ id: linkedId, type }]);
      return linked!;
    },

    async remove(objectId: string, relationship: LinkRelationship, linkedId: string): Promise<void> {
      const r = await db.deleteFrom('object_links')
        .where('object_id', '=', objectId).where('relationship', '=', relationship).where('linked_id', '=', linkedId)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) {
        throw new DirectoryError('notFound', `'${linkedId}' is not one of the ${relationship} of '${objectId}'.`);
      }
    },
  };
}

export type ObjectLinksRepository = ReturnType<typeof createObjectLinksRepository>;
