import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { cliClient, managementApi } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser } from './browser.ts';
import { createUser, discover, password } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

for (const engine of testEngines()) {
  describe(`device authorization grant (limen login) on ${engine}`, () => {
    let h: Harness;
    let userId: string;

    before(async () => {
      h = await startHarness(engine);
      userId = (await createUser(h.directory)).id;
    });
    after(() => h.close());

    test('the CLI signs a user in with a device code approved in the browser (RFC 8628)', async () => {
      const config = await discover(h, cliClient.appId);
      const device = await client.initiateDeviceAuthorization(config, { scope: `openid offline_access ${managementApi.defaultScope}` });
      assert.match(device.user_code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);

      const browser = new Browser(h.url);
      let page = await browser.follow(device.verification_uri);
      assert.match(page.html, /<label for="user_code">/);
      page = await browser.submit(page, '/device', { user_code: device.user_code });
      assert.match(page.html, /Limen CLI/);
      page = await browser.submit(page, '/device', { confirm: 'yes' });
      const interaction = browser.cookie('limen_interaction');
      page = await browser.submit(page, '/username', { username: 'ada@contoso.test' });
      page = await browser.submit(page, '/login', { password });
      assert.match(page.html, /You’re signed in/, page.html.slice(0, 500));

      // A copy of the database holds no device code, session cookie or interaction id to use.
      const secrets = [device.device_code, browser.cookie('limen_session'), interaction];
      assert.ok(secrets.every((s) => s && s.length >= 16), 'the flow set the cookies looked for');
      const rows = await h.store.db.selectFrom('oidc_payloads').selectAll().execute();
      assert.ok(rows.some((r) => r.model === 'Session') && rows.some((r) => r.model === 'DeviceCode'));
      for (const row of rows) {
        assert.ok(!secrets.some((s) => JSON.stringify(row).includes(s!)), `a ${row.model} row holds a credential`);
      }

      const tokens = await client.pollDeviceAuthorizationGrant(config, device);
      assert.ok(tokens.refresh_token);
      const claims = await h.oidc.verifyAccessToken(tokens.access_token);
      assert.equal(claims.oid, userId);
      assert.equal(claims.appid, cliClient.appId);
      // ensureTenant consents the CLI to every management scope, tenant-wide.
      const scp = claims.scp?.split(' ') ?? [];
      assert.ok(scp.includes('User.Read') && scp.includes('Directory.ReadWrite.All'), claims.scp);
      assert.equal(tokens.claims()?.sub, userId);
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
      assert.equal((await h.oidc.verifyAccessToken(refreshed.access_token)).oid, userId);
    });

    test('a wrong user code is refused on the page', async () => {
      const config = await discover(h, cliClient.appId);
      await client.initiateDeviceAuthorization(config, { scope: managementApi.defaultScope });
      const browser = new Browser(h.url);
      const page = await browser.follow(`${h.url}/device`);
      const refused = await browser.submit(page, '/device', { user_code: 'BBBB-BBBB' });
      assert.equal(refused.status, 400);
      assert.match(refused.html, /role="alert">That code is not valid/);
    });
  });
}
