/**
 * Entra's protections around administrators, which Graph permissions alone do not express:
 * - sensitive actions on a user who holds a directory role (reset the password, enable or
 *   disable, delete, revoke sessions) need a Global Administrator or a Privileged
 *   Authentication Administrator, so a Helpdesk Administrator cannot take over an admin account
 *   ("Who can perform sensitive actions", https://learn.microsoft.com/entra/identity/
 *   role-based-access-control/privileged-roles-permissions);
 * - privileged roles (`isPrivileged`) are handed out or taken back only by a Global or
 *   Privileged Role Administrator. Entra says so of Global Administrator; Limen extends it to
 *   every privileged role, or an app holding RoleManagement.ReadWrite.Directory could assign
 *   itself Privileged Role Administrator first and Global Administrator next;
 * - joining a group that holds a role, or adding a credential to an app whose service principal
 *   holds one, is acquiring that role, so it needs the same (Entra's role-assignable groups,
 *   https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept);
 * - the tenant keeps an enabled Global Administrator (lockout protection).
 */
import { findDirectoryRole, managementApi, roleTemplateIds, type Directory } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import { isAuthorized, requires, type Caller } from '../authorization.ts';
import { Permission } from '../permissions.ts';

const globalAdministrator = roleTemplateIds.globalAdministrator;
const roleManagers = [globalAdministrator, roleTemplateIds.privilegedRoleAdministrator];

const denied = (reason: string) =>
  new ApiError(
    'Authorization_RequestDenied',
    `Insufficient privileges to complete the operation: ${reason}`,
  );

export function holdsAnyRole(caller: Caller, roles: readonly string[]): boolean {
  return caller.directoryRoleIds.some((role) => roles.includes(role));
}

/** Throws 403 unless the caller may perform `action` on `targetId` (see the file comment). */
export async function assertMayActOnUser(
  dir: Directory,
  caller: Caller,
  targetId: string,
  action: string,
): Promise<void> {
  const targetRoles = await dir.assignments.directoryRoleIdsOf(targetId);
  if (targetRoles.length === 0) return;
  const allowed = [globalAdministrator, roleTemplateIds.privilegedAuthenticationAdministrator];
  if (holdsAnyRole(caller, allowed)) return;
  throw denied(
    'only a Global Administrator or a Privileged Authentication Administrator may ' +
      `${action} a user who holds a directory role.`,
  );
}

/**
 * Throws 403 unless the caller may hand out (or take back) these directory roles: any role
 * needs RoleManagement.ReadWrite.Directory, a privileged one a Global or Privileged Role
 * Administrator.
 */
export function assertMayAssignRoles(caller: Caller, roleIds: readonly string[]): void {
  if (!isAuthorized(caller, requires(Permission.RoleManagementReadWriteDirectory))) {
    throw denied('changing who holds a directory role is role management.');
  }
  const privileged = roleIds.map(findDirectoryRole).filter((role) => role?.isPrivileged);
  if (privileged.length === 0 || holdsAnyRole(caller, roleManagers)) return;
  const names = privileged.map((role) => `'${role!.displayName}'`).join(', ');
  throw denied(
    'only a Global Administrator or a Privileged Role Administrator may assign or remove ' +
      `the privileged role ${names}.`,
  );
}

/** Adding to or removing from a group that holds roles (itself or through nesting). */
export async function assertMayManageRoleHoldingGroup(
  dir: Directory,
  caller: Caller,
  groupId: string,
): Promise<void> {
  const roles = await dir.assignments.directoryRoleIdsOf(groupId);
  if (roles.length > 0) assertMayAssignRoles(caller, roles);
}

/**
 * Whether an app's identity is worth as much as an administrator's: its service principal holds
 * a privileged directory role, an app role on the management API that writes, or delegated
 * consent to management scopes beyond signing in (User.Read). Whoever controls its credentials
 * or redirect URIs acts with that power.
 */
