import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import * as client from 'openid-client';
import { loadConfig } from '../../src/config/index.ts';
import { managementApi } from '../../src/directory/index.ts';
import { createOidc, loadMasterKey, rotateSigningKey } from '../../src/oidc/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from './browser.ts';
import { authorizationRequest, createDaemonApp, createUser, createWebApp, discover, password, redirectUri, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

for (const engine of testEngines()) {
  describe(`restarts and key rotation on ${engine}`, () => {
    let h: Harness;
    let web: RegisteredApp;

    before(async () => {
      h = await startHarness(engine);
      web = await createWebApp(h.directory);
      const api = await h.directory.servicePrincipals.getByAppId(managementApi.appId);
      await h.directory.assignments.grantPermissions({ clientId: web.sp.id, consentType: 'AllPrincipals', resourceId: api!.id, scope: 'User.Read' });
      await createUser(h.directory);
    });
    after(() => h.close());

    const jwksKids = async () => {
      const { keys } = await (await fetch(`${h.url}/jwks`)).json() as { keys: Array<{ kid: string }> };
      return keys.map((k) => k.kid).sort();
    };

    test('keys, tokens and the browser session survive a restart on the same database', async () => {
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const request = await authorizationRequest(config, `openid offline_access ${managementApi.defaultScope}`);
      const browser = new Browser(h.url);
      const landed = await signIn(browser, request.url, 'ada@contoso.test', password);
      const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      const kidsBefore = await jwksKids();

      await h.restart();

      assert.deepEqual(await jwksKids(), kidsBefore, 'the same keys, read back from the database');
      assert.equal((await h.oidc.verifyAccessToken(tokens.access_token)).scp, 'User.Read');
      const again = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const refreshed = await client.refreshTokenGrant(again, tokens.refresh_token!);
      assert.ok(refreshed.access_token);
      // The session cookie is still good: no sign-in page this time.
      const second = await authorizationRequest(again, `openid ${managementApi.defaultScope}`);
      const page = await browser.follow(second.url.toString());
      assert.ok(page.url.startsWith(redirectUri), `expected single sign-on, got ${page.url}`);
    });

    test('a browser signed in before the upgrade that hashes session ids stays signed in', async () => {
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const browser = new Browser(h.url);
      await signIn(browser, (await authorizationRequest(config, 'openid')).url, 'ada@contoso.test', password);
      const cookie = browser.cookie('limen_session')!;
      // Rewrite the session row as an older Limen kept it: under the cookie value, jti in clear.
      const key = `sha256:${createHash('sha256').update(cookie).digest('base64url')}`;
      const row = await h.store.db.selectFrom('oidc_payloads').select('payload')
        .where('model', '=', 'Session').where('id', '=', key).executeTakeFirstOrThrow();
      const { sealedJti: _, ...payload } = JSON.parse(row.payload) as Record<string, unknown>;
      await h.store.db.updateTable('oidc_payloads').set({ id: cookie, payload: JSON.stringify({ ...payload, jti: cookie }) })
        .where('model', '=', 'Session').where('id', '=', key).execute();

      await h.restart();

      const again = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const page = await browser.follow((await authorizationRequest(again, 'openid')).url.toString());
      assert.ok(page.url.startsWith(redirectUri), `expected single sign-on, got ${page.url}`);
    });

    test('after a rotation, another process verifies tokens with the new key and old tokens stay valid', async () => {
      const daemon = await createDaemonApp(h.directory, ['User.Read.All']);
      const config = await discover(h, daemon.app.appId, client.ClientSecretBasic(daemon.secret));
      const before = await client.clientCredentialsGrant(config, { scope: managementApi.defaultScope });

      // A second process on the same database, started before the rotation.
      const other = await createOidc({
        config: loadConfig({}, { publicUrl: h.url, dataDir: h.database.dataDir, databaseUrl: h.database.databaseUrl }),
        db: h.store.db,
        tenantId: h.tenantId,
        signIns: { record: () => undefined },
      });
      try {
        const masterKey = await loadMasterKey({ masterKey: undefined, dataDir: h.database.dataDir });
        const kid = await rotateSigningKey(h.store.db, masterKey, { overlapSeconds: 0 });
        await h.restart();
        const afterRotation = await client.clientCredentialsGrant(await discover(h, daemon.app.appId, client.ClientSecretBasic(daemon.secret)), { scope: managementApi.defaultScope });
        assert.equal(decodeProtectedHeader(afterRotation.access_token).kid, kid);
        assert.ok((await jwksKids()).includes(decodeProtectedHeader(before.access_token).kid!), 'the retired key is still published');

        // `other` has never seen the new kid: it re-reads the keys and accepts the token.
        assert.equal((await other.verifyAccessToken(afterRotation.access_token)).oid, daemon.sp.id);
        assert.equal((await other.verifyAccessToken(before.access_token)).oid, daemon.sp.id);
        assert.equal((await h.oidc.verifyAccessToken(before.access_token)).oid, daemon.sp.id);
      } finally {
        await other.close();
      }
    });

    test('a running server follows a rotation made elsewhere, without a restart', async () => {
      const live = await startHarness(engine, { keyReloadSeconds: 1 });
      try {
        const daemon = await createDaemonApp(live.directory, []);
        const config = await discover(live, daemon.app.appId, client.ClientSecretBasic(daemon.secret));
        const before = await client.clientCredentialsGrant(config, { scope: managementApi.defaultScope });
        const masterKey = await loadMasterKey({ masterKey: undefined, dataDir: live.database.dataDir });
        const kid = await rotateSigningKey(live.store.db, masterKey, { overlapSeconds: 0 });
        await new Promise((r) => setTimeout(r, 1_500));
        const afterRotation = await client.clientCredentialsGrant(config, { scope: managementApi.defaultScope });
        assert.equal(decodeProtectedHeader(afterRotation.access_token).kid, kid);
        const { keys } = await (await fetch(`${live.url}/jwks`)).json() as { keys: Array<{ kid: string }> };
        assert.ok(keys.some((k) => k.kid === kid) && keys.some((k) => k.kid === decodeProtectedHeader(before.access_token).kid));
        const tokens = await client.clientCredentialsGrant(config, { scope: managementApi.defaultScope });
        assert.ok(await live.oidc.verifyAccessToken(tokens.access_token));
      } finally {
        await live.close();
      }
    });
  });
}
