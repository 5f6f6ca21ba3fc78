/**
 * A local OpenID issuer of workload tokens, as a Kubernetes cluster's service account issuer
 * discovery serves it: `/.well-known/openid-configuration` naming the issuer and its `jwks_uri`,
 * and a JWKS with one RS256 key. It mints tokens shaped like a projected service account token
 * (iss the issuer, sub `system:serviceaccount:<namespace>:<name>`, aud, an hour's life, jti).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export const entraAudience = 'api://AzureADTokenExchange';
export const triageServiceAccount = 'system:serviceaccount:agents:triage';

export interface LocalIssuer {
  /** `http://127.0.0.1:<port>`, the `iss` of its tokens. */
  issuer: string;
  /**
   * A token signed with the published key. `claims` override the defaults (null removes one);
   * `key` signs with another key under the same `kid` (a forgery).
   */
  mint(claims?: Record<string, unknown>, options?: { key?: CryptoKey; lifetimeSeconds?: number }): Promise<string>;
  /** A key of the same type that the issuer does not publish. */
  otherKey(): Promise<CryptoKey>;
  /** How many times the discovery document and the key set were fetched. */
  fetches: { discovery: number; keys: number };
  close(): Promise<void>;
}

const kid = 'sa-signing-key-1';

export async function startLocalIssuer(): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const fetches = { discovery: 0, keys: 0 };
  let issuer = '';
  const server: Server = createServer((req, res) => {
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      fetches.discovery++;
      json({
        issuer,
        jwks_uri: `${issuer}/openid/v1/jwks`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    } else if (req.url === '/openid/v1/jwks') {
      fetches.keys++;
      json(jwks);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    fetches,
    async mint(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        iss: issuer,
        sub: triageServiceAccount,
        aud: [entraAudience],
        iat: now,
        nbf: now,
        exp: now + (options.lifetimeSeconds ?? 3600),
        jti: randomUUID(),
        'kubernetes.io': { namespace: 'agents', serviceaccount: { name: 'triage', uid: randomUUID() } },
        ...claims,
      };
      for (const [name, value] of Object.entries(payload)) if (value === null) delete payload[name];
      return new SignJWT(payload as JWTPayload).setProtectedHeader({ alg: 'RS256', kid }).sign(options.key ?? privateKey);
    },
    async otherKey() {
      return (await generateKeyPair('RS256')).privateKey;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
