import type Provider from 'oidc-provider';
import type { Grant, KoaContextWithOIDC } from 'oidc-provider';
import type { Directory, PermissionScope } from '../directory/index.ts';
import { registrationProperty } from './client-metadata.ts';
import { clientServicePrincipalId } from './token-claims.ts';
import { splitScope, type Resource, type Resources } from './resources.ts';

/**
 * Consent lives in the directory (Graph oAuth2PermissionGrants: tenant-wide `AllPrincipals`
 * from an admin, or `Principal` for one user); oidc-provider's Grant is only its per-session
 * shadow. Before each authorization the Grant is filled from the directory, so a consented
 * client never sees the consent prompt, and a revoked consent asks again.
 */
export function createConsent(directory: Directory, resources: Resources) {
  /**
   * Delegated scopes the directory lacks for this client, user and resource. `.default`
   * needs the scopes the app declares in requiredResourceAccess; named scopes need themselves.
   */
  async function missingScopes(clientAppId: string, clientSpId: string, userId: string, resource: Resource, requested: readonly string[]): Promise<PermissionScope[]> {
    const values = new Set(requested.flatMap((s) => splitScope(s)?.value ?? []));
    const offered = resource.sp.oauth2PermissionScopes.filter((s) => s.isEnabled);
    let needed = offered.filter((s) => values.has(s.value));
    if (values.has('.default')) {
      const client = await directory.applications.getByAppId(clientAppId);
      const declared = new Set((client?.requiredResourceAccess ?? [])
        .filter((r) => r.resourceAppId === resource.app.appId)
        .flatMap((r) => r.resourceAccess.filter((a) => a.type === 'Scope').map((a) => a.id)));
      needed = [...needed, ...offered.filter((s) => declared.has(s.id))];
    }
    if (needed.length === 0) return [];
    const consented = new Set(await directory.assignments.consentedScopes(clientSpId, resource.sp.id, userId));
    return [...new Map(needed.filter((s) => !consented.has(s.value)).map((s) => [s.id, s])).values()];
  }

  /** The requested resource scopes per indicator (as the request names it), with the resource behind each. */
  async function requestedResources(ctx: KoaContextWithOIDC): Promise<Array<{ indicator: string; resource: Resource; scopes: string[] }>> {
    const out = [];
    for (const [indicator, server] of Object.entries(ctx.oidc.resourceServers ?? {})) {
      const resource = await resources.find(indicator);
      if (!resource) continue;
      out.push({ indicator, resource, scopes: [...ctx.oidc.requestParamScopes].filter((s) => server.scopes.has(s)) });
    }
    return out;
  }

  /**
   * oidc-provider `loadExistingGrant`: the session's grant for this client, extended with every
   * requested scope the directory has consent for. Scopes without consent stay out, so
   * oidc-provider's consent prompt (rs_scopes_missing) sends the user to the consent page.
   */
  async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
    const { client, session, account, provider } = ctx.oidc;
    if (!client || !account) return undefined;
    // The grant a consent interaction just completed comes first (as oidc-provider's default does):
    // the session learns its id only after this, so without it the answer would be lost and asked again.
    const grantId = ctx.oidc.result?.consent?.grantId ?? session?.grantIdFor(client.clientId);
    const found = grantId ? await provider.Grant.find(grantId) : undefined;
    const grant = found?.accountId === account.accountId ? found : new provider.Grant({ accountId: account.accountId, clientId: client.clientId });

    let changed = !found;
    // OpenID scopes (openid, profile, email, offline_access) need no directory consent, except
    // for a client that registered itself: its redirect URI is not vouched for by anyone, so
    // the user sees the consent page before Limen sends anything there (MCP authorization,
    // "Open Redirection"); the session's grant then remembers the answer.
    const oidcScopes = [...ctx.oidc.requestParamOIDCScopes];
    const selfRegistered = (client as unknown as Record<string, unknown>)[registrationProperty] !== undefined;
    if (!selfRegistered && oidcScopes.some((s) => !grant.getOIDCScope().split(' ').includes(s))) {
      grant.addOIDCScope(oidcScopes.join(' '));
      changed = true;
    }
    const clientSpId = clientServicePrincipalId(ctx);
    for (const { indicator, resource, scopes } of await requestedResources(ctx)) {
      const granted = new Set(grant.getResourceScopeEncountered(indicator).split(' '));
      if (scopes.every((s) => granted.has(s))) continue;
      if ((await missingScopes(client.clientId, clientSpId, account.accountId, resource, scopes)).length) continue;
      grant.addResourceScope(indicator, scopes.join(' '));
      changed = true;
    }
    if (!changed) return grant;
    if (!grant.getOIDCScope() && !grant.resources) return found; // nothing to remember yet
    await grant.save();
    return grant;
  }

  return { missingScopes, loadExistingGrant };
}

export type Consent = ReturnType<typeof createConsent>;

/** Adds what an interaction's consent prompt asked for to the grant, and saves it. */
export async function completeGrant(
  provider: Provider,
  details: { grantId?: string; session?: { accountId?: string }; params: Record<string, unknown>; prompt: { details: Record<string, unknown> } },
): Promise<string> {
  const accountId = details.session?.accountId;
  const clientId = details.params.client_id as string;
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const missingOIDCScope = details.prompt.details.missingOIDCScope as string[] | undefined;
  const missingResourceScopes = details.prompt.details.missingResourceScopes as Record<string, string[]> | undefined;
  if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(' '));
  for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}
