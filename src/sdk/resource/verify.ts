import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** The claims of a Limen access token (Entra-shaped, RFC 9068 JWT). */
export interface LimenAccessTokenClaims extends JWTPayload {
  sub: string;
  /** The user's (or, app-only, the service principal's) object id. */
  oid: string;
  tid: string;
  /** The client the token was issued to. */
  azp: string;
  idtyp: 'user' | 'app';
  /** Delegated scope values, space-separated (Entra's `scp`). */
  scp?: string;
  roles?: string[];
  name?: string;
  preferred_username?: string;
}

/** Why a token was refused: `status` and `code` are the RFC 6750 §3.1 answer. */
export class AccessTokenError extends Error {
  override name = 'AccessTokenError';
  readonly code: 'invalid_token' | 'insufficient_scope';
  readonly status: 401 | 403;

  constructor(code: 'invalid_token' | 'insufficient_scope', message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.status = code === 'invalid_token' ? 401 : 403;
  }
}

export interface VerifyOptions {
  /** Limen's issuer (its public URL); its signing keys are found through RFC 8414 metadata. */
  issuer: string;
  /** Your resource identifier: the token's `aud` must be exactly this (RFC 8707, MCP "Token Handling"). */
  audience: string;
  /**
   * Delegated scope values the token must all carry in `scp` (e.g. `['mcp.tools']`). An
   * app-only token has none, so naming a scope also refuses app-only tokens.
   */
  requiredScopes?: readonly string[];
  /** Clock skew allowed on `exp`/`nbf`. @default 60 */
  clockToleranceSeconds?: number;
}

/** Signature algorithms Limen signs access tokens with, and close kin; never `none` or HS*. */
const algorithms = ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA'];
const keySets = new Map<string, Promise<JWTVerifyGetKey>>();

/**
 * Verifies a Limen access token for your resource and returns its claims: signature by a key in
 * Limen's JWKS (found through its RFC 8414 metadata, cached, refreshed when Limen rotates keys),
 * `typ` at+jwt (RFC 9068 §4, so an ID token is never taken for an access token), `iss`, `aud`
 * equal to `audience` (a token for another resource is refused: no token passthrough),
 * expiry, and `requiredScopes`. Throws AccessTokenError.
 */
export async function verifyAccessToken(token: string, options: VerifyOptions): Promise<LimenAccessTokenClaims> {
  const keys = await keySetOf(options.issuer);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      audience: options.audience,
      typ: 'at+jwt',
      algorithms,
      clockTolerance: options.clockToleranceSeconds ?? 60,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (error) {
    throw new AccessTokenError('invalid_token', describe(error), { cause: error });
  }
  const claims = payload as LimenAccessTokenClaims;
  const granted = new Set(String(claims.scp ?? claims.scope ?? '').split(' ').filter(Boolean));
  const missing = (options.requiredScopes ?? []).filter((s) => !granted.has(s));
  if (missing.length) throw new AccessTokenError('insufficient_scope', `the token lacks the scope ${missing.join(' ')}`);
  return claims;
}

/** The issuer's key set, through its RFC 8414 metadata, once per process (and again after a failure). */
function keySetOf(issuer: string): Promise<JWTVerifyGetKey> {
  let keys = keySets.get(issuer);
  if (!keys) {
    keys = discoverKeySet(issuer);
    keySets.set(issuer, keys);
    keys.catch(() => keySets.delete(issuer));
  }
  return keys;
}

async function discoverKeySet(issuer: string): Promise<JWTVerifyGetKey> {
  const url = new URL(issuer);
  // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  const response = await fetch(`${url.origin}/.well-known/oauth-authorization-server${path}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${issuer} has no authorization server metadata (HTTP ${response.status})`);
  const metadata = await response.json() as { issuer?: string; jwks_uri?: string };
  // RFC 8414 §3.3: the metadata must name the issuer it was fetched for.
  if (metadata.issuer !== issuer) throw new Error(`the metadata at ${issuer} names another issuer: ${String(metadata.issuer)}`);
  if (!metadata.jwks_uri) throw new Error(`the metadata of ${issuer} has no jwks_uri`);
  return createRemoteJWKSet(new URL(metadata.jwks_uri));
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted here`;
  if (error instanceof joseErrors.JOSEError) return 'the token is not a valid access token from this issuer';
  return 'the token could not be verified';
}
