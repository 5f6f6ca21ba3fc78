/**
 * Limen as the authorization server of an MCP server (MCP authorization, revision 2025-11-25):
 * the official MCP SDK client finds Limen through the server's RFC 9728 metadata, registers
 * itself (RFC 7591, or a Client ID Metadata Document), signs the user in with the authorization
 * code flow, PKCE and `resource` (RFC 8707), and calls a tool on a server that takes only
 * tokens whose audience is itself.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import * as openid from 'openid-client';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { applicationCreateSchema, managementApi } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn, type Page } from '../oidc/browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, password, redirectUri } from '../oidc/fixtures.ts';
import { startHarness, type Harness } from '../oidc/harness.ts';
import { startDocumentServer, type DocumentServer } from '../support/document-server.ts';
import { startMcpServer, type TestMcpServer } from './mcp-server.ts';
import { connectWithSignIn, mcpRedirectUrl, TestOAuthProvider } from './oauth-client.ts';

const username = 'ada@contoso.test';

async function whoami(client: Client): Promise<{ sub: string; name: string; client: string }> {
  const result = await client.callTool({ name: 'whoami' });
  const [content] = result.content as Array<{ type: string; text: string }>;
  return JSON.parse(content!.text) as { sub: string; name: string; client: string };
}

/**
 * Plays the user: signs in with a password, accepts the consent page; returns where the browser
 * landed. `pages` receives the sign-in page and the consent page, for a look at what they said.
 */
