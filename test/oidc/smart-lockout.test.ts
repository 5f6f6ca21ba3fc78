import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as client from 'openid-client';
import { passwordWorkStats } from '../../src/authn/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn, type Page } from './browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, password, redirectUri, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const lockoutMs = 1000;
const wrongMessage = /AADSTS50126/;
const lockedMessage = /temporarily locked[^<]*\(AADSTS50053\)/;

for (const engine of testEngines()) {
  describe(`smart lockout of the sign-in page on ${engine}`, () => {
    let h: Harness;
    let web: RegisteredApp;
    let config: client.Configuration;

    before(async () => {
      h = await startHarness(engine, { lockout: { lockoutMs }, trustProxy: true });
      web = await createWebApp(h.directory);
      config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
    });
    after(() => h.close());

    /** One whole sign-in attempt from `ip`, in a fresh browser. */
    async function attempt(upn: string, pwd: string, ip: string): Promise<Page> {
      const { url } = await authorizationRequest(config, 'openid');
      return signIn(new Browser(h.url, { 'x-forwarded-for': ip }), url, upn, pwd);
    }
    const succeeded = (page: Page) => page.url.startsWith(redirectUri);
    const lastEvent = () => h.signIns.at(-1)!;

    test('ten wrong passwords lock the account; while locked even the right password is refused without any argon2 work; after expiry it works', async () => {
      await createUser(h.directory, 'lock@contoso.test');
      const ip = '203.0.113.5';
      for (let i = 1; i <= 10; i++) {
        const page = await attempt('lock@contoso.test', `wrong-${i}`, ip);
        assert.match(page.html, wrongMessage, `attempt ${i} is an ordinary wrong password`);
      }
      const argon2Before = passwordWorkStats().started;
      const locked = await attempt('lock@contoso.test', password, ip);
      assert.equal(locked.status, 400);
      assert.match(locked.html, lockedMessage);
      assert.doesNotMatch(locked.html, wrongMessage);
      assert.equal(passwordWorkStats().started, argon2Before, 'no password was checked while locked');
      assert.equal(lastEvent().status.errorCode, 50053);
      assert.equal(lastEvent().userPrincipalName, 'lock@contoso.test');
      assert.equal(lastEvent().ipAddress, ip);

      await sleep(lockoutMs + 200);
      // The count started over when the lock expired: nine more failures do not lock again.
      for (let i = 1; i <= 9; i++) assert.match((await attempt('lock@contoso.test', `again-${i}`, ip)).html, wrongMessage);
      assert.ok(succeeded(await attempt('lock@contoso.test', password, ip)), 'the right password works after the lock expired');
      assert.equal(lastEvent().status.errorCode, 0);
    });

    test('the same wrong password repeated twenty times does not lock the account', async () => {
      await createUser(h.directory, 'typo@contoso.test');
      for (let i = 0; i < 20; i++) {
        assert.match((await attempt('typo@contoso.test', 'correct horse battery stapler', '203.0.113.6')).html, wrongMessage);
      }
      assert.ok(succeeded(await attempt('typo@contoso.test', password, '203.0.113.6')));
    });

    test('failures from an unfamiliar IP do not lock the user out at a familiar IP', async () => {
      await createUser(h.directory, 'home@contoso.test');
      const home = '198.51.100.7';
      const attacker = '203.0.113.66';
      assert.ok(succeeded(await attempt('home@contoso.test', password, home)), 'home becomes familiar');
      for (let i = 1; i <= 10; i++) await attempt('home@contoso.test', `guess-${i}`, attacker);
      assert.match((await attempt('home@contoso.test', password, attacker)).html, lockedMessage, 'the attacker is locked out');
      assert.match((await attempt('home@contoso.test', password, '203.0.113.67')).html, lockedMessage, 'so is every unfamiliar IP');
      assert.ok(succeeded(await attempt('home@contoso.test', password, home)), 'the user at home is not');
    });

    test('an unknown account is locked out the same way, so answers do not tell which accounts exist', async () => {
      const ip = '203.0.113.77';
      for (let i = 1; i <= 10; i++) {
        assert.match((await attempt('nobody@contoso.test', `guess-${i}`, ip)).html, wrongMessage);
      }
      const argon2Before = passwordWorkStats().started;
      assert.match((await attempt('NOBODY@contoso.test', 'anything', ip)).html, lockedMessage, 'names are case-insensitive');
      assert.equal(passwordWorkStats().started, argon2Before);
      assert.equal(lastEvent().status.errorCode, 50053);
    });
  });
}
