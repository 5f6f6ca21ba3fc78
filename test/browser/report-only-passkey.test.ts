import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { addAuthenticator, browserAvailable, launchBrowser, type Browser } from '../support/browser.ts';
import { signInToMySecurityInfoWithTap, startBrowserLimen, type BrowserLimen } from './limen-for-browser.ts';

/**
 * The report-only story's passkey side, in Chromium: under "require MFA for all users" in
 * report-only mode, a sign-in with a passkey is logged as reportOnlySuccess (it already met the
 * policy), where a password-only one is logged as needing user action (test/report-only-story).
 */
for (const engine of browserAvailable() ? testEngines() : []) {
  describe(`a passkey sign-in under a report-only MFA policy, in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    test('is logged as reportOnlySuccess for that policy', async () => {
      const user = await l.createUser('kim@riverside.test');
      const page = await (await browser.newContext()).newPage();
      await addAuthenticator(page, 'securityKey');
      await signInToMySecurityInfoWithTap(page, l, user.userPrincipalName, await l.issueTap(user.id));
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.getByText('Your passkey was added.').waitFor();

      const policy = await expectStatus(l.admin.call<{ id: string }>('POST', '/identity/conditionalAccess/policies', {
        displayName: 'Require MFA for all users', state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      }), 201);
      await page.context().clearCookies();
      await page.goto(`${l.url}/my/sign-in`);
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.waitForURL(`${l.url}/my/security-info`);

      await new Promise((r) => setTimeout(r, 100));
      const log = await expectStatus(l.admin.call<{ value: Array<{ authenticationMethodsUsed: string[]; appliedConditionalAccessPolicies: Array<{ id: string; result: string }> }> }>(
        'GET', `/auditLogs/signIns?$filter=userId eq '${user.id}'&$top=1`), 200);
      const [last] = log.value;
      assert.deepEqual(last!.authenticationMethodsUsed, ['Passkey (device-bound)']);
      assert.equal(last!.appliedConditionalAccessPolicies.find((p) => p.id === policy.id)?.result, 'reportOnlySuccess');
    });
  });
}
