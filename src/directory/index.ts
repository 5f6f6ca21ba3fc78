import type { Db } from '../store/index.ts';
import { createAgentIdentitiesRepository } from './agent-identities.repository.ts';
import { createAgentIdentityBlueprintsRepository } from './agent-identity-blueprints.repository.ts';
import { createApplicationsRepository } from './applications.repository.ts';
import { createAssignmentsRepository } from './assignments.repository.ts';
import { createGroupsRepository } from './groups.repository.ts';
import { createObjectLinksRepository } from './object-links.repository.ts';
import { createServicePrincipalsRepository } from './service-principals.repository.ts';
import { createUsersRepository } from './users.repository.ts';

/**
 * The directory over one database handle. Cheap to build, so a caller that needs a transaction
 * builds one over `trx` and records the audit entry through the same handle.
 */
export function createDirectory(db: Db) {
  return {
    users: createUsersRepository(db),
    groups: createGroupsRepository(db),
    applications: createApplicationsRepository(db),
    servicePrincipals: createServicePrincipalsRepository(db),
    assignments: createAssignmentsRepository(db),
    agentIdentityBlueprints: createAgentIdentityBlueprintsRepository(db),
    agentIdentities: createAgentIdentitiesRepository(db),
    objectLinks: createObjectLinksRepository(db),
  };
}
export type Directory = ReturnType<typeof createDirectory>;

export * from './agent-identity.ts';
export * from './agent-identity-blueprint.ts';
export * from './agent-identity-policy.ts';
export type { NewAgentIdentity } from './agent-identities.repository.ts';
export { permissionsOfAgents, type AgentPermission } from './agent-permissions.ts';
export {
  agentOfClientId,
  agentRefusal,
  agentRolesFor,
  agentScopesFor,
  blueprintOfClientId,
  isAgentUsable,
  type AgentIdentityView,
  type AgentRefusal,
} from './agent-read-model.ts';
export * from './application.ts';
export { activeHashes, type SecretHash } from './applications.repository.ts';
export * from './assignments.ts';
export * from './custom-security-attributes.ts';
export { generateClientSecret, matchesClientSecret } from './client-secret.ts';
export type { DirectoryObject } from './directory-object.ts';
export { DirectoryError, type DirectoryErrorKind } from './directory-error.ts';
export { directoryRoles, findDirectoryRole, roleTemplateIds, type DirectoryRoleDefinition } from './directory-roles.ts';
export * from './federated-identity-credential.ts';
export * from './group.ts';
export * from './inheritable-permission.ts';
export {
  delegatedOnlyPermissions,
  graphPermissions,
  managementApi,
  managementAppRoles,
  managementScopes,
  type AppRole,
  type GraphPermission,
  type PermissionScope,
} from './management-api.ts';
export type { LinkRelationship } from './object-links.repository.ts';
export { isLoopbackHost } from './redirect-uri.ts';
export * from './service-principal.ts';
export { isGuid } from './stable-id.ts';
export { cliClient, consoleClient, ensureBuiltInApplications, ensureBuiltInConsent, ensureManagementPermissions, ensureTenant, myAccountClient, readTenant, type Tenant } from './tenant.ts';
export * from './user.ts';
export type { UserCredentialRecord } from './users.repository.ts';
