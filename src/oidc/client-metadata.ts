import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import type { JWK } from 'jose';
import type { ClientAuthMethod, ClientMetadata } from 'oidc-provider';
import { isLoopbackHost, cliClient, consoleClient, myAccountClient, type Application, type KeyCredential, type ServicePrincipal } from '../directory/index.ts';
import { bridgeJwk } from './federation/bridge.ts';
import { browserOrigins } from './registration/browser-clients.ts';

/**
 * How a request to a client-authenticating endpoint (token, revocation, introspection, device
 * authorization) authenticates the client: decided from what it presents, because an Entra
 * application may hold client secrets and certificates at once and, when it allows public
 * client flows, also redeem without either. oidc-provider knows one method per client, so the
 * client metadata is built per request.
 */
export type PresentedCredential = 'assertion' | 'secret' | 'nothing' | 'federated';

/** Custom metadata carried on the client (oidc-provider `extraClientMetadata`). */
export const servicePrincipalIdProperty = 'limen_service_principal_id';
/** Origins of the app's SPA redirect URIs: the only origins allowed to call the token endpoint from a browser. */
export const corsOriginsProperty = 'limen_cors_origins';
/** How a client that registered itself did so (a `selfRegistrationTags` key); absent for admin-registered apps. */
export const registrationProperty = 'limen_registration';
/**
 * The app's web (server-side) redirect URIs that are not also SPA or desktop ones: a code sent to
 * one of them is redeemed with the app's credential only (web-redirect-codes.ts).
 */
export const confidentialRedirectsProperty = 'limen_confidential_redirect_uris';

/**
 * Tags on applications that registered themselves, which an administrator can filter on:
 * RFC 7591 dynamic registration, or a Client ID Metadata Document fetched at first use.
 */
export const selfRegistrationTags = {
  dynamicRegistration: 'limen:dynamicRegistration',
  clientIdMetadataDocument: 'limen:clientIdMetadataDocument',
} as const;
export type SelfRegistration = keyof typeof selfRegistrationTags;

/** How `app` registered itself, or undefined when an administrator registered it. */
export function selfRegistrationOf(app: { tags: readonly string[] }): SelfRegistration | undefined {
  return (Object.keys(selfRegistrationTags) as SelfRegistration[]).find((k) => app.tags.includes(selfRegistrationTags[k]));
}

/** The grants a self-registered client may use: a user's sign-in only, never app-only tokens. */
const selfRegisteredGrants = new Set(['authorization_code', 'refresh_token']);

/**
 * A placeholder secret no request can match: Limen stores only hashes of client secrets and
 * checks them in `compareClientSecret`, but oidc-provider insists on a `client_secret` for
 * secret-authenticated clients. It is never compared, and client_secret_jwt and every HS*
 * algorithm (the only other uses of it) are disabled.
 */
export const unusableSecret = `unusable-${randomBytes(32).toString('base64url')}`;

/**
 * Maps an application and its service principal to oidc-provider client metadata, or undefined
 * when the app cannot act as a client (no service principal, disabled, no usable grant).
 */
export function clientMetadataOf(
  app: Application,
  sp: ServicePrincipal | undefined,
  /**
   * `federated`: a workload token the federation middleware replaced with a bridge assertion for
   * this client (federation/bridge.ts): private_key_jwt with the bridge key, for this request only.
   */
  presented: PresentedCredential | undefined,
  now = new Date(),
  publicUrl?: string,
): ClientMetadata | undefined {
  if (!sp?.accountEnabled) return undefined;
  if (app.appId === myAccountClient.appId) return publicUrl ? myAccountMetadata(app, sp, publicUrl) : undefined;
  if (app.appId === consoleClient.appId) return publicUrl ? consoleMetadata(app, sp, publicUrl) : undefined;
  // Such a client is known by its URL only (client-id-document.ts), with the document's metadata.
  if (app.tags.includes(selfRegistrationTags.clientIdMetadataDocument)) return undefined;

  const certificates = app.keyCredentials.filter((k) => usable(k, now));
  const hasSecrets = app.passwordCredentials.length > 0;
  const publicCapable = app.isFallbackPublicClient
    || app.spa.redirectUris.length > 0
    || app.publicClient.redirectUris.length > 0
    || app.appId === cliClient.appId;

  const method = authMethod(presented, { hasSecrets, hasCertificates: certificates.length > 0, publicCapable });
  // The built-in CLI holds tenant-wide consent to every management scope: it may only use the
  // device flow, whatever its registration says, so no redirect can carry its codes elsewhere.
  const isCli = app.appId === cliClient.appId;
  const redirectUris = isCli ? [] : [...app.web.redirectUris, ...app.spa.redirectUris, ...app.publicClient.redirectUris];
  const grantTypes: string[] = [];
  if (redirectUris.length) grantTypes.push('authorization_code');
  if (publicCapable) grantTypes.push('urn:ietf:params:oauth:grant-type:device_code');
  if (grantTypes.length) grantTypes.push('refresh_token');
  if (method !== 'none' && !isCli) grantTypes.push('client_credentials');
  // A client anyone could register gets no app-only token (a resource that checks only `aud`
  // would take it) and no device code (a phishing favourite); what it gets needs a user.
  const selfRegistered = selfRegistrationOf(app);
  if (selfRegistered) grantTypes.splice(0, grantTypes.length, ...grantTypes.filter((g) => selfRegisteredGrants.has(g)));
  if ((method === 'none' || selfRegistered) && grantTypes.length === 0) return undefined;

  return {
    client_id: app.appId,
    client_name: app.displayName,
    // Native (RFC 8252) when it has desktop/mobile redirect URIs: custom schemes and loopback
    // redirects with any port (RFC 8252 §7.3) are allowed for those only.
    application_type: app.publicClient.redirectUris.length ? 'native' : 'web',
    redirect_uris: app.publicClient.redirectUris.length
      ? redirectUris.filter((u) => !isLoopbackHttps(u))
      : redirectUris,
    post_logout_redirect_uris: app.web.logoutUrl ? [app.web.logoutUrl] : [],
    response_types: redirectUris.length ? ['code'] : [],
    grant_types: grantTypes,
    token_endpoint_auth_method: method,
    ...(method === 'client_secret_basic' ? { client_secret: unusableSecret } : {}),
    ...(presented === 'federated'
      ? { jwks: { keys: [bridgeJwk()] } }
      : certificates.length ? { jwks: { keys: certificates.map(certificateJwk) } } : {}),
    // Entra's "idTokenSigningAlg:RS256" tag selects RS256 ID tokens for relying parties that
    // cannot verify ES256; everything else gets ES256.
    id_token_signed_response_alg: app.tags.includes('idTokenSigningAlg:RS256') ? 'RS256' : 'ES256',
    [servicePrincipalIdProperty]: sp.id,
    // A single-page app's redirect origins; a self-registered public client's too (browser-clients.ts).
    [corsOriginsProperty]: browserOrigins(selfRegistered && method === 'none' ? redirectUris : app.spa.redirectUris),
    ...(selfRegistered ? { [registrationProperty]: selfRegistered } : {}),
    // "Allow public client flows" (isFallbackPublicClient) lets any redirect redeem without a credential.
    [confidentialRedirectsProperty]: app.isFallbackPublicClient || isCli ? [] : app.web.redirectUris
      .filter((u) => !app.spa.redirectUris.includes(u) && !app.publicClient.redirectUris.includes(u)),
  } as ClientMetadata;
}

