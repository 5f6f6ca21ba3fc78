/**
 * Which Graph properties each collection can filter, sort and select, and where they live. SQL
 * collections map to columns (the directory's `*Columns` maps), in-memory ones read the Graph
 * object itself (the column is then unused). Directory strings compare case-insensitively, as
 * in Graph; GUIDs are typed so `id eq '…'` is checked and normalised.
 */
import {
  applicationColumns,
  groupColumns,
  servicePrincipalColumns,
  userColumns,
} from '../../directory/index.ts';
import { directoryAuditFields, signInFields } from '../../logs/index.ts';
import type { FieldMap, FieldSpec, FieldType } from '../../odata/index.ts';

const text = (column: string): FieldSpec => ({ column, type: 'string', caseInsensitive: true });
const exact = (column: string, type: FieldType = 'string'): FieldSpec => ({ column, type });
const inData = (path: string[], type: FieldType, caseInsensitive = false): FieldSpec => ({
  column: 'data',
  jsonPath: path,
  type,
  caseInsensitive,
});

export const userFields: FieldMap = {
  id: exact(userColumns.id, 'guid'),
  userPrincipalName: text(userColumns.userPrincipalName),
  displayName: text(userColumns.displayName),
  givenName: text(userColumns.givenName),
  surname: text(userColumns.surname),
  mail: text(userColumns.mail),
  accountEnabled: exact(userColumns.accountEnabled, 'boolean'),
  userType: exact(userColumns.userType),
  jobTitle: text(userColumns.jobTitle),
  department: text(userColumns.department),
  employeeId: exact(userColumns.employeeId),
  employeeHireDate: exact(userColumns.employeeHireDate, 'dateTime'),
  employeeLeaveDateTime: exact(userColumns.employeeLeaveDateTime, 'dateTime'),
  usageLocation: exact(userColumns.usageLocation),
  createdDateTime: exact(userColumns.createdDateTime, 'dateTime'),
  signInSessionsValidFromDateTime: exact(userColumns.signInSessionsValidFromDateTime, 'dateTime'),
};
export const userSelectable = [...Object.keys(userFields), 'customSecurityAttributes'];

/**
 * GET /users also filters and sorts on signInActivity's dates (Graph filters them; sorting is
 * Limen's), read from user_sign_in_activities joined to users. `eq null` finds users who never
 * signed in that way.
 */
export const signInActivityFields: FieldMap = {
  'signInActivity/lastSignInDateTime': exact('user_sign_in_activities.last_sign_in_date_time', 'dateTime'),
  'signInActivity/lastNonInteractiveSignInDateTime': exact('user_sign_in_activities.last_non_interactive_sign_in_date_time', 'dateTime'),
  'signInActivity/lastSuccessfulSignInDateTime': exact('user_sign_in_activities.last_successful_sign_in_date_time', 'dateTime'),
};
export const usersListFields: FieldMap = { ...userFields, ...signInActivityFields };
/** signInActivity is returned only when $select names it, as in Graph. */
export const usersSelectable = [...userSelectable, 'signInActivity'];

export const groupFields: FieldMap = {
  id: exact(groupColumns.id, 'guid'),
  displayName: text(groupColumns.displayName),
  description: text(groupColumns.description),
  mailNickname: text(groupColumns.mailNickname),
  securityEnabled: exact(groupColumns.securityEnabled, 'boolean'),
  mailEnabled: exact(groupColumns.mailEnabled, 'boolean'),
  groupTypes: { column: groupColumns.groupTypes, type: 'stringCollection', caseInsensitive: true },
  createdDateTime: exact(groupColumns.createdDateTime, 'dateTime'),
};

export const applicationFields: FieldMap = {
  id: exact(applicationColumns.id, 'guid'),
  appId: text(applicationColumns.appId),
  displayName: text(applicationColumns.displayName),
  signInAudience: exact(applicationColumns.signInAudience),
  createdDateTime: exact(applicationColumns.createdDateTime, 'dateTime'),
  identifierUris: inData(['identifierUris'], 'stringCollection', true),
  tags: inData(['tags'], 'stringCollection', true),
};
export const applicationSelectable = [
  ...Object.keys(applicationFields),
  'description', 'web', 'spa', 'publicClient', 'isFallbackPublicClient', 'api', 'appRoles',
  'requiredResourceAccess', 'keyCredentials', 'passwordCredentials',
];

export const servicePrincipalFields: FieldMap = {
  id: exact(servicePrincipalColumns.id, 'guid'),
  appId: text(servicePrincipalColumns.appId),
  displayName: text(servicePrincipalColumns.displayName),
  accountEnabled: exact(servicePrincipalColumns.accountEnabled, 'boolean'),
  appRoleAssignmentRequired: exact(servicePrincipalColumns.appRoleAssignmentRequired, 'boolean'),
  servicePrincipalType: exact(servicePrincipalColumns.servicePrincipalType),
  createdDateTime: exact(servicePrincipalColumns.createdDateTime, 'dateTime'),
  servicePrincipalNames: inData(['servicePrincipalNames'], 'stringCollection', true),
  tags: inData(['tags'], 'stringCollection', true),
};
export const servicePrincipalSelectable = [
  ...Object.keys(servicePrincipalFields), 'appRoles', 'oauth2PermissionScopes',
];

