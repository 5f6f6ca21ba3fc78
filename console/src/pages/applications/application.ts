/** Graph's application (app registration), as /applications returns it (src/directory/application.ts). */
export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  hint: string | null;
  startDateTime: string;
  endDateTime: string;
  secretText?: string | null;
}

export interface KeyCredential {
  keyId: string;
  type: string;
  usage: string;
  displayName: string | null;
  startDateTime: string;
  endDateTime: string;
  /** The certificate's SHA-1 thumbprint, unless whoever uploaded it chose another identifier. */
  customKeyIdentifier?: string | null;
}

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: Array<'User' | 'Application'>;
  isEnabled: boolean;
}

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: Array<{ id: string; type: 'Scope' | 'Role' }>;
}

export interface Application {
  id: string;
  appId: string;
  displayName: string;
  description: string | null;
  signInAudience: string;
  createdDateTime: string | null;
  identifierUris: string[];
  web: { redirectUris: string[]; logoutUrl?: string | null; homePageUrl?: string | null };
  spa: { redirectUris: string[] };
  publicClient: { redirectUris: string[] };
  isFallbackPublicClient: boolean | null;
  appRoles: AppRole[];
  requiredResourceAccess: RequiredResourceAccess[];
  keyCredentials: KeyCredential[];
  passwordCredentials: PasswordCredential[];
  tags: string[];
}

/** The resource's service principal, for the names of the permissions an app asks for. */
export interface ResourceServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appRoles: Array<{ id: string; value: string; displayName: string; description?: string; allowedMemberTypes?: string[]; isEnabled?: boolean }>;
  oauth2PermissionScopes: Array<{ id: string; value: string; adminConsentDisplayName: string; adminConsentDescription?: string; isEnabled?: boolean }>;
}

/** The app's own service principal (its enterprise application), as the Users and groups tab reads it. */
export interface AppServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appRoleAssignmentRequired: boolean;
}

/** Someone holding an app role of the app (GET /servicePrincipals/{id}/appRoleAssignedTo). */
export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  principalDisplayName: string | null;
  resourceId: string;
  createdDateTime: string | null;
}

/** Graph's "Default Access": an assignment that admits a person without giving them a role. */
export const defaultAccessRoleId = '00000000-0000-0000-0000-000000000000';

/** An assignment's role, by the app's name for it. */
export function assignedRoleName(app: Pick<Application, 'appRoles'>, appRoleId: string): string {
  if (appRoleId === defaultAccessRoleId) return 'Default Access';
  return (app.appRoles ?? []).find((r) => r.id === appRoleId)?.displayName ?? appRoleId;
}