function authMethod(
  presented: PresentedCredential | undefined,
  app: { hasSecrets: boolean; hasCertificates: boolean; publicCapable: boolean },
): ClientAuthMethod {
  if (presented === 'federated') return 'private_key_jwt';
  if (presented === 'assertion' && app.hasCertificates) return 'private_key_jwt';
  if (presented === 'secret' && app.hasSecrets) return 'client_secret_basic';
  if (presented === 'nothing' && app.publicCapable) return 'none';
  // Not a client-authenticating request, or a credential the app does not have: its usual
  // method (a mismatch then fails client authentication with invalid_client).
  if (app.hasSecrets) return 'client_secret_basic';
  if (app.hasCertificates) return 'private_key_jwt';
  return 'none';
}

function usable(key: KeyCredential, now: Date): boolean {
  return new Date(key.startDateTime) <= now && now < new Date(key.endDateTime);
}

/** A keyCredential's X.509 certificate (base64 DER) as a public JWK for private_key_jwt (RFC 7523). */
export function certificateJwk(key: KeyCredential): JWK {
  const der = Buffer.from(key.key.replace(/\s+/g, ''), 'base64');
  const cert = new X509Certificate(der);
  const jwk = cert.publicKey.export({ format: 'jwk' }) as JWK;
  return {
    ...jwk,
    kid: key.keyId,
    use: 'sig',
    x5c: [der.toString('base64')],
    // Entra's client assertions name the certificate by its SHA-1 thumbprint (x5t).
    x5t: createHash('sha1').update(der).digest('base64url'),
  };
}

function isLoopbackHttps(uri: string): boolean {
  const url = URL.parse(uri);
  return url?.protocol === 'https:' && isLoopbackHost(url.hostname);
}

/** The built-in My Security Info pages: a public web client with one redirect on Limen itself. */
function myAccountMetadata(app: Application, sp: ServicePrincipal, publicUrl: string): ClientMetadata {
  return {
    client_id: app.appId,
    client_name: app.displayName,
    application_type: 'web',
    redirect_uris: [new URL('/my/callback', publicUrl).href],
    post_logout_redirect_uris: [new URL('/my/signed-out', publicUrl).href],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: 'ES256',
    [servicePrincipalIdProperty]: sp.id,
    [corsOriginsProperty]: [],
  } as ClientMetadata;
}

/**
 * The built-in admin center (`/console`): a public SPA client on Limen's own origin,
 * code + PKCE with refresh tokens, redirects fixed to the public URL whatever its registration
 * says, like My Security Info's.
 */
function consoleMetadata(app: Application, sp: ServicePrincipal, publicUrl: string): ClientMetadata {
  return {
    client_id: app.appId,
    client_name: app.displayName,
    application_type: 'web',
    redirect_uris: [new URL('/console/callback', publicUrl).href],
    post_logout_redirect_uris: [new URL('/console/signed-out', publicUrl).href],
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: 'ES256',
    [servicePrincipalIdProperty]: sp.id,
    // Browsers send Origin on every POST, same-origin ones too: the token and revocation
    // endpoints must accept Limen's own origin from this client, and only it.
    [corsOriginsProperty]: [new URL(publicUrl).origin],
  } as ClientMetadata;
}