/** Users, groups and service principals mixed (memberOf, members…): read in memory. */
export const directoryObjectFields: FieldMap = {
  id: exact('id', 'guid'),
  displayName: text('displayName'),
  userPrincipalName: text('userPrincipalName'),
  mail: text('mail'),
  accountEnabled: exact('accountEnabled', 'boolean'),
  securityEnabled: exact('securityEnabled', 'boolean'),
  appId: text('appId'),
  createdDateTime: exact('createdDateTime', 'dateTime'),
};
export const directoryObjectSelectable = [
  ...new Set([...userSelectable, ...Object.keys(groupFields), ...servicePrincipalSelectable]),
];
/** The listQuery option of every route answering a directoryObject collection. */
export const directoryObjectsQuery = {
  fields: directoryObjectFields,
  entityType: 'microsoft.graph.directoryObject',
  selectable: directoryObjectSelectable,
};

export const appRoleAssignmentFields: FieldMap = {
  id: exact('id'),
  appRoleId: exact('appRoleId', 'guid'),
  principalId: exact('principalId', 'guid'),
  principalType: exact('principalType'),
  principalDisplayName: text('principalDisplayName'),
  resourceId: exact('resourceId', 'guid'),
  resourceDisplayName: text('resourceDisplayName'),
  createdDateTime: exact('createdDateTime', 'dateTime'),
};

export const roleDefinitionFields: FieldMap = {
  id: exact('id'),
  templateId: exact('templateId', 'guid'),
  displayName: text('displayName'),
  description: text('description'),
  isBuiltIn: exact('isBuiltIn', 'boolean'),
  isEnabled: exact('isEnabled', 'boolean'),
  isPrivileged: exact('isPrivileged', 'boolean'),
};
export const roleDefinitionSelectable = [
  ...Object.keys(roleDefinitionFields), 'resourceScopes', 'rolePermissions', 'version',
];

export const roleAssignmentFields: FieldMap = {
  id: exact('id'),
  roleDefinitionId: exact('roleDefinitionId', 'guid'),
  principalId: exact('principalId', 'guid'),
  directoryScopeId: exact('directoryScopeId'),
  createdDateTime: exact('createdDateTime', 'dateTime'),
};

export const permissionGrantFields: FieldMap = {
  id: exact('id'),
  clientId: exact('clientId', 'guid'),
  consentType: exact('consentType'),
  principalId: exact('principalId', 'guid'),
  resourceId: exact('resourceId', 'guid'),
  scope: exact('scope'),
};

export const federatedCredentialFields: FieldMap = {
  id: exact('id', 'guid'),
  name: exact('name'),
  issuer: exact('issuer'),
  subject: exact('subject'),
  description: exact('description'),
  audiences: exact('audiences', 'stringCollection'),
};

/** Log fields keep src/logs' column names; the logs' Edm types become the OData layer's. */
const edmType = {
  String: 'string',
  Guid: 'guid',
  Int32: 'number',
  DateTimeOffset: 'dateTime',
} as const;
function fromLogFields(fields: Record<string, { column: string; type: keyof typeof edmType }>) {
  return Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [name, exact(f.column, edmType[f.type])]),
  );
}

/** Graph signIn: indexed columns, plus properties read from the stored JSON. */
export const signInFieldMap: FieldMap = {
  ...fromLogFields(signInFields),
  userPrincipalName: inData(['userPrincipalName'], 'string', true),
  userDisplayName: inData(['userDisplayName'], 'string', true),
  appDisplayName: inData(['appDisplayName'], 'string', true),
  ipAddress: inData(['ipAddress'], 'string'),
  clientAppUsed: inData(['clientAppUsed'], 'string'),
  // The log stores a sign-in without its default members (src/logs/sign-in.ts storedForm).
  conditionalAccessStatus: { ...inData(['conditionalAccessStatus'], 'string'), whenMissing: 'notApplied' },
  isInteractive: inData(['isInteractive'], 'boolean'),
  resourceId: inData(['resourceId'], 'string'),
  resourceDisplayName: inData(['resourceDisplayName'], 'string', true),
  'status/failureReason': inData(['status', 'failureReason'], 'string'),
  'location/countryOrRegion': inData(['location', 'countryOrRegion'], 'string'),
  // `signInEventTypes/any(t: t eq 'servicePrincipal')`, as Graph beta filters the kinds of sign-in.
  signInEventTypes: { ...inData(['signInEventTypes'], 'stringCollection'), sortable: false },
  // Graph beta's agentic sign-in (src/logs/sign-in.ts AgentSignIn); agentIdentityId is Limen's.
  'agent/agentType': { ...inData(['agent', 'agentType'], 'string'), whenMissing: 'notAgentic' },
  'agent/agentSubjectType': { ...inData(['agent', 'agentSubjectType'], 'string'), whenMissing: 'notAgentic' },
  'agent/parentAppId': inData(['agent', 'parentAppId'], 'string'),
  'agent/agentIdentityId': inData(['agent', 'agentIdentityId'], 'string'),
};

