import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AgentTokenClient, ConditionalAccessError, LimenTokenError } from './index.ts';
import { refreshTime, TokenCache } from './token-cache.ts';

/**
 * The SDK's own behaviour (request shapes, caching, typed errors) against a local HTTP token
 * endpoint that records what it gets; test/agents/ runs it against a real Limen.
 */
describe('the agent token client', () => {
  let server: Server;
  let issuer: string;
  const requests: Array<{ form: URLSearchParams; authorization: string | undefined; userAgent: string | undefined }> = [];
  let answer: (form: URLSearchParams) => { status: number; body: object } = (form) => ({
    status: 200,
    body: { access_token: `token-${requests.length}-${form.get('grant_type')}`, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') ?? undefined },
  });

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/.well-known/openid-configuration') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ issuer, token_endpoint: `${issuer}/token` }));
        return;
      }
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(text);
        requests.push({ form, authorization: req.headers.authorization, userAgent: req.headers['user-agent'] });
        const { status, body } = answer(form);
        res.writeHead(status, { 'content-type': 'application/json', 'client-request-id': '11111111-2222-3333-4444-555555555555' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const client = (credential: ConstructorParameters<typeof AgentTokenClient>[0]['blueprint']['credential'] = { kind: 'clientSecret', secret: 's3cret/+' }) =>
    new AgentTokenClient({ issuer, blueprint: { clientId: 'blueprint-app', credential }, agentId: 'agent-app' });

  it('asks the blueprint for an assertion naming the agent, then exchanges it as the subject token', async () => {
    requests.length = 0;
    const token = await client().getToken({ scope: 'api://payroll/.default' });
    assert.equal(requests.length, 2);
    const [first, second] = requests;
    assert.equal(first!.form.get('grant_type'), 'client_credentials');
    assert.equal(first!.form.get('resource'), 'urn:limen:agent:agent-app');
    assert.equal(first!.authorization, `Basic ${Buffer.from('blueprint-app:s3cret%2F%2B').toString('base64')}`, 'RFC 6749 §2.3.1 form-encodes the secret');
    assert.equal(second!.form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:token-exchange');
    assert.equal(second!.form.get('client_id'), 'agent-app');
    assert.equal(second!.form.get('subject_token'), 'token-1-client_credentials');
    assert.equal(second!.form.get('actor_token'), null);
    assert.equal(second!.form.get('scope'), 'api://payroll/.default');
    assert.equal(token.accessToken, 'token-2-urn:ietf:params:oauth:grant-type:token-exchange');
    assert.match(second!.userAgent ?? '', /^LimenAgentSDK\/\S+ \((Linux|Windows NT|Macintosh; Mac OS X)\)/, 'Conditional Access reads the platform from it');
  });

  it('on behalf of a person, sends the person’s token as the subject and the assertion as the actor', async () => {
    requests.length = 0;
    await client().getTokenOnBehalfOf('the-user-token', { resource: 'https://mcp.example/' });
    const exchange = requests[1]!.form;
    assert.equal(exchange.get('subject_token'), 'the-user-token');
    assert.equal(exchange.get('actor_token'), 'token-1-client_credentials');
    assert.equal(exchange.get('actor_token_type'), 'urn:ietf:params:oauth:token-type:access_token');
    assert.equal(exchange.get('resource'), 'https://mcp.example/');
  });

  it('signs a private_key_jwt assertion for the blueprint (RFC 7523): iss and sub the blueprint, aud the token endpoint', async () => {
    requests.length = 0;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await client({ kind: 'privateKey', key: privateKey, keyId: 'cert-1' }).getToken({ scope: 'x' });
    const form = requests[0]!.form;
    assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const claims = decodeJwt(form.get('client_assertion')!);
    assert.equal(claims.iss, 'blueprint-app');
    assert.equal(claims.sub, 'blueprint-app');
    assert.equal(claims.aud, `${issuer}/token`);
    assert.ok(claims.jti && claims.exp! - claims.iat! <= 120);
    assert.equal(decodeProtectedHeader(form.get('client_assertion')!).kid, 'cert-1');
  });

  it('sends a federated workload token as the client assertion, as it is', async () => {
    requests.length = 0;
    await client({ kind: 'federated', token: async () => 'kubernetes-token' }).getToken({ scope: 'y' });
    assert.equal(requests[0]!.form.get('client_assertion'), 'kubernetes-token');
    assert.equal(requests[0]!.form.get('client_id'), 'blueprint-app');
  });

  it('keeps a token until shortly before it expires, and makes one request for many concurrent callers', async () => {
    const c = client();
    requests.length = 0;
    const tokens = await Promise.all(Array.from({ length: 20 }, () => c.getToken({ scope: 'api://payroll/.default' })));
    assert.equal(new Set(tokens.map((t) => t.accessToken)).size, 1);
    assert.equal(requests.length, 2);
    await c.getToken({ scope: 'api://payroll/.default' });
    assert.equal(requests.length, 2, 'served from the cache');
    await c.getToken({ scope: 'api://other/.default' });
    assert.equal(requests.length, 4, 'another resource is another token');
  });

  it('a Conditional Access block is a typed error with the code, the policies and the correlation id', async () => {
    answer = (form) => form.get('grant_type') === 'client_credentials'
      ? { status: 200, body: { access_token: 'assertion', token_type: 'Bearer', expires_in: 300 } }
      : { status: 400, body: { error: 'invalid_grant', error_description: 'AADSTS53003: Access has been blocked by Conditional Access policies (Block all agents, Block HR).', correlation_id: 'aaaaaaaa-0000-4000-8000-000000000001' } };
    const error = await client().getToken({ scope: 'z' }).catch((e: unknown) => e);
    assert.ok(error instanceof ConditionalAccessError);
    assert.equal(error.blocked, true);
    assert.equal(error.code, 53003);
    assert.deepEqual(error.policies, ['Block all agents', 'Block HR']);
    assert.equal(error.correlationId, 'aaaaaaaa-0000-4000-8000-000000000001');
  });

  it('a person’s policy that wants more is a Conditional Access error too, naming the policy', async () => {
    answer = (form) => form.get('grant_type') === 'client_credentials'
      ? { status: 200, body: { access_token: 'assertion', token_type: 'Bearer', expires_in: 300 } }
      : { status: 400, body: { error: 'invalid_grant', error_description: 'AADSTS50076: Conditional Access (Require MFA) requires the user to sign in again interactively.' } };
    const error = await client().getTokenOnBehalfOf('user-token', { scope: 'z' }).catch((e: unknown) => e);
    assert.ok(error instanceof ConditionalAccessError);
    assert.equal(error.blocked, false);
    assert.deepEqual(error.policies, ['Require MFA']);
  });

  it('any other refusal is a LimenTokenError naming the OAuth error', async () => {
    answer = () => ({ status: 401, body: { error: 'invalid_client', error_description: 'client authentication failed' } });
    const error = await client().getToken({ scope: 'z' }).catch((e: unknown) => e);
    assert.ok(error instanceof LimenTokenError && !(error instanceof ConditionalAccessError));
    assert.equal(error.error, 'invalid_client');
    assert.equal(error.status, 401);
    assert.equal(error.correlationId, '11111111-2222-3333-4444-555555555555', 'from the client-request-id header when the body has none');
  });
});

describe('the token cache', () => {
  it('refreshes five minutes before expiry, or a quarter of the lifetime before for short tokens', () => {
    assert.equal(refreshTime(0, 3_600_000, 300_000), 3_300_000);
    assert.equal(refreshTime(0, 600_000, 300_000), 450_000);
  });

  it('fetches again once the refresh time has passed, and a failed fetch is not cached', async () => {
    let now = 0;
    const cache = new TokenCache({ now: () => now });
    let fetches = 0;
    const fetch = async () => ({ accessToken: `t${++fetches}`, tokenType: 'Bearer', scope: undefined, expiresAt: now + 1000, refreshAt: now + 750 });
    assert.equal((await cache.get('k', fetch)).accessToken, 't1');
    now = 700;
    assert.equal((await cache.get('k', fetch)).accessToken, 't1');
    now = 800;
    assert.equal((await cache.get('k', fetch)).accessToken, 't2');
    await assert.rejects(cache.get('other', async () => { throw new Error('down'); }));
    assert.equal((await cache.get('other', fetch)).accessToken, 't3');
  });
});
