import { errors } from 'oidc-provider';
import type { DirectoryCache } from './directory-cache.ts';
import { hasNul } from './nul.ts';
import { isGuid, managementApi, type Application, type Directory, type ServicePrincipal } from '../directory/index.ts';

/**
 * Resources (APIs) are applications that expose an identifier URI; clients name them the way
 * Entra does, inside the scope: `api://limen/.default`, `<appId>/.default` or
 * `api://limen/User.Read` (RFC 8707 `resource` works too). Bare scope values such as
 * `User.Read` mean the management API, as bare values mean Microsoft Graph in Entra.
 *
 * `.default` asks for whatever the client is already allowed: consented delegated scopes for a
 * user, app roles for an app-only token.
 */
export const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

export interface Resource {
  /** The RFC 8707 resource indicator oidc-provider keys it by: first identifier URI, or api://<appId>. */
  indicator: string;
  /** Access token `aud`: the identifier URI, or the appId when the app has none. */
  audience: string;
  /** Every prefix a scope may carry for this resource. */
  prefixes: string[];
  app: Application;
  sp: ServicePrincipal;
}


/** Splits `api://limen/User.Read` into the resource prefix and the scope value. */
export function splitScope(scope: string): { prefix: string; value: string } | undefined {
  if (oidcScopes.has(scope)) return undefined;
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return { prefix: managementApi.identifierUri, value: scope };
  return { prefix: scope.slice(0, slash), value: scope.slice(slash + 1) };
}

export function createResources(directory: Directory, cache: DirectoryCache) {
  async function load(app: Application | undefined): Promise<Resource | undefined> {
    if (!app) return undefined;
    const sp = await directory.servicePrincipals.getByAppId(app.appId);
    if (!sp?.accountEnabled) return undefined;
    return {
      indicator: app.identifierUris[0] ?? `api://${app.appId}`,
      audience: app.identifierUris[0] ?? app.appId,
      prefixes: [...app.identifierUris, app.appId, `api://${app.appId}`],
      app,
      sp,
    };
  }

  async function byIdentifierUri(uri: string): Promise<Application | undefined> {
    // The LIKE narrows the scan (identifier URIs live in the JSON column); the check is exact.
    const candidates = await directory.applications.list((q) =>
      q.where('data', 'like', `%${JSON.stringify(uri)}%`));
    return candidates.find((a) => a.identifierUris.includes(uri));
  }

  async function lookup(name: string): Promise<Resource | undefined> {
    if (hasNul(name) || name.length > 600) return undefined;
    const appId = isGuid(name) ? name : /^api:\/\/([0-9a-f-]{36})$/i.exec(name)?.[1];
    const app = (await byIdentifierUri(name))
      ?? (appId && isGuid(appId) ? await directory.applications.getByAppId(appId) : undefined);
    return load(app);
  }

  /** A resource by any name a client may use: identifier URI, appId, or api://<appId>. */
  const find = (name: string): Promise<Resource | undefined> => cache.get(`resource:${name}`, () => lookup(name));

  return {
    find,

    /**
     * The one resource the requested scopes name, or undefined when they name none (OIDC
     * scopes only). Unknown resources and several resources at once are refused, as Entra does.
     */
    async fromScopes(scopes: readonly string[]): Promise<Resource | undefined> {
      const prefixes = new Set(scopes.flatMap((s) => splitScope(s)?.prefix ?? []));
      const found: Resource[] = [];
      for (const prefix of prefixes) {
        const resource = await find(prefix);
        if (!resource) {
          throw new errors.InvalidTarget(`AADSTS500011: The resource principal named ${prefix} was not found in the tenant.`);
        }
        if (!found.some((r) => r.app.id === resource.app.id)) found.push(resource);
      }
      if (found.length > 1) {
        throw new errors.InvalidTarget('AADSTS28000: Provide scopes for only one resource per request.');
      }
      return found[0];
    },

    /**
     * The scope strings oidc-provider may grant on a resource. App-only tokens take `.default`
     * only (app roles come from assignments, not from the request). Delegated scopes may also be
     * bare values: they name the management API when no `resource` parameter names another
     * (fromScopes), and the named resource when one does (RFC 8707 with plain scopes, as MCP
     * clients send `resource=https://mcp.example.com&scope=files.read`).
     */
    scopesOf(resource: Resource, appOnly: boolean): string[] {
      const values = appOnly
        ? ['.default']
        : ['.default', ...resource.sp.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => s.value)];
      const bare = appOnly ? [] : values;
      return [...resource.prefixes.flatMap((p) => values.map((v) => `${p}/${v}`)), ...bare];
    },
  };
}

export type Resources = ReturnType<typeof createResources>;

/**
 * Delegated scope values a token may carry (`scp`): `.default` stands for every consented scope;
 * named scopes count only when consented.
 */
export function delegatedScopes(requested: readonly string[], consented: readonly string[]): string[] {
  const values = requested.flatMap((s) => splitScope(s)?.value ?? []);
  if (values.includes('.default')) return [...consented];
  return values.filter((v) => consented.includes(v));
}
