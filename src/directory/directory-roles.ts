/**
 * Built-in directory roles, with Entra's display names and template ids so exported
 * Conditional Access policies (`includeRoles`) and admins' scripts carry over unchanged.
 * Source: Microsoft Entra built-in roles reference (permissions-reference).
 * Custom roles are not supported yet; `id` equals `templateId` for built-ins, as in Graph.
 */
export interface DirectoryRoleDefinition {
  id: string;
  templateId: string;
  displayName: string;
  description: string;
  isBuiltIn: true;
  isEnabled: true;
  isPrivileged: boolean;
}

function role(
  templateId: string,
  displayName: string,
  description: string,
  isPrivileged: boolean,
): DirectoryRoleDefinition {
  return { id: templateId, templateId, displayName, description, isBuiltIn: true, isEnabled: true, isPrivileged };
}

export const roleTemplateIds = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  conditionalAccessAdministrator: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  authenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  authenticationPolicyAdministrator: '0526716b-113d-4c15-b2c8-68e3c22b9f80',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  groupsAdministrator: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  agentIdAdministrator: 'db506228-d27e-4b7d-95e5-295956d6615f',
  agentIdDeveloper: 'adb2368d-a9be-41b5-8667-d96778e081b0',
} as const;

const t = roleTemplateIds;

export const directoryRoles: readonly DirectoryRoleDefinition[] = Object.freeze([
  role(t.globalAdministrator, 'Global Administrator', 'Can manage all aspects of the directory.', true),
  role(t.privilegedRoleAdministrator, 'Privileged Role Administrator', 'Can manage role assignments.', true),
  role(t.securityAdministrator, 'Security Administrator', 'Can read security information and reports, and manage Conditional Access and security settings.', true),
  role(t.securityReader, 'Security Reader', 'Can read security information and reports.', true),
  role(t.globalReader, 'Global Reader', 'Can read everything a Global Administrator can, but not change anything.', true),
  role(t.conditionalAccessAdministrator, 'Conditional Access Administrator', 'Can manage Conditional Access policies.', true),
  role(t.authenticationAdministrator, 'Authentication Administrator', 'Can manage authentication methods of non-administrators.', true),
  role(t.privilegedAuthenticationAdministrator, 'Privileged Authentication Administrator', 'Can manage authentication methods of any user, administrators included.', true),
  role(t.authenticationPolicyAdministrator, 'Authentication Policy Administrator', 'Can manage the authentication methods policy and authentication strengths.', false),
  role(t.userAdministrator, 'User Administrator', 'Can manage all aspects of users and groups.', true),
  role(t.groupsAdministrator, 'Groups Administrator', 'Can manage all aspects of groups.', false),
  role(t.applicationAdministrator, 'Application Administrator', 'Can create and manage all aspects of app registrations and enterprise apps.', true),
  role(t.cloudApplicationAdministrator, 'Cloud Application Administrator', 'Can create and manage app registrations and enterprise apps.', true),
  role(t.helpdeskAdministrator, 'Helpdesk Administrator', 'Can reset passwords and sessions of non-administrators.', true),
  role(t.reportsReader, 'Reports Reader', 'Can read sign-in and audit reports.', false),
  role(t.agentIdAdministrator, 'Agent ID Administrator', 'Can manage agent identities and agent identity blueprints.', true),
  role(t.agentIdDeveloper, 'Agent ID Developer', 'Can create agent identity blueprints and the agent identities they own.', false),
]);

const byId = new Map(directoryRoles.map((r) => [r.id, r]));

export function findDirectoryRole(id: string): DirectoryRoleDefinition | undefined {
  return byId.get(id);
}
