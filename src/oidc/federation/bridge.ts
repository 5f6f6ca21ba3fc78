/**
 * The bridge between a federated workload token and oidc-provider's client authentication.
 *
 * oidc-provider authenticates a `client_assertion` as RFC 7523 §3 says a client's own assertion
 * must look: `iss` and `sub` are the client id (shared/jwt_client_auth.js, and client_auth.js
 * takes `sub` as the client id before it even looks the client up). A workload token from
 * another issuer (a Kubernetes service account token: `iss` the cluster, `sub`
 * `system:serviceaccount:…`) can never look like that. So the request is rewritten before
 * oidc-provider reads it (token-request-body.ts): the workload token is set aside for the request
 * and the `client_assertion` becomes a *bridge assertion*, a one-minute private_key_jwt
 * assertion for the named client signed with the bridge key below. oidc-provider then
 * authenticates the client by a method it knows, and its `assertJwtClientAuthClaimsAndHeader`
 * hook (index.ts) is where the workload token itself is checked against the app's federated
 * identity credentials; a refusal there fails client authentication as any bad assertion does.
 *
 * The bridge key lives in this process's memory only and is never published or stored: a new
 * one each start. The client metadata trusts it only for a request this module bridged, for the
 * client that request named (client-metadata.ts, `presented: 'federated'`), so nothing but this
 * module's own rewrite can ever present it.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';

const bridgeAlg = 'ES256';
const bridgeKid = 'limen-federated-credential-bridge';
/** Long enough for the request it is minted for; it never leaves this process. */
const bridgeTtlSeconds = 60;

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicJwk: JWK = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: bridgeKid, alg: bridgeAlg, use: 'sig' };

/** The bridge key as a client's public JWK: only in the metadata of a bridged request's client. */
export function bridgeJwk(): JWK {
  return { ...publicJwk };
}

/** What this module knows of a bridged request. */
export interface BridgedRequest {
  /** The client the request named (`client_id`), for which the bridge assertion was minted. */
  clientId: string;
  /** The external workload token the caller sent as `client_assertion`. */
  workloadToken: string;
  /** The bridge assertion's `jti`: the hook checks it is this request's own. */
  bridgeJti: string;
}

const bridged = new WeakMap<object, BridgedRequest>();

/** The bridged request `ctx` is, when it is one for `clientId` (any client when omitted). */
export function bridgedRequest(ctx: object | undefined, clientId?: string): BridgedRequest | undefined {
  const request = ctx ? bridged.get(ctx) : undefined;
  return request && (clientId === undefined || request.clientId === clientId) ? request : undefined;
}

/**
 * Sets the workload token aside for `ctx` and returns the bridge assertion that replaces it:
 * `iss` = `sub` = the client, `aud` the issuer (one of the audiences oidc-provider accepts for a
 * client assertion), a fresh `jti` (oidc-provider's replay detection sees each once).
 */
export async function bridge(ctx: object, clientId: string, workloadToken: string, audience: string): Promise<string> {
  const bridgeJti = randomUUID();
  bridged.set(ctx, { clientId, workloadToken, bridgeJti });
  return new SignJWT({})
    .setProtectedHeader({ alg: bridgeAlg, kid: bridgeKid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setJti(bridgeJti)
    .setIssuedAt()
    .setExpirationTime(`${bridgeTtlSeconds}s`)
    .sign(privateKey);
}
