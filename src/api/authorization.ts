import { z } from 'zod';
import { ApiError } from './api-error.ts';
import {
  expandPermissions,
  rolesGranting,
  type DirectoryRoleId,
  type Permission,
} from './permissions.ts';

/**
 * The claims of a verified access token that authorisation reads, named as in Entra's access
 * tokens (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
 * Verification (signature, issuer, audience, lifetime) is oidc's job; see createApi's
 * `verifyAccessToken`.
 */
export interface AccessTokenClaims {
  /** Object id of the caller: the user, or the service principal of an app-only caller. */
  oid: string;
  tid: string;
  sub: string;
  /** Client application id (v2 tokens). */
  azp?: string;
  /** Client application id (v1 tokens). */
  appid?: string;
  idtyp?: 'user' | 'app';
  /** App roles granted to an app-only caller (application permissions). */
  roles?: string[];
  /** Space-separated delegated scopes. */
  scp?: string;
  /** Directory role template ids the caller holds. */
  wids?: string[];
}

/** Checked at the boundary: a verifier bug must not become a privilege. */
export const accessTokenClaimsSchema = z.object({
  oid: z.string().min(1),
  tid: z.string().min(1),
  sub: z.string().min(1),
  azp: z.string().optional(),
  appid: z.string().optional(),
  idtyp: z.enum(['user', 'app']).optional(),
  roles: z.array(z.string()).optional(),
  scp: z.string().optional(),
  wids: z.array(z.string()).optional(),
});

/** Who is calling, as authorisation sees it. */
export interface Caller {
  kind: 'user' | 'app';
  /** The caller's object id (`oid`). */
  id: string;
  tenantId: string;
  /** The client application's id. */
  appId: string;
  /** Application permissions; only an app-only caller's count. */
  roles: readonly string[];
  /** Delegated permissions; only a user's count. */
  scopes: readonly string[];
  directoryRoleIds: readonly string[];
}

export function callerFromClaims(claims: AccessTokenClaims): Caller {
  // Entra marks app-only tokens with idtyp=app (optional claim); without it, a token carrying
  // delegated scopes is a user's.
  const kind = claims.idtyp ?? (claims.scp === undefined ? 'app' : 'user');
  return {
    kind,
    id: claims.oid,
    tenantId: claims.tid,
    appId: claims.azp ?? claims.appid ?? '',
    roles: kind === 'app' ? (claims.roles ?? []) : [],
    scopes: kind === 'user' ? (claims.scp ?? '').split(' ').filter(Boolean) : [],
    directoryRoleIds: claims.wids ?? [],
  };
}

/**
 * What a route demands. Permissions may be listed least-privileged only: holding a permission
 * that implies one listed (Directory.Read.All for User.Read.All) is enough.
 */
export interface AuthRequirement {
  /** Application permissions that open the route to app-only callers. */
  appRoles?: readonly Permission[];
  /** Delegated permissions a user's token must carry (one of). */
  delegatedScopes?: readonly Permission[];
  /** Directory roles that open the route beyond those the permissions table derives. */
  directoryRoles?: readonly DirectoryRoleId[];
  /**
   * A delegated caller must hold one of these roles besides the permission: Graph names the
   * roles for some reports, narrower than all those that grant the permission. App-only callers
   * need the permission only.
   */
  onlyDirectoryRoles?: readonly DirectoryRoleId[];
  /**
   * The route acts on the signed-in user only (`/me`): a delegated scope suffices, no role is
   * needed, as with Entra's default user permissions.
   */
  selfService?: boolean;
}

/** The common case: the same permissions, application or delegated. */
export function requires(...permissions: Permission[]): AuthRequirement {
  return { appRoles: permissions, delegatedScopes: permissions };
}

/**
 * Graph's model (https://learn.microsoft.com/graph/permissions-overview):
 * - app-only: the app holds one of the route's application permissions, or a directory role
 *   that grants one (a service principal can be a role member);
 * - delegated: the token carries one of the delegated scopes AND the user holds a directory role
 *   that allows the operation: delegated access is the intersection of app and user rights.
 */
export function isAuthorized(caller: Caller, requirement: AuthRequirement): boolean {
  const permissions =
    caller.kind === 'app' ? (requirement.appRoles ?? []) : (requirement.delegatedScopes ?? []);
  const extraRoles = requirement.directoryRoles ?? [];
  const holdsExtraRole = caller.directoryRoleIds.some((role) => (extraRoles as readonly string[]).includes(role));
  const held = expandPermissions(caller.kind === 'app' ? caller.roles : caller.scopes);
  // Per permission: a role that grants this very permission (not merely some permission listed).
  const roleGrants = (permission: Permission) =>
    caller.directoryRoleIds.some((role) => (rolesGranting([permission]) as readonly string[]).includes(role));
  if (caller.kind === 'app') {
    return holdsExtraRole || permissions.some((p) => held.has(p) || roleGrants(p));
  }
  const only = requirement.onlyDirectoryRoles;
  if (only) return permissions.some((p) => held.has(p)) && caller.directoryRoleIds.some((role) => (only as readonly string[]).includes(role));
  return permissions.some((p) => held.has(p) && (holdsExtraRole || roleGrants(p) || requirement.selfService === true));
}

export function authorize(caller: Caller, requirement: AuthRequirement): void {
  if (!isAuthorized(caller, requirement)) {
    throw new ApiError(
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }
}
