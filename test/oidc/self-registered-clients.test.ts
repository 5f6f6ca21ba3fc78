/**
 * Clients that register themselves (MCP authorization, "Client Registration Approaches"): RFC 7591
 * dynamic registration and Client ID Metadata Documents, with Limen's rules for both: directory
 * objects an administrator can disable, no app-only tokens, redirect URI rules, a cap, SSRF care.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DocumentError, fetchJson } from '../../src/oidc/registration/fetch-document.ts';
import { startDocumentServer, type DocumentServer } from '../support/document-server.ts';
import { testEngines } from '../support/engines.ts';
import { startHarness, type Harness } from './harness.ts';

const loopbackRedirect = 'http://127.0.0.1:8765/callback';

function register(h: Harness, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${h.url}/reg`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** The authorization endpoint's JSON answer for `clientId` (unknown clients are not redirected to). */
async function authorize(h: Harness, clientId: string): Promise<{ status: number; error?: string; error_description?: string; location?: string }> {
  const url = new URL(`${h.url}/auth`);
  url.search = new URLSearchParams({
    client_id: clientId, response_type: 'code', redirect_uri: loopbackRedirect, scope: 'openid', state: 's',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
  }).toString();
  const response = await fetch(url, { headers: { accept: 'application/json' }, redirect: 'manual' });
  const location = response.headers.get('location') ?? undefined;
  const body = location ? {} : await response.json() as { error?: string; error_description?: string };
  return { status: response.status, ...body, location };
}

async function setServicePrincipalEnabled(h: Harness, appId: string, accountEnabled: boolean): Promise<void> {
  await h.audited(async (directory) => {
    const sp = await directory.servicePrincipals.getByAppId(appId);
    await directory.servicePrincipals.update(sp!.id, { accountEnabled });
  });
}

