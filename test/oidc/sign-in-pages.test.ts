import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { managementApi } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from './browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, password, redirectUri, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

for (const engine of testEngines()) {
  describe(`sign-in pages on ${engine}`, () => {
    let h: Harness;
    let web: RegisteredApp;
    let config: client.Configuration;

    before(async () => {
      h = await startHarness(engine);
      web = await createWebApp(h.directory);
      const api = await h.directory.servicePrincipals.getByAppId(managementApi.appId);
      await h.directory.assignments.grantPermissions({ clientId: web.sp.id, consentType: 'AllPrincipals', resourceId: api!.id, scope: 'User.Read' });
      config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
    });
    after(() => h.close());

    test('pages are self-contained: strict CSP, no framing, no caching, labelled inputs, no script, one same-origin stylesheet', async () => {
      const { url } = await authorizationRequest(config, 'openid');
      const browser = new Browser(h.url);
      const first = await browser.request(url.toString());
      const interaction = new URL(first.headers.get('location')!, h.url).toString();
      const response = await browser.request(interaction);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const html = await response.text();
      assert.match(html, /<html lang="en">/);
      assert.match(html, /<label for="username">[^<]+<\/label>\s*<input id="username"/);
      assert.doesNotMatch(html, /<script|https?:\/\/[^"]*\.(css|js)/);
      assert.match(html, /<link rel="stylesheet" href="\/assets\/limen\.css\?v=[\w-]+">/, 'one stylesheet, from Limen itself');
      assert.match(csp, /style-src 'self'/);
      const cookie = first.headers.getSetCookie().find((c) => c.startsWith('limen_interaction='));
      assert.match(cookie ?? '', /samesite=lax/i);
      assert.match(cookie ?? '', /httponly/i);
    });

    test('an unknown client gets a plain error page for browsers and JSON with a correlation id for API callers', async () => {
      const url = `${h.url}/auth?client_id=00000000-1111-2222-3333-444444444444&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(redirectUri)}`;
      const page = await new Browser(h.url).request(url);
      assert.equal(page.status, 400);
      const html = await page.text();
      assert.match(html, /invalid_client/);
      assert.match(html, /Correlation ID<\/dt><dd><code>([0-9a-f-]{36})</);
      const json = await fetch(url, { headers: { accept: 'application/json', 'client-request-id': '6f1e8f5e-1b2c-4d3e-8f9a-0b1c2d3e4f5a' } });
      const body = await json.json() as Record<string, string>;
      assert.equal(body.error, 'invalid_client');
      assert.equal(body.correlation_id, '6f1e8f5e-1b2c-4d3e-8f9a-0b1c2d3e4f5a');
      assert.equal(json.headers.get('client-request-id'), body.correlation_id);
    });

    test('after revokeSignInSessions the browser session no longer signs the user in silently', async () => {
      const user = await createUser(h.directory, 'ada@contoso.test');
      const browser = new Browser(h.url);
      const first = await authorizationRequest(config, `openid ${managementApi.defaultScope}`);
      assert.ok((await signIn(browser, first.url, 'ada@contoso.test', password)).url.startsWith(redirectUri));
      const sso = await authorizationRequest(config, 'openid');
      assert.ok((await browser.follow(sso.url.toString())).url.startsWith(redirectUri), 'single sign-on works');

      await h.directory.users.revokeSignInSessions(user.id);
      const after = await authorizationRequest(config, 'openid');
      const page = await browser.follow(after.url.toString());
      assert.match(page.html, /<h1>Sign in<\/h1>/, 'asked to sign in again');
      const silent = await authorizationRequest(config, 'openid', { prompt: 'none' });
      const refused = await browser.follow(silent.url.toString());
      assert.equal(new URL(refused.url).searchParams.get('error'), 'login_required');
    });

    test('RP-initiated logout asks, signs out, and the next authorization needs a sign-in', async () => {
      await createUser(h.directory, 'lin@contoso.test');
      const browser = new Browser(h.url);
      const request = await authorizationRequest(config, 'openid');
      assert.ok((await signIn(browser, request.url, 'lin@contoso.test', password)).url.startsWith(redirectUri));
      let page = await browser.follow(client.buildEndSessionUrl(config, { client_id: web.app.appId }).toString());
      assert.match(page.html, /<h1>Sign out\?<\/h1>/);
      page = await browser.submit(page, '/session/end/confirm', { logout: 'yes' });
      assert.match(page.html, /You’re signed out/);
      const next = await authorizationRequest(config, 'openid');
      assert.match((await browser.follow(next.url.toString())).html, /<h1>Sign in<\/h1>/);
    });
  });
}
