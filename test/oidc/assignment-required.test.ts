/**
 * "Assignment required?" (servicePrincipal.appRoleAssignmentRequired), with openid-client as the
 * app: only people assigned to the app, themselves or through a group they are a direct member
 * of, sign in to it or keep refreshing its tokens; everyone else gets AADSTS50105.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { createTapRepository, defaultTapPolicy, writeTapPolicy } from '../../src/authn/index.ts';
import { applicationCreateSchema, managementApi, userCreateSchema, type User } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn, type Page } from './browser.ts';
import { authorizationRequest, createDaemonApp, createUser, createWebApp, discover, oauthError, password, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const defaultAccess = '00000000-0000-0000-0000-000000000000';
const scope = `openid offline_access ${managementApi.defaultScope}`;

for (const engine of testEngines()) {
  describe(`an app that requires assignment, on ${engine}`, () => {
    let h: Harness;
    let restricted: RegisteredApp;
    let open: RegisteredApp;
    let restrictedConfig: client.Configuration;
    let openConfig: client.Configuration;

    before(async () => {
      h = await startHarness(engine);
      const api = await h.directory.servicePrincipals.getByAppId(managementApi.appId);
      restricted = await createWebApp(h.directory, { displayName: 'Payroll' });
      open = await createWebApp(h.directory, { displayName: 'Canteen' });
      for (const app of [restricted, open]) {
        // Tenant-wide admin consent: no consent page, as for most enterprise apps.
        await h.directory.assignments.grantPermissions({ clientId: app.sp.id, consentType: 'AllPrincipals', resourceId: api!.id, scope: 'User.Read' });
      }
      await h.audited((d) => d.servicePrincipals.update(restricted.sp.id, { appRoleAssignmentRequired: true }));
      restrictedConfig = await discover(h, restricted.app.appId, client.ClientSecretPost(restricted.secret));
      openConfig = await discover(h, open.app.appId, client.ClientSecretPost(open.secret));
    });
    after(() => h.close());

    /** Signs `upn` in to the app in a new browser; returns where the browser ended up. */
    async function attempt(config: client.Configuration, upn: string, browser = new Browser(h.url)) {
      const request = await authorizationRequest(config, scope);
      const landed = await signIn(browser, request.url, upn, password);
      return { request, landed, browser };
    }

    async function tokens(config: client.Configuration, upn: string) {
      const { request, landed } = await attempt(config, upn);
      return client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
    }

    const assign = (principalId: string) =>
      h.audited((d) => d.assignments.assignAppRole({ principalId, resourceId: restricted.sp.id, appRoleId: defaultAccess }));

    async function group(name: string, memberId: string) {
      return h.audited(async (d) => {
        const created = await d.groups.create({ displayName: name, securityEnabled: true, mailEnabled: false, groupTypes: [] });
        await d.groups.addMember(created.id, memberId);
        return created;
      });
    }

    const notAssignedEvents = (user: User) => h.signIns.filter((s) => s.userId === user.id && s.status.errorCode === 50105);

    /** The refusal page's way back to the app: the interaction already ended with access_denied. */
    function backToApp(page: Page): string {
      const action = /<form method="get" action="([^"]+)"/.exec(page.html)?.[1];
      assert.ok(action, 'the page offers a way back to the app');
      return action.replace(/&amp;/g, '&');
    }

    test('an unassigned person is refused with AADSTS50105: the page says why, the app gets access_denied, the log says 50105', async () => {
      const user = await createUser(h.directory, 'nobody@contoso.test');
      const { request, landed, browser } = await attempt(restrictedConfig, 'nobody@contoso.test');
      assert.equal(landed.status, 403);
      assert.match(landed.html, /You don’t have access to this app/);
      assert.match(landed.html, /AADSTS50105/);
      assert.match(landed.html, /nobody@contoso\.test isn’t assigned/);

      const redirect = await browser.follow(new URL(backToApp(landed), h.url).toString());
      const error = await client.authorizationCodeGrant(restrictedConfig, new URL(redirect.url), {
        pkceCodeVerifier: request.verifier, expectedState: request.state,
      }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof client.AuthorizationResponseError, String(error));
      assert.equal(error.error, 'access_denied');
      assert.match(error.error_description ?? '', /^AADSTS50105: .*'Payroll'.*'nobody@contoso\.test'/);

      const [event] = notAssignedEvents(user);
      assert.ok(event, 'a failed sign-in with errorCode 50105 is logged');
      assert.equal(event.appId, restricted.app.appId);
      assert.equal(event.isInteractive, true);
      assert.match(event.status.failureReason, /not assigned/);
      assert.match(event.status.additionalDetails ?? '', /requires assignment/);
    });

    test('a person assigned to the app (default access) signs in', async () => {
      const user = await createUser(h.directory, 'direct@contoso.test');
      await assign(user.id);
      const result = await tokens(restrictedConfig, 'direct@contoso.test');
      assert.equal((await h.oidc.verifyAccessToken(result.access_token)).oid, user.id);
      assert.deepEqual(notAssignedEvents(user), []);
    });

    test('a direct member of an assigned group signs in', async () => {
      const user = await createUser(h.directory, 'member@contoso.test');
      await assign((await group('Payroll clerks', user.id)).id);
      const result = await tokens(restrictedConfig, 'member@contoso.test');
      assert.ok(result.access_token);
    });

    test('a member of a group nested in an assigned group is refused, as in Entra (assignment does not cascade to nested groups)', async () => {
      const user = await createUser(h.directory, 'nested@contoso.test');
      const inner = await group('Payroll interns', user.id);
      const outer = await group('Payroll staff', inner.id);
      await assign(outer.id);
      const { landed } = await attempt(restrictedConfig, 'nested@contoso.test');
      assert.equal(landed.status, 403);
      assert.equal(notAssignedEvents(user).length, 1);
    });

    test('removing the assignment stops the refresh token: invalid_grant with AADSTS50105, logged as 50105', async () => {
      const user = await createUser(h.directory, 'leaver@contoso.test');
      const assignment = await assign(user.id);
      const first = await tokens(restrictedConfig, 'leaver@contoso.test');
      const second = await client.refreshTokenGrant(restrictedConfig, first.refresh_token!);
      await h.audited((d) => d.assignments.removeAppRoleAssignment(assignment.id));
      const error = await client.refreshTokenGrant(restrictedConfig, second.refresh_token!).then(() => undefined, (e: unknown) => e);
      assert.equal(oauthError(error), 'invalid_grant');
      assert.match((error as client.ResponseBodyError).error_description ?? '', /^AADSTS50105: /);
      const [event] = notAssignedEvents(user);
      assert.ok(event, 'the refused refresh is logged with 50105');
      assert.equal(event.isInteractive, false);

      await assign(user.id);
      const again = await client.refreshTokenGrant(restrictedConfig, second.refresh_token!);
      assert.ok(again.access_token, 'a refused refresh did not use the refresh token up');
    });

    test('a code issued before the assignment was removed is refused when redeemed: invalid_grant with AADSTS50105, logged as 50105', async () => {
      const user = await createUser(h.directory, 'late@contoso.test');
      const assignment = await assign(user.id);
      const { request, landed } = await attempt(restrictedConfig, 'late@contoso.test');
      await h.audited((d) => d.assignments.removeAppRoleAssignment(assignment.id));
      const error = await client.authorizationCodeGrant(restrictedConfig, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state })
        .then(() => undefined, (e: unknown) => e);
      assert.equal(oauthError(error), 'invalid_grant');
      assert.match((error as client.ResponseBodyError).error_description ?? '', /^AADSTS50105: /);
      assert.ok(notAssignedEvents(user).length > 0, 'the refused redemption is logged with 50105');
    });

    test('a one-time Temporary Access Pass of an unassigned person is refused and not used up, so it works once they are assigned', async () => {
      await h.store.db.transaction().execute((trx) => writeTapPolicy(trx, { ...defaultTapPolicy(), state: 'enabled' }));
      const user = await h.directory.users.create(userCreateSchema.parse({ accountEnabled: true, displayName: 'New starter', userPrincipalName: 'starter@contoso.test' }), null);
      const { code } = await createTapRepository(h.store.db).issue({ userId: user.id, startDateTime: new Date(), lifetimeInMinutes: 60, isUsableOnce: true, length: 8, now: new Date() });
      const withTap = async () => {
        const request = await authorizationRequest(restrictedConfig, scope);
        const browser = new Browser(h.url);
        let page = await browser.follow(request.url.toString());
        page = await browser.submit(page, '/username', { username: 'starter@contoso.test' });
        return browser.submit(page, '/tap', { tap: code });
      };
      const refused = await withTap();
      assert.equal(refused.status, 403);
      assert.match(refused.html, /AADSTS50105/);
      assert.equal(notAssignedEvents(user).length, 1);
      await assign(user.id);
      const admitted = await withTap();
      assert.ok(admitted.url.startsWith('http://localhost:8765/callback?code='), admitted.html.slice(0, 500));
    });

    test('a device code approved by an unassigned person is refused: the page says why, the device gets access_denied', async () => {
      const user = await createUser(h.directory, 'kiosk@contoso.test');
      const tv = await h.audited(async (d) => {
        const app = await d.applications.create(applicationCreateSchema.parse({ displayName: 'Lobby Screen', isFallbackPublicClient: true }));
        return d.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: true, tags: [] });
      });
      const config = await discover(h, tv.appId);
      const device = await client.initiateDeviceAuthorization(config, { scope: 'openid' });
      const browser = new Browser(h.url);
      let page = await browser.follow(device.verification_uri);
      page = await browser.submit(page, '/device', { user_code: device.user_code });
      page = await browser.submit(page, '/device', { confirm: 'yes' });
      page = await browser.submit(page, '/username', { username: 'kiosk@contoso.test' });
      page = await browser.submit(page, '/login', { password });
      assert.equal(page.status, 403);
      assert.match(page.html, /AADSTS50105/);
      assert.match(page.html, /start again on your device/);
      const done = await browser.follow(new URL(backToApp(page), h.url).toString());
      assert.match(done.html, /role="alert">Your device was not signed in: you aren’t assigned to this app/);
      // One poll, by hand (openid-client would first wait the 5 s interval).
      const poll = await fetch(config.serverMetadata().token_endpoint!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code, client_id: tv.appId }),
      });
      const answer = await poll.json() as { error?: string; error_description?: string };
      assert.equal(answer.error, 'access_denied');
      assert.match(answer.error_description ?? '', /^AADSTS50105: /);
      assert.equal(notAssignedEvents(user).length, 1);
    });

    test('a browser session does not carry an unassigned person into the app without a sign-in', async () => {
      await createUser(h.directory, 'sso@contoso.test');
      const { browser } = await attempt(openConfig, 'sso@contoso.test');
      const request = await authorizationRequest(restrictedConfig, scope, { prompt: 'none' });
      const landed = await browser.follow(request.url.toString());
      const answer = new URL(landed.url);
      assert.equal(answer.origin + answer.pathname, 'http://localhost:8765/callback');
      assert.equal(answer.searchParams.get('error'), 'login_required');
    });

    test('an application’s app-only token for an API that requires assignment needs an app role assignment of its own (AADSTS501051)', async () => {
      const roleId = '5d8f1c2a-7b3e-4f60-9a1d-2c4e6f8a0b13';
      const api = await h.audited(async (d) => {
        const app = await d.applications.create(applicationCreateSchema.parse({
          displayName: 'Ledger API', identifierUris: ['api://ledger'],
          appRoles: [{ id: roleId, value: 'Ledger.Read', displayName: 'Read the ledger', description: 'Read the ledger', allowedMemberTypes: ['Application'] }],
        }));
        const sp = await d.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: true, tags: [] });
        return { app, sp };
      });
      const daemon = await h.audited((d) => createDaemonApp(d, []));
      const config = await discover(h, daemon.app.appId, client.ClientSecretBasic(daemon.secret));
      const error = await client.clientCredentialsGrant(config, { scope: 'api://ledger/.default' }).then(() => undefined, (e: unknown) => e);
      assert.equal(oauthError(error), 'invalid_grant');
      assert.match((error as client.ResponseBodyError).error_description ?? '', /^AADSTS501051: The application 'Contoso Daemon'.*'Ledger API' \(api:\/\/ledger\)/);
      const event = h.signIns.findLast((s) => s.appId === daemon.app.appId)!;
      assert.equal(event.status.errorCode, 501051);
      assert.equal(event.resourceId, api.app.appId);

      await h.audited((d) => d.assignments.assignAppRole({ principalId: daemon.sp.id, resourceId: api.sp.id, appRoleId: roleId }));
      const tokens = await client.clientCredentialsGrant(config, { scope: 'api://ledger/.default' });
      assert.deepEqual((await h.oidc.verifyAccessToken(tokens.access_token, 'api://ledger')).roles, ['Ledger.Read']);
    });

    test('an app that does not require assignment admits everyone', async () => {
      const user = await createUser(h.directory, 'anyone@contoso.test');
      const result = await tokens(openConfig, 'anyone@contoso.test');
      assert.ok(await client.refreshTokenGrant(openConfig, result.refresh_token!));
      assert.deepEqual(notAssignedEvents(user), []);
    });
  });
}
