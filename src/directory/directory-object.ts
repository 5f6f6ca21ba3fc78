import type { Db, MemberType } from '../store/index.ts';
import { toGraphGroup } from './group.ts';
import { toGraphServicePrincipal } from './service-principal.ts';
import { toGraphUser } from './user.ts';

/**
 * Graph's directoryObject: what a membership or an owner link points at. Collections of them
 * carry `@odata.type` so a client can tell users, groups and service principals apart.
 */
export type DirectoryObject = { '@odata.type': string; id: string; displayName: string } & Record<string, unknown>;

const odataType: Record<MemberType, string> = {
  user: '#microsoft.graph.user',
  group: '#microsoft.graph.group',
  servicePrincipal: '#microsoft.graph.servicePrincipal',
};

/** Finds which kind of object an id names, or undefined when none does. */
export async function resolveObjectType(db: Db, id: string): Promise<MemberType | undefined> {
  const [u, g, s] = await Promise.all([
    db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst(),
    db.selectFrom('groups').select('id').where('id', '=', id).executeTakeFirst(),
    db.selectFrom('service_principals').select('id').where('id', '=', id).executeTakeFirst(),
  ]);
  return u ? 'user' : g ? 'group' : s ? 'servicePrincipal' : undefined;
}

/** Loads the objects behind (id, type) pairs, keeping their order. */
export async function loadDirectoryObjects(
  db: Db,
  refs: Array<{ id: string; type: MemberType }>,
): Promise<DirectoryObject[]> {
  const ids = (t: MemberType) => refs.filter((r) => r.type === t).map((r) => r.id);
  const [users, groups, sps] = await Promise.all([
    ids('user').length ? db.selectFrom('users').selectAll().where('id', 'in', ids('user')).execute() : [],
    ids('group').length ? db.selectFrom('groups').selectAll().where('id', 'in', ids('group')).execute() : [],
    ids('servicePrincipal').length
      ? db.selectFrom('service_principals').selectAll().where('id', 'in', ids('servicePrincipal')).execute()
      : [],
  ]);
  const found = new Map<string, DirectoryObject>();
  for (const r of users) found.set(r.id, { '@odata.type': odataType.user, ...toGraphUser(r) });
  for (const r of groups) found.set(r.id, { '@odata.type': odataType.group, ...toGraphGroup(r) });
  for (const r of sps) found.set(r.id, { '@odata.type': odataType.servicePrincipal, ...toGraphServicePrincipal(r) });
  return refs.flatMap((r) => found.get(r.id) ?? []);
}
