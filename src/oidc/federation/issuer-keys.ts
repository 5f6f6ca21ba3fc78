/**
 * The signing keys of a federated credential's issuer, found as Entra finds them: OpenID Connect
 * Discovery 1.0 §4 (`{issuer}/.well-known/openid-configuration`, whose `issuer` must be the
 * issuer itself, §4.3), then its `jwks_uri` (Kubernetes' service account issuer discovery, GitHub
 * Actions, every cloud's workload identity publish exactly this).
 *
 * Only an issuer that one of the app's federated credentials names exactly is ever fetched, and
 * only after the token's `iss`, `sub` and `aud` matched that credential, so a stranger cannot make
 * Limen fetch an address of their choosing. Still, the jwks_uri is the issuer's to say: both
 * fetches go through the guarded fetch of Client ID Metadata Documents (https, public addresses
 * only, no redirects, a size cap and a timeout; loopback and private addresses, and there plain
 * http, only with LIMEN_CLIENT_METADATA_PRIVATE_NETWORK for development).
 *
 * Per issuer, the discovery result and jose's remote key set are kept for an hour (jose refetches
 * the key set itself every ten minutes, and at once, after a 30 s cooldown, when a token names a
 * key it does not know: an issuer's key rotation needs no restart). A failed discovery is
 * remembered for 30 s, so a broken issuer is not fetched on every request.
 */
import { createRemoteJWKSet, customFetch, type FetchImplementation, type JWTVerifyGetKey } from 'jose';
import { ExpiringCache } from '../registration/expiring-cache.ts';
import { DocumentError, fetchJson } from '../registration/fetch-document.ts';

/** Discovery documents run to a few KiB; key sets hold a handful of keys. */
const maxDocumentBytes = 64 * 1024;
const fetchTimeoutMs = 5000;
const issuerCacheMs = 60 * 60 * 1000;
const failureCacheMs = 30 * 1000;
/** Issuers are named by administrators, 20 credentials per app at most: a generous bound. */
const maxIssuers = 500;

/** Why an issuer's keys could not be had; the message is safe to show the client. */
export class IssuerKeysError extends Error {
  override name = 'IssuerKeysError';
}

export interface IssuerKeysOptions {
  /** LIMEN_CLIENT_METADATA_PRIVATE_NETWORK: loopback and private issuers (plain http there too). */
  privateNetwork: boolean;
}

export type IssuerKeys = (issuer: string) => Promise<JWTVerifyGetKey>;

export function createIssuerKeys(options: IssuerKeysOptions): IssuerKeys {
  const cache = new ExpiringCache<JWTVerifyGetKey>(maxIssuers);
  const fetchOptions = { timeoutMs: fetchTimeoutMs, maxBytes: maxDocumentBytes, privateNetwork: options.privateNetwork, httpOnPrivateNetwork: true };

  const getJson = async (url: URL, what: string): Promise<unknown> => {
    try {
      return (await fetchJson(url, fetchOptions)).body;
    } catch (error) {
      throw new IssuerKeysError(`its ${what} could not be fetched: ${error instanceof DocumentError ? error.message : String(error)}`);
    }
  };

  // jose fetches the key set through the same guard.
  const guardedFetch: FetchImplementation = async (url) => Response.json(await getJson(new URL(url), 'key set (jwks_uri)'));

  async function discover(issuer: string): Promise<JWTVerifyGetKey> {
    const issuerUrl = URL.parse(issuer);
    if (!issuerUrl) throw new IssuerKeysError('the issuer is not a URL');
    // Discovery §4: the path is appended to the issuer, without a doubled slash.
    const discovery = new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
    const document = await getJson(discovery, 'discovery document');
    const { issuer: declared, jwks_uri: jwksUri } = (document ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
    if (declared !== issuer) throw new IssuerKeysError(`its discovery document names issuer ${JSON.stringify(declared)}, not ${issuer}`);
    const jwksUrl = typeof jwksUri === 'string' ? URL.parse(jwksUri) : null;
    if (!jwksUrl) throw new IssuerKeysError('its discovery document has no jwks_uri');
    return createRemoteJWKSet(jwksUrl, { timeoutDuration: fetchTimeoutMs, [customFetch]: guardedFetch });
  }

  return (issuer) => cache.get(issuer, () => discover(issuer), (result) => (result.status === 'fulfilled' ? issuerCacheMs : failureCacheMs));
}
