import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { createSoftwareOathRepository, createStrengthRepository, createTapRepository, defaultTapPolicy, totpCode, writeTapPolicy } from '../../src/authn/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, type Page } from './browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, password, redirectUri, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * Step-up by authentication strength: an app names a strength in `acr_values`, the sign-in offers
 * only what the strength allows, falls short with a clear message, and the ID token's `acr` says
 * which strength was met. openid-client is the app; a fetch-based browser plays the user.
 */
const mfa = '00000000-0000-0000-0000-000000000002';
const phishingResistant = '00000000-0000-0000-0000-000000000004';

for (const engine of testEngines()) {
  describe(`authentication strength step-up on ${engine}`, () => {
    let h: Harness;
    let web: RegisteredApp;
    let config: client.Configuration;

    before(async () => {
      h = await startHarness(engine);
      web = await createWebApp(h.directory);
      config = await discover(h, web.app.appId, client.ClientSecretPost(web.secret));
      await h.store.db.transaction().execute((trx) => writeTapPolicy(trx, { ...defaultTapPolicy(), state: 'enabled' }));
    });
    after(() => h.close());

    async function start(browser: Browser, acr?: string) {
      const request = await authorizationRequest(config, 'openid', acr ? { acr_values: acr } : {});
      return { request, page: await browser.follow(request.url.toString()) };
    }
    async function redeem(page: Page, request: Awaited<ReturnType<typeof authorizationRequest>>) {
      assert.ok(page.url.startsWith(redirectUri), page.html.slice(0, 3000));
      const tokens = await client.authorizationCodeGrant(config, new URL(page.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      return tokens.claims()!;
    }

    test('discovery lists the built-in strengths as acr values', () => {
      assert.deepEqual(config.serverMetadata().acr_values_supported, [mfa, '00000000-0000-0000-0000-000000000003', phishingResistant]);
    });

    test('without a strength every method is offered and the ID token carries no acr', async () => {
      await createUser(h.directory, 'plain@contoso.test');
      const browser = new Browser(h.url);
      const { request, page } = await start(browser);
      const withName = await browser.submit(page, '/username', { username: 'plain@contoso.test' });
      assert.match(withName.html, /id="password"/);
      assert.match(withName.html, /id="tap"/);
      assert.doesNotMatch(withName.html, /href="\/recover"/, 'no recovery link while no verifier is set up');
      const claims = await redeem(await browser.submit(withName, '/login', { password }), request);
      assert.equal(claims.acr, undefined);
    });

    test('asked for MFA, a password alone is refused with what would do, and logged as 50076', async () => {
      await createUser(h.directory, 'pw@contoso.test');
      const browser = new Browser(h.url);
      const { page } = await start(browser, mfa);
      assert.match(page.html, /asks for a stronger sign-in/);
      const refused = await browser.submit(await browser.submit(page, '/username', { username: 'pw@contoso.test' }), '/login', { password });
      assert.equal(refused.status, 400);
      assert.match(refused.html, /Multifactor authentication: [^<]*Password \+ Software OATH tokens/);
      await new Promise((r) => setTimeout(r, 50));
      const logged = h.signIns.filter((s) => s.userPrincipalName === 'pw@contoso.test').at(-1)!;
      assert.equal(logged.status.errorCode, 50076);
      assert.match(logged.status.additionalDetails ?? '', /Multifactor authentication/);
    });

    test('asked for MFA, a password and an authenticator-app code meet it: acr is the MFA strength', async () => {
      const user = await createUser(h.directory, 'app@contoso.test');
      const apps = createSoftwareOathRepository(h.store.db, h.oidc.secretBox);
      const { method, secret } = await apps.begin(user.id, new Date(Date.now() - 60_000));
      assert.ok(await apps.confirm(user.id, method.id, totpCode(secret, new Date(Date.now() - 60_000)), new Date(Date.now() - 60_000)));
      const browser = new Browser(h.url);
      const { request, page } = await start(browser, mfa);
      const code = await browser.submit(await browser.submit(page, '/username', { username: 'app@contoso.test' }), '/login', { password });
      const claims = await redeem(await browser.submit(code, '/otp', { otp: totpCode(secret) }), request);
      assert.equal(claims.acr, mfa);
    });

    test('a session that does not meet the strength signs in again: password first, then a pass for MFA', async () => {
      const user = await createUser(h.directory, 'stepup@contoso.test');
      const browser = new Browser(h.url);
      const first = await start(browser);
      await redeem(await browser.submit(await browser.submit(first.page, '/username', { username: 'stepup@contoso.test' }), '/login', { password }), first.request);

      const again = await start(browser);
      assert.ok(again.page.url.startsWith(redirectUri), 'without a strength the session is reused');
      const stepUp = await start(browser, mfa);
      assert.match(stepUp.page.html, /action="[^"]*\/username"/, 'the same session is asked to sign in again');
      const { code } = await createTapRepository(h.store.db).issue({ userId: user.id, startDateTime: new Date(), lifetimeInMinutes: 60, isUsableOnce: false, length: 8, now: new Date() });
      const claims = await redeem(await browser.submit(await browser.submit(stepUp.page, '/username', { username: 'stepup@contoso.test' }), '/tap', { tap: code }), stepUp.request);
      assert.equal(claims.acr, mfa);
      const reused = await start(browser, mfa);
      assert.equal((await redeem(reused.page, reused.request)).acr, mfa, 'a session that met the strength is reused for it');
    });

    test('asked for phishing-resistant MFA, no password or pass form is offered, and a posted pass is refused without using it up', async () => {
      const user = await createUser(h.directory, 'admin@contoso.test');
      const { code } = await createTapRepository(h.store.db).issue({ userId: user.id, startDateTime: new Date(), lifetimeInMinutes: 60, isUsableOnce: true, length: 8, now: new Date() });
      const browser = new Browser(h.url);
      const { page } = await start(browser, phishingResistant);
      assert.doesNotMatch(page.html, /id="username"/);
      assert.match(page.html, /Phishing-resistant MFA: Passkeys \(FIDO2\)/);
      const uid = page.url.match(/\/interaction\/([^/?]+)/)![1]!;
      const posted = await browser.follow(`${h.url}/interaction/${uid}/tap`, { method: 'POST', form: { username: 'admin@contoso.test', tap: code } });
      assert.equal(posted.status, 400);
      assert.match(posted.html, /asks for a stronger sign-in/);
      assert.equal((await createTapRepository(h.store.db).getForUser(user.id))?.usedAt, null, 'the one-time pass is still unused');
    });

    test('a custom strength of one-time passes only refuses a multi-use pass; unknown acr values are ignored', async () => {
      const created = await createStrengthRepository(h.store.db).create({
        displayName: 'One-time pass only', description: '', allowedCombinations: ['temporaryAccessPassOneTime'], combinationConfigurations: [],
      }, new Date());
      assert.ok(created.ok);
      const user = await createUser(h.directory, 'custom@contoso.test');
      const { code } = await createTapRepository(h.store.db).issue({ userId: user.id, startDateTime: new Date(), lifetimeInMinutes: 60, isUsableOnce: false, length: 8, now: new Date() });
      const browser = new Browser(h.url);
      const { page } = await start(browser, created.strength.id);
      assert.doesNotMatch(page.html.slice(page.html.indexOf('<main')), /id="password"/);
      const refused = await browser.submit(await browser.submit(page, '/username', { username: 'custom@contoso.test' }), '/tap', { tap: code });
      assert.equal(refused.status, 400);
      assert.match(refused.html, /One-time pass only: Temporary Access Pass \(one-time use\)/);

      const other = new Browser(h.url);
      const unknown = await start(other, '11111111-2222-3333-4444-555555555555 not-a-strength');
      assert.match(unknown.page.html, /id="username"/);
      assert.doesNotMatch(unknown.page.html, /stronger sign-in/);
    });
  });
}
