// The role catalogue itself, not the directory's index: the admin center (console/) imports this
// file into the browser bundle to show each admin what their roles allow.
import { roleTemplateIds } from '../directory/directory-roles.ts';

/**
 * Permissions and directory roles, as data. Names are Microsoft Graph's
 * (https://learn.microsoft.com/graph/permissions-reference); role template ids are Entra's
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference).
 * Routes name permissions through `Permission.*`, never as loose strings.
 */
export const Permission = {
  /** Delegated only: the signed-in user's own profile (`/me`). */
  UserRead: 'User.Read',
  UserReadAll: 'User.Read.All',
  UserReadWriteAll: 'User.ReadWrite.All',
  UserRevokeSessionsAll: 'User.RevokeSessions.All',
  UserPasswordProfileReadWriteAll: 'User-PasswordProfile.ReadWrite.All',
  GroupReadAll: 'Group.Read.All',
  GroupReadWriteAll: 'Group.ReadWrite.All',
  GroupMemberReadWriteAll: 'GroupMember.ReadWrite.All',
  ApplicationReadAll: 'Application.Read.All',
  ApplicationReadWriteAll: 'Application.ReadWrite.All',
  AppRoleAssignmentReadWriteAll: 'AppRoleAssignment.ReadWrite.All',
  RoleManagementReadDirectory: 'RoleManagement.Read.Directory',
  RoleManagementReadWriteDirectory: 'RoleManagement.ReadWrite.Directory',
  AuditLogReadAll: 'AuditLog.Read.All',
  DirectoryReadAll: 'Directory.Read.All',
  DirectoryReadWriteAll: 'Directory.ReadWrite.All',
  PolicyReadAll: 'Policy.Read.All',
  PolicyReadWriteConditionalAccess: 'Policy.ReadWrite.ConditionalAccess',
  PolicyReadWriteAuthenticationMethod: 'Policy.ReadWrite.AuthenticationMethod',
  UserAuthenticationMethodReadWriteAll: 'UserAuthenticationMethod.ReadWrite.All',
  /** Delegated only: the signed-in user's own authentication methods (`/me/authentication`). */
  UserAuthenticationMethodReadWrite: 'UserAuthenticationMethod.ReadWrite',
  AgentIdentityBlueprintCreate: 'AgentIdentityBlueprint.Create',
  AgentIdentityBlueprintReadWriteAll: 'AgentIdentityBlueprint.ReadWrite.All',
  AgentIdentityReadWriteAll: 'AgentIdentity.ReadWrite.All',
  AgentInstanceReadAll: 'AgentInstance.Read.All',
  AgentInstanceReadWriteAll: 'AgentInstance.ReadWrite.All',
  IdentityRiskyUserReadAll: 'IdentityRiskyUser.Read.All',
  IdentityRiskyUserReadWriteAll: 'IdentityRiskyUser.ReadWrite.All',
  IdentityRiskyServicePrincipalReadAll: 'IdentityRiskyServicePrincipal.Read.All',
  IdentityRiskyServicePrincipalReadWriteAll: 'IdentityRiskyServicePrincipal.ReadWrite.All',
} as const;

export type Permission = (typeof Permission)[keyof typeof Permission];

/** Shown in consent and in the OpenAPI document, in Graph's words where Graph has them. */
export const permissionDescriptions: Readonly<Record<Permission, string>> = {
  'User.Read': 'Sign in and read the signed-in user profile',
  'User.Read.All': "Read all users' full profiles",
  'User.ReadWrite.All': "Read and write all users' full profiles",
  'User.RevokeSessions.All': 'Revoke all sign in sessions for a user',
  'User-PasswordProfile.ReadWrite.All':
    'Read and write all password profiles and reset user passwords',
  'Group.Read.All': 'Read all groups',
  'Group.ReadWrite.All': 'Read and write all groups',
  'GroupMember.ReadWrite.All': 'Read and write all group memberships',
  'Application.Read.All': 'Read all applications',
  'Application.ReadWrite.All': 'Read and write all applications',
  'AppRoleAssignment.ReadWrite.All': 'Manage app permission grants and app role assignments',
  'RoleManagement.Read.Directory': 'Read all directory RBAC settings',
  'RoleManagement.ReadWrite.Directory': 'Read and write all directory RBAC settings',
  'AuditLog.Read.All': 'Read all audit log data',
  'Directory.Read.All': 'Read directory data',
  'Directory.ReadWrite.All': 'Read and write directory data',
  'Policy.Read.All': "Read your organization's policies",
  'Policy.ReadWrite.ConditionalAccess':
    "Read and write your organization's conditional access policies",
  'Policy.ReadWrite.AuthenticationMethod': 'Read and write all authentication method policies',
  'UserAuthenticationMethod.ReadWrite.All': "Read and write all users' authentication methods",
  'UserAuthenticationMethod.ReadWrite': 'Read and write user authentication methods',
  'AgentIdentityBlueprint.Create': 'Create agent identity blueprints',
  'AgentIdentityBlueprint.ReadWrite.All': 'Read and write all agent identity blueprints',
  'AgentIdentity.ReadWrite.All': 'Read and write all agent identities',
  'AgentInstance.Read.All': 'Read all agent instances in Agent Registry',
  'AgentInstance.ReadWrite.All': 'Read and write all agent instances in Agent Registry',
  'IdentityRiskyUser.Read.All': 'Read all identity risky user information',
  'IdentityRiskyUser.ReadWrite.All': 'Read and write all risky user information',
  'IdentityRiskyServicePrincipal.Read.All': 'Read all identity risky service principal information',
  'IdentityRiskyServicePrincipal.ReadWrite.All': 'Read and write all identity risky service principal information',
};