function userSignsIn(h: Harness, pages: Page[] = []) {
  return async (authorizationUrl: URL): Promise<string> => {
    const browser = new Browser(h.url);
    let page = await browser.follow(authorizationUrl.href);
    pages.push(page);
    page = await browser.submit(page, '/username', { username });
    page = await browser.submit(page, '/login', { password });
    pages.push(page);
    assert.match(page.html, /\/consent"/, `a consent page, not ${page.html.slice(0, 500)}`);
    page = await browser.submit(page, '/consent', { decision: 'accept' });
    return page.url;
  };
}

for (const engine of testEngines()) {
  describe(`MCP authorization with Limen on ${engine}`, () => {
    let h: Harness;
    let mcp: TestMcpServer;
    let documents: DocumentServer;
    let userId: string;

    before(async () => {
      // Client ID Metadata Documents come from a loopback server here, which only this setting allows.
      h = await startHarness(engine, { config: { clientMetadataPrivateNetwork: true } });
      userId = (await createUser(h.directory, username)).id;
      mcp = await startMcpServer(h.url, ['mcp.tools']);
      documents = await startDocumentServer();
      // The MCP server, registered in Limen as an API: its URL is its identifier URI.
      await h.audited(async (directory) => {
        const app = await directory.applications.create(applicationCreateSchema.parse({
          displayName: 'Contoso tools',
          identifierUris: [mcp.url],
          api: {
            oauth2PermissionScopes: [{
              id: randomUUID(), value: 'mcp.tools', type: 'User',
              adminConsentDisplayName: 'Use Contoso tools', adminConsentDescription: 'Call the tools of the Contoso MCP server as you.',
            }],
          },
        }));
        await directory.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
      });
    });
    after(async () => {
      await mcp.close();
      await documents.close();
      await h.close();
    });

    test('Limen publishes RFC 8414 metadata with PKCE S256, the iss parameter, registration and client ID documents', async () => {
      const metadata = await (await fetch(`${h.url}/.well-known/oauth-authorization-server`)).json() as Record<string, unknown>;
      assert.equal(metadata.issuer, h.url);
      assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
      assert.equal(metadata.authorization_response_iss_parameter_supported, true);
      assert.equal(metadata.client_id_metadata_document_supported, true);
      assert.equal(metadata.registration_endpoint, `${h.url}/reg`);
      assert.ok((metadata.token_endpoint_auth_methods_supported as string[]).includes('none'));
    });

    test('the MCP server answers 401 with a challenge that points to its RFC 9728 metadata, which names Limen', async () => {
      const response = await fetch(mcp.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), `Bearer resource_metadata="${mcp.metadataUrl}", scope="mcp.tools"`);
      const metadata = await (await fetch(mcp.metadataUrl)).json() as Record<string, unknown>;
      assert.equal(metadata.resource, mcp.url);
      assert.deepEqual(metadata.authorization_servers, [h.url]);
      assert.deepEqual(metadata.scopes_supported, ['mcp.tools']);
    });

    test('the SDK client registers itself, the user signs in, and the tool sees who the user is', async () => {
      const provider = new TestOAuthProvider();
      const pages: Page[] = [];
      const client = await connectWithSignIn(mcp.url, provider, userSignsIn(h, pages));
      try {
        const registered = provider.clientInformation()!;
        assert.deepEqual(await whoami(client), { sub: userId, name: 'Ada Lovelace', client: registered.client_id });

        // The authorization request carried PKCE (S256) and the MCP server as `resource`.
        const request = provider.authorizationUrl!.searchParams;
        assert.equal(request.get('code_challenge_method'), 'S256');
        assert.equal(request.get('resource'), mcp.url);
        // The token is for the MCP server and nothing else: `aud` is exactly its URL.
        const claims = decodeJwt(provider.tokens()!.access_token);
        assert.equal(claims.aud, mcp.url);
        assert.equal(claims.scp, 'mcp.tools');
        assert.equal(claims.iss, h.url);

        // The consent page said the app registered itself and where the answer goes.
        const [, consent] = pages;
        assert.match(consent!.html, /Contoso MCP host wants to use Contoso tools/);
        assert.match(consent!.html, /has not verified this app/);
        assert.match(consent!.html, /goes to <strong>localhost:8765<\/strong> on this device/);

        // The registration is an application in the directory, tagged and audited.
        const app = await h.directory.applications.getByAppId(registered.client_id);
        assert.deepEqual(app?.tags, ['limen:dynamicRegistration']);
        assert.deepEqual(app?.publicClient.redirectUris, [mcpRedirectUrl]);
        const audits = await h.store.db.selectFrom('directory_audits').select('data').execute();
        assert.ok(audits.some((a) => a.data.includes('"Add application"') && a.data.includes(app!.id)), 'the registration is audited');
      } finally {
        await client.close();
      }
    });

    test('with a Client ID Metadata Document, Limen fetches the document once and shows its client name on the sign-in and consent pages', async () => {
      const documentUrl = `${documents.origin}/clients/contoso-assistant.json`;
      documents.serve('/clients/contoso-assistant.json', {
        client_id: documentUrl,
        client_name: 'Contoso Assistant',
        redirect_uris: [mcpRedirectUrl],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }, { 'cache-control': 'max-age=300' });
      const provider = new TestOAuthProvider({ clientMetadataUrl: documentUrl });
      const pages: Page[] = [];
      const client = await connectWithSignIn(mcp.url, provider, userSignsIn(h, pages));
      try {
        // The SDK did not register: the URL is the client ID.
        assert.equal(provider.clientInformation()?.client_id, documentUrl);
        assert.deepEqual(await whoami(client), { sub: userId, name: 'Ada Lovelace', client: documentUrl });
        assert.equal(decodeJwt(provider.tokens()!.access_token).aud, mcp.url);
        const [signInPage, consent] = pages;
        assert.match(signInPage!.html, /to continue to Contoso Assistant/);
        assert.match(consent!.html, /Contoso Assistant wants to use Contoso tools/);
        assert.match(consent!.html, new RegExp(`published at <strong>${new URL(documentUrl).host}</strong>`));
        // Authorization and token requests, one fetch: the document is cached per its max-age.
        assert.equal(documents.fetches.get('/clients/contoso-assistant.json'), 1);
        const [app] = (await h.directory.applications.list()).filter((a) => a.tags.includes('limen:clientIdMetadataDocument'));
        assert.equal(app?.displayName, 'Contoso Assistant');
        assert.ok(app?.tags.includes(`limen:clientIdMetadataDocument:${documentUrl}`));
      } finally {
        await client.close();
      }
    });

    test('a browser-based MCP client registers from its page (CORS on /reg) and redeems codes from its own origin only; a confidential one gets no CORS', async () => {
      const page = 'https://inspector.example';
      const preflight = await fetch(`${h.url}/reg`, { method: 'OPTIONS', headers: { origin: page, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/);
      const register = (body: Record<string, unknown>) => fetch(`${h.url}/reg`, {
        method: 'POST', headers: { origin: page, 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: [`${page}/callback`], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], ...body }),
      });
      const registered = await register({ client_name: 'Web inspector', token_endpoint_auth_method: 'none' });
      assert.equal(registered.status, 201);
      assert.equal(registered.headers.get('access-control-allow-origin'), '*');
      assert.equal(registered.headers.get('access-control-allow-credentials'), null, 'no credentials across origins');
      const { client_id: publicId } = await registered.json() as { client_id: string };
      const confidential = await register({ client_name: 'Server inspector', token_endpoint_auth_method: 'client_secret_basic' });
      const { client_id: confidentialId } = await confidential.json() as { client_id: string };

      const allowed = async (clientId: string, origin: string) => (await fetch(`${h.url}/token`, {
        method: 'POST', headers: { origin },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: `${page}/callback`, code_verifier: 'x'.repeat(43), client_id: clientId }),
      })).headers.get('access-control-allow-origin');
      assert.equal(await allowed(publicId, page), page);
      assert.equal(await allowed(publicId, 'https://evil.example'), null);
      assert.equal(await allowed(confidentialId, page), null);
    });

    test('a token Limen issued for another audience is refused by the MCP server', async () => {
      const web = await createWebApp(h.directory);
      const config = await discover(h, web.app.appId, openid.ClientSecretBasic(web.secret));
      const request = await authorizationRequest(config, `openid ${managementApi.identifierUri}/User.Read`);
      const landed = await signIn(new Browser(h.url), request.url, username, password);
      assert.ok(landed.url.startsWith(redirectUri), landed.url);
      const tokens = await openid.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      assert.equal(decodeJwt(tokens.access_token).aud, managementApi.identifierUri);

      const response = await fetch(mcp.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate') ?? '', /error="invalid_token", error_description="the token's aud claim is not accepted here"/);
    });

    test('an authorization request without a PKCE code challenge is refused', async () => {
      const { client_id: clientId } = await register(h);
      const url = new URL(`${h.url}/auth`);
      url.search = new URLSearchParams({
        client_id: clientId, response_type: 'code', redirect_uri: mcpRedirectUrl, scope: 'mcp.tools', resource: mcp.url, state: 's',
      }).toString();
      const landed = new URL((await new Browser(h.url).follow(url.href)).url);
      assert.equal(landed.origin + landed.pathname, mcpRedirectUrl);
      assert.equal(landed.searchParams.get('error'), 'invalid_request');
      assert.match(landed.searchParams.get('error_description') ?? '', /PKCE/);
      assert.equal(landed.searchParams.get('code'), null);
    });

    test('a resource that is not registered in Limen is refused', async () => {
      const { client_id: clientId } = await register(h);
      const url = new URL(`${h.url}/auth`);
      url.search = new URLSearchParams({
        client_id: clientId, response_type: 'code', redirect_uri: mcpRedirectUrl, scope: 'mcp.tools', state: 's',
        resource: 'https://elsewhere.example/mcp', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
      }).toString();
      const landed = new URL((await new Browser(h.url).follow(url.href)).url);
      assert.equal(landed.searchParams.get('error'), 'invalid_target');
    });
  });
}

/** A public client registered as an MCP host does (RFC 7591). */
async function register(h: Harness): Promise<{ client_id: string }> {
  const response = await fetch(`${h.url}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Probe', redirect_uris: [mcpRedirectUrl], token_endpoint_auth_method: 'none', application_type: 'native' }),
  });
  assert.equal(response.status, 201);
  return response.json() as Promise<{ client_id: string }>;
}