for (const engine of testEngines()) {
  describe(`dynamic client registration on ${engine}`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { config: { maxSelfRegisteredClients: 3 } });
    });
    after(() => h.close());

    test('a confidential client gets a secret that authenticates it, an expiry, and no client credentials grant', async () => {
      const response = await register(h, {
        client_name: 'Hosted MCP client', redirect_uris: ['https://assistant.example/oauth/callback'],
        token_endpoint_auth_method: 'client_secret_post', grant_types: ['authorization_code', 'refresh_token'], scope: 'files.read',
      });
      assert.equal(response.status, 201);
      const client = await response.json() as { client_id: string; client_secret: string; client_secret_expires_at: number; scope?: string };
      assert.ok(client.client_secret_expires_at > Date.now() / 1000 + 700 * 86_400, 'the secret lives two years');
      assert.equal(client.scope, undefined, 'the requested scope is not kept');
      const app = await h.directory.applications.getByAppId(client.client_id);
      assert.deepEqual(app?.web.redirectUris, ['https://assistant.example/oauth/callback']);
      assert.equal(app?.passwordCredentials.length, 1);

      const token = (secret: string, grant: string) => fetch(`${h.url}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: grant, client_id: client.client_id, client_secret: secret, scope: 'api://limen/.default',
          code: 'not-a-code', redirect_uri: 'https://assistant.example/oauth/callback', code_verifier: 'v'.repeat(43),
        }),
      }).then(async (r) => await r.json() as { error: string; error_description: string });
      // The secret authenticates the client: the made-up code is what fails.
      assert.equal((await token(client.client_secret, 'authorization_code')).error, 'invalid_grant');
      assert.equal((await token('wrong', 'authorization_code')).error, 'invalid_client');
      const appOnly = await token(client.client_secret, 'client_credentials');
      assert.equal(appOnly.error_description, 'requested grant type is not allowed for this client', 'app-only tokens are not for self-registered clients');
    });

    test('http redirect URIs outside loopback, app-only grants and private_key_jwt are refused', async () => {
      for (const [body, reason] of [
        [{ redirect_uris: ['http://assistant.example/callback'], token_endpoint_auth_method: 'none' }, /http is allowed only for localhost/],
        [{ redirect_uris: [loopbackRedirect], grant_types: ['authorization_code', 'client_credentials'] }, /grant_types/],
        [{ redirect_uris: [loopbackRedirect], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [] } }, /token_endpoint_auth_method/],
      ] as const) {
        const response = await register(h, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        const error = await response.json() as { error: string; error_description: string };
        assert.equal(error.error, 'invalid_client_metadata');
        assert.match(error.error_description, reason);
      }
    });

    test('an administrator blocks a registered client by disabling its service principal', async () => {
      const { client_id: clientId } = await (await register(h, { client_name: 'Probe', redirect_uris: [loopbackRedirect], token_endpoint_auth_method: 'none' })).json() as { client_id: string };
      assert.equal((await authorize(h, clientId)).status, 303, 'on to the sign-in page');
      await setServicePrincipalEnabled(h, clientId, false);
      assert.equal((await authorize(h, clientId)).error, 'invalid_client');
    });

    test('registrations stop at the configured number of self-registered applications', async () => {
      // Two registered above; the third is the last one allowed.
      assert.equal((await register(h, { redirect_uris: [loopbackRedirect], token_endpoint_auth_method: 'none' })).status, 201);
      const response = await register(h, { redirect_uris: [loopbackRedirect], token_endpoint_auth_method: 'none' });
      assert.equal(response.status, 400);
      assert.match((await response.json() as { error_description: string }).error_description, /at most 3 self-registered applications/);
    });
  });

  describe(`self-registration turned off on ${engine}`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { config: { dynamicClientRegistration: false, clientIdMetadataDocuments: false } });
    });
    after(() => h.close());

    test('discovery offers neither, /reg does not exist, and a URL client ID is an unknown client', async () => {
      const metadata = await (await fetch(`${h.url}/.well-known/oauth-authorization-server`)).json() as Record<string, unknown>;
      assert.equal(metadata.registration_endpoint, undefined);
      assert.equal(metadata.client_id_metadata_document_supported, undefined);
      assert.equal((await register(h, { redirect_uris: [loopbackRedirect] })).status, 404);
      assert.equal((await authorize(h, 'https://assistant.example/client.json')).error, 'invalid_client');
    });
  });

  describe(`client ID metadata documents on ${engine}`, () => {
    let h: Harness;
    let documents: DocumentServer;
    before(async () => {
      h = await startHarness(engine);
      documents = await startDocumentServer();
    });
    after(async () => {
      await documents.close();
      await h.close();
    });

    test('a document on a loopback or private address is not fetched unless the private network setting allows it', async () => {
      const url = documents.serve('/private.json', { client_id: `${documents.origin}/private.json`, redirect_uris: [loopbackRedirect] });
      const refused = await authorize(h, url);
      assert.equal(refused.error, 'invalid_client');
      assert.match(refused.error_description ?? '', /localhost resolves to .*, not a public address/);
      assert.equal(documents.fetches.get('/private.json'), undefined, 'not even a connection');
      await assert.rejects(fetchJson(new URL('https://169.254.169.254/latest/meta-data'), { timeoutMs: 1000, maxBytes: 5120, privateNetwork: false }),
        (e: unknown) => e instanceof DocumentError && /not a public address/.test(e.message));
    });

    test('an administrator blocks a document client by disabling its service principal', async () => {
      const allowed = await startHarness(engine, { config: { clientMetadataPrivateNetwork: true } });
      try {
        const url = documents.serve('/blocked.json', { client_id: `${documents.origin}/blocked.json`, client_name: 'Soon blocked', redirect_uris: [loopbackRedirect] });
        assert.equal((await authorize(allowed, url)).status, 303);
        const [app] = (await allowed.directory.applications.list()).filter((a) => a.displayName === 'Soon blocked');
        await setServicePrincipalEnabled(allowed, app!.appId, false);
        assert.equal((await authorize(allowed, url)).error, 'invalid_client');
        // The app's own GUID is no way around it either: such a client is known by its URL only.
        await setServicePrincipalEnabled(allowed, app!.appId, true);
        assert.equal((await authorize(allowed, app!.appId)).error, 'invalid_client');
      } finally {
        await allowed.close();
      }
    });

    test('the fetch follows no redirect, reads at most the size limit, gives up on a slow server and reads caching headers', async () => {
      const options = { timeoutMs: 500, maxBytes: 5 * 1024, privateNetwork: true };
      const target = documents.serve('/target.json', { ok: true });
      const redirecting = documents.redirect('/moved.json', target);
      await assert.rejects(fetchJson(new URL(redirecting), options), /answered 302, not 200/);
      const large = documents.serve('/large.json', { padding: 'x'.repeat(6000) });
      await assert.rejects(fetchJson(new URL(large), options), /larger than 5120 bytes/);
      const slow = documents.stall('/slow.json');
      await assert.rejects(fetchJson(new URL(slow), options), /took too long/);
      await assert.rejects(fetchJson(new URL(documents.serve('/text.json', 'not json')), options), /not JSON/);
      assert.deepEqual(await fetchJson(new URL(documents.serve('/cached.json', { a: 1 }, { 'cache-control': 'public, max-age=120' })), options), { body: { a: 1 }, maxAgeSeconds: 120 });
      assert.equal((await fetchJson(new URL(documents.serve('/no-store.json', {}, { 'cache-control': 'no-store' })), options)).maxAgeSeconds, 0);
    });
  });
}
