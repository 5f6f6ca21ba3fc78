/**
 * A code sent to one of an app's web (server-side) redirect URIs belongs to its server, which
 * holds the app's secret or certificate: redeeming it takes that credential, even when the same
 * app also has SPA or desktop redirect URIs that let it redeem other codes without one (Entra:
 * AADSTS7000218, unless the app allows public client flows). Without this, a code intercepted on
 * its way to the server could be redeemed by anyone, as if by the SPA.
 */
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { confidentialRedirectsProperty } from './client-metadata.ts';

export function assertWebCodeAuthenticated(ctx: KoaContextWithOIDC): void {
  if (ctx.oidc.params?.grant_type !== 'authorization_code') return;
  const client = ctx.oidc.client as unknown as ({ clientAuthMethod: string } & Record<string, unknown>) | undefined;
  if (!client || client.clientAuthMethod !== 'none') return;
  const confidential = (client[confidentialRedirectsProperty] as string[] | undefined) ?? [];
  const redirectUri = ctx.oidc.params.redirect_uri;
  if (typeof redirectUri === 'string' && confidential.includes(redirectUri)) {
    throw new errors.CustomOIDCProviderError('invalid_client',
      `AADSTS7000218: The code was issued to the web redirect URI '${redirectUri}': the request body must contain `
      + "'client_assertion' or 'client_secret' (or HTTP Basic client authentication) to redeem it.");
  }
}
