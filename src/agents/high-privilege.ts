/**
 * High-privilege permissions: the ones an agent should not hold without an administrator saying
 * so on purpose. Entra blocks a list of high-risk Graph permissions for agent identities
 * (https://learn.microsoft.com/entra/agent-id/identity-platform/agent-restrictions); Limen keeps
 * this one list, flags every agent that holds one, and refuses new grants of them to agents
 * unless the administrator overrides (audited). Values are the management API's (Graph's) names,
 * both as application permissions (app roles) and delegated scopes.
 */
export const highPrivilegePermissions: ReadonlySet<string> = new Set([
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'Directory.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'User.ReadWrite.All',
  'Group.ReadWrite.All',
  'GroupMember.ReadWrite.All',
  'UserAuthenticationMethod.ReadWrite.All',
  'Policy.ReadWrite.ConditionalAccess',
  'Policy.ReadWrite.AuthenticationMethod',
  'AgentIdentityBlueprint.Create',
  'AgentIdentityBlueprint.ReadWrite.All',
  'AgentIdentity.ReadWrite.All',
  // Dismissing risk would let an agent undo the risk that Conditional Access blocks on.
  'IdentityRiskyUser.ReadWrite.All',
  'IdentityRiskyServicePrincipal.ReadWrite.All',
]);

/** Whether a permission value (an app role's or a scope's) is on the list. */
export const isHighPrivilege = (value: string): boolean => highPrivilegePermissions.has(value);