/**
 * What else holding a permission grants, as Graph's per-API permission tables imply: every API
 * that accepts `User.Read.All` also accepts `User.ReadWrite.All` and `Directory.Read.All`, etc.
 * Transitive (Directory.ReadWrite.All → Directory.Read.All → User.Read.All).
 */
const implies: Readonly<Partial<Record<Permission, readonly Permission[]>>> = {
  'Directory.ReadWrite.All': [
    'Directory.Read.All',
    'User.ReadWrite.All',
    'Group.ReadWrite.All',
    'GroupMember.ReadWrite.All',
  ],
  'Directory.Read.All': [
    'User.Read.All',
    'Group.Read.All',
    'Application.Read.All',
    'RoleManagement.Read.Directory',
  ],
  'User.ReadWrite.All': [
    'User.Read.All',
    'User.RevokeSessions.All',
    'User-PasswordProfile.ReadWrite.All',
  ],
  /** `/me` accepts any user-reading permission, as Graph's "Get user" does. */
  'User.Read.All': ['User.Read'],
  /** Graph's `/me/authentication` routes also accept the tenant-wide permission. */
  'UserAuthenticationMethod.ReadWrite.All': ['UserAuthenticationMethod.ReadWrite'],
  'Group.ReadWrite.All': ['Group.Read.All', 'GroupMember.ReadWrite.All'],
  'Application.ReadWrite.All': ['Application.Read.All'],
  'RoleManagement.ReadWrite.Directory': ['RoleManagement.Read.Directory'],
  'AgentIdentityBlueprint.ReadWrite.All': ['AgentIdentityBlueprint.Create'],
  'AgentInstance.ReadWrite.All': ['AgentInstance.Read.All'],
  'IdentityRiskyUser.ReadWrite.All': ['IdentityRiskyUser.Read.All'],
  'IdentityRiskyServicePrincipal.ReadWrite.All': ['IdentityRiskyServicePrincipal.Read.All'],
};

/**
 * Entra's built-in role template ids: the values of a token's `wids` claim. The ids themselves
 * live in the directory's role catalogue (`roleTemplateIds`), the one source for both.
 */
const t = roleTemplateIds;
export const DirectoryRole = {
  GlobalAdministrator: t.globalAdministrator,
  PrivilegedRoleAdministrator: t.privilegedRoleAdministrator,
  SecurityAdministrator: t.securityAdministrator,
  SecurityReader: t.securityReader,
  GlobalReader: t.globalReader,
  ConditionalAccessAdministrator: t.conditionalAccessAdministrator,
  AuthenticationAdministrator: t.authenticationAdministrator,
  PrivilegedAuthenticationAdministrator: t.privilegedAuthenticationAdministrator,
  AuthenticationPolicyAdministrator: t.authenticationPolicyAdministrator,
  UserAdministrator: t.userAdministrator,
  GroupsAdministrator: t.groupsAdministrator,
  ApplicationAdministrator: t.applicationAdministrator,
  CloudApplicationAdministrator: t.cloudApplicationAdministrator,
  HelpdeskAdministrator: t.helpdeskAdministrator,
  ReportsReader: t.reportsReader,
  AgentIdAdministrator: t.agentIdAdministrator,
  AgentIdDeveloper: t.agentIdDeveloper,
} as const;

export type DirectoryRoleId = (typeof DirectoryRole)[keyof typeof DirectoryRole];

/**
 * The roles Graph names for the authentication methods registration reports: a delegated caller
 * needs one of them besides AuditLog.Read.All, which other admins (an Application Administrator)
 * hold for sign-in logs.
 */
export const authenticationMethodsReportRoles: readonly DirectoryRoleId[] = [
  DirectoryRole.GlobalAdministrator, DirectoryRole.GlobalReader, DirectoryRole.ReportsReader,
  DirectoryRole.SecurityReader, DirectoryRole.SecurityAdministrator,
];

const allPermissions = Object.values(Permission);
const readPermissions = allPermissions.filter((p) => /\.Read(\.|$)/.test(p));

