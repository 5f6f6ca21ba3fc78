import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createIssuerKeys, IssuerKeysError } from './issuer-keys.ts';

/** Where Limen may fetch a federated credential issuer's keys from (server-side request forgery). */
describe('fetching a federated credential issuer’s keys', () => {
  let server: Server;
  let issuer: string;
  let declared: string | undefined;

  before(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url === '/.well-known/openid-configuration' ? { issuer: declared ?? issuer, jwks_uri: `${issuer}/keys` } : { keys: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const failure = (promise: Promise<unknown>) => promise.then(() => assert.fail('fetched'), (e: unknown) => {
    assert.ok(e instanceof IssuerKeysError, String(e));
    return e.message;
  });

  it('refuses a plain http issuer unless private networks are allowed (development)', async () => {
    assert.match(await failure(createIssuerKeys({ privateNetwork: false })(issuer)), /must use https/);
    assert.equal(typeof await createIssuerKeys({ privateNetwork: true })(issuer), 'function');
  });

  it('refuses an https issuer on a loopback or private address unless private networks are allowed', async () => {
    assert.match(await failure(createIssuerKeys({ privateNetwork: false })('https://127.0.0.1:1/issuer')), /not a public address/);
    assert.match(await failure(createIssuerKeys({ privateNetwork: false })('https://169.254.169.254')), /not a public address/);
  });

  it('refuses plain http to a public address even when private networks are allowed', async () => {
    assert.match(await failure(createIssuerKeys({ privateNetwork: true })('http://8.8.8.8')), /public address: use https/);
  });

  it('refuses a discovery document that names another issuer (OpenID Connect Discovery §4.3)', async () => {
    declared = 'https://evil.example';
    try {
      assert.match(await failure(createIssuerKeys({ privateNetwork: true })(issuer)), /names issuer "https:\/\/evil\.example"/);
    } finally {
      declared = undefined;
    }
  });
});
