import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { totpCode } from '../src/authn/index.ts';
import { startBrowserLimen, type BrowserLimen } from './browser/limen-for-browser.ts';
import { Browser, type Page } from './oidc/browser.ts';
import { testEngines } from './support/engines.ts';
import { expectStatus } from './support/graph-client.ts';

/**
 * The authenticator-app story: a user who signs in with a password adds an app at My Security
 * Info, and from then on the password alone is not enough. Driven through the real pages (a
 * fetch-based browser: no WebAuthn is involved) against Limen in this process.
 */
const password = 'correct horse battery staple 7';
const secretOf = (page: Page) => page.html.match(/<code id="totp-secret">([A-Z2-7 ]+)<\/code>/)![1]!.replace(/ /g, '');
/** A code from a later 30-second step than any used so far, as a user waiting for the next code. */
const nextCode = (base32: string, stepsAhead: number) => totpCode({ base32 }, new Date(Date.now() + stepsAhead * 30_000));

for (const engine of testEngines()) {
  describe(`an authenticator app as second factor on ${engine}`, () => {
    let l: BrowserLimen;
    let userId: string;
    let secret: string;
    let usedCode: string;

    before(async () => {
      l = await startBrowserLimen(engine);
      const user = await expectStatus(l.admin.call<{ id: string }>('POST', '/users', {
        accountEnabled: true, displayName: 'Pat', userPrincipalName: 'pat@contoso.test', passwordProfile: { password },
      }), 201);
      userId = user.id;
    });
    after(() => l?.close());

    /** Signs in at /my with the password; returns the page after it (security info, or the code page). */
    async function passwordSignIn(browser: Browser): Promise<Page> {
      let page = await browser.follow(`${l.url}/my/sign-in`);
      page = await browser.submit(page, '/username', { username: 'pat@contoso.test' });
      return browser.submit(page, '/login', { password });
    }

    test('the user adds an app at My Security Info by scanning its secret and typing a code from it', async () => {
      const browser = new Browser(l.url);
      let page = await passwordSignIn(browser);
      assert.match(page.url, /\/my\/security-info$/);
      page = await browser.submit(page, '/my/authenticator-apps', {});
      assert.match(page.html, /<svg width="220"/, 'a QR code is shown');
      secret = secretOf(page);
      const wrong = await browser.submit(page, '/confirm', { code: totpCode({ base32: secret }) === '123456' ? '654321' : '123456' });
      assert.equal(wrong.status, 400);
      assert.match(wrong.html, /didn’t match/);
      assert.equal(secretOf(wrong), secret, 'the same setup is offered again');
      page = await browser.submit(wrong, '/confirm', { code: totpCode({ base32: secret }) });
      assert.match(page.html, /Your authenticator app was added/);
      const apps = await expectStatus(l.admin.call<{ value: Array<{ secretKey: null }> }>('GET', `/users/${userId}/authentication/softwareOathMethods`), 200);
      assert.deepEqual(apps.value.map((a) => a.secretKey), [null], 'the API never returns the secret');
    });

    test('the password alone no longer signs in: the code is asked for, and a wrong code is refused and logged', async () => {
      const browser = new Browser(l.url);
      let page = await passwordSignIn(browser);
      assert.match(page.html, /Enter the 6-digit code shown in your authenticator app/);
      assert.doesNotMatch(page.url, /security-info/);
      const code = nextCode(secret, 1);
      page = await browser.submit(page, '/otp', { otp: code === '000000' ? '111111' : '000000' });
      assert.equal(page.status, 400);
      assert.match(page.html, /code didn’t work/);
      page = await browser.submit(page, '/otp', { otp: code });
      assert.match(page.url, /\/my\/security-info$/);
      usedCode = code;

      await new Promise((r) => setTimeout(r, 100));
      const log = await expectStatus(l.admin.call<{ value: any[] }>('GET', `/auditLogs/signIns?$filter=userId eq '${userId}'&$top=3`), 200);
      const [success, wrongCode, interrupt] = log.value;
      assert.equal(success.status.errorCode, 0);
      assert.equal(success.authenticationRequirement, 'multiFactorAuthentication');
      assert.deepEqual(success.authenticationMethodsUsed, ['Password', 'OATH verification code']);
      assert.deepEqual(success.authenticationDetails.map((d: any) => [d.authenticationMethod, d.succeeded, d.authenticationStepRequirement]), [
        ['Password', true, 'Primary authentication'], ['OATH verification code', true, 'Multifactor authentication'],
      ]);
      assert.equal(wrongCode.status.errorCode, 500121);
      assert.equal(interrupt.status.errorCode, 50074, 'a right password waiting for its second factor is visible in the log');
    });

    test('a code already used cannot sign in again, even after the right password (RFC 6238 replay)', async () => {
      const browser = new Browser(l.url);
      const page = await browser.submit(await passwordSignIn(browser), '/otp', { otp: usedCode });
      assert.equal(page.status, 400);
      assert.match(page.html, /already used/);
    });

    test('the session records password and one-time code (amr pwd, otp, mfa)', async () => {
      const sessions = await l.limen.store.db.selectFrom('oidc_payloads').select('payload').where('model', '=', 'Session').execute();
      const amrs = sessions.map((r) => JSON.parse(r.payload)).filter((p) => p.accountId === userId).map((p) => p.amr);
      assert.ok(amrs.some((amr) => JSON.stringify(amr) === JSON.stringify(['pwd', 'otp', 'mfa'])), JSON.stringify(amrs));
    });

    test('with the password method turned off for all users, a right password is refused with a clear message', async () => {
      const path = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/password';
      await expectStatus(l.admin.call('PATCH', path, { state: 'disabled' }), 204);
      try {
        const page = await passwordSignIn(new Browser(l.url));
        assert.equal(page.status, 400);
        assert.match(page.html, /Password sign-in is not enabled for your account/);
      } finally {
        await expectStatus(l.admin.call('DELETE', path), 204);
      }
    });

    test('after an admin deletes the app (a lost phone), the password signs in alone again', async () => {
      const apps = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/users/${userId}/authentication/softwareOathMethods`), 200);
      await expectStatus(l.admin.call('DELETE', `/users/${userId}/authentication/softwareOathMethods/${apps.value[0]!.id}`), 204);
      const methods = await expectStatus(l.admin.call<{ value: Array<{ '@odata.type': string }> }>('GET', `/users/${userId}/authentication/methods`), 200);
      assert.deepEqual(methods.value.map((m) => m['@odata.type']), ['#microsoft.graph.passwordAuthenticationMethod']);
      assert.match((await passwordSignIn(new Browser(l.url))).url, /security-info$/);
    });

    test('a Conditional Access policy on registering security info that wants MFA stops a password-only session from adding a method', async () => {
      const policy = await expectStatus(l.admin.call<{ id: string }>('POST', '/identity/conditionalAccess/policies', {
        displayName: 'Require MFA to register security info', state: 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeUserActions: ['urn:user:registersecurityinfo'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      }), 201);
      try {
        const browser = new Browser(l.url);
        const page = await passwordSignIn(browser);
        assert.match(page.url, /\/my\/security-info$/, 'signing in to My Security Info itself is not the user action');
        assert.match(page.html, /asks for a stronger sign-in before you add a sign-in method/);
        assert.doesNotMatch(page.html, /action="\/my\/authenticator-apps"/);
        const refused = await browser.request(`${l.url}/my/authenticator-apps`, { method: 'POST', form: {} });
        assert.equal(refused.status, 403);
      } finally {
        await expectStatus(l.admin.call('DELETE', `/identity/conditionalAccess/policies/${policy.id}`), 204);
      }
    });
  });
}
