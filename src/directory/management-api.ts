import { stableId } from './stable-id.ts';

/**
 * The management API (`/v1.0`) as a resource in the directory: a built-in application and
 * service principal created with the tenant. Its appId is Microsoft Graph's, so policies and
 * scripts that name Graph (`00000003-0000-0000-c000-000000000000`) mean Limen's API here.
 * Clients ask for `api://limen/.default` (or `<appId>/.default`), like Graph's `.default`.
 */
export const managementApi = {
  appId: '00000003-0000-0000-c000-000000000000',
  displayName: 'Limen Graph API',
  identifierUri: 'api://limen',
  defaultScope: 'api://limen/.default',
} as const;

/** Graph's permission names; each is both an app role (app-only) and a delegated scope. */
export const graphPermissions = [
  ['User.Read', 'Sign in and read the signed-in user profile'],
  ['User.Read.All', 'Read all users\' full profiles'],
  ['User.ReadWrite.All', 'Read and write all users\' full profiles'],
  ['Group.Read.All', 'Read all groups'],
  ['Group.ReadWrite.All', 'Read and write all groups'],
  ['GroupMember.ReadWrite.All', 'Read and write all group memberships'],
  ['Application.Read.All', 'Read all applications'],
  ['Application.ReadWrite.All', 'Read and write all applications'],
  ['AppRoleAssignment.ReadWrite.All', 'Manage app permission grants and app role assignments'],
  ['RoleManagement.Read.Directory', 'Read all directory RBAC settings'],
  ['RoleManagement.ReadWrite.Directory', 'Read and write all directory RBAC settings'],
  ['AuditLog.Read.All', 'Read all audit log data'],
  ['Directory.Read.All', 'Read directory data'],
  ['Directory.ReadWrite.All', 'Read and write directory data'],
  ['Policy.Read.All', 'Read your organization\'s policies'],
  ['Policy.ReadWrite.ConditionalAccess', 'Read and write your organization\'s conditional access policies'],
  ['UserAuthenticationMethod.ReadWrite.All', 'Read and write all users\' authentication methods'],
  ['UserAuthenticationMethod.ReadWrite', 'Read and write user authentication methods'],
  ['User.RevokeSessions.All', 'Revoke all sign in sessions for a user'],
  ['User-PasswordProfile.ReadWrite.All', 'Read and write all password profiles and reset user passwords'],
  ['Policy.ReadWrite.AuthenticationMethod', 'Read and write all authentication method policies'],
  ['AgentIdentityBlueprint.Create', 'Create agent identity blueprints'],
  ['AgentIdentityBlueprint.ReadWrite.All', 'Read and write all agent identity blueprints'],
  ['AgentIdentity.ReadWrite.All', 'Read and write all agent identities'],
  ['AgentInstance.Read.All', 'Read all agent instances in Agent Registry'],
  ['AgentInstance.ReadWrite.All', 'Read and write all agent instances in Agent Registry'],
  ['IdentityRiskyUser.Read.All', 'Read all identity risky user information'],
  ['IdentityRiskyUser.ReadWrite.All', 'Read and write all risky user information'],
  ['IdentityRiskyServicePrincipal.Read.All', 'Read all identity risky service principal information'],
  ['IdentityRiskyServicePrincipal.ReadWrite.All', 'Read and write all identity risky service principal information'],
] as const;

export type GraphPermission = (typeof graphPermissions)[number][0];

/**
 * Permissions about the signed-in user only: Graph offers them as delegated scopes, never as
 * application permissions (an app-only call has no signed-in user).
 */
export const delegatedOnlyPermissions: readonly GraphPermission[] = ['User.Read', 'UserAuthenticationMethod.ReadWrite'];

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: Array<'User' | 'Application'>;
  isEnabled: boolean;
}

export interface PermissionScope {
  id: string;
  value: string;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  type: 'Admin' | 'User';
  isEnabled: boolean;
}

export const managementAppRoles: AppRole[] = graphPermissions
  .filter(([name]) => !delegatedOnlyPermissions.includes(name))
  .map(([value, text]) => ({
    id: stableId(`graph-app-role:${value}`),
    value,
    displayName: text,
    description: `Allows the app to ${text.charAt(0).toLowerCase()}${text.slice(1)} without a signed-in user.`,
    allowedMemberTypes: ['Application'] as Array<'User' | 'Application'>,
    isEnabled: true,
  }));

export const managementScopes: PermissionScope[] = graphPermissions.map(([value, text]) => ({
  id: stableId(`graph-scope:${value}`),
  value,
  adminConsentDisplayName: text,
  adminConsentDescription: `Allows the app to ${text.charAt(0).toLowerCase()}${text.slice(1)} on behalf of the signed-in user.`,
  type: value === 'User.Read' ? 'User' : 'Admin',
  isEnabled: true,
}));
