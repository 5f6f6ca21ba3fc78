import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { importPKCS8 } from 'jose';
import * as client from 'openid-client';
import { managementApi, roleTemplateIds } from '../../src/directory/index.ts';
import { testEngines } from '../support/engines.ts';
import { createDaemonApp, discover, makeCertificate, oauthError } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const isInvalidClient = (e: unknown) => oauthError(e) === 'invalid_client';

for (const engine of testEngines()) {
  describe(`client credentials on ${engine}`, () => {
    let h: Harness;

    before(async () => { h = await startHarness(engine); });
    after(() => h.close());

    test('a daemon with a client secret gets an app-only token with its app roles and directory roles', async () => {
      const daemon = await createDaemonApp(h.directory, ['User.Read.All', 'Group.Read.All']);
      await h.directory.assignments.createRoleAssignment({ roleDefinitionId: roleTemplateIds.globalReader, principalId: daemon.sp.id, directoryScopeId: '/' });
      const config = await discover(h, daemon.app.appId, client.ClientSecretBasic(daemon.secret));
      const tokens = await client.clientCredentialsGrant(config, { scope: managementApi.defaultScope });
      assert.equal(tokens.refresh_token, undefined, 'no refresh token for app-only access');
      const claims = await h.oidc.verifyAccessToken(tokens.access_token);
      assert.equal(claims.idtyp, 'app');
      assert.equal(claims.oid, daemon.sp.id);
      assert.equal(claims.sub, daemon.sp.id);
      assert.equal(claims.appid, daemon.app.appId);
      assert.equal(claims.tid, h.tenantId);
      assert.deepEqual(claims.roles?.sort(), ['Group.Read.All', 'User.Read.All']);
      assert.deepEqual(claims.wids, [roleTemplateIds.globalReader]);
      assert.equal(claims.scp, undefined);
      const event = h.signIns.at(-1)!;
      assert.equal(event.status.errorCode, 0);
      assert.deepEqual(event.signInEventTypes, ['servicePrincipal']);
      assert.equal(event.servicePrincipalId, daemon.sp.id);
      assert.equal(event.resourceId, managementApi.appId);
      // Its last sign-in, recorded beside the response as app-only: wait for the row, not for a time.
      const activity = () => h.store.db.selectFrom('service_principal_sign_in_activities').selectAll()
        .where('service_principal_id', '=', daemon.sp.id).executeTakeFirst();
      for (let i = 0; i < 500 && !(await activity()); i++) await new Promise((r) => setImmediate(r));
      const recorded = await activity();
      assert.ok(recorded?.last_app_only_sign_in_date_time && Date.now() - Date.parse(recorded.last_app_only_sign_in_date_time) < 60_000);
      assert.equal(recorded.last_delegated_sign_in_date_time, null);
    });

    test('`<appId>/.default` names the same resource as its identifier URI', async () => {
      const daemon = await createDaemonApp(h.directory, ['User.Read.All']);
      const config = await discover(h, daemon.app.appId, client.ClientSecretPost(daemon.secret));
      const tokens = await client.clientCredentialsGrant(config, { scope: `${managementApi.appId}/.default` });
      assert.equal((await h.oidc.verifyAccessToken(tokens.access_token)).aud, managementApi.identifierUri);
    });

    test('app-only requests take exactly one `<resource>/.default` scope', async () => {
      const daemon = await createDaemonApp(h.directory, []);
      const config = await discover(h, daemon.app.appId, client.ClientSecretBasic(daemon.secret));
      for (const scope of ['', 'api://limen/User.Read', 'api://nowhere/.default']) {
        await assert.rejects(client.clientCredentialsGrant(config, scope ? { scope } : {}),
          (e: unknown) => e instanceof client.ResponseBodyError && ['invalid_scope', 'invalid_target'].includes(e.error), scope);
      }
    });

    test('a wrong client secret gives invalid_client, logged as AADSTS7000215', async () => {
      const daemon = await createDaemonApp(h.directory, []);
      const config = await discover(h, daemon.app.appId, client.ClientSecretBasic('not-the-secret'));
      await assert.rejects(client.clientCredentialsGrant(config, { scope: managementApi.defaultScope }), isInvalidClient);
      assert.ok(h.signIns.some((s) => s.appId === daemon.app.appId && s.status.errorCode === 7000215));
    });

    test('an unknown client and a disabled service principal are both invalid_client', async () => {
      const unknown = await discover(h, '11111111-2222-3333-4444-555555555555', client.ClientSecretBasic('x'));
      await assert.rejects(client.clientCredentialsGrant(unknown, { scope: managementApi.defaultScope }), isInvalidClient);
      assert.ok(h.signIns.some((s) => s.appId === '11111111-2222-3333-4444-555555555555' && s.status.errorCode === 700016));

      const daemon = await createDaemonApp(h.directory, []);
      await client.clientCredentialsGrant(await discover(h, daemon.app.appId, client.ClientSecretBasic(daemon.secret)), { scope: managementApi.defaultScope });
      await h.audited((d) => d.servicePrincipals.update(daemon.sp.id, { accountEnabled: false }));
      const disabled = await discover(h, daemon.app.appId, client.ClientSecretBasic(daemon.secret));
      await assert.rejects(client.clientCredentialsGrant(disabled, { scope: managementApi.defaultScope }), isInvalidClient);
    });

    test('a daemon authenticates with a certificate (private_key_jwt, RFC 7523) and a forged one fails', async () => {
      const { certificateDerBase64, privateKeyPem } = makeCertificate();
      const daemon = await createDaemonApp(h.directory, ['Directory.Read.All'], {
        keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: certificateDerBase64, displayName: 'daemon cert' }],
      });
      const app = await h.directory.applications.get(daemon.app.id);
      const kid = app!.keyCredentials[0]!.keyId;
      const pkcs8 = createPrivateKey(privateKeyPem).export({ format: 'pem', type: 'pkcs8' }).toString();
      const key = await importPKCS8(pkcs8, 'ES256');
      const config = await discover(h, daemon.app.appId, client.PrivateKeyJwt({ key, kid }));
      const tokens = await client.clientCredentialsGrant(config, { scope: managementApi.defaultScope });
      assert.deepEqual((await h.oidc.verifyAccessToken(tokens.access_token)).roles, ['Directory.Read.All']);
      assert.equal(h.signIns.at(-1)!.clientCredentialType, 'clientAssertion');

      const other = makeCertificate();
      const forged = await importPKCS8(createPrivateKey(other.privateKeyPem).export({ format: 'pem', type: 'pkcs8' }).toString(), 'ES256');
      const attacker = await discover(h, daemon.app.appId, client.PrivateKeyJwt({ key: forged, kid }));
      await assert.rejects(client.clientCredentialsGrant(attacker, { scope: managementApi.defaultScope }), isInvalidClient);
      assert.ok(h.signIns.some((s) => s.appId === daemon.app.appId && s.status.errorCode === 700027));
    });

    test('a NUL character in client_id or scope is a client error on both engines, never a 500', async () => {
      const daemon = await createDaemonApp(h.directory, []);
      const token = (params: Record<string, string>, auth?: string) => fetch(`${h.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth ? { authorization: auth } : {}) },
        body: new URLSearchParams(params).toString(),
      });
      const badClient = await token({ grant_type: 'client_credentials', scope: managementApi.defaultScope, client_id: 'a\u0000b', client_secret: 'x' });
      assert.equal(badClient.status, 401);
      const basic = `Basic ${Buffer.from(`${daemon.app.appId}:${daemon.secret}`).toString('base64')}`;
      const badScope = await token({ grant_type: 'client_credentials', scope: 'api://li\u0000men/.default' }, basic);
      assert.equal(badScope.status, 400);
      assert.match(((await badScope.json()) as { error: string }).error, /^invalid_(scope|target)$/);
    });

    test('a removed client secret stops working at once', async () => {
      const daemon = await createDaemonApp(h.directory, []);
      const config = await discover(h, daemon.app.appId, client.ClientSecretBasic(daemon.secret));
      await client.clientCredentialsGrant(config, { scope: managementApi.defaultScope });
      const app = await h.directory.applications.get(daemon.app.id);
      await h.audited((d) => d.applications.removePassword(daemon.app.id, app!.passwordCredentials[0]!.keyId));
      await assert.rejects(client.clientCredentialsGrant(config, { scope: managementApi.defaultScope }), isInvalidClient);
    });
  });
}
