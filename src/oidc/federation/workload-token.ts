/**
 * Whether a workload token from another issuer authenticates an application through one of its
 * federated identity credentials (Entra's workload identity federation; Graph's
 * federatedIdentityCredential): the token's `iss` equals the credential's issuer exactly, its
 * `sub` the credential's subject exactly, and one of its `aud` values is among the credential's
 * audiences; it is within its lifetime, and its signature verifies with a key its issuer
 * publishes (issuer-keys.ts). Checked in Entra's order, each refusal naming what did not match
 * with Entra's code (AADSTS700211 issuer, 700213 subject, 700212 audience, 700024 time range,
 * 700027 signature), so an administrator can compare the token with the credential.
 */
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { FederatedIdentityCredential } from '../../directory/index.ts';
import { oidcDefaults } from '../defaults.ts';
import { IssuerKeysError, type IssuerKeys } from './issuer-keys.ts';
import { federationRefusal } from './refusal.ts';

/** Asymmetric JWS algorithms only: a shared secret with another issuer is no trust anchor (RFC 8725 §3.1). */
export const workloadTokenAlgs = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export interface WorkloadTokenCheck {
  /** The application's appId, for the descriptions. */
  clientId: string;
  token: string;
  credentials: readonly FederatedIdentityCredential[];
  keys: IssuerKeys;
  /** Epoch seconds. @default now */
  now?: number;
}

export interface AcceptedWorkloadToken {
  credential: FederatedIdentityCredential;
  claims: JWTPayload & { iss: string; sub: string; exp: number };
}

const skew = oidcDefaults.federatedTokenClockSkewSeconds;
const maxLifetime = oidcDefaults.federatedTokenMaxLifetimeSeconds;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export async function checkWorkloadToken(check: WorkloadTokenCheck): Promise<AcceptedWorkloadToken> {
  const { clientId, token, credentials } = check;
  let claims: JWTPayload;
  let alg: string | undefined;
  try {
    claims = decodeJwt(token);
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw federationRefusal('AADSTS700027: The client assertion is not a signed JWT.', 'invalidClientAssertion');
  }
  const { iss, sub } = claims;
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];

  const byIssuer = credentials.filter((c) => c.issuer === iss);
  if (typeof iss !== 'string' || byIssuer.length === 0) {
    throw federationRefusal(
      `AADSTS700211: No matching federated identity record found for presented assertion issuer '${String(iss)}'. ` +
      `No federated identity credential of application ${clientId} has this issuer (compared exactly, including a trailing slash).`,
      'federatedIssuerNotMatched',
    );
  }
  const bySubject = byIssuer.filter((c) => c.subject === sub);
  if (typeof sub !== 'string' || bySubject.length === 0) {
    throw federationRefusal(
      `AADSTS700213: No matching federated identity record found for presented assertion subject '${String(sub)}'. ` +
      `The federated identity credentials of application ${clientId} with issuer '${iss}' name other subjects.`,
      'federatedSubjectNotMatched',
    );
  }
  const credential = bySubject.find((c) => c.audiences.some((a) => audiences.includes(a)));
  if (!credential) {
    throw federationRefusal(
      `AADSTS700212: No matching federated identity record found for presented assertion audience '${audiences.join("', '")}'. ` +
      `The federated identity credential '${bySubject[0]!.name}' of application ${clientId} expects another audience.`,
      'federatedAudienceNotMatched',
    );
  }

  const now = check.now ?? Math.floor(Date.now() / 1000);
  const { exp, nbf, iat } = claims;
  const timeRange = (why: string) => federationRefusal(`AADSTS700024: Client assertion is not within its valid time range: ${why}.`, 'clientAssertionTimeRange');
  if (typeof exp !== 'number') throw timeRange('it has no expiry (exp)');
  if (now > exp + skew) throw timeRange(`current time ${iso(now)}, expiry time of assertion ${iso(exp)}`);
  if (typeof nbf === 'number' && nbf > now + skew) throw timeRange(`current time ${iso(now)}, assertion valid from ${iso(nbf)}`);
  if (typeof iat === 'number' && iat > now + skew) throw timeRange(`current time ${iso(now)}, assertion issued at ${iso(iat)}`);
  const start = typeof iat === 'number' ? iat : typeof nbf === 'number' ? nbf : now;
  if (exp - start > maxLifetime) {
    throw timeRange(`it is valid for ${exp - start} seconds; Limen accepts workload tokens valid for at most ${maxLifetime} seconds`);
  }

  if (!alg || !workloadTokenAlgs.includes(alg)) {
    throw federationRefusal(`AADSTS700027: Client assertion failed signature validation: algorithm ${String(alg)} is not accepted; sign with an asymmetric key.`, 'invalidClientAssertion');
  }
  try {
    const keys = await check.keys(iss);
    await jwtVerify(token, keys, { issuer: iss, algorithms: workloadTokenAlgs, clockTolerance: skew, currentDate: new Date(now * 1000) });
  } catch (error) {
    throw federationRefusal(`AADSTS700027: Client assertion failed signature validation: ${signatureProblem(iss, error)}.`, 'invalidClientAssertion');
  }
  return { credential, claims: { ...claims, iss, sub, exp } };
}

function signatureProblem(issuer: string, error: unknown): string {
  if (error instanceof IssuerKeysError) return `the signing keys of issuer '${issuer}' could not be had: ${error.message}`;
  if (error instanceof joseErrors.JWKSNoMatchingKey) return `issuer '${issuer}' publishes no key matching the token's header (kid)`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return `the signature does not verify with the key issuer '${issuer}' publishes`;
  if (error instanceof joseErrors.JWKSTimeout) return `issuer '${issuer}' did not answer in time for its keys`;
  if (error instanceof joseErrors.JOSEError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
