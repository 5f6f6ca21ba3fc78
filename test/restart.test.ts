import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { Browser, signIn } from './oidc/browser.ts';
import { freshDatabaseOptions, testEngines, type FreshDatabase } from './support/engines.ts';
import { appOnlyClient, expectStatus, graphClient, type GraphClient } from './support/graph-client.ts';
import { freePort, runCli, startLimenProcess, type LimenProcess } from './support/limen-process.ts';

/** Data, signing keys and sessions survive a restart of the process, on both engines. */
const password = 'correct horse battery staple';
const redirectUri = 'http://localhost:8765/callback';

for (const engine of testEngines()) {
  describe(`a restart on ${engine}`, () => {
    let db: FreshDatabase;
    let limen: LimenProcess;
    let port: number;
    let admin: GraphClient;
    let userTokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    let webConfig: oidc.Configuration;
    let userId: string;

    before(async () => {
      db = await freshDatabaseOptions(engine);
      port = await freePort();
      limen = await startLimenProcess(db, port);
      const service = JSON.parse((await runCli({ ...db, env: { LIMEN_PUBLIC_URL: limen.url } }, ['bootstrap-admin', 'service', '--json'])).stdout) as Record<string, string>;
      admin = await appOnlyClient(limen.url, service.clientId!, service.clientSecret!);
      userId = (await expectStatus(admin.call<{ id: string }>('POST', '/users', {
        accountEnabled: true, displayName: 'Wen Nguyen', userPrincipalName: 'wen@example.org', passwordProfile: { password },
      }), 201)).id;
      const app = await expectStatus(admin.call<{ id: string; appId: string }>('POST', '/applications', { displayName: 'Portal', web: { redirectUris: [redirectUri] } }), 201);
      await expectStatus(admin.call('POST', '/servicePrincipals', { appId: app.appId }), 201);
      const secret = await expectStatus(admin.call<{ secretText: string }>('POST', `/applications/${app.id}/addPassword`, { passwordCredential: {} }), 200);
      webConfig = await oidc.discovery(new URL(limen.url), app.appId, secret.secretText, undefined, { execute: [oidc.allowInsecureRequests] });
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(webConfig, {
        redirect_uri: redirectUri, scope: 'openid offline_access', state,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      const landed = await signIn(new Browser(limen.url), url, 'wen@example.org', password);
      userTokens = await oidc.authorizationCodeGrant(webConfig, new URL(landed.url), { pkceCodeVerifier: verifier, expectedState: state });

      await limen.stop();
      limen = await startLimenProcess(db, port);
    });
    after(async () => {
      await limen?.stop();
      await db?.cleanup();
    });

    test('the directory is still there', async () => {
      const user = await expectStatus(graphClient(limen.url, admin.token).call<{ displayName: string }>('GET', `/users/${userId}`), 200);
      assert.equal(user.displayName, 'Wen Nguyen');
    });

    test('an access token issued before the restart still verifies: the signing key survived', async () => {
      assert.equal((await graphClient(limen.url, admin.token).call('GET', '/users')).status, 200);
    });

    test('a refresh token issued before the restart still works: the session survived', async () => {
      const refreshed = await oidc.refreshTokenGrant(webConfig, userTokens.refresh_token!);
      assert.ok(refreshed.access_token);
      assert.equal(refreshed.claims()?.sub, userId);
    });

    test('sign-in events from before the restart were written by the clean shutdown', async () => {
      const page = await expectStatus(graphClient(limen.url, admin.token).call<{ value: Array<{ userId: string | null }> }>('GET', `/auditLogs/signIns?$filter=userId eq '${userId}'`), 200);
      assert.ok(page.value.length >= 1);
    });
  });
}
