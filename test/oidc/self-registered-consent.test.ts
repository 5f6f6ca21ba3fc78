/**
 * A client that registered itself always shows the person the consent page (its redirect URI is
 * vouched for by no one), and one acceptance is enough: the grant the consent just completed is
 * the one the authorization goes on with, OpenID scopes and `offline_access` included.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from './browser.ts';
import { authorizationRequest, createUser, password } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const redirectUri = 'http://localhost:8765/callback';

for (const engine of testEngines()) {
  describe(`consent for a self-registered client on ${engine}`, () => {
    let h: Harness;
    let config: client.Configuration;
    before(async () => {
      h = await startHarness(engine);
      await createUser(h.directory);
      const registered = await fetch(`${h.url}/reg`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'MCP host', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }),
      });
      const { client_id: clientId } = await registered.json() as { client_id: string };
      config = await client.discovery(new URL(h.url), clientId, undefined, client.None(), { execute: [client.allowInsecureRequests] });
    });
    after(() => h.close());

    test('asking for openid, offline_access and a scope shows the consent page once, then the code comes and brings a refresh token', async () => {
      const request = await authorizationRequest(config, 'openid offline_access User.Read');
      const browser = new Browser(h.url);
      const consent = await signIn(browser, request.url, 'ada@contoso.test', password, { consent: false });
      assert.match(consent.html, /\/consent"/, 'the self-registered app gets the consent page');
      const landed = await browser.submit(consent, '/consent', { decision: 'accept' });
      assert.ok(landed.url.startsWith(`${redirectUri}?code=`), `one acceptance leads back to the app, not to ${landed.url.slice(0, 120)}`);
      const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      assert.ok(tokens.refresh_token, 'offline_access was granted');
      assert.ok((await client.refreshTokenGrant(config, tokens.refresh_token!)).access_token);
    });
  });
}
