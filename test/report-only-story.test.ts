import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowserLimen, type BrowserLimen } from './browser/limen-for-browser.ts';
import { Browser, type Page } from './oidc/browser.ts';
import { testEngines } from './support/engines.ts';
import { expectStatus } from './support/graph-client.ts';

/**
 * The seed's report-only story: an admin adds "require MFA for all users" in report-only mode,
 * watches what it would do in the sign-in log, then switches it on; the emergency access account
 * it excludes still gets in with its password. Real pages (fetch-based browser), real API.
 */
const password = 'correct horse battery staple 9';

for (const engine of testEngines()) {
  describe(`a report-only MFA policy, then enforced, on ${engine}`, () => {
    let l: BrowserLimen;
    let policyId: string;
    const users: Record<string, string> = {};

    before(async () => {
      l = await startBrowserLimen(engine);
      for (const name of ['pat', 'sam', 'breakglass']) {
        users[name] = (await expectStatus(l.admin.call<{ id: string }>('POST', '/users', {
          accountEnabled: true, displayName: name, userPrincipalName: `${name}@contoso.test`, passwordProfile: { password },
        }), 201)).id;
      }
      const emergency = await expectStatus(l.admin.call<{ id: string }>('POST', '/groups', {
        displayName: 'Emergency access', mailEnabled: false, mailNickname: 'emergency', securityEnabled: true,
      }), 201);
      await expectStatus(l.admin.call('POST', `/groups/${emergency.id}/members/$ref`, { '@odata.id': `${l.url}/v1.0/directoryObjects/${users.breakglass}` }), 204);
      policyId = (await expectStatus(l.admin.call<{ id: string }>('POST', '/identity/conditionalAccess/policies', {
        displayName: 'Require MFA for all users',
        state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeUsers: ['All'], excludeGroups: [emergency.id] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      }), 201)).id;
    });
    after(() => l?.close());

    async function passwordSignIn(name: string, browser = new Browser(l.url)): Promise<Page> {
      const page = await browser.submit(await browser.follow(`${l.url}/my/sign-in`), '/username', { username: `${name}@contoso.test` });
      return browser.submit(page, '/login', { password });
    }
    async function tapSignIn(name: string): Promise<Page> {
      const tap = await l.issueTap(users[name]!);
      const browser = new Browser(l.url);
      const page = await browser.submit(await browser.follow(`${l.url}/my/sign-in`), '/username', { username: `${name}@contoso.test` });
      return browser.submit(page, '/tap', { tap });
    }
    async function lastSignIn(name: string) {
      await new Promise((r) => setTimeout(r, 100));
      const page = await expectStatus(l.admin.call<{ value: Array<Record<string, any>> }>('GET', `/auditLogs/signIns?$filter=userId eq '${users[name]}'&$top=1`), 200);
      const s = page.value[0]!;
      return { signIn: s, policy: (s.appliedConditionalAccessPolicies as Array<Record<string, unknown>>).find((p) => p.id === policyId)! };
    }

    test('in report-only, a password-only sign-in gets in, and the log says the policy would have needed user action', async () => {
      assert.match((await passwordSignIn('pat')).url, /\/my\/security-info$/);
      const { signIn, policy } = await lastSignIn('pat');
      assert.equal(signIn.status.errorCode, 0);
      assert.equal(policy.result, 'reportOnlyInterrupted');
      assert.deepEqual(policy.enforcedGrantControls, ['Mfa']);
      assert.equal(signIn.conditionalAccessStatus, 'notApplied', 'report-only policies do not count towards the status');
    });

    test('in report-only, a sign-in with a Temporary Access Pass (MFA) would have satisfied it', async () => {
      assert.match((await tapSignIn('sam')).url, /\/my\/security-info$/);
      assert.equal((await lastSignIn('sam')).policy.result, 'reportOnlySuccess');
    });

    test('the excluded emergency access account shows why: its users condition did not match', async () => {
      assert.match((await passwordSignIn('breakglass')).url, /\/my\/security-info$/);
      const { policy } = await lastSignIn('breakglass');
      assert.equal(policy.result, 'reportOnlyNotApplied');
      assert.equal(policy.conditionsNotSatisfied, 'users');
    });

    test('insights count them: one sign-in needing user action, one success, the rest not applied', async () => {
      const report = await expectStatus(l.admin.call<any>('GET', `/identity/conditionalAccess/insights?policyIds=${policyId}`), 200);
      assert.deepEqual([report.userActionRequired, report.success, report.failure], [1, 1, 0]);
      assert.equal(report.total, 2, 'Total counts the sign-ins the policy applied to');
      assert.ok(report.notApplied >= 1, 'the emergency account and the admin client’s own token requests');
      const pat = report.byUser.find((u: { key: string }) => u.key === users.pat);
      assert.equal(pat.userActionRequired, 1);
      const byUsers = await expectStatus(l.admin.call<any>('GET', '/identity/conditionalAccess/insights?view=users'), 200);
      assert.equal(byUsers.userActionRequired, 1);
      assert.equal((await l.admin.call('GET', '/identity/conditionalAccess/insights?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z')).status, 400);
    });

    test('replaying the policy as if it were on, over the sign-ins so far, says who it would have challenged', async () => {
      const draft = await expectStatus(l.admin.call<Record<string, unknown>>('GET', `/identity/conditionalAccess/policies/${policyId}`), 200);
      const report = await expectStatus(l.admin.call<any>('POST', '/identity/conditionalAccess/simulate', { draftPolicies: [draft], days: 1 }), 200);
      assert.equal(report.challenged, 1, JSON.stringify(report.byUser));
      assert.equal(report.blocked, 0);
      const row = (name: string) => report.byUser.find((u: { key: string }) => u.key === users[name]);
      assert.deepEqual([row('pat').challenged, row('sam').unaffected, row('breakglass').unaffected], [1, 1, 1]);
      assert.equal(report.examples[0].userPrincipalName, 'pat@contoso.test');
      assert.deepEqual(report.examples[0].policies, ['Require MFA for all users']);
      const stored = await expectStatus(l.admin.call<{ state: string }>('GET', `/identity/conditionalAccess/policies/${policyId}`), 200);
      assert.equal(stored.state, 'enabledForReportingButNotEnforced', 'a replay changes nothing');
    });

    test('switched on, the same password sign-in is challenged (50076) and logged; MFA and the emergency account get in', async () => {
      const before = new Browser(l.url);
      assert.match((await passwordSignIn('pat', before)).url, /\/my\/security-info$/);
      await expectStatus(l.admin.call('PATCH', `/identity/conditionalAccess/policies/${policyId}`, { state: 'enabled' }), 204);
      const again = await before.follow(`${l.url}/my/sign-in`);
      assert.match(again.url, /\/interaction\//, 'the password session from before is asked to sign in again');
      const challenged = await passwordSignIn('pat');
      assert.equal(challenged.status, 400);
      assert.match(challenged.html, /requires a stronger sign-in/);
      const { signIn, policy } = await lastSignIn('pat');
      assert.equal(signIn.status.errorCode, 50076);
      assert.equal(signIn.conditionalAccessStatus, 'failure');
      assert.equal(policy.result, 'failure');

      assert.match((await tapSignIn('sam')).url, /\/my\/security-info$/);
      const sam = await lastSignIn('sam');
      assert.equal(sam.policy.result, 'success');
      assert.equal(sam.signIn.conditionalAccessStatus, 'success');

      assert.match((await passwordSignIn('breakglass')).url, /\/my\/security-info$/);
      assert.equal((await lastSignIn('breakglass')).policy.result, 'notApplied');
    });

    test('the lockout guard refuses a policy that would block every active Global Administrator, naming them', async () => {
      const r = await l.admin.call<{ error: { message: string } }>('POST', '/identity/conditionalAccess/policies', {
        displayName: 'Block everyone', state: 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      });
      assert.equal(r.status, 400);
      assert.match(r.json.error.message, /would lock out every active Global Administrator \(admin@limen\.local\)/);
    });
  });
}
