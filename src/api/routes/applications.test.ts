import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { X509Certificate } from 'node:crypto';
import { makeCertificate } from '../../../test/oidc/fixtures.ts';
import { testEngines } from '../../../test/support/engines.ts';
import { cliClient, managementApi, roleTemplateIds } from '../../directory/index.ts';
import {
  expectAudits,
  expectDenied,
  expectInvalid,
  expectNotFound,
  expectStatus,
  filter,
  startGraphServer,
  type GraphTestServer,
} from './graph-test-server.ts';

const secretsActivity = 'Update application – Certificates and secrets management ';
const globalAdministrator = roleTemplateIds.globalAdministrator;

for (const engine of testEngines()) {
  describe(`/v1.0/applications on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    const register = async (displayName: string, extra: Record<string, unknown> = {}) => {
      const result = await server.post('/v1.0/applications', 'admin', { displayName, ...extra });
      return expectStatus(result, 201) as { id: string; appId: string };
    };

    it('registers an application with Location and one "Add application" record', async () => {
      let app: any;
      const [audit] = await expectAudits(server, ['Add application'], async () => {
        const result = await server.post('/v1.0/applications', 'appAdmin', {
          displayName: 'Shift Planner',
          web: { redirectUris: ['https://shifts.example.org/callback'] },
        });
        app = expectStatus(result, 201);
        const location = `https://limen.test/v1.0/applications/${app.id}`;
        assert.equal(result.headers.get('location'), location);
      });
      assert.equal(
        app['@odata.context'],
        'https://limen.test/v1.0/$metadata#applications/$entity',
      );
      assert.match(app.appId, /^[0-9a-f-]{36}$/);
      assert.equal(app.signInAudience, 'AzureADMyOrg');
      assert.deepEqual(app.passwordCredentials, []);
      assert.equal(audit!.category, 'ApplicationManagement');
      assert.deepEqual(audit!.additionalDetails, [{ key: 'AppId', value: app.appId }]);
    });

    it('gets by id and by (appId=…); lists with a lambda $filter and $count', async () => {
      const app = await register('Donor CRM', { identifierUris: ['api://donor-crm'] });
      const select = '$select=appId,displayName';
      const byId = await server.get(`/v1.0/applications/${app.id}?${select}`, 'admin');
      assert.deepEqual(byId.json, {
        '@odata.context':
          'https://limen.test/v1.0/$metadata#applications(appId,displayName)/$entity',
        appId: app.appId,
        displayName: 'Donor CRM',
      });
      const byAppId = await server.get(`/v1.0/applications(appId='${app.appId}')`, 'admin');
      assert.equal(byAppId.json.id, app.id);
      expectNotFound(await server.get("/v1.0/applications(appId='nope')", 'admin'));
      const query = `${filter("identifierUris/any(u:u eq 'api://donor-crm')")}&$count=true`;
      const listed = await server.get(`/v1.0/applications?${query}`, 'appDirectoryWrite');
      assert.equal(listed.json['@odata.count'], 1);
      assert.equal(listed.json.value[0].id, app.id);
      expectDenied(await server.get('/v1.0/applications', 'appUserRead'));
    });

    it('adds a client secret shown once, never its hash, and removes it', async () => {
      const app = await register('Inventory Sync');
      let secret: any;
      const [added] = await expectAudits(server, [secretsActivity], async () => {
        const body = { passwordCredential: { displayName: 'nightly job' } };
        const path = `/v1.0/applications/${app.id}/addPassword`;
        secret = expectStatus(await server.post(path, 'appApplications', body), 200);
      });
      assert.equal(
        secret['@odata.context'],
        'https://limen.test/v1.0/$metadata#microsoft.graph.passwordCredential',
      );
      assert.equal(secret.displayName, 'nightly job');
      assert.ok(secret.secretText.length >= 40);
      assert.equal(secret.hint, secret.secretText.slice(0, 3));
      assert.ok(!JSON.stringify(added).includes(secret.secretText));

      const read = await server.get(`/v1.0/applications/${app.id}`, 'admin');
      const listed = await server.get('/v1.0/applications', 'admin');
      for (const body of [read.json, listed.json]) {
        const text = JSON.stringify(body);
        assert.doesNotMatch(text, /sha256:|secret_?hash/i);
        assert.ok(!text.includes(secret.secretText));
      }
      assert.equal(read.json.passwordCredentials[0].secretText, null);
      assert.equal(read.json.passwordCredentials[0].keyId, secret.keyId);

      const remove = `/v1.0/applications/${app.id}/removePassword`;
      await expectAudits(server, [secretsActivity], async () => {
        expectStatus(await server.post(remove, 'admin', { keyId: secret.keyId }), 204);
      });
      await expectAudits(server, [], async () => {
        expectNotFound(await server.post(remove, 'admin', { keyId: secret.keyId }));
        const tooLong = { passwordCredential: { endDateTime: '2099-01-01T00:00:00Z' } };
        const add = `/v1.0/applications/${app.id}/addPassword`;
        expectInvalid(await server.post(add, 'admin', tooLong));
      });
    });

    it('adds credentials to an app holding a privileged role only for role managers', async () => {
      const app = await register('Privileged automation');
      const sp = expectStatus(
        await server.post('/v1.0/servicePrincipals', 'admin', { appId: app.appId }),
        201,
      );
      const assignment = { roleDefinitionId: globalAdministrator, principalId: sp.id };
      const assignments = '/v1.0/roleManagement/directory/roleAssignments';
      expectStatus(await server.post(assignments, 'admin', assignment), 201);
      const add = `/v1.0/applications/${app.id}/addPassword`;
      await expectAudits(server, [], async () => {
        assert.match(expectDenied(await server.post(add, 'appAdmin', {})), /privileged/);
        const key = { keyCredentials: [] };
        expectDenied(await server.patch(`/v1.0/applications/${app.id}`, 'appAdmin', key));
      });
      expectStatus(await server.post(add, 'admin', {}), 200);
    });

    it('refuses to change the built-in CLI client, whose consent covers every management scope', async () => {
      const list = expectStatus(await server.get(`/v1.0/applications?$filter=appId eq '${cliClient.appId}'`, 'admin'), 200) as { value: Array<{ id: string }> };
      const cli = `/v1.0/applications/${list.value[0]!.id}`;
      await expectAudits(server, [], async () => {
        const phishing = { web: { redirectUris: ['https://evil.example.org/callback'] } };
        expectInvalid(await server.patch(cli, 'admin', phishing));
        expectInvalid(await server.post(`${cli}/addPassword`, 'admin', {}));
        expectInvalid(await server.delete(cli, 'appAdmin'));
      });
    });

    it('treats an app holding a writing management app role as privileged: redirect URIs and secrets need a role manager', async () => {
      const app = await register('Provisioning job');
      const sp = expectStatus(await server.post('/v1.0/servicePrincipals', 'admin', { appId: app.appId }), 201) as { id: string };
      const apiSp = expectStatus(await server.get(`/v1.0/servicePrincipals(appId='${managementApi.appId}')`, 'admin'), 200) as {
        id: string; appRoles: Array<{ id: string; value: string }>;
      };
      const role = apiSp.appRoles.find((r) => r.value === 'User.ReadWrite.All')!;
      expectStatus(await server.post(`/v1.0/servicePrincipals/${apiSp.id}/appRoleAssignedTo`, 'admin', { principalId: sp.id, resourceId: apiSp.id, appRoleId: role.id }), 201);
      await expectAudits(server, [], async () => {
        assert.match(expectDenied(await server.post(`/v1.0/applications/${app.id}/addPassword`, 'appAdmin', {})), /privileged/);
        expectDenied(await server.patch(`/v1.0/applications/${app.id}`, 'appAdmin', { web: { redirectUris: ['https://evil.example.org/cb'] } }));
      });
      expectStatus(await server.patch(`/v1.0/applications/${app.id}`, 'appAdmin', { displayName: 'Provisioning job (renamed)' }), 204);
      const secret = expectStatus(await server.post(`/v1.0/applications/${app.id}/addPassword`, 'admin', {}), 200) as { keyId: string };
      const assignments = expectStatus(await server.get(`/v1.0/servicePrincipals/${sp.id}/appRoleAssignments`, 'admin'), 200) as { value: Array<{ id: string }> };
      await expectAudits(server, [], async () => {
        expectDenied(await server.post(`/v1.0/applications/${app.id}/removePassword`, 'appAdmin', { keyId: secret.keyId }));
        expectDenied(await server.delete(`/v1.0/servicePrincipals/${apiSp.id}/appRoleAssignedTo/${assignments.value[0]!.id}`, 'appAdmin'));
      });
    });

    it('updates with 204 and audits the change; refuses bad input naming the field', async () => {
      const app = await register('Portal');
      const path = `/v1.0/applications/${app.id}`;
      const [audit] = await expectAudits(server, ['Update application'], async () => {
        const patch = { spa: { redirectUris: ['https://portal.example.org/'] } };
        expectStatus(await server.patch(path, 'admin', patch), 204);
      });
      assert.equal(audit!.targetResources[0]!.modifiedProperties[0]!.displayName, 'Spa');
      await expectAudits(server, [], async () => {
        const http = { web: { redirectUris: ['http://portal.example.org/cb'] } };
        const insecure = await server.patch(path, 'admin', http);
        assert.match(expectInvalid(insecure), /web\.redirectUris\[0\]/);
        const unknown = await server.patch(path, 'admin', { colour: 'red' });
        assert.match(expectInvalid(unknown), /'colour'/);
        expectDenied(await server.patch(path, 'appUserRead', {}));
      });
    });

    it("derives a certificate's thumbprint and validity from it; keeps one given only its keyId; refuses dates beyond the certificate", async () => {
      const app = await register('Nightly export');
      const path = `/v1.0/applications/${app.id}`;
      const first = makeCertificate().certificateDerBase64;
      const cert = new X509Certificate(Buffer.from(first, 'base64'));
      const upload = (extra: Record<string, unknown>) => ({ type: 'AsymmetricX509Cert', usage: 'Verify', ...extra });
      const [audit] = await expectAudits(server, ['Update application'], async () => {
        expectStatus(await server.patch(path, 'admin', { keyCredentials: [upload({ key: first, displayName: 'CN=contoso-daemon' })] }), 204);
      });
      const logged = JSON.stringify(audit!.targetResources[0]!.modifiedProperties);
      assert.ok(logged.includes(cert.fingerprint.replaceAll(':', '')) && !logged.includes(first.slice(0, 60)), 'the audit names the thumbprint, not the certificate');
      type Key = { keyId: string; customKeyIdentifier: string; displayName: string; startDateTime: string; endDateTime: string; key: string };
      const keys = async () => (await server.get(path, 'admin')).json.keyCredentials as Key[];
      const [saved] = await keys();
      assert.equal(saved!.customKeyIdentifier, cert.fingerprint.replaceAll(':', ''));
      assert.equal(saved!.startDateTime, new Date(cert.validFrom).toISOString());
      assert.equal(saved!.endDateTime, new Date(cert.validTo).toISOString());
      assert.equal(saved!.displayName, 'CN=contoso-daemon');

      // Graph's read-modify-write: the existing key by its keyId alone (key null), plus a new one.
      const second = makeCertificate().certificateDerBase64;
      const existing = upload({ keyId: saved!.keyId, key: null, displayName: saved!.displayName });
      expectStatus(await server.patch(path, 'admin', { keyCredentials: [existing, upload({ key: second })] }), 204);
      const both = await keys();
      assert.deepEqual(both.map((k) => k.key), [null, null], 'Graph reads keys back as null…');
      const selected = (await server.get(`${path}?$select=keyCredentials`, 'admin')).json.keyCredentials as Key[];
      assert.deepEqual(selected.map((k) => k.key), [first, second], '…except to $select=keyCredentials on one application');
      assert.deepEqual(both[0], saved);
      assert.equal(both[1]!.displayName, 'CN=contoso-daemon', "without a displayName, the certificate's subject");

      await expectAudits(server, [], async () => {
        const unknown = upload({ keyId: '00000000-0000-4000-8000-0000000000aa' });
        assert.match(expectInvalid(await server.patch(path, 'admin', { keyCredentials: [unknown] })), /keyCredentials\[0\]\.key is required.*no certificate with keyId/);
        const tooLong = upload({ key: second, endDateTime: new Date(Date.parse(cert.validTo) + 86_400_000 * 365).toISOString() });
        assert.match(expectInvalid(await server.patch(path, 'admin', { keyCredentials: [tooLong] })), /keyCredentials\[0\]\.endDateTime must not be after the certificate expires/);
      });
      expectStatus(await server.patch(path, 'admin', { keyCredentials: [upload({ keyId: saved!.keyId })] }), 204);
      assert.deepEqual((await keys()).map((k) => k.keyId), [saved!.keyId]);
    });

    it('removes an app role only once it is disabled, and refuses two roles with one value or a value with spaces', async () => {
      const role = { id: '6d1f8d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f', value: 'Reports.Read', displayName: 'Read reports', description: 'Reads reports', allowedMemberTypes: ['User'], isEnabled: true };
      const app = await register('Reporting', { appRoles: [role] });
      const path = `/v1.0/applications/${app.id}`;
      await expectAudits(server, [], async () => {
        assert.match(expectInvalid(await server.patch(path, 'admin', { appRoles: [] })), /'Reports\.Read' is enabled; set isEnabled to false/);
        const twin = { ...role, id: '7e2f9e3f-4b5c-4d6e-8f0a-1b2c3d4e5f60' };
        assert.match(expectInvalid(await server.patch(path, 'admin', { appRoles: [role, twin] })), /two app roles have the value 'Reports\.Read'/);
        const spaced = { ...role, value: 'Reports Read' };
        assert.match(expectInvalid(await server.patch(path, 'admin', { appRoles: [spaced] })), /'appRoles\[0\]\.value': must not contain spaces/);
      });
      expectStatus(await server.patch(path, 'admin', { appRoles: [{ ...role, isEnabled: false }] }), 204);
      expectStatus(await server.patch(path, 'admin', { appRoles: [] }), 204);
      assert.deepEqual((await server.get(path, 'admin')).json.appRoles, []);
    });

    it('removes a delegated scope the app exposes only once it is disabled', async () => {
      const scope = { id: '8f3a0b4c-5d6e-4f70-8a1b-2c3d4e5f6071', value: 'Reports.Read', adminConsentDisplayName: 'Read reports', type: 'User', isEnabled: true };
      const app = await register('Reports API', { api: { oauth2PermissionScopes: [scope] } });
      const path = `/v1.0/applications/${app.id}`;
      await expectAudits(server, [], async () => {
        const removed = await server.patch(path, 'admin', { api: { oauth2PermissionScopes: [] } });
        assert.match(expectInvalid(removed), /api\.oauth2PermissionScopes: the scope 'Reports\.Read' is enabled/);
      });
      expectStatus(await server.patch(path, 'admin', { api: { oauth2PermissionScopes: [{ ...scope, isEnabled: false }] } }), 204);
      expectStatus(await server.patch(path, 'admin', { api: { oauth2PermissionScopes: [] } }), 204);
    });

    it('deletes an app with its service principal; the built-in API is not deletable', async () => {
      const app = await register('Short-lived');
      const sp = await server.post('/v1.0/servicePrincipals', 'admin', { appId: app.appId });
      expectStatus(sp, 201);
      await expectAudits(server, ['Delete application'], async () => {
        expectStatus(await server.delete(`/v1.0/applications/${app.id}`, 'admin'), 204);
      });
      expectNotFound(await server.get(`/v1.0/servicePrincipals/${sp.json.id}`, 'admin'));
      const path = `/v1.0/applications(appId='${managementApi.appId}')`;
      const builtIn = (await server.get(path, 'admin')).json;
      await expectAudits(server, [], async () => {
        expectInvalid(await server.delete(`/v1.0/applications/${builtIn.id}`, 'admin'));
      });
    });
  });
}
