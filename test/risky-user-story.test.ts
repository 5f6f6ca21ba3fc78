import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowserLimen, type BrowserLimen } from './browser/limen-for-browser.ts';
import { Browser, type Page } from './oidc/browser.ts';
import { testEngines } from './support/engines.ts';
import { appOnlyClient, expectStatus } from './support/graph-client.ts';

/**
 * Risk-based Conditional Access, end to end: "block high-risk users" is on and does nothing,
 * until an administrator confirms a user compromised through the Identity Protection API; the
 * user's next password sign-in on the real pages is blocked (AADSTS53003) and logged with the
 * risk; the administrator dismisses the risk and the user gets in. Then the same for a workload
 * identity's client-credentials request.
 */
const password = 'correct horse battery staple 9';

for (const engine of testEngines()) {
  describe(`a user confirmed compromised is blocked by a user-risk policy on ${engine}`, () => {
    let l: BrowserLimen;
    let userId: string;
    let policyId: string;
    const riskyUsers = '/identityProtection/riskyUsers';

    before(async () => {
      l = await startBrowserLimen(engine);
      userId = (await expectStatus(l.admin.call<{ id: string }>('POST', '/users', {
        accountEnabled: true, displayName: 'Riley', userPrincipalName: 'riley@contoso.test', passwordProfile: { password },
      }), 201)).id;
      policyId = (await expectStatus(l.admin.call<{ id: string }>('POST', '/identity/conditionalAccess/policies', {
        displayName: 'Block high-risk users',
        state: 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'], userRiskLevels: ['high'] },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      }), 201)).id;
    });
    after(() => l?.close());

    async function passwordSignIn(browser = new Browser(l.url)): Promise<Page> {
      const page = await browser.submit(await browser.follow(`${l.url}/my/sign-in`), '/username', { username: 'riley@contoso.test' });
      return browser.submit(page, '/login', { password });
    }
    async function lastSignIn() {
      await new Promise((r) => setTimeout(r, 100));
      const page = await expectStatus(l.admin.call<{ value: Array<Record<string, any>> }>('GET', `/auditLogs/signIns?$filter=userId eq '${userId}'&$top=1`), 200);
      const signIn = page.value[0]!;
      return { signIn, policy: (signIn.appliedConditionalAccessPolicies as Array<Record<string, unknown>>).find((p) => p.id === policyId)! };
    }

    let earlier: Browser;
    test('while the user has no risk, the policy does not apply: the user signs in, and the log says why (userRisk)', async () => {
      earlier = new Browser(l.url);
      assert.match((await passwordSignIn(earlier)).url, /\/my\/security-info$/);
      const { signIn, policy } = await lastSignIn();
      assert.equal(signIn.status.errorCode, 0);
      assert.deepEqual([policy.result, policy.conditionsNotSatisfied], ['notApplied', 'userRisk']);
      assert.deepEqual([signIn.riskLevelAggregated, signIn.riskState, signIn.riskDetail], ['none', 'none', 'none']);
    });

    test('confirmed compromised by the administrator, the user’s next sign-in is blocked with 53003 and logged with the policy and risk high', async () => {
      await expectStatus(l.admin.call('POST', `${riskyUsers}/confirmCompromised`, { userIds: [userId] }), 204);
      const risky = await expectStatus(l.admin.call<Record<string, unknown>>('GET', `${riskyUsers}/${userId}`), 200);
      assert.equal(risky.riskLevel, 'high');

      const blocked = await passwordSignIn();
      assert.equal(blocked.status, 400);
      assert.match(blocked.html, /AADSTS53003/);
      const { signIn, policy } = await lastSignIn();
      assert.equal(signIn.status.errorCode, 53003);
      assert.equal(signIn.conditionalAccessStatus, 'failure');
      assert.deepEqual([policy.result, policy.enforcedGrantControls], ['failure', ['Block']]);
      assert.deepEqual(
        [signIn.riskLevelAggregated, signIn.riskState, signIn.riskDetail, signIn.riskLevelDuringSignIn],
        ['high', 'confirmedCompromised', 'adminConfirmedUserCompromised', 'none'],
      );

      const again = await earlier.follow(`${l.url}/my/sign-in`);
      assert.match(again.url, /\/interaction\//, 'the session from before the change is asked to sign in again');
    });

    test('insights count the blocked sign-in under risk level high', async () => {
      const report = await expectStatus(l.admin.call<any>('GET', `/identity/conditionalAccess/insights?policyIds=${policyId}`), 200);
      const high = report.byRiskLevel.find((r: { key: string }) => r.key === 'high');
      assert.deepEqual([high.failure, high.total], [1, 1]);
      assert.ok(report.byRiskLevel.some((r: { key: string; notApplied: number }) => r.key === 'none' && r.notApplied >= 1));
    });

    test('once the administrator dismisses the risk, the user gets in again', async () => {
      await expectStatus(l.admin.call('POST', `${riskyUsers}/dismiss`, { userIds: [userId] }), 204);
      assert.match((await passwordSignIn()).url, /\/my\/security-info$/);
      const { signIn, policy } = await lastSignIn();
      assert.equal(signIn.status.errorCode, 0);
      assert.equal(policy.result, 'notApplied');
      assert.equal(signIn.riskLevelAggregated, 'none');
      const history = await expectStatus(l.admin.call<{ value: Array<{ riskState: string }> }>('GET', `${riskyUsers}/${userId}/history`), 200);
      assert.deepEqual(history.value.map((h) => h.riskState), ['confirmedCompromised', 'dismissed']);
    });

    test('a workload identity confirmed compromised is refused a token by a service-principal-risk policy, until dismissed', async () => {
      const app = await expectStatus(l.admin.call<{ id: string; appId: string }>('POST', '/applications', { displayName: 'Nightly job' }), 201);
      const sp = await expectStatus(l.admin.call<{ id: string }>('POST', '/servicePrincipals', { appId: app.appId }), 201);
      const secret = await expectStatus(l.admin.call<{ secretText: string }>('POST', `/applications/${app.id}/addPassword`, { passwordCredential: { displayName: 'ci' } }), 200);
      await expectStatus(l.admin.call('POST', '/identity/conditionalAccess/policies', {
        displayName: 'Block high-risk workload identities',
        state: 'enabled',
        conditions: {
          clientApplications: { includeServicePrincipals: [sp.id] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'],
          servicePrincipalRiskLevels: ['high'],
        },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      }), 201);
      const token = () => appOnlyClient(l.url, app.appId, secret.secretText);
      await token();

      await expectStatus(l.admin.call('POST', '/identityProtection/riskyServicePrincipals/confirmCompromised', { servicePrincipalIds: [sp.id] }), 204);
      await assert.rejects(token(), (e: { cause?: { error?: string; error_description?: string } }) => {
        assert.equal(e.cause?.error, 'invalid_grant');
        assert.match(e.cause?.error_description ?? '', /^AADSTS53003: Access has been blocked by Conditional Access policies \(Block high-risk workload identities\)/);
        return true;
      });
      await new Promise((r) => setTimeout(r, 100));
      const logged = await expectStatus(l.admin.call<{ value: Array<Record<string, any>> }>('GET', `/auditLogs/signIns?$filter=appId eq '${app.appId}'&$top=1`), 200);
      assert.deepEqual([logged.value[0]!.status.errorCode, logged.value[0]!.riskLevelAggregated, logged.value[0]!.riskDetail], [53003, 'high', 'adminConfirmedServicePrincipalCompromised']);

      await expectStatus(l.admin.call('POST', '/identityProtection/riskyServicePrincipals/dismiss', { servicePrincipalIds: [sp.id] }), 204);
      await token();
    });
  });
}
