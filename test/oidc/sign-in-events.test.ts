import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { cliClient, managementApi } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser } from './browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, oauthError, password, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

for (const engine of testEngines()) {
  describe(`sign-in events on ${engine}`, () => {
    let h: Harness;
    let web: RegisteredApp;

    before(async () => {
      h = await startHarness(engine);
      web = await createWebApp(h.directory);
      const api = await h.directory.servicePrincipals.getByAppId(managementApi.appId);
      await h.directory.assignments.grantPermissions({ clientId: web.sp.id, consentType: 'AllPrincipals', resourceId: api!.id, scope: 'User.Read' });
    });
    after(() => h.close());

    test('an interactive sign-in and its token request each write one event, failures included', async () => {
      const user = await createUser(h.directory);
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const request = await authorizationRequest(config, `openid ${managementApi.defaultScope}`);
      const browser = new Browser(h.url);
      let page = await browser.follow(request.url.toString());
      page = await browser.submit(page, '/username', { username: 'ada@contoso.test' });
      page = await browser.submit(page, '/login', { password: 'wrong' });
      page = await browser.submit(page, '/login', { password });
      await client.authorizationCodeGrant(config, new URL(page.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      const wrongSecret = await discover(h, web.app.appId, client.ClientSecretBasic('nope'));
      await assert.rejects(client.clientCredentialsGrant(wrongSecret, { scope: managementApi.defaultScope }), (e: unknown) => oauthError(e) === 'invalid_client');

      const mine = h.signIns.filter((s) => s.appId === web.app.appId);
      assert.deepEqual(mine.map((s) => [s.isInteractive, s.status.errorCode]), [[true, 50126], [true, 0], [false, 0], [false, 7000215]]);
      const [failed, interactive, token] = mine;
      assert.equal(failed!.userId, user.id);
      assert.equal(interactive!.userPrincipalName, 'ada@contoso.test');
      assert.equal(interactive!.clientAppUsed, 'Browser');
      assert.equal(interactive!.resourceId, managementApi.appId);
      assert.equal(interactive!.servicePrincipalId, web.sp.id);
      assert.deepEqual(token!.signInEventTypes, ['nonInteractiveUser']);
      assert.equal(token!.userId, user.id);
      assert.equal(token!.resourceDisplayName, managementApi.displayName);
      assert.equal(token!.clientCredentialType, 'clientSecret');
      for (const s of mine) assert.match(s.correlationId, /^[0-9a-f-]{36}$/);

      // The real sign-in log wrote them.
      await sleep(100);
      const rows = await h.store.db.selectFrom('sign_ins').select(['id', 'error_code']).where('app_id', '=', web.app.appId).execute();
      assert.deepEqual(rows.map((r) => r.error_code).sort(), [0, 0, 50126, 7000215]);
    });

    test('polls of a pending device code are not sign-ins', async () => {
      const before = h.signIns.length;
      const config = await discover(h, cliClient.appId);
      const device = await client.initiateDeviceAuthorization(config, { scope: managementApi.defaultScope });
      const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code, client_id: cliClient.appId });
      const pending = await fetch(`${h.url}/token`, { method: 'POST', body });
      assert.equal(((await pending.json()) as { error: string }).error, 'authorization_pending');
      assert.equal(h.signIns.length, before);
    });
  });
}
