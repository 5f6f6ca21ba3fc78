/**
 * A test identity verification provider: a real HTTP server speaking the exchange of
 * recovery/signed-jwt-verifier.ts. Where a real provider would scan a passport and take a selfie,
 * it "verifies" whoever the test says is next in line, and answers with an ES256 JWT of their
 * names, signed by a key it publishes at its JWKS URL; or with `error=access_denied` when the
 * test says the person failed (or nobody was expected).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export type Visitor = { givenName: string; surname: string } | { refuse: string };

export interface TestIdv {
  issuer: string;
  verificationUrl: string;
  jwksUrl: string;
  clientId: string;
  /** The only redirect URI the provider sends browsers back to (set once Limen's URL is known). */
  redirectUri: string;
  /** Who the next person to arrive turns out to be (their document's names), or that they fail. */
  expect(visitor: Visitor): void;
  /** Signs evidence as the provider does, or with `key` as a forger would; claims override the defaults. */
  sign(claims: JWTPayload, key?: CryptoKey): Promise<string>;
  /** Evidence ids (`jti`) issued, in order. */
  readonly issued: string[];
  close(): Promise<void>;
}

export async function startTestIdv(): Promise<TestIdv> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-idv-1', alg: 'ES256', use: 'sig' };
  const queue: Visitor[] = [];
  const issued: string[] = [];
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const idv: TestIdv = {
    issuer: base,
    verificationUrl: `${base}/verify`,
    jwksUrl: `${base}/.well-known/jwks.json`,
    clientId: 'limen-test-tenant',
    redirectUri: '',
    expect: (visitor) => void queue.push(visitor),
    async sign(claims, key = privateKey) {
      const jti = randomUUID();
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ jti, iat: now, exp: now + 300, acr: 'document+liveness', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'test-idv-1', typ: 'JWT' })
        .setIssuer(base)
        .setAudience(idv.clientId)
        .sign(key);
    },
    issued,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };

  server.on('request', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      if (url.pathname === '/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
        return;
      }
      const q = url.searchParams;
      if (url.pathname !== '/verify' || q.get('client_id') !== idv.clientId || q.get('redirect_uri') !== idv.redirectUri) {
        res.writeHead(400).end('unknown client or redirect URI');
        return;
      }
      const back = new URL(idv.redirectUri);
      back.searchParams.set('state', q.get('state') ?? '');
      const visitor = queue.shift() ?? { refuse: 'nobody was expected' };
      if ('refuse' in visitor) {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', visitor.refuse);
      } else {
        const token = await idv.sign({ nonce: q.get('nonce') ?? '', given_name: visitor.givenName, family_name: visitor.surname });
        issued.push(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti);
        back.searchParams.set('verification', token);
      }
      res.writeHead(302, { location: back.href }).end();
    })();
  });
  return idv;
}
