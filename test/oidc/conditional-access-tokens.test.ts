import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import * as client from 'openid-client';
import type { ConditionalAccessPolicy } from '../../src/conditional-access/index.ts';
import { managementApi } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from './browser.ts';
import {
  authorizationRequest, createDaemonApp, createUser, createWebApp, discover, password, saveCaPolicy, setCaPolicyState, type RegisteredApp,
} from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * Conditional Access at the token endpoint: a workload identity's client-credentials request and
 * a user's refresh, which no sign-in page sees. openid-client is the application.
 */
const descriptionOf = (e: unknown) => (e instanceof client.ResponseBodyError ? `${e.error}: ${e.error_description}` : String(e));

for (const engine of testEngines()) {
  describe(`Conditional Access at the token endpoint on ${engine}`, () => {
    let h: Harness;
    let daemon: RegisteredApp;
    let daemonConfig: client.Configuration;
    let web: RegisteredApp;
    let webConfig: client.Configuration;

    before(async () => {
      h = await startHarness(engine);
      daemon = await createDaemonApp(h.directory, ['User.Read.All']);
      daemonConfig = await discover(h, daemon.app.appId, client.ClientSecretPost(daemon.secret));
      web = await createWebApp(h.directory);
      const api = await h.directory.servicePrincipals.getByAppId(managementApi.appId);
      await h.directory.assignments.grantPermissions({ clientId: web.sp.id, consentType: 'AllPrincipals', resourceId: api!.id, scope: 'User.Read' });
      webConfig = await discover(h, web.app.appId, client.ClientSecretPost(web.secret));
    });
    after(() => h.close());

    const save = (body: Record<string, unknown>) => saveCaPolicy(h, body);
    const setState = (id: string, state: ConditionalAccessPolicy['state']) => setCaPolicyState(h, id, state);
    const lastEvent = async (appId: string) => {
      await new Promise((r) => setTimeout(r, 50));
      return h.signIns.filter((s) => s.appId === appId).at(-1)!;
    };

    test('a report-only block on a workload identity is logged as reportOnlyFailure and the token is issued', async () => {
      const id = await save({
        displayName: 'Block the daemon', state: 'enabledForReportingButNotEnforced',
        conditions: { clientApplications: { includeServicePrincipals: [daemon.sp.id] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      });
      const tokens = await client.clientCredentialsGrant(daemonConfig, { scope: managementApi.defaultScope });
      assert.ok(tokens.access_token);
      const event = await lastEvent(daemon.app.appId);
      assert.equal(event.status.errorCode, 0);
      assert.equal(event.appliedConditionalAccessPolicies.find((p) => p.id === id)?.result, 'reportOnlyFailure');

      await setState(id, 'enabled');
      await assert.rejects(client.clientCredentialsGrant(daemonConfig, { scope: managementApi.defaultScope }), (e) => {
        assert.match(descriptionOf(e), /^invalid_grant: AADSTS53003: Access has been blocked by Conditional Access policies \(Block the daemon\)/);
        return true;
      });
      const blocked = await lastEvent(daemon.app.appId);
      assert.equal(blocked.status.errorCode, 53003);
      assert.equal(blocked.conditionalAccessStatus, 'failure');
      assert.equal(blocked.appliedConditionalAccessPolicies.find((p) => p.id === id)?.result, 'failure');
      await setState(id, 'disabled');
      assert.ok((await client.clientCredentialsGrant(daemonConfig, { scope: managementApi.defaultScope })).access_token, 'disabled: allowed again');
    });

    test('a refresh after "require MFA" is switched on asks for an interactive sign-in (50076); a password session cannot refresh', async () => {
      await createUser(h.directory, 'refresh@contoso.test');
      const request = await authorizationRequest(webConfig, `openid offline_access ${managementApi.defaultScope}`);
      const landed = await signIn(new Browser(h.url), request.url, 'refresh@contoso.test', password);
      const tokens = await client.authorizationCodeGrant(webConfig, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      const id = await save({
        displayName: 'Require MFA for all users', state: 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      });
      try {
        await assert.rejects(client.refreshTokenGrant(webConfig, tokens.refresh_token!), (e) => {
          assert.match(descriptionOf(e), /^invalid_grant: AADSTS50076: Conditional Access \(Require MFA for all users\) requires the user to sign in again/);
          return true;
        });
        const event = await lastEvent(web.app.appId);
        assert.equal(event.status.errorCode, 50076);
        assert.deepEqual(event.signInEventTypes, ['nonInteractiveUser']);
      } finally {
        await setState(id, 'disabled');
      }
      assert.ok((await client.refreshTokenGrant(webConfig, tokens.refresh_token!)).access_token, 'the refused refresh token still works');
    });

    test('a refresh refused by Conditional Access does not use up the refresh token: once the policy is off, the same token works', async () => {
      await createUser(h.directory, 'blocked-refresh@contoso.test');
      const request = await authorizationRequest(webConfig, `openid offline_access ${managementApi.defaultScope}`);
      const landed = await signIn(new Browser(h.url), request.url, 'blocked-refresh@contoso.test', password);
      const tokens = await client.authorizationCodeGrant(webConfig, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      const id = await save({
        displayName: 'Block everyone', state: 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      });
      try {
        await assert.rejects(client.refreshTokenGrant(webConfig, tokens.refresh_token!), (e) => {
          assert.match(descriptionOf(e), /^invalid_grant: AADSTS53003: Access has been blocked by Conditional Access policies \(Block everyone\)/);
          return true;
        });
        const refused = await lastEvent(web.app.appId);
        assert.equal(refused.status.errorCode, 53003);
        assert.equal(refused.conditionalAccessStatus, 'failure');
        assert.equal(refused.appliedConditionalAccessPolicies.find((p) => p.id === id)?.result, 'failure');
        assert.equal(refused.resourceId, managementApi.appId, 'the log names the resource although no access token was made');
      } finally {
        await setState(id, 'disabled');
      }
      const refreshed = await client.refreshTokenGrant(webConfig, tokens.refresh_token!);
      assert.ok(refreshed.access_token);
      assert.notEqual(refreshed.refresh_token, tokens.refresh_token, 'the allowed refresh rotates the token as usual');
      await assert.rejects(client.refreshTokenGrant(webConfig, tokens.refresh_token!), (e) => {
        assert.match(descriptionOf(e), /^invalid_grant/, 'and the old token is then used up');
        return true;
      });
    });

    test('sign-in frequency: an hour after the sign-in, a refresh answers AADSTS70043 and the browser session must sign in again', async () => {
      await createUser(h.directory, 'frequency@contoso.test');
      const id = await save({
        displayName: 'Sign in every hour', state: 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        sessionControls: { signInFrequency: { isEnabled: true, type: 'hours', value: 1, frequencyInterval: 'timeBased', authenticationType: 'primaryAndSecondaryAuthentication' } },
      });
      try {
        const browser = new Browser(h.url);
        const request = await authorizationRequest(webConfig, `openid offline_access ${managementApi.defaultScope}`);
        const landed = await signIn(browser, request.url, 'frequency@contoso.test', password);
        const tokens = await client.authorizationCodeGrant(webConfig, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
        const fresh = await client.refreshTokenGrant(webConfig, tokens.refresh_token!);
        mock.timers.enable({ apis: ['Date'], now: Date.now() + 2 * 3600_000 });
        try {
          await assert.rejects(client.refreshTokenGrant(webConfig, fresh.refresh_token!), (e) => {
            assert.match(descriptionOf(e), /^invalid_grant: AADSTS70043/);
            return true;
          });
          assert.equal((await lastEvent(web.app.appId)).status.errorCode, 70043);
          const again = await browser.follow((await authorizationRequest(webConfig, 'openid')).url.toString());
          assert.match(again.url, /\/interaction\//, 'the two-hour-old browser session is asked to sign in again');
        } finally {
          mock.timers.reset();
        }
      } finally {
        await setState(id, 'disabled');
      }
    });
  });
}
