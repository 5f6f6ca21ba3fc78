import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { managementApi } from '../directory/index.ts';
import type { KeyRing } from './key-ring.ts';

/** The claims of a Limen access token (RFC 9068 plus Entra's). */
export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  /** Object id of the user (delegated) or of the client's service principal (app-only). */
  oid: string;
  tid: string;
  azp: string;
  appid: string;
  idtyp: 'user' | 'app';
  ver: '2.0';
  /** Space-separated delegated scopes (user tokens only). */
  scp?: string;
  /** App role values held on the resource. */
  roles?: string[];
  /** Directory role template ids. */
  wids?: string[];
  name?: string;
  preferred_username?: string;
  scope?: string;
  /** RFC 8176 methods of the person's sign-in (user tokens). */
  amr?: string[];
  /** RFC 8693 §4.1: the agent acting for the subject, with earlier actors nested (agent tokens on a person's behalf). */
  act?: { sub: string; client_id: string; act?: AccessTokenClaims['act'] };
}

export type AccessTokenErrorCode = 'malformed' | 'expired' | 'invalid_signature' | 'unknown_key' | 'wrong_audience' | 'wrong_issuer' | 'invalid_claims';

/** Why an access token was refused; the API answers 401 with `code` in its error body. */
export class AccessTokenError extends Error {
  override name = 'AccessTokenError';
  readonly code: AccessTokenErrorCode;
  constructor(code: AccessTokenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Verifies access tokens against this process's published keys (current and retired-but-kept),
 * in process: no HTTP round trip to our own JWKS. A token whose `kid` is unknown makes the key
 * ring re-read the database once (another process may have rotated), then verification retries.
 */
export function createAccessTokenVerifier(ring: KeyRing, issuer: string) {
  // jose caches imported keys per key set: build the set once per key-ring version, not per call.
  let keySet = { version: -1, jwks: createLocalJWKSet({ keys: [] }) };
  const currentKeySet = () => {
    if (keySet.version !== ring.version) keySet = { version: ring.version, jwks: createLocalJWKSet({ keys: ring.publicKeys() }) };
    return keySet.jwks;
  };
  return async function verifyAccessToken(token: string, audience: string = managementApi.identifierUri): Promise<AccessTokenClaims> {
    const attempt = () => jwtVerify(token, currentKeySet(), {
      issuer,
      audience,
      algorithms: ['ES256'],
      // RFC 9068 §4: the `typ` header keeps ID tokens and other JWTs from passing as access tokens.
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'sub', 'client_id', 'jti'],
    });
    try {
      let result;
      try {
        result = await attempt();
      } catch (error) {
        if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
        await ring.reloadSoon();
        result = await attempt();
      }
      const claims = result.payload as AccessTokenClaims;
      if (claims.idtyp !== 'user' && claims.idtyp !== 'app') {
        throw new AccessTokenError('invalid_claims', 'the token is not a Limen access token (no idtyp)');
      }
      return claims;
    } catch (error) {
      throw toAccessTokenError(error);
    }
  };
}

function toAccessTokenError(error: unknown): AccessTokenError {
  if (error instanceof AccessTokenError) return error;
  const e = error as Error & { claim?: string };
  if (error instanceof joseErrors.JWTExpired) return new AccessTokenError('expired', 'the access token has expired', { cause: error });
  if (error instanceof joseErrors.JWKSNoMatchingKey) return new AccessTokenError('unknown_key', 'the access token was signed by a key Limen does not know', { cause: error });
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new AccessTokenError('invalid_signature', 'the access token signature is invalid', { cause: error });
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return new AccessTokenError('wrong_audience', 'the access token is for another audience', { cause: error });
    if (e.claim === 'iss') return new AccessTokenError('wrong_issuer', 'the access token is from another issuer', { cause: error });
    return new AccessTokenError('invalid_claims', `the access token is invalid: ${e.message}`, { cause: error });
  }
  return new AccessTokenError('malformed', 'the access token is malformed', { cause: error });
}
