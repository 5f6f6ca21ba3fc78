/**
 * Who is signing in, as Conditional Access sees them: a user with every group (nested groups
 * expanded) and every directory role template they hold (directly or through a group), or a
 * service principal. Read from the directory for each evaluation.
 */
import type { Directory, ServicePrincipal, User } from '../directory/index.ts';
import type { CaServicePrincipalSubject, CaUserSubject } from './evaluate/index.ts';

export async function userSubject(dir: Directory, user: User): Promise<CaUserSubject> {
  const [groupIds, roleTemplateIds] = await Promise.all([
    dir.groups.transitiveGroupIds(user.id),
    dir.assignments.directoryRoleIdsOf(user.id),
  ]);
  return {
    kind: 'user',
    userId: user.id,
    groupIds: new Set(groupIds),
    roleTemplateIds: new Set(roleTemplateIds),
    userType: String(user.userType).toLowerCase() === 'guest' ? 'guest' : 'member',
  };
}

export function servicePrincipalSubject(sp: ServicePrincipal): CaServicePrincipalSubject {
  return { kind: 'servicePrincipal', servicePrincipalId: sp.id, appId: sp.appId, isAgent: false };
}