export const directoryAuditFieldMap: FieldMap = {
  ...fromLogFields(directoryAuditFields),
  correlationId: inData(['correlationId'], 'string'),
  loggedByService: inData(['loggedByService'], 'string'),
  operationType: inData(['operationType'], 'string'),
  'initiatedBy/user/userPrincipalName': inData(
    ['initiatedBy', 'user', 'userPrincipalName'],
    'string',
    true,
  ),
  'initiatedBy/user/displayName': inData(['initiatedBy', 'user', 'displayName'], 'string', true),
  'initiatedBy/app/appId': inData(['initiatedBy', 'app', 'appId'], 'string'),
  'initiatedBy/app/displayName': inData(['initiatedBy', 'app', 'displayName'], 'string', true),
};

/** Conditional Access policies and named locations, filtered in memory (at most 195 of each). */
export const conditionalAccessPolicyFields: FieldMap = {
  id: exact('id', 'guid'),
  displayName: text('displayName'),
  state: exact('state'),
  createdDateTime: exact('createdDateTime', 'dateTime'),
  modifiedDateTime: exact('modifiedDateTime', 'dateTime'),
};
export const namedLocationFields: FieldMap = {
  id: exact('id', 'guid'),
  displayName: text('displayName'),
  createdDateTime: exact('createdDateTime', 'dateTime'),
  modifiedDateTime: exact('modifiedDateTime', 'dateTime'),
};

/** Risky users and service principals (identity-protection/), filtered in SQL. */
export const riskyUserFields: FieldMap = {
  id: exact('risky_users.id', 'guid'),
  riskLevel: exact('risky_users.risk_level'),
  riskState: exact('risky_users.risk_state'),
  riskDetail: exact('risky_users.risk_detail'),
  riskLastUpdatedDateTime: exact('risky_users.risk_last_updated_date_time', 'dateTime'),
  userDisplayName: text('risky_users.user_display_name'),
  userPrincipalName: text('risky_users.user_principal_name'),
};
export const riskyServicePrincipalFields: FieldMap = {
  id: exact('risky_service_principals.id', 'guid'),
  appId: text('risky_service_principals.app_id'),
  displayName: text('risky_service_principals.display_name'),
  servicePrincipalType: exact('risky_service_principals.service_principal_type'),
  riskLevel: exact('risky_service_principals.risk_level'),
  riskState: exact('risky_service_principals.risk_state'),
  riskDetail: exact('risky_service_principals.risk_detail'),
  riskLastUpdatedDateTime: exact('risky_service_principals.risk_last_updated_date_time', 'dateTime'),
};
/** A principal's risk history, filtered in memory. */
export const riskHistoryFields: FieldMap = {
  id: exact('id'),
  riskLevel: exact('riskLevel'),
  riskState: exact('riskState'),
  riskDetail: exact('riskDetail'),
  riskLastUpdatedDateTime: exact('riskLastUpdatedDateTime', 'dateTime'),
  initiatedBy: exact('initiatedBy'),
};

/** Agent identities, filtered in SQL over service_principals joined with agent_identities. */
export const agentIdentityFields: FieldMap = {
  id: exact('service_principals.id', 'guid'),
  appId: text('service_principals.app_id'),
  displayName: text('service_principals.display_name'),
  accountEnabled: exact('service_principals.account_enabled', 'boolean'),
  agentIdentityBlueprintId: text('agent_identities.blueprint_app_id'),
  createdByAppId: text('agent_identities.created_by_app_id'),
  createdDateTime: exact('service_principals.created_date_time', 'dateTime'),
  lastSignInDateTime: exact('agent_identities.last_sign_in_date_time', 'dateTime'),
  tags: { column: 'service_principals.data', jsonPath: ['tags'], type: 'stringCollection', caseInsensitive: true },
};
export const agentIdentitySelectable = [
  ...Object.keys(agentIdentityFields), 'appRoleAssignmentRequired', 'servicePrincipalType', 'servicePrincipalNames',
  'customSecurityAttributes', 'highPrivilegePermissions', 'sponsorCount',
];

/** An agent identity's permissions with their sources, filtered in memory. */
export const agentPermissionFields: FieldMap = {
  value: text('value'),
  permissionType: exact('permissionType'),
  resourceId: exact('resourceId', 'guid'),
  resourceAppId: text('resourceAppId'),
  resourceDisplayName: text('resourceDisplayName'),
  source: exact('source'),
  sourceId: exact('sourceId'),
  consentType: exact('consentType'),
  highPrivilege: exact('highPrivilege', 'boolean'),
};

/** A blueprint's inheritable permissions, one per resource, filtered in memory. */
export const inheritablePermissionFields: FieldMap = {
  resourceAppId: text('resourceAppId'),
};
