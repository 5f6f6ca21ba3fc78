import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { managementApi } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from './browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, password, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const isInvalidGrant = (e: unknown) => e instanceof client.ResponseBodyError && e.error === 'invalid_grant';

for (const engine of testEngines()) {
  describe(`refresh tokens on ${engine}`, () => {
    let h: Harness;
    let web: RegisteredApp;
    let config: client.Configuration;

    before(async () => {
      h = await startHarness(engine);
      // Tenant-wide admin consent: no consent page, as for most enterprise apps.
      web = await createWebApp(h.directory);
      const api = await h.directory.servicePrincipals.getByAppId(managementApi.appId);
      await h.directory.assignments.grantPermissions({ clientId: web.sp.id, consentType: 'AllPrincipals', resourceId: api!.id, scope: 'User.Read' });
      config = await discover(h, web.app.appId, client.ClientSecretPost(web.secret));
    });
    after(() => h.close());

    async function signInTokens(upn: string) {
      const request = await authorizationRequest(config, `openid offline_access ${managementApi.defaultScope}`);
      const landed = await signIn(new Browser(h.url), request.url, upn, password);
      return client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
    }

    test('each refresh rotates the refresh token, and `.default` carries the consented scopes', async () => {
      await createUser(h.directory, 'ada@contoso.test');
      const first = await signInTokens('ada@contoso.test');
      assert.equal((await h.oidc.verifyAccessToken(first.access_token)).scp, 'User.Read');
      const second = await client.refreshTokenGrant(config, first.refresh_token!);
      assert.ok(second.refresh_token && second.refresh_token !== first.refresh_token);
      const claims = await h.oidc.verifyAccessToken(second.access_token);
      assert.equal(claims.scp, 'User.Read');
      assert.equal(claims.aud, managementApi.identifierUri);
    });

    test('the database keeps only a hash of refresh tokens: no stored row contains a token value', async () => {
      await createUser(h.directory, 'hash@contoso.test');
      const tokens = await signInTokens('hash@contoso.test');
      const rows = await h.store.db.selectFrom('oidc_payloads').select(['id', 'payload']).execute();
      assert.ok(rows.length > 0);
      for (const row of rows) {
        assert.ok(!row.id.includes(tokens.refresh_token!) && !row.payload.includes(tokens.refresh_token!), 'refresh token stored');
      }
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
      assert.ok(refreshed.refresh_token, 'and it still works');
    });

    test('reusing a rotated refresh token is refused and revokes the newest one too', async () => {
      await createUser(h.directory, 'eve@contoso.test');
      const first = await signInTokens('eve@contoso.test');
      const second = await client.refreshTokenGrant(config, first.refresh_token!);
      await assert.rejects(client.refreshTokenGrant(config, first.refresh_token!), isInvalidGrant, 'the old token is refused');
      await assert.rejects(client.refreshTokenGrant(config, second.refresh_token!), isInvalidGrant, 'and the whole grant is revoked');
      const introspection = await client.tokenIntrospection(config, second.refresh_token!);
      assert.equal(introspection.active, false);
    });

    test('revoking a user’s sign-in sessions makes refresh fail', async () => {
      const user = await createUser(h.directory, 'grace@contoso.test');
      const tokens = await signInTokens('grace@contoso.test');
      await h.directory.users.revokeSignInSessions(user.id);
      await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token!), isInvalidGrant);
      assert.ok(h.signIns.some((s) => s.userId === user.id && s.status.errorCode === 70008));
    });

    test('a disabled user cannot refresh', async () => {
      const user = await createUser(h.directory, 'linus@contoso.test');
      const tokens = await signInTokens('linus@contoso.test');
      await h.directory.users.update(user.id, { accountEnabled: false });
      await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token!), isInvalidGrant);
      assert.ok(h.signIns.some((s) => s.userId === user.id && s.status.errorCode === 50057));
    });

    test('a refresh token revoked by the client (RFC 7009) stops working', async () => {
      await createUser(h.directory, 'barbara@contoso.test');
      const tokens = await signInTokens('barbara@contoso.test');
      await client.tokenRevocation(config, tokens.refresh_token!);
      await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token!), isInvalidGrant);
    });
  });
}
