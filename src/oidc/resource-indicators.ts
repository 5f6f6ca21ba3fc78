import { errors, type Client, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type { KeyRing } from './key-ring.ts';
import { splitScope, type Resources } from './resources.ts';
import type { ResourceNames } from './sign-in-events.ts';

/**
 * oidc-provider's `features.resourceIndicators` (RFC 8707) with Entra's scope-borne resources:
 * when the request has no `resource` parameter, the resource is the one its scopes name
 * (`api://limen/.default` → `api://limen`). Access tokens for a resource are ES256 JWTs
 * (RFC 9068) with `aud` = the resource's identifier URI.
 */
export function createResourceIndicators(options: {
  resources: Resources;
  ring: KeyRing;
  accessTokenTtlSeconds: number;
  resourceNames: ResourceNames;
}) {
  const { resources, ring, resourceNames } = options;
  const isAppOnly = (ctx: KoaContextWithOIDC) => ctx.oidc.params?.grant_type === 'client_credentials';

  async function defaultResource(ctx: KoaContextWithOIDC, _client: Client, oneOf?: readonly string[]) {
    if (oneOf?.length === 1) return oneOf[0];
    const scopes = String(ctx.oidc.params?.scope ?? '').split(' ').filter(Boolean);
    if (isAppOnly(ctx)) {
      // Entra: app-only tokens are requested as `<resource>/.default` and nothing else.
      const named = scopes.filter((s) => splitScope(s)?.value !== '.default');
      if (scopes.length === 0 || named.length > 0) {
        throw new errors.InvalidScope('AADSTS1002012: The client credentials flow takes exactly one scope, <resource>/.default.', scopes.join(' '));
      }
    }
    const resource = await resources.fromScopes(scopes);
    if (oneOf?.length) return oneOf.find((r) => r === resource?.indicator) ?? [...oneOf];
    return resource?.indicator;
  }

  async function getResourceServerInfo(ctx: KoaContextWithOIDC, indicator: string): Promise<ResourceServer> {
    const resource = await resources.find(indicator);
    if (!resource) {
      throw new errors.InvalidTarget(`AADSTS500011: The resource principal named ${indicator} was not found in the tenant.`);
    }
    resourceNames.set(indicator, { appId: resource.app.appId, displayName: resource.app.displayName });
    return {
      scope: resources.scopesOf(resource, isAppOnly(ctx)).join(' '),
      // RFC 8707 §2: the token is for the resource the client named, so of an app's identifier
      // URIs `aud` is the one requested (an MCP server checks `aud` is exactly its own URI).
      audience: resource.app.identifierUris.includes(indicator) ? indicator : resource.audience,
      accessTokenTTL: options.accessTokenTtlSeconds,
      accessTokenFormat: 'jwt',
      jwt: { sign: { alg: 'ES256', kid: ring.signingKid('ES256') } },
    };
  }

  return {
    enabled: true,
    defaultResource,
    getResourceServerInfo,
    // The token endpoint may omit `resource`: the resource granted at authorization applies.
    useGrantedResource: () => true,
  };
}

/**
 * The resource a refresh will issue its access token for, picked as oidc-provider's
 * resolve_resource.js picks it with `useGrantedResource` (the `resource` parameter, else the
 * granted one; of several, `defaultResource`'s choice), but before the grant rotates the refresh
 * token, so Conditional Access can refuse first. Undefined: the token is for userinfo only, or
 * for a resource this refresh token was not granted (which the grant refuses itself).
 */
export async function refreshResourceIndicator(
  ctx: KoaContextWithOIDC,
  defaultResource: (ctx: KoaContextWithOIDC, client: Client, oneOf?: readonly string[]) => Promise<string | readonly string[] | undefined>,
): Promise<string | undefined> {
  const token = ctx.oidc.entities.RefreshToken;
  if (!token || !ctx.oidc.client) return undefined;
  let resource: string | readonly string[] | undefined = (ctx.oidc.params?.resource as string | string[] | undefined) || token.resource;
  if (Array.isArray(resource)) resource = resource.length ? await defaultResource(ctx, ctx.oidc.client, resource) : undefined;
  return typeof resource === 'string' && token.resourceIndicators.has(resource) ? resource : undefined;
}
