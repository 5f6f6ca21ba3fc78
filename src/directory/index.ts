import type { Db } from '../store/index.ts';
import { createApplicationsRepository } from './applications.repository.ts';
import { createAssignmentsRepository } from './assignments.repository.ts';
import { createGroupsRepository } from './groups.repository.ts';
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
  };
}
export type Directory = ReturnType<typeof createDirectory>;

export * from './application.ts';
export { activeHashes, type SecretHash } from './applications.repository.ts';
export * from './assignments.ts';
export { matchesClientSecret } from './client-secret.ts';
export type { DirectoryObject } from './directory-object.ts';
export { DirectoryError, type DirectoryErrorKind } from './directory-error.ts';
export { directoryRoles, findDirectoryRole, roleTemplateIds, type DirectoryRoleDefinition } from './directory-roles.ts';
export * from './federated-identity-credential.ts';
export * from './group.ts';
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
export { isLoopbackHost } from './redirect-uri.ts';
export * from './service-principal.ts';
export { isGuid } from './stable-id.ts';
export { cliClient, ensureBuiltInApplications, ensureManagementPermissions, ensureTenant, myAccountClient, readTenant, type Tenant } from './tenant.ts';
export * from './user.ts';
export type { UserCredentialRecord } from './users.repository.ts';
