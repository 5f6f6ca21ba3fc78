import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import {
  AccessTokenError, bearerToken, protectedResourceMetadata, protectedResourceMetadataUrl, verifyAccessToken, wwwAuthenticate,
} from './index.ts';

test('the metadata URL inserts the well-known path between host and path (RFC 9728 §3.1)', () => {
  assert.equal(protectedResourceMetadataUrl('https://mcp.example.com/mcp'), 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp');
  assert.equal(protectedResourceMetadataUrl('https://mcp.example.com'), 'https://mcp.example.com/.well-known/oauth-protected-resource');
  assert.equal(protectedResourceMetadataUrl('https://mcp.example.com:8443/a/b/'), 'https://mcp.example.com:8443/.well-known/oauth-protected-resource/a/b');
});

test('the metadata names the resource, Limen as its one authorization server, its scopes and header-only bearer tokens', () => {
  assert.deepEqual(protectedResourceMetadata({ resource: 'https://mcp.example.com/mcp', issuer: 'https://login.contoso.org', scopes: ['mcp.tools'] }), {
    resource: 'https://mcp.example.com/mcp',
    authorization_servers: ['https://login.contoso.org'],
    scopes_supported: ['mcp.tools'],
    bearer_methods_supported: ['header'],
  });
});

test('the challenge carries resource_metadata and scope, and quotes what it must', () => {
  assert.equal(
    wwwAuthenticate({ resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp', scopes: ['mcp.tools', 'mcp.admin'] }),
    'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="mcp.tools mcp.admin"',
  );
  assert.equal(
    wwwAuthenticate({ resourceMetadata: 'https://m.example/x', error: 'invalid_token', errorDescription: 'a "bad"\ntoken\\' }),
    'Bearer resource_metadata="https://m.example/x", error="invalid_token", error_description="a \\"bad\\"token\\\\"',
  );
});

test('a bearer token is read from the Authorization header only, in RFC 6750 syntax', () => {
  assert.equal(bearerToken('Bearer abc.def-ghi_~+/='), 'abc.def-ghi_~+/=');
  assert.equal(bearerToken('bearer abc'), 'abc');
  assert.equal(bearerToken('Basic abc'), undefined);
  assert.equal(bearerToken('Bearer a b'), undefined);
  assert.equal(bearerToken(undefined), undefined);
});

describe('verifying an access token', () => {
  let server: Server;
  let issuer: string;
  let key: CryptoKey;
  const audience = 'https://mcp.example.com/mcp';

  before(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    const jwk = { ...await exportJWK(pair.publicKey), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((req, res) => {
      if (req.url === '/.well-known/oauth-authorization-server') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      } else if (req.url === '/jwks') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const token = (claims: Record<string, unknown>, typ = 'at+jwt', exp: string | number = '5m') =>
    new SignJWT({ sub: 'u1', oid: 'u1', tid: 't', azp: 'c', idtyp: 'user', scp: 'mcp.tools', iss: issuer, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ })
      .setIssuedAt().setExpirationTime(exp)
      .sign(key);

  test('a token for this audience with the required scope is accepted, and its claims returned', async () => {
    const claims = await verifyAccessToken(await token({ aud: audience }), { issuer, audience, requiredScopes: ['mcp.tools'] });
    assert.equal(claims.sub, 'u1');
  });

  test('another audience, an ID token, an expired or altered token, or another issuer are invalid_token (401)', async () => {
    const invalid = async (t: string, options = { issuer, audience }) => {
      await assert.rejects(verifyAccessToken(t, options), (e: unknown) => e instanceof AccessTokenError && e.code === 'invalid_token' && e.status === 401);
    };
    await invalid(await token({ aud: 'api://limen' }));
    await invalid(await token({ aud: audience }, 'JWT'));
    await invalid(await token({ aud: audience }, 'at+jwt', Math.floor(Date.now() / 1000) - 3600));
    const [header, , signature] = (await token({ aud: audience })).split('.');
    const altered = Buffer.from(JSON.stringify({ sub: 'someone-else', aud: audience, iss: issuer, exp: 2e9, iat: 1e9 })).toString('base64url');
    await invalid(`${header}.${altered}.${signature}`);
    await invalid(await token({ aud: audience, iss: 'https://login.elsewhere.example' }));
  });

  test('a token without a required scope, as an app-only token, is insufficient_scope (403)', async () => {
    await assert.rejects(
      verifyAccessToken(await token({ aud: audience, scp: undefined, roles: ['Tools.All'], idtyp: 'app' }), { issuer, audience, requiredScopes: ['mcp.tools'] }),
      (e: unknown) => e instanceof AccessTokenError && e.code === 'insufficient_scope' && e.status === 403,
    );
  });
});
