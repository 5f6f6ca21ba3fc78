import type { AccessToken, ClientCredentials, JWTStructured, KoaContextWithOIDC, UnknownObject } from 'oidc-provider';
import type { Directory } from '../directory/index.ts';
import type { LimenAccount } from './account.ts';
import { servicePrincipalIdProperty } from './client-metadata.ts';
import type { DirectoryCache } from './directory-cache.ts';
import { delegatedScopes, type Resource, type Resources } from './resources.ts';

/**
 * Entra-shaped access token claims (Microsoft identity platform access token reference, v2):
 * `oid`, `tid`, `azp`, `appid`, `idtyp`, `roles`, `scp`, `wids`, `ver`. Computed from the
 * directory at issue time, so a refresh picks up changed assignments and revoked consent.
 * Empty `roles`, `scp` and `wids` are left out, as Entra does.
 */
export function createTokenClaims(directory: Directory, resources: Resources, tenantId: string, cache: DirectoryCache) {
  const accessOf = (principalId: string, resource: Resource) =>
    cache.get(`access:${principalId}:${resource.sp.id}`, () => directory.assignments.accessOf(principalId, resource.sp));

  async function extraTokenClaims(
    ctx: KoaContextWithOIDC,
    token: AccessToken | ClientCredentials,
  ): Promise<UnknownObject | undefined> {
    const indicator = token.resourceServer?.identifier();
    if (!indicator) return undefined; // opaque token for userinfo: nothing to add
    const resource = await resources.find(indicator);
    if (!resource) return undefined;
    const clientSpId = clientServicePrincipalId(ctx);
    const common = { tid: tenantId, azp: token.clientId, appid: token.clientId, ver: '2.0' };

    if (token.kind === 'ClientCredentials') {
      const { roles, directoryRoleIds: wids } = await accessOf(clientSpId, resource);
      return { ...common, oid: clientSpId, idtyp: 'app', ...nonEmpty({ roles, wids }) };
    }

    const accountId = (token as AccessToken).accountId;
    const account = ctx.oidc.account as LimenAccount | undefined;
    const user = account?.accountId === accountId ? account.user : await directory.users.get(accountId);
    const [consented, { roles, directoryRoleIds: wids }] = await Promise.all([
      directory.assignments.consentedScopes(clientSpId, resource.sp.id, accountId),
      accessOf(accountId, resource),
    ]);
    // Consent stays on record when the API disables a scope; tokens carry only what it still offers.
    const offered = new Set(resource.sp.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => s.value));
    const scp = delegatedScopes((token.scope ?? '').split(' ').filter(Boolean), consented.filter((v) => offered.has(v))).join(' ');
    // How the person signed in (RFC 8176 `amr`, as Entra's v1 access tokens carry it), so an agent
    // exchanging this token on their behalf is held to what they proved (agent-grants/).
    const { entities } = ctx.oidc;
    const amr = (entities.AuthorizationCode ?? entities.RefreshToken ?? entities.DeviceCode)?.amr;
    return {
      ...common,
      oid: accountId,
      idtyp: 'user',
      ...(user ? { name: user.displayName, preferred_username: user.userPrincipalName } : {}),
      ...(scp ? { scp } : {}),
      ...nonEmpty({ roles, wids }),
      ...(amr?.length ? { amr } : {}),
    };
  }

  /** App-only tokens name the service principal as subject, as Entra's do (`sub` = `oid`). */
  function customizeJwt(_ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials, jwt: JWTStructured): void {
    if (token.kind === 'ClientCredentials' && typeof jwt.payload.oid === 'string') jwt.payload.sub = jwt.payload.oid;
  }

  return { extraTokenClaims, customizeJwt };
}

export function clientServicePrincipalId(ctx: KoaContextWithOIDC): string {
  const client = ctx.oidc.client as unknown as Record<string, unknown> | undefined;
  const id = client?.[servicePrincipalIdProperty];
  if (typeof id !== 'string') throw new Error('client has no service principal id');
  return id;
}

function nonEmpty(claims: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v.length > 0));
}
