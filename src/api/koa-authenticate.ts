import type { Middleware } from 'koa';
import { ApiError } from './api-error.ts';
import type { ApiState } from './api-state.ts';
import {
  accessTokenClaimsSchema,
  callerFromClaims,
  type AccessTokenClaims,
} from './authorization.ts';

export type VerifyAccessToken = (token: string) => Promise<AccessTokenClaims>;

/**
 * RFC 6750 §2.1: `Authorization: Bearer <b64token>`; the scheme name is case-insensitive
 * (RFC 9110 §11.1).
 */
const bearerPattern = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Requires a valid bearer token and leaves the Caller on `ctx.state.caller`. Failures are 401
 * `InvalidAuthenticationToken` with a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3): with
 * no error code when no bearer token came at all, `error="invalid_token"` when one did.
 */
export function koaAuthenticate(verifyAccessToken: VerifyAccessToken): Middleware<ApiState> {
  return async (ctx, next) => {
    const match = bearerPattern.exec(ctx.get('authorization'));
    if (!match) {
      throw new ApiError('InvalidAuthenticationToken', 'Access token is empty.', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    let claims: unknown;
    try {
      claims = await verifyAccessToken(match[1]!);
    } catch (error) {
      throw invalidToken(
        isExpired(error)
          ? 'Lifetime validation failed, the token is expired.'
          : 'Access token validation failure.',
      );
    }
    const parsed = accessTokenClaimsSchema.safeParse(claims);
    if (!parsed.success) throw invalidToken('Access token validation failure.');
    ctx.state.caller = callerFromClaims(parsed.data);
    await next();
  };
}

function invalidToken(message: string): ApiError {
  // The description is one of our fixed sentences, so it needs no quoting beyond the quotes.
  return new ApiError('InvalidAuthenticationToken', message, {
    headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message}"` },
  });
}

/** oidc's AccessTokenError says `expired`; jose's own JWTExpired says `ERR_JWT_EXPIRED`. */
function isExpired(error: unknown): boolean {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'expired' || code === 'ERR_JWT_EXPIRED';
}