async function isPrivilegedApp(dir: Directory, appId: string): Promise<boolean> {
  const servicePrincipal = await dir.servicePrincipals.getByAppId(appId);
  if (!servicePrincipal) return false;
  const api = await dir.servicePrincipals.getByAppId(managementApi.appId);
  const [roles, grants] = await Promise.all([
    api ? dir.assignments.accessOf(servicePrincipal.id, api) : { roles: [], directoryRoleIds: [] },
    api ? dir.assignments.listPermissionGrants({ clientId: servicePrincipal.id, resourceId: api.id }) : [],
  ]);
  return roles.directoryRoleIds.some((id) => findDirectoryRole(id)?.isPrivileged)
    || roles.roles.some(isWritePermission)
    || grants.some((g) => g.scope.split(' ').some((s) => s !== '' && s !== 'User.Read'));
}

/** Graph permissions that change something: everything but the `*.Read.*` ones. */
export const isWritePermission = (value: string): boolean => !/\.Read(\.|$)/.test(value);

/**
 * A new secret or key, or new redirect URIs, for an app that acts as an administrator
 * (isPrivilegedApp): only a Global or Privileged Role Administrator may give someone that power.
 */
export async function assertMayAddCredentials(
  dir: Directory,
  caller: Caller,
  appId: string,
): Promise<void> {
  if (holdsAnyRole(caller, roleManagers) || !(await isPrivilegedApp(dir, appId))) return;
  throw denied(
    'this application holds privileged permissions, so only a Global Administrator or a ' +
      'Privileged Role Administrator may change its credentials or where it signs users in.',
  );
}

/**
 * Delegated consent to the management API beyond User.Read lets an app act as every consenting
 * user's roles; granting it is a role manager's decision (Entra limits Graph consent likewise).
 */
export function assertMayGrantManagementScopes(caller: Caller, resourceAppId: string, scope: string): void {
  if (resourceAppId !== managementApi.appId || holdsAnyRole(caller, roleManagers)) return;
  if (scope.split(' ').every((s) => s === '' || s === 'User.Read')) return;
  throw denied(
    'consent to management API scopes beyond User.Read needs a Global Administrator or a ' +
      'Privileged Role Administrator.',
  );
}

interface GlobalAdministratorCount {
  users: number;
  principals: number;
}

/**
 * Enabled users, and enabled users plus service principals, holding Global Administrator
 * directly or through groups.
 */
export async function countGlobalAdministrators(dir: Directory): Promise<GlobalAdministratorCount> {
  const users = new Set<string>();
  const servicePrincipals = new Set<string>();
  const assignments = await dir.assignments.listRoleAssignments({
    roleDefinitionId: globalAdministrator,
  });
  for (const { principalId } of assignments) {
    const user = await dir.users.get(principalId);
    if (user) {
      if (user.accountEnabled) users.add(user.id);
      continue;
    }
    const servicePrincipal = await dir.servicePrincipals.get(principalId);
    if (servicePrincipal) {
      if (servicePrincipal.accountEnabled) servicePrincipals.add(servicePrincipal.id);
      continue;
    }
    if (!(await dir.groups.get(principalId))) continue;
    for (const member of await dir.groups.transitiveMembers(principalId)) {
      if (member.accountEnabled !== true) continue;
      if (member['@odata.type'] === '#microsoft.graph.user') users.add(member.id);
      if (member['@odata.type'] === '#microsoft.graph.servicePrincipal') {
        servicePrincipals.add(member.id);
      }
    }
  }
  return { users: users.size, principals: users.size + servicePrincipals.size };
}

/**
 * Lockout protection: measures now, and returns the check to run after the change (as
 * auditedWrite's `recheck`). The change is refused when it leaves no enabled Global Administrator
 * user where there was one, or no enabled Global Administrator principal at all. Entra likewise
 * refuses to remove the last Global Administrator.
 */
export async function keepGlobalAdministrator(
  dir: Directory,
): Promise<(after: Directory) => Promise<void>> {
  const before = await countGlobalAdministrators(dir);
  return async (after) => {
    const now = await countGlobalAdministrators(after);
    const lostLastUser = before.users > 0 && now.users === 0;
    const lostLastPrincipal = before.principals > 0 && now.principals === 0;
    if (lostLastUser || lostLastPrincipal) {
      throw new ApiError(
        'Conflict',
        'This change would leave the tenant without an enabled Global Administrator ' +
          `${lostLastUser ? 'user' : 'principal'}. Assign Global Administrator to another ` +
          'enabled user first.',
      );
    }
  };
}
