/**
 * A verifier for any identity verification provider that answers with a signed JWT, checked
 * against the provider's published keys (JWKS) with `jose`. The exchange is deliberately small,
 * shaped like an OpenID Connect authentication request so providers already speaking OIDC need
 * little to adopt it:
 *
 * 1. Limen sends the browser to `verificationUrl` with `client_id`, `redirect_uri`, `state` and
 *    `nonce` in the query.
 * 2. The provider checks the person's ID and liveness, then sends the browser back to
 *    `redirect_uri` with `state` and `verification` (the JWT), or `state`, `error` and
 *    `error_description` when it could not verify them.
 * 3. The JWT is signed by a key of `jwksUrl` and carries `iss` (the provider), `aud` (the
 *    client id), `iat`, `exp`, `jti` (the evidence id), `nonce` (from step 1), `given_name` and
 *    `family_name` (OIDC Core §5.1 names, as on the document), and optionally `acr` (how the
 *    person was verified) and `verified_at` (seconds since the epoch; `iat` otherwise).
 *
 * The JWT travels in the query, so it is short-lived (`maxAgeSeconds`), good for one attempt
 * (Limen checks its nonce) and never sent on (Limen's pages send no referrer).
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isLoopbackHost } from '../directory/index.ts';
import { verifierIdPattern, type IdentityVerifier, type VerificationResult } from './identity-verifier.ts';

export interface SignedJwtVerifierOptions {
  /** See IdentityVerifier.id. */
  id: string;
  /** See IdentityVerifier.displayName. */
  displayName: string;
  /** The provider's page that starts a verification. */
  verificationUrl: string;
  /** The `iss` of the provider's tokens. */
  issuer: string;
  /** Where the provider publishes its signing keys. */
  jwksUrl: string;
  /** Limen's client id at the provider; the tokens' `aud`. */
  clientId: string;
  /** Oldest token accepted, in seconds since its `iat`. @default 600 */
  maxAgeSeconds?: number;
  /** @default ['ES256', 'PS256', 'RS256', 'EdDSA'] */
  algorithms?: string[];
  /** The provider's keys; fetched from `jwksUrl` (and cached) when omitted. */
  keys?: JWTVerifyGetKey;
}

/** https, or http on the loopback interface (a provider run beside Limen, or in tests). */
function providerUrl(name: string, value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
    throw new TypeError(`recovery: ${name} must be an https URL (http only on loopback); got '${value}'`);
  }
  return url;
}

const stringClaim = (payload: JWTPayload, name: string): string | undefined =>
  typeof payload[name] === 'string' ? payload[name] : undefined;

export function createSignedJwtVerifier(options: SignedJwtVerifierOptions): IdentityVerifier {
  if (!verifierIdPattern.test(options.id)) throw new TypeError(`recovery: verifier id '${options.id}' must be 1 to 32 of a-z, 0-9 and '-'`);
  const start = providerUrl('verificationUrl', options.verificationUrl);
  const keys = options.keys ?? createRemoteJWKSet(providerUrl('jwksUrl', options.jwksUrl));
  const maxAge = options.maxAgeSeconds ?? 600;
  const algorithms = options.algorithms ?? ['ES256', 'PS256', 'RS256', 'EdDSA'];

  return {
    id: options.id,
    displayName: options.displayName,

    async begin({ state, nonce, callbackUrl }) {
      const url = new URL(start);
      for (const [k, v] of Object.entries({ client_id: options.clientId, redirect_uri: callbackUrl, state, nonce })) {
        url.searchParams.set(k, v);
      }
      return { redirectUrl: url.href };
    },

    async complete(params): Promise<VerificationResult> {
      if (params.error) {
        return { verified: false, reason: `${params.error.slice(0, 64)}${params.error_description ? `: ${params.error_description.slice(0, 200)}` : ''}` };
      }
      const token = params.verification;
      if (!token || token.length > 16_384) return { verified: false, reason: 'no verification token in the callback' };
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.clientId,
          algorithms,
          maxTokenAge: maxAge,
          clockTolerance: 30,
          requiredClaims: ['iat', 'exp', 'jti', 'nonce', 'given_name', 'family_name'],
        });
        const givenName = stringClaim(payload, 'given_name');
        const surname = stringClaim(payload, 'family_name');
        const nonce = stringClaim(payload, 'nonce');
        if (givenName === undefined || surname === undefined || nonce === undefined || typeof payload.jti !== 'string') {
          return { verified: false, reason: 'the verification token’s names, nonce or jti are not strings' };
        }
        const verifiedAt = typeof payload.verified_at === 'number' ? payload.verified_at : payload.iat!;
        return {
          verified: true,
          identity: {
            givenName,
            surname,
            nonce,
            evidenceId: payload.jti,
            verifiedAt: new Date(verifiedAt * 1000),
            assurance: stringClaim(payload, 'acr') ?? 'unspecified',
          },
        };
      } catch (error) {
        // jose's errors name the failed check (signature, issuer, audience, expiry…), never the token.
        return { verified: false, reason: `verification token refused: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
  };
}
