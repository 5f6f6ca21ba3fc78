import { z } from 'zod';
import type { InheritablePermissionRow } from '../store/index.ts';
import { parseJson } from './json.ts';

/**
 * Graph's inheritablePermission: for one resource, which delegated scopes and app roles the
 * agent identities of a blueprint inherit
 * (https://learn.microsoft.com/graph/api/resources/inheritablepermission,
 * https://learn.microsoft.com/entra/agent-id/configure-inheritable-permissions-blueprints).
 * Patterns, as Graph's `@odata.type`: all allowed, none, or an enumerated list. Graph documents
 * enumerated lists for scopes only; `#microsoft.graph.enumeratedRoles` with `roles` is a Limen
 * extension, so an administrator can name the app roles agents inherit as they name scopes.
 *
 * What "inherit" means here. Entra passes on only what the blueprint principal was granted:
 * the inheritable list is written in the blueprint's home tenant, consent is given in each
 * tenant. Limen is single-tenant, so the administrator writing an enumerated list is the one
 * consenting: a value named in an enumerated list is granted to every agent of the blueprint
 * (for delegated scopes, for all users, as AllPrincipals consent). "All allowed" keeps Entra's
 * meaning: what the blueprint principal itself holds on the resource.
 */
export type InheritableScopes =
  | { '@odata.type': '#microsoft.graph.enumeratedScopes'; kind: 'enumerated'; scopes: string[] }
  | { '@odata.type': '#microsoft.graph.allAllowedScopes'; kind: 'allAllowed' }
  | { '@odata.type': '#microsoft.graph.noScopes'; kind: 'none' };

export type InheritableRoles =
  | { '@odata.type': '#microsoft.graph.enumeratedRoles'; kind: 'enumerated'; roles: string[] }
  | { '@odata.type': '#microsoft.graph.allAllowedRoles'; kind: 'allAllowed' }
  | { '@odata.type': '#microsoft.graph.noRoles'; kind: 'none' };

export interface InheritablePermission {
  resourceAppId: string;
  inheritableScopes: InheritableScopes;
  inheritableRoles: InheritableRoles;
}

/** Entra's limit: inheritable permissions for at most 10 resources per blueprint. */
export const maxInheritablePermissions = 10;

/** Graph writes `@odata.type` with or without the leading '#'; `kind` is derived, so it may be echoed back. */
const withHash = (value: unknown) => {
  const type = (value as { '@odata.type'?: unknown } | null)?.['@odata.type'];
  return typeof type === 'string' && !type.startsWith('#') ? { ...(value as object), '@odata.type': `#${type}` } : value;
};
const values = z.array(z.string().min(1).max(120).regex(/^[^\s]+$/, 'must not contain spaces')).min(1).max(100);
const pattern = <T extends string, K extends string>(type: T, kind: K) =>
  z.strictObject({ '@odata.type': z.literal(type), kind: z.literal(kind).optional() });

const scopesSchema = z.preprocess(withHash, z.discriminatedUnion('@odata.type', [
  pattern('#microsoft.graph.enumeratedScopes', 'enumerated').extend({ scopes: values }),
  pattern('#microsoft.graph.allAllowedScopes', 'allAllowed'),
  pattern('#microsoft.graph.noScopes', 'none'),
])).transform((s): InheritableScopes => {
  switch (s['@odata.type']) {
    case '#microsoft.graph.enumeratedScopes': return { '@odata.type': s['@odata.type'], kind: 'enumerated', scopes: [...new Set(s.scopes)] };
    case '#microsoft.graph.allAllowedScopes': return { '@odata.type': s['@odata.type'], kind: 'allAllowed' };
    default: return { '@odata.type': s['@odata.type'], kind: 'none' };
  }
});

const rolesSchema = z.preprocess(withHash, z.discriminatedUnion('@odata.type', [
  pattern('#microsoft.graph.enumeratedRoles', 'enumerated').extend({ roles: values }),
  pattern('#microsoft.graph.allAllowedRoles', 'allAllowed'),
  pattern('#microsoft.graph.noRoles', 'none'),
])).transform((s): InheritableRoles => {
  switch (s['@odata.type']) {
    case '#microsoft.graph.enumeratedRoles': return { '@odata.type': s['@odata.type'], kind: 'enumerated', roles: [...new Set(s.roles)] };
    case '#microsoft.graph.allAllowedRoles': return { '@odata.type': s['@odata.type'], kind: 'allAllowed' };
    default: return { '@odata.type': s['@odata.type'], kind: 'none' };
  }
});

export const noScopes: InheritableScopes = { '@odata.type': '#microsoft.graph.noScopes', kind: 'none' };
export const noRoles: InheritableRoles = { '@odata.type': '#microsoft.graph.noRoles', kind: 'none' };

/** POST body: a resource and at least one pattern; the one left out inherits nothing. */
export const inheritablePermissionCreateSchema = z.strictObject({
  '@odata.type': z.literal('#microsoft.graph.inheritablePermission').optional(),
  resourceAppId: z.string().min(1).max(100),
  inheritableScopes: scopesSchema.optional(),
  inheritableRoles: rolesSchema.optional(),
}).refine((p) => p.inheritableScopes || p.inheritableRoles, {
  message: 'give inheritableScopes, inheritableRoles or both',
  path: ['inheritableScopes'],
});
export type InheritablePermissionCreate = z.infer<typeof inheritablePermissionCreateSchema>;

/** PATCH body: either pattern, replacing the stored one. */
export const inheritablePermissionUpdateSchema = z.strictObject({
  inheritableScopes: scopesSchema.optional(),
  inheritableRoles: rolesSchema.optional(),
});
export type InheritablePermissionUpdate = z.infer<typeof inheritablePermissionUpdateSchema>;

export const toInheritablePermission = (row: InheritablePermissionRow): InheritablePermission => ({
  resourceAppId: row.resource_app_id,
  inheritableScopes: parseJson<InheritableScopes>(row.inheritable_scopes, noScopes),
  inheritableRoles: parseJson<InheritableRoles>(row.inheritable_roles, noRoles),
});