/**
 * Which permissions each directory role carries, after Entra's role descriptions. Entra roles are
 * finer than Graph permissions; where a role may act only on some targets (Helpdesk and
 * Authentication Administrators reset only non-administrators, Application Administrators cannot
 * grant this API's own app roles), the permission opens the route and the route checks the
 * target. Unlike Entra, Limen grants no directory reads to users without a role, so each admin
 * role also carries the reads its work needs (Directory.Read.All).
 */
export const directoryRolePermissions: Readonly<Record<DirectoryRoleId, readonly Permission[]>> = {
  [DirectoryRole.GlobalAdministrator]: allPermissions,
  [DirectoryRole.GlobalReader]: readPermissions,
  [DirectoryRole.PrivilegedRoleAdministrator]: [
    'RoleManagement.ReadWrite.Directory',
    'AppRoleAssignment.ReadWrite.All',
    'Directory.Read.All',
  ],
  [DirectoryRole.SecurityAdministrator]: [
    'Policy.Read.All',
    'Policy.ReadWrite.ConditionalAccess',
    'AuditLog.Read.All',
    'Directory.Read.All',
    // Graph's risky user and service principal APIs: Security Administrator may act, Security Reader read.
    'IdentityRiskyUser.ReadWrite.All',
    'IdentityRiskyServicePrincipal.ReadWrite.All',
  ],
  [DirectoryRole.SecurityReader]: [
    'Policy.Read.All', 'AuditLog.Read.All', 'Directory.Read.All', 'IdentityRiskyUser.Read.All', 'IdentityRiskyServicePrincipal.Read.All',
  ],
  [DirectoryRole.ConditionalAccessAdministrator]: [
    'Policy.Read.All',
    'Policy.ReadWrite.ConditionalAccess',
    'Directory.Read.All',
  ],
  [DirectoryRole.AuthenticationAdministrator]: [
    'UserAuthenticationMethod.ReadWrite.All',
    'User-PasswordProfile.ReadWrite.All',
    'User.RevokeSessions.All',
    'Directory.Read.All',
  ],
  [DirectoryRole.PrivilegedAuthenticationAdministrator]: [
    'UserAuthenticationMethod.ReadWrite.All',
    'User-PasswordProfile.ReadWrite.All',
    'User.RevokeSessions.All',
    'Directory.Read.All',
  ],
  [DirectoryRole.AuthenticationPolicyAdministrator]: [
    'Policy.Read.All',
    'Policy.ReadWrite.AuthenticationMethod',
    'Directory.Read.All',
  ],
  [DirectoryRole.UserAdministrator]: [
    'User.ReadWrite.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
  ],
  [DirectoryRole.GroupsAdministrator]: ['Group.ReadWrite.All', 'Directory.Read.All'],
  [DirectoryRole.ApplicationAdministrator]: [
    'Application.ReadWrite.All',
    'AppRoleAssignment.ReadWrite.All',
    'AuditLog.Read.All',
    'Directory.Read.All',
  ],
  [DirectoryRole.CloudApplicationAdministrator]: [
    'Application.ReadWrite.All',
    'AppRoleAssignment.ReadWrite.All',
    'AuditLog.Read.All',
    'Directory.Read.All',
  ],
  [DirectoryRole.HelpdeskAdministrator]: [
    'User-PasswordProfile.ReadWrite.All',
    'User.RevokeSessions.All',
    'Directory.Read.All',
  ],
  [DirectoryRole.ReportsReader]: ['AuditLog.Read.All'],
  [DirectoryRole.AgentIdAdministrator]: [
    'AgentIdentityBlueprint.ReadWrite.All',
    'AgentIdentity.ReadWrite.All',
    // Graph's agent registry names Agent Registry Administrator, a role Limen folds in here.
    'AgentInstance.ReadWrite.All',
    'Directory.Read.All',
  ],
  [DirectoryRole.AgentIdDeveloper]: ['AgentIdentityBlueprint.Create'],
};

/** The permissions and everything they imply. */
export function expandPermissions(held: Iterable<string>): Set<string> {
  const result = new Set<string>();
  const pending = [...held];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (result.has(next)) continue;
    result.add(next);
    pending.push(...(implies[next as Permission] ?? []));
  }
  return result;
}

/** Every permission that grants `permission`, itself included: what Graph's docs list per API. */
export function permissionsGranting(permission: Permission): Permission[] {
  return allPermissions.filter((candidate) => expandPermissions([candidate]).has(permission));
}

const roleGrants = new Map<string, Set<string>>(
  Object.entries(directoryRolePermissions).map(([role, permissions]) => [
    role,
    expandPermissions(permissions),
  ]),
);

/** Directory roles whose permissions include any of `permissions` (implications included). */
export function rolesGranting(permissions: readonly string[]): DirectoryRoleId[] {
  const roles: DirectoryRoleId[] = [];
  for (const [role, grants] of roleGrants) {
    if (permissions.some((p) => grants.has(p))) roles.push(role as DirectoryRoleId);
  }
  return roles;
}
