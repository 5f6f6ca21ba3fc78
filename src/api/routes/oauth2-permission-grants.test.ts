import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { managementApi } from '../../directory/index.ts';
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

const grants = '/v1.0/oauth2PermissionGrants';

for (const engine of testEngines()) {
  describe(`/v1.0/oauth2PermissionGrants on ${engine}`, () => {
    let server: GraphTestServer;
    let api: string;
    before(async () => {
      server = await startGraphServer(engine);
      const path = `/v1.0/servicePrincipals(appId='${managementApi.appId}')`;
      api = (await server.get(path, 'admin')).json.id;
    });
    after(() => server.close());
    // Graph keeps one grant per client, API and consent: each test starts without the client's.
    beforeEach(async () => {
      const listed = (await server.get(`${grants}?${filter(`clientId eq '${server.automation.id}'`)}`, 'admin')).json;
      for (const g of listed.value) expectStatus(await server.delete(`${grants}/${g.id}`, 'admin'), 204);
    });

    it('lets only a role manager consent to management scopes beyond User.Read', async () => {
      await expectAudits(server, [], async () => {
        const broad = { clientId: server.automation.id, consentType: 'AllPrincipals', resourceId: api, scope: 'Directory.ReadWrite.All' };
        assert.match(expectDenied(await server.post(grants, 'appAdmin', broad)), /User\.Read/);
      });
      const signInOnly = { clientId: server.automation.id, consentType: 'AllPrincipals', resourceId: api, scope: 'User.Read' };
      expectStatus(await server.post(grants, 'appAdmin', signInOnly), 201);
    });

    it('grants tenant-wide consent: 201, Location, one audit record', async () => {
      let grant: any;
      const [audit] = await expectAudits(server, ['Add delegated permission grant'], async () => {
        const result = await server.post(grants, 'admin', {
          clientId: server.automation.id,
          consentType: 'AllPrincipals',
          resourceId: api,
          scope: ' User.Read  Group.Read.All ',
        });
        grant = expectStatus(result, 201);
        assert.equal(result.headers.get('location'), `https://limen.test${grants}/${grant.id}`);
      });
      assert.equal(
        grant['@odata.context'],
        'https://limen.test/v1.0/$metadata#oauth2PermissionGrants/$entity',
      );
      assert.equal(grant.scope, 'User.Read Group.Read.All');
      assert.equal(grant.principalId, null);
      assert.equal(audit!.category, 'ApplicationManagement');
      assert.deepEqual(
        audit!.targetResources.map((t) => t.id),
        [api, server.automation.id],
      );
      assert.deepEqual(audit!.targetResources[0]!.modifiedProperties[0], {
        displayName: 'DelegatedPermissionGrant.Scope',
        oldValue: '[]',
        newValue: '["User.Read Group.Read.All"]',
      });
    });

    it("grants one user's consent, lists it by $filter, gets and revokes it", async () => {
      const created = expectStatus(
        await server.post(grants, 'admin', {
          clientId: server.automation.id,
          consentType: 'Principal',
          principalId: server.users.plain,
          resourceId: api,
          scope: 'User.Read',
        }),
        201,
      );
      const query = `${filter(`principalId eq '${server.users.plain}'`)}&$count=true`;
      const listed = (await server.get(`${grants}?${query}`, 'appDirectoryWrite')).json;
      assert.equal(listed['@odata.count'], 1);
      assert.equal(listed.value[0].id, created.id);
      const path = `${grants}/${created.id}`;
      assert.equal((await server.get(path, 'admin')).json.consentType, 'Principal');
      await expectAudits(server, ['Remove delegated permission grant'], async () => {
        expectStatus(await server.delete(path, 'admin'), 204);
      });
      expectNotFound(await server.get(path, 'admin'));
    });

    it("changes a grant's scopes with PATCH (audited as an addition, then a removal); only scope may change", async () => {
      const created = expectStatus(await server.post(grants, 'admin', {
        clientId: server.automation.id, consentType: 'AllPrincipals', resourceId: api, scope: 'User.Read',
      }), 201);
      const path = `${grants}/${created.id}`;
      const [added] = await expectAudits(server, ['Add delegated permission grant'], async () => {
        expectStatus(await server.patch(path, 'admin', { scope: 'User.Read Group.Read.All' }), 204);
      });
      assert.deepEqual(added!.targetResources[0]!.modifiedProperties[0], {
        displayName: 'DelegatedPermissionGrant.Scope', oldValue: '["User.Read"]', newValue: '["User.Read Group.Read.All"]',
      });
      assert.equal((await server.get(path, 'admin')).json.scope, 'User.Read Group.Read.All');
      await expectAudits(server, ['Remove delegated permission grant'], async () => {
        expectStatus(await server.patch(path, 'admin', { scope: 'Group.Read.All' }), 204);
      });
      assert.equal((await server.get(path, 'admin')).json.scope, 'Group.Read.All');
      await expectAudits(server, [], async () => {
        assert.match(expectInvalid(await server.patch(path, 'admin', { scope: 'User.Read', consentType: 'Principal' })), /'consentType'/);
        assert.match(expectDenied(await server.patch(path, 'appAdmin', { scope: 'Group.Read.All Directory.ReadWrite.All' })), /User\.Read/);
        expectNotFound(await server.patch(`${grants}/nope`, 'admin', { scope: 'User.Read' }));
      });
    });

    it('keeps one grant per client, API and consent: a second POST is 409 and changes nothing, PATCH extends the first', async () => {
      const valid = { clientId: server.automation.id, consentType: 'AllPrincipals', resourceId: api, scope: 'User.Read' };
      const first = expectStatus(await server.post(grants, 'admin', valid), 201);
      await expectAudits(server, [], async () => {
        const again = await server.post(grants, 'admin', { ...valid, scope: 'Group.Read.All' });
        assert.equal(again.status, 409);
        assert.equal(again.json.error.code, 'Request_MultipleObjectsWithSameKeyValue');
        assert.match(again.json.error.message, /Permission entry already exists/);
      });
      const listed = (await server.get(`${grants}?${filter(`clientId eq '${server.automation.id}'`)}`, 'admin')).json;
      assert.deepEqual(listed.value.map((g: { id: string; scope: string }) => [g.id, g.scope]), [[first.id, 'User.Read']]);
      // A user's own consent is another key: allowed beside the tenant-wide grant.
      expectStatus(await server.post(grants, 'admin', { ...valid, consentType: 'Principal', principalId: server.users.plain }), 201);
    });

    it('refuses bad grants (400 naming the field, 404 unknown) and wrong callers', async () => {
      const valid = {
        clientId: server.automation.id,
        consentType: 'AllPrincipals',
        resourceId: api,
        scope: 'User.Read',
      };
      await expectAudits(server, [], async () => {
        const noPrincipal = { ...valid, consentType: 'Principal' };
        assert.match(expectInvalid(await server.post(grants, 'admin', noPrincipal)), /principalId/);
        const extra = { ...valid, expiryTime: '2030-01-01' };
        assert.match(expectInvalid(await server.post(grants, 'admin', extra)), /'expiryTime'/);
        const unknownClient = { ...valid, clientId: '00000000-0000-4000-8000-00000000000c' };
        expectNotFound(await server.post(grants, 'admin', unknownClient));
        expectDenied(await server.post(grants, 'appUserRead', valid));
        expectDenied(await server.get(grants, 'plain'));
        expectNotFound(await server.delete(`${grants}/nope`, 'admin'));
      });
    });
  });
}
