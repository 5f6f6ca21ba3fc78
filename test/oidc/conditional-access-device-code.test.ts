import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { cliClient, managementApi } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn, type Page } from './browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, password, redirectUri, saveCaPolicy, setCaPolicyState } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * The authenticationFlows condition: a policy for the device code flow applies when the browser
 * approves a device code (RFC 8628; here the Limen CLI's `limen login`), and to the tokens that
 * come from it, not to the same user's ordinary sign-in. openid-client is the device.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-authentication-flows
 */
const descriptionOf = (e: unknown) => (e instanceof client.ResponseBodyError ? `${e.error}: ${e.error_description}` : String(e));

for (const engine of testEngines()) {
  describe(`Conditional Access for the device code flow on ${engine}`, () => {
    let h: Harness;
    let cli: client.Configuration;
    let web: client.Configuration;

    before(async () => {
      h = await startHarness(engine);
      cli = await discover(h, cliClient.appId);
      const app = await createWebApp(h.directory);
      web = await discover(h, app.app.appId, client.ClientSecretPost(app.secret));
    });
    after(() => h.close());

    const blockDeviceCode = (state: string) => saveCaPolicy(h, {
      displayName: 'Block device code flow', state,
      conditions: {
        users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'],
        authenticationFlows: { transferMethods: 'deviceCodeFlow' },
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });

    /** The user code typed and confirmed on the device page: the sign-in page, or the end when the browser is signed in. */
    async function approve(browser: Browser, device: client.DeviceAuthorizationResponse): Promise<Page> {
      let page = await browser.follow(device.verification_uri);
      page = await browser.submit(page, '/device', { user_code: device.user_code });
      return browser.submit(page, '/device', { confirm: 'yes' });
    }
    async function typePassword(browser: Browser, page: Page, username: string): Promise<Page> {
      page = await browser.submit(page, '/username', { username });
      return browser.submit(page, '/login', { password });
    }
    const lastInteractive = (upn: string) => h.signIns.filter((s) => s.isInteractive && s.userPrincipalName === upn).at(-1)!;

    test('a "block device code flow" policy blocks the device code sign-in (53003) but not the same user\'s browser sign-in', async () => {
      await createUser(h.directory, 'grace@contoso.test');
      const id = await blockDeviceCode('enabled');
      try {
        const device = await client.initiateDeviceAuthorization(cli, { scope: `openid ${managementApi.defaultScope}` });
        const browser = new Browser(h.url);
        const refused = await typePassword(browser, await approve(browser, device), 'grace@contoso.test');
        assert.equal(refused.status, 400);
        assert.match(refused.html, /blocked by your organization’s Conditional Access policy[^<]*AADSTS53003/);
        const event = lastInteractive('grace@contoso.test');
        assert.equal(event.status.errorCode, 53003);
        assert.equal(event.authenticationProtocol, 'deviceCode');
        assert.equal(event.originalTransferMethod, 'deviceCodeFlow');
        assert.equal(event.appliedConditionalAccessPolicies.find((p) => p.id === id)?.result, 'failure');

        const request = await authorizationRequest(web, 'openid');
        const landed = await signIn(new Browser(h.url), request.url, 'grace@contoso.test', password);
        assert.ok(landed.url.startsWith(redirectUri), landed.html.slice(0, 500));
        const allowed = lastInteractive('grace@contoso.test');
        assert.equal(allowed.status.errorCode, 0);
        assert.equal(allowed.authenticationProtocol, 'none');
        assert.equal(allowed.originalTransferMethod, 'none');
        const policy = allowed.appliedConditionalAccessPolicies.find((p) => p.id === id);
        assert.equal(policy?.result, 'notApplied');
        assert.equal(policy?.conditionsNotSatisfied, 'authenticationFlows');
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    test('a browser already signed in cannot approve a device code under that policy without the sign-in page, which blocks it', async () => {
      await createUser(h.directory, 'hopper@contoso.test');
      const browser = new Browser(h.url);
      const landed = await signIn(browser, (await authorizationRequest(web, 'openid')).url, 'hopper@contoso.test', password);
      assert.ok(landed.url.startsWith(redirectUri), 'signed in: the browser has a session');
      const id = await blockDeviceCode('enabled');
      try {
        const device = await client.initiateDeviceAuthorization(cli, { scope: `openid ${managementApi.defaultScope}` });
        const page = await approve(browser, device);
        assert.doesNotMatch(page.html, /You’re signed in/, 'single sign-on does not approve the device code');
        assert.match(page.url, /\/interaction\//);
        const refused = await typePassword(browser, page, 'hopper@contoso.test');
        assert.equal(refused.status, 400);
        assert.match(refused.html, /AADSTS53003/);
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });

    test('tokens from a device code stay device code flow: the log says so, and their refresh is blocked once the policy is enforced', async () => {
      await createUser(h.directory, 'lamarr@contoso.test');
      const id = await blockDeviceCode('enabledForReportingButNotEnforced');
      try {
        const device = await client.initiateDeviceAuthorization(cli, { scope: `openid offline_access ${managementApi.defaultScope}` });
        const browser = new Browser(h.url);
        const done = await typePassword(browser, await approve(browser, device), 'lamarr@contoso.test');
        assert.match(done.html, /You’re signed in/, done.html.slice(0, 500));
        const approved = lastInteractive('lamarr@contoso.test');
        assert.equal(approved.appliedConditionalAccessPolicies.find((p) => p.id === id)?.result, 'reportOnlyFailure');

        // Approved already: the first poll gets the tokens, no need to wait the usual interval.
        const tokens = await client.pollDeviceAuthorizationGrant(cli, { ...device, interval: 0 });
        await new Promise((r) => setTimeout(r, 50));
        const issued = h.signIns.filter((s) => s.appId === cliClient.appId && !s.isInteractive).at(-1)!;
        assert.equal(issued.status.errorCode, 0);
        assert.equal(issued.authenticationProtocol, 'deviceCode');
        assert.equal(issued.originalTransferMethod, 'deviceCodeFlow');

        const refreshed = await client.refreshTokenGrant(cli, tokens.refresh_token!);
        await new Promise((r) => setTimeout(r, 50));
        const refresh = h.signIns.filter((s) => s.appId === cliClient.appId && !s.isInteractive).at(-1)!;
        assert.equal(refresh.originalTransferMethod, 'deviceCodeFlow');
        assert.equal(refresh.appliedConditionalAccessPolicies.find((p) => p.id === id)?.result, 'reportOnlyFailure');

        await setCaPolicyState(h, id, 'enabled');
        await assert.rejects(client.refreshTokenGrant(cli, refreshed.refresh_token!), (e) => {
          assert.match(descriptionOf(e), /^invalid_grant: AADSTS53003: Access has been blocked by Conditional Access policies \(Block device code flow\)/);
          return true;
        });
      } finally {
        await setCaPolicyState(h, id, 'disabled');
      }
    });
  });
}
