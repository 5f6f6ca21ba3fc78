import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { KeyRing } from '../key-ring.ts';

/** Why a token presented to the token exchange is not a valid Limen access token. */
export type LimenJwtProblem = 'malformed' | 'expired' | 'signature' | 'issuer' | 'claims';

export class LimenJwtError extends Error {
  override name = 'LimenJwtError';
  readonly problem: LimenJwtProblem;
  constructor(problem: LimenJwtProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** The claims every Limen access token has (RFC 9068 §2.2). */
export interface LimenJwtClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
}

/**
 * Verifies that a token is an access token this Limen signed (RFC 9068: `typ` at+jwt, ES256, our
 * issuer, not expired) without deciding its audience: the token exchange tells an assertion for
 * another agent, a person's token for another API and a token of another issuer apart, and says
 * which. Keys are the ring's published ones; an unknown `kid` re-reads them once (rotation on
 * another process), rate-limited by the ring.
 */
export function createLimenJwtVerifier(ring: KeyRing, issuer: string) {
  let keySet = { version: -1, jwks: createLocalJWKSet({ keys: [] }) };
  const currentKeySet = () => {
    if (keySet.version !== ring.version) keySet = { version: ring.version, jwks: createLocalJWKSet({ keys: ring.publicKeys() }) };
    return keySet.jwks;
  };
  const attempt = (token: string) => jwtVerify(token, currentKeySet(), {
    issuer,
    algorithms: ['ES256'],
    typ: 'at+jwt',
    requiredClaims: ['exp', 'iat', 'sub', 'aud', 'client_id', 'jti'],
  });

  return async function verifyLimenJwt(token: string): Promise<LimenJwtClaims> {
    try {
      try {
        return (await attempt(token)).payload as LimenJwtClaims;
      } catch (error) {
        if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
        await ring.reloadSoon();
        return (await attempt(token)).payload as LimenJwtClaims;
      }
    } catch (error) {
      throw classify(error);
    }
  };
}

export type LimenJwtVerifier = ReturnType<typeof createLimenJwtVerifier>;

function classify(error: unknown): LimenJwtError {
  if (error instanceof joseErrors.JWTExpired) return new LimenJwtError('expired', 'it has expired');
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
    return new LimenJwtError('signature', 'its signature is not Limen’s');
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new LimenJwtError('issuer', 'it was issued by another issuer');
    return new LimenJwtError('claims', `it is not a Limen access token (${error.message})`);
  }
  return new LimenJwtError('malformed', 'it is not a signed JWT access token');
}
