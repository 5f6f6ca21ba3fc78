import { managementApi, type AgentPermission } from '../directory/index.ts';
import { isHighPrivilege } from './high-privilege.ts';

/**
 * The high-privilege rule applied to what agents hold. The list names the management API's
 * (Graph's) permissions, so a value counts only on that resource: another API may call a role
 * `Directory.ReadWrite.All` without it meaning anything here.
 */
export const isHighPrivilegeOn = (resourceAppId: string, value: string): boolean =>
  resourceAppId === managementApi.appId && isHighPrivilege(value);

/** The values among `values` that are high-privilege on the resource, in order, once each. */
export const highPrivilegeAmong = (resourceAppId: string, values: readonly string[]): string[] =>
  [...new Set(values.filter((v) => isHighPrivilegeOn(resourceAppId, v)))];

export type FlaggedAgentPermission = AgentPermission & { highPrivilege: boolean };

export const flagHighPrivilege = (permission: AgentPermission): FlaggedAgentPermission =>
  ({ ...permission, highPrivilege: isHighPrivilegeOn(permission.resourceAppId, permission.value) });

/** An agent's high-privilege permissions, sorted, once each: its `highPrivilegePermissions`. */
export const highPrivilegePermissionsOf = (permissions: readonly AgentPermission[]): string[] =>
  [...new Set(permissions.filter((p) => isHighPrivilegeOn(p.resourceAppId, p.value)).map((p) => p.value))].sort();
