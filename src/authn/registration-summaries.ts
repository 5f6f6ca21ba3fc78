/**
 * Graph's usersRegisteredByFeature and usersRegisteredByMethod: counts over the
 * userRegistrationDetails rows, narrowed by user type and by role.
 * @see https://learn.microsoft.com/graph/api/authenticationmethodsroot-usersregisteredbyfeature
 * @see https://learn.microsoft.com/graph/api/authenticationmethodsroot-usersregisteredbymethod
 */
import { roleTemplateIds } from '../directory/directory-roles.ts';
import { countedMethodNames, type UserRegistrationDetails } from './registration-details.ts';

export const includedUserTypes = ['all', 'member', 'guest'] as const;
export const includedUserRoles = ['all', 'privilegedAdmin', 'admin', 'user'] as const;
export type IncludedUserTypes = (typeof includedUserTypes)[number];
export type IncludedUserRoles = (typeof includedUserRoles)[number];

const t = roleTemplateIds;
/**
 * Graph's `privilegedAdmin`, as far as Limen has these roles (it has no Exchange, SharePoint or
 * Billing Administrator).
 */
export const privilegedAdminRoleIds: ReadonlySet<string> = new Set([
  t.globalAdministrator, t.securityAdministrator, t.conditionalAccessAdministrator,
  t.helpdeskAdministrator, t.userAdministrator, t.authenticationAdministrator,
]);

/** What the summaries need of a user beyond the report row: the roles behind isAdmin, the password. */
export interface SummaryRow {
  details: UserRegistrationDetails;
  roleIds: ReadonlySet<string>;
  hasPassword: boolean;
}

export interface SummaryScope {
  userTypes: IncludedUserTypes;
  userRoles: IncludedUserRoles;
}

function inScope(row: SummaryRow, scope: SummaryScope): boolean {
  if (scope.userTypes !== 'all' && row.details.userType !== scope.userTypes) return false;
  switch (scope.userRoles) {
    case 'all': return true;
    case 'admin': return row.roleIds.size > 0;
    case 'user': return row.roleIds.size === 0;
    case 'privilegedAdmin': return [...row.roleIds].some((id) => privilegedAdminRoleIds.has(id));
  }
}

const features = [
  ['ssprRegistered', (d: UserRegistrationDetails) => d.isSsprRegistered],
  ['ssprEnabled', (d: UserRegistrationDetails) => d.isSsprEnabled],
  ['ssprCapable', (d: UserRegistrationDetails) => d.isSsprCapable],
  ['passwordlessCapable', (d: UserRegistrationDetails) => d.isPasswordlessCapable],
  ['mfaCapable', (d: UserRegistrationDetails) => d.isMfaCapable],
] as const;

/** Graph's userRegistrationFeatureSummary. */
export function featureSummary(rows: readonly SummaryRow[], scope: SummaryScope) {
  const users = rows.filter((r) => inScope(r, scope)).map((r) => r.details);
  return {
    totalUserCount: users.length,
    userRegistrationFeatureCounts: features.map(([feature, has]) => ({ feature, userCount: users.filter(has).length })),
    userRoles: scope.userRoles,
    userTypes: scope.userTypes,
  };
}

/**
 * Graph's userRegistrationMethodSummary: every method Limen has, zero counts included, so a
 * client sees which methods exist.
 */
export function methodSummary(rows: readonly SummaryRow[], scope: SummaryScope) {
  const users = rows.filter((r) => inScope(r, scope));
  return {
    totalUserCount: users.length,
    userRegistrationMethodCounts: countedMethodNames.map((method) => ({
      authenticationMethod: method,
      userCount: users.filter((u) => (method === 'password' ? u.hasPassword : u.details.methodsRegistered.includes(method))).length,
    })),
    userRoles: scope.userRoles,
    userTypes: scope.userTypes,
  };
}
