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
  AgentIdentityBlueprintCreate: 'AgentIdentityBlueprint.Create',
  AgentIdentityBlueprintReadWriteAll: 'AgentIdentityBlueprint.ReadWrite.All',
  AgentIdentityReadWriteAll: 'AgentIdentity.ReadWrite.All',
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
  'AgentIdentityBlueprint.Create': 'Create agent identity blueprints',
  'AgentIdentityBlueprint.ReadWrite.All': 'Read and write all agent identity blueprints',
  'AgentIdentity.ReadWrite.All': 'Read and write all agent identities',
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
  'Group.ReadWrite.All': ['Group.Read.All', 'GroupMember.ReadWrite.All'],
  'Application.ReadWrite.All': ['Application.Read.All'],
  'RoleManagement.ReadWrite.Directory': ['RoleManagement.Read.Directory'],
  'AgentIdentityBlueprint.ReadWrite.All': ['AgentIdentityBlueprint.Create'],
};

/** Entra's built-in role template ids: the values of a token's `wids` claim. */
export const DirectoryRole = {
  GlobalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  PrivilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  SecurityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  SecurityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  GlobalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  ConditionalAccessAdministrator: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  AuthenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  PrivilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  AuthenticationPolicyAdministrator: '0526716b-113d-4c15-b2c8-68e3c22b9f80',
  UserAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  GroupsAdministrator: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  ApplicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  CloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  HelpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  ReportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  AgentIdAdministrator: 'db506228-d27e-4b7d-95e5-295956d6615f',
  AgentIdDeveloper: 'adb2368d-a9be-41b5-8667-d96778e081b0',
} as const;

export type DirectoryRoleId = (typeof DirectoryRole)[keyof typeof DirectoryRole];

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
  ],
  [DirectoryRole.SecurityReader]: ['Policy.Read.All', 'AuditLog.Read.All', 'Directory.Read.All'],
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
