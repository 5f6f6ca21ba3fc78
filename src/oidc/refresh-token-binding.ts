import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { corsOriginsProperty, registrationProperty } from './client-metadata.ts';
import { oidcDefaults } from './defaults.ts';

/**
 * How a refresh token was issued, recorded on it (the `limenIssuedTo` payload field) because one
 * Entra application may redeem both ways: a web app's server authenticates with its secret or
 * certificate, its single-page app with nothing (client-metadata.ts builds the client per
 * request). Without the record, a refresh token of the server-side flow, stolen, would be
 * redeemed with no secret, as if by the SPA.
 *
 * - `confidentialClient`: the redemption authenticated the client; every refresh must again
 *   (RFC 6749 §6: a client issued credentials MUST authenticate).
 * - `singlePageApp`: a code redeemed without a credential through one of the app's SPA redirect
 *   URIs; the token and its rotations live a fixed 24 hours from the sign-in (Entra's rule).
 * - `publicClient`: any other redemption without a credential (desktop, mobile, device code, a
 *   client that registered itself); the normal sliding lifetime.
 */
export type RefreshTokenIssue = 'confidentialClient' | 'singlePageApp' | 'publicClient';

/** The payload field holding a refresh token's RefreshTokenIssue. */
export const issuedToField = 'limenIssuedTo';

interface RecordedToken { [issuedToField]?: RefreshTokenIssue; iiat?: number }

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** How the token this request is about to issue is issued: a rotation keeps its predecessor's record. */
function issueOf(ctx: KoaContextWithOIDC): RefreshTokenIssue {
  const rotated = ctx.oidc.entities.RotatedRefreshToken as RecordedToken | undefined;
  if (rotated?.[issuedToField]) return rotated[issuedToField];
  const client = ctx.oidc.client as unknown as ({ clientAuthMethod: string } & Record<string, unknown>) | undefined;
  if (!client || client.clientAuthMethod !== 'none') return 'confidentialClient';
  // A client that registered itself (RFC 7591, a Client ID Metadata Document) gets CORS from every
  // http(s) redirect, loopback ones of desktop MCP clients too: it cannot be told to be an SPA.
  if (client[registrationProperty]) return 'publicClient';
  const spaOrigins = (client[corsOriginsProperty] as string[] | undefined) ?? [];
  // A token issued before Limen recorded this, rotated: the client's having SPA origins decides,
  // so such a token does not escape the cap. A code: the redirect URI it was sent to. A device
  // code has none: a public client's.
  if (ctx.oidc.params?.grant_type === 'refresh_token') return spaOrigins.length > 0 ? 'singlePageApp' : 'publicClient';
  const redirectUri = ctx.oidc.params?.redirect_uri;
  const origin = typeof redirectUri === 'string' ? URL.parse(redirectUri)?.origin : undefined;
  return origin !== undefined && spaOrigins.includes(origin) ? 'singlePageApp' : 'publicClient';
}

/**
 * `ttl.RefreshToken`: records how the token is issued (oidc-provider asks for the lifetime just
 * before it stores a new token, with the request at hand) and gives a single-page app's token
 * what is left of its 24 hours, counted from the first token of the chain (`iiat`, which
 * rotation keeps), so rotating never extends it.
 */
export function refreshTokenLifetime(normalSeconds: number) {
  return (ctx: KoaContextWithOIDC | undefined, token: object): number => {
    const recorded = token as RecordedToken;
    if (ctx?.oidc && !recorded[issuedToField]) recorded[issuedToField] = issueOf(ctx);
    if (recorded[issuedToField] !== 'singlePageApp') return normalSeconds;
    const start = recorded.iiat ?? nowSeconds();
    return Math.max(1, start + oidcDefaults.singlePageAppRefreshTokenLifetimeSeconds - nowSeconds());
  };
}

/**
 * At a refresh, before the presented token is consumed: the client authenticates as it did when
 * the token was issued. A confidential client's token presented without its secret or
 * certificate is refused (the stolen-token case); a public client's token presented with a
 * credential is refused too, as Entra refuses it, since redeeming it confidentially would also
 * drop a single-page app's 24-hour cap. Tokens issued before the record existed pass.
 */
export function assertRedeemedAsIssued(ctx: KoaContextWithOIDC): void {
  const recorded = (ctx.oidc.entities.RefreshToken as RecordedToken | undefined)?.[issuedToField];
  if (!recorded) return;
  const authenticated = ctx.oidc.client?.clientAuthMethod !== 'none';
  if (recorded === 'confidentialClient' && !authenticated) {
    throw new errors.CustomOIDCProviderError('invalid_grant',
      'AADSTS7000218: The refresh token was issued to a confidential client: the request body must contain '
      + "'client_assertion' or 'client_secret' (or HTTP Basic client authentication) to redeem it.");
  }
  if (recorded !== 'confidentialClient' && authenticated) {
    throw new errors.CustomOIDCProviderError('invalid_grant',
      recorded === 'singlePageApp'
        ? "AADSTS700025: The refresh token was issued to a single-page app, a public client: neither 'client_assertion' nor 'client_secret' may be presented with it."
        : "AADSTS700025: The refresh token was issued to a public client: neither 'client_assertion' nor 'client_secret' may be presented with it.");
  }
}
