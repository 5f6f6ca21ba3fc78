/**
 * What the signed-in admin may do, computed as the API computes it (src/api/authorization.ts):
 * a delegated call needs a scope the token carries AND a directory role that grants the same
 * permission. The tables are the server's own (src/api/permissions.ts, imported into this
 * bundle), so the console never offers what the API would refuse, nor hides what it allows.
 * The API still decides every call.
 */
import { directoryRolePermissions, expandPermissions, type DirectoryRoleId, type Permission } from '../../../src/api/permissions.ts';
import { directoryRoles } from '../../../src/directory/directory-roles.ts';
import type { AccessTokenClaims } from './token-claims.ts';

export type { Permission };

export interface Access {
  /** Permissions both the token's scopes and the admin's roles grant. */
  permissions: ReadonlySet<Permission>;
  /** Display names of the admin's directory roles. */
  roles: string[];
  /** Any of the given permissions. */
  can(...permissions: Permission[]): boolean;
  /** Holds any of the given directory roles (for routes Graph limits to named roles). */
  holdsRole(roles: readonly DirectoryRoleId[]): boolean;
}

export function accessOf(claims: Pick<AccessTokenClaims, 'scp' | 'wids'>): Access {
  const scoped = expandPermissions((claims.scp ?? '').split(' ').filter(Boolean));
  const wids = claims.wids ?? [];
  const byRoles = new Set<string>();
  for (const role of wids) {
    for (const p of expandPermissions(directoryRolePermissions[role as DirectoryRoleId] ?? [])) byRoles.add(p);
  }
  const permissions = new Set([...scoped].filter((p) => byRoles.has(p)) as Permission[]);
  const roles = wids.map((id) => directoryRoles.find((r) => r.templateId === id)?.displayName ?? id);
  return {
    permissions, roles,
    can: (...wanted) => wanted.some((p) => permissions.has(p)),
    holdsRole: (wanted) => wids.some((id) => (wanted as readonly string[]).includes(id)),
  };
}

/** A role's display name by its template id (role assignments name roles by id). */
export function roleName(templateId: string): string {
  return directoryRoles.find((r) => r.templateId === templateId)?.displayName ?? templateId;
}
