import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { createTapRepository, defaultTapPolicy, writeTapPolicy } from '../../src/authn/index.ts';
import { loadCompiledPolicies } from '../../src/conditional-access/index.ts';
import { userCreateSchema } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from './browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, password, redirectUri, saveCaPolicy, setCaPolicyState, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * The persistent browser session control: "never persist" makes Limen's session cookie a
 * browser-session cookie (no Expires), which the browser drops when it closes; "always", or no
 * such policy, keeps the cookie for the session's lifetime.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-session-lifetime
 */

/** A browser that also keeps every Set-Cookie line it was sent, as sent. */
class RecordingBrowser extends Browser {
  readonly setCookies: string[] = [];
  override async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const response = await super.request(url, init);
    this.setCookies.push(...response.headers.getSetCookie());
    return response;
  }

  /** The session cookie (provider.ts names it limen_session) as the sign-in set it. */
  get sessionCookie(): string {
    const lines = this.setCookies.filter((line) => line.startsWith('limen_session='));
    assert.equal(lines.length, 1, `one session cookie is set: ${JSON.stringify(this.setCookies)}`);
    return lines[0]!;
  }
}

const hasExpiry = (cookie: string) => /;\s*(expires|max-age)=/i.test(cookie);

for (const engine of testEngines()) {
  describe(`the persistent browser session control on ${engine}`, () => {
    let h: Harness;
    let web: RegisteredApp;
    let config: client.Configuration;

    before(async () => {
      h = await startHarness(engine);
      web = await createWebApp(h.directory);
      config = await discover(h, web.app.appId, client.ClientSecretPost(web.secret));
      await createUser(h.directory, 'ada@contoso.test');
      await h.store.db.transaction().execute((trx) => writeTapPolicy(trx, { ...defaultTapPolicy(), state: 'enabled' }));
    });
    after(() => h.close());

    const neverPersist = (state: string, includeApplications = ['All']) => saveCaPolicy(h, {
      displayName: `Never persist (${state})`, state,
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications }, clientAppTypes: ['all'] },
      sessionControls: { persistentBrowser: { isEnabled: true, mode: 'never' } },
    });

    async function passwordSignIn(): Promise<RecordingBrowser> {
      const browser = new RecordingBrowser(h.url);
      const landed = await signIn(browser, (await authorizationRequest(config, 'openid')).url, 'ada@contoso.test', password);
      assert.ok(landed.url.startsWith(redirectUri), landed.html.slice(0, 500));
      return browser;
    }

    test('without a policy the session cookie persists: it has an expiry', async () => {
      assert.ok(hasExpiry((await passwordSignIn()).sessionCookie));
    });

    test('an enforced "never persist" policy makes the session cookie end with the browser, and the log names the control', async () => {
      const id = await neverPersist('enabled');
      try {
        const browser = await passwordSignIn();
        assert.ok(!hasExpiry(browser.sessionCookie), browser.sessionCookie);
        const event = h.signIns.filter((s) => s.isInteractive && s.userPrincipalName === 'ada@contoso.test').at(-1)!;
        assert.equal(event.status.errorCode, 0);
        assert.deepEqual(event.appliedConditionalAccessPolicies.find((p) => p.id === id)?.enforcedSessionControls, ['PersistentBrowserSessionMode']);
        assert.equal(event.appliedConditionalAccessPolicies.find((p) => p.id === id)?.result, 'success');
        // The session still signs the user in to the next app without a prompt (single sign-on while the browser is open).
        const sso = await browser.follow((await authorizationRequest(config, 'openid')).url.toString());
        assert.ok(sso.url.startsWith(redirectUri), 'single sign-on works within the browser session');
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    test('a Temporary Access Pass sign-in under "never persist" gets a browser-session cookie too', async () => {
      const id = await neverPersist('enabled');
      try {
        const user = await h.directory.users.create(userCreateSchema.parse({ accountEnabled: true, displayName: 'Tap', userPrincipalName: 'tap@contoso.test' }), null);
        const { code } = await createTapRepository(h.store.db).issue({ userId: user.id, startDateTime: new Date(), lifetimeInMinutes: 60, isUsableOnce: false, length: 8, now: new Date() });
        const browser = new RecordingBrowser(h.url);
        let page = await browser.follow((await authorizationRequest(config, 'openid')).url.toString());
        page = await browser.submit(page, '/username', { username: 'tap@contoso.test' });
        page = await browser.submit(page, '/tap', { tap: code });
        assert.ok(page.url.startsWith(redirectUri), page.html.slice(0, 500));
        assert.ok(!hasExpiry(browser.sessionCookie), browser.sessionCookie);
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    test('a report-only "never persist" policy leaves the cookie persistent', async () => {
      const id = await neverPersist('enabledForReportingButNotEnforced');
      try {
        assert.ok(hasExpiry((await passwordSignIn()).sessionCookie));
        const event = h.signIns.filter((s) => s.isInteractive).at(-1)!;
        assert.equal(event.appliedConditionalAccessPolicies.find((p) => p.id === id)?.result, 'reportOnlySuccess');
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    test('"never persist" on a policy for one app is not enforced (Entra: it needs All resources), and the admin is told', async () => {
      const id = await neverPersist('enabled', [web.app.appId]);
      try {
        assert.ok(hasExpiry((await passwordSignIn()).sessionCookie));
        const { problems } = await loadCompiledPolicies(h.store.db);
        assert.ok(problems.some((p) => p.policyId === id && /persistent browser/.test(p.message)), JSON.stringify(problems));
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    test('"always persist" keeps the persistent cookie', async () => {
      const id = await saveCaPolicy(h, {
        displayName: 'Always persist', state: 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        sessionControls: { persistentBrowser: { isEnabled: true, mode: 'always' } },
      });
      try {
        assert.ok(hasExpiry((await passwordSignIn()).sessionCookie));
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });
  });
}
