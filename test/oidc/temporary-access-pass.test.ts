import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { createTapRepository, defaultTapPolicy, writeTapPolicy } from '../../src/authn/index.ts';
import { managementApi, userCreateSchema } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, type Page } from './browser.ts';
import { authorizationRequest, createWebApp, discover, redirectUri, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const isInvalidGrant = (e: unknown) => e instanceof client.ResponseBodyError && e.error === 'invalid_grant';

for (const engine of testEngines()) {
  describe(`Temporary Access Pass sign-in on ${engine}`, () => {
    let h: Harness;
    let web: RegisteredApp;
    let config: client.Configuration;

    before(async () => {
      h = await startHarness(engine);
      web = await createWebApp(h.directory);
      const api = await h.directory.servicePrincipals.getByAppId(managementApi.appId);
      await h.directory.assignments.grantPermissions({ clientId: web.sp.id, consentType: 'AllPrincipals', resourceId: api!.id, scope: 'User.Read' });
      config = await discover(h, web.app.appId, client.ClientSecretPost(web.secret));
      // The admin enables the policy (the API route does the same, audited; see authentication-methods.test.ts).
      await h.store.db.transaction().execute((trx) => writeTapPolicy(trx, { ...defaultTapPolicy(), state: 'enabled' }));
    });
    after(() => h.close());

    /** A user with no password and a pass issued now (or from `start`). */
    async function userWithTap(upn: string, options: { isUsableOnce: boolean; start?: Date; lifetimeInMinutes?: number }) {
      const user = await h.directory.users.create(userCreateSchema.parse({ accountEnabled: true, displayName: upn, userPrincipalName: upn }), null);
      const { tap, code } = await createTapRepository(h.store.db).issue({
        userId: user.id,
        startDateTime: options.start ?? new Date(),
        lifetimeInMinutes: options.lifetimeInMinutes ?? 60,
        isUsableOnce: options.isUsableOnce,
        length: 8,
        now: new Date(),
      });
      return { user, tap, code };
    }

    async function tapSignIn(upn: string, code: string, scope = 'openid') {
      const request = await authorizationRequest(config, scope);
      const browser = new Browser(h.url);
      let page: Page = await browser.follow(request.url.toString());
      page = await browser.submit(page, '/username', { username: upn });
      assert.match(page.html, /<label for="tap">[^<]*Temporary Access Pass[^<]*<\/label>\s*<input id="tap"/);
      page = await browser.submit(page, '/tap', { tap: code });
      return { page, request };
    }

    test('a one-time pass signs a passwordless user in once, as MFA; the second use is refused', async () => {
      const { user, code } = await userWithTap('new@contoso.test', { isUsableOnce: true });
      const { page, request } = await tapSignIn('new@contoso.test', code, `openid ${managementApi.defaultScope}`);
      assert.ok(page.url.startsWith(redirectUri), page.html.slice(0, 500));
      const tokens = await client.authorizationCodeGrant(config, new URL(page.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      const claims = tokens.claims()!;
      assert.equal(claims.sub, user.id);
      // The session records how the user authenticated (amr; not emitted in the ID token).
      const sessions = await h.store.db.selectFrom('oidc_payloads').select('payload').where('model', '=', 'Session').execute();
      const session = sessions.map((r) => JSON.parse(r.payload)).find((p) => p.accountId === user.id);
      assert.deepEqual(session?.amr, ['tap', 'mfa']);
      const event = h.signIns.find((s) => s.userPrincipalName === 'new@contoso.test' && s.isInteractive)!;
      assert.equal(event.status.errorCode, 0);
      assert.equal(event.authenticationRequirement, 'multiFactorAuthentication');

      const again = await tapSignIn('new@contoso.test', code);
      assert.equal(again.page.status, 400);
      assert.match(again.page.html, /already been used/);
      const refused = h.signIns.at(-1)!;
      assert.equal(refused.status.errorCode, 50126);
      assert.match(refused.status.additionalDetails ?? '', /already been used/);
    });

    test('a one-time pass used concurrently signs in exactly once', async () => {
      const { code } = await userWithTap('race@contoso.test', { isUsableOnce: true });
      const results = await Promise.all([1, 2, 3].map(() => tapSignIn('race@contoso.test', code)));
      assert.equal(results.filter((r) => r.page.url.startsWith(redirectUri)).length, 1);
    });

    test('an expired pass, a not-yet-valid pass and a wrong pass are refused with clear messages', async () => {
      const expired = await userWithTap('old@contoso.test', { isUsableOnce: false, start: new Date(Date.now() - 2 * 3_600_000) });
      const refused = await tapSignIn('old@contoso.test', expired.code);
      assert.equal(refused.page.status, 400);
      assert.match(refused.page.html, /has expired/);
      assert.equal(h.signIns.at(-1)!.status.errorCode, 50126);

      const early = await userWithTap('early@contoso.test', { isUsableOnce: false, start: new Date(Date.now() + 3_600_000) });
      assert.match((await tapSignIn('early@contoso.test', early.code)).page.html, /not valid yet/);

      const wrong = await tapSignIn('early@contoso.test', 'WRONGPASS');
      assert.match(wrong.page.html, /AADSTS50126/);
    });

    test('wrong passes count for smart lockout', async () => {
      const { code } = await userWithTap('guess@contoso.test', { isUsableOnce: false });
      for (let i = 0; i < 10; i++) assert.match((await tapSignIn('guess@contoso.test', `guess${i}xyz`)).page.html, /AADSTS50126/);
      const locked = await tapSignIn('guess@contoso.test', code);
      assert.match(locked.page.html, /AADSTS50053/);
      assert.equal(h.signIns.at(-1)!.status.errorCode, 50053);
    });

    test('refresh tokens from a pass sign-in stop working when the pass ends', async () => {
      const { user, code } = await userWithTap('refresh@contoso.test', { isUsableOnce: false });
      const { page, request } = await tapSignIn('refresh@contoso.test', code, `openid offline_access ${managementApi.defaultScope}`);
      const tokens = await client.authorizationCodeGrant(config, new URL(page.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      const next = await client.refreshTokenGrant(config, tokens.refresh_token!);
      // The pass ends: move its start so its lifetime is over.
      await h.store.db.updateTable('temporary_access_passes')
        .set({ start_date_time: new Date(Date.now() - 2 * 3_600_000).toISOString() })
        .where('user_id', '=', user.id).execute();
      await assert.rejects(client.refreshTokenGrant(config, next.refresh_token!), isInvalidGrant);
    });
  });
}
