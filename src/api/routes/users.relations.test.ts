import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
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

const ref = (kind: string, id: string) => ({
  '@odata.id': `https://graph.microsoft.com/v1.0/${kind}/${id}`,
});
const ids = (body: { value: Array<{ id: string }> }) => body.value.map((o) => o.id).sort();

for (const engine of testEngines()) {
  describe(`a user's relations on ${engine}`, () => {
    let server: GraphTestServer;
    let ada: string;
    let grace: string;
    before(async () => {
      server = await startGraphServer(engine);
      const create = async (upn: string) => {
        const body = { accountEnabled: true, displayName: upn, userPrincipalName: upn };
        return expectStatus(await server.post('/v1.0/users', 'admin', body), 201).id as string;
      };
      ada = await create('ada@limen.test');
      grace = await create('grace@limen.test');
    });
    after(() => server.close());

    it('sets a manager through $ref, reads it back and lists direct reports', async () => {
      const [audit] = await expectAudits(server, ['Set user manager'], async () => {
        const path = `/v1.0/users/${ada}/manager/$ref`;
        expectStatus(await server.put(path, 'admin', ref('users', grace)), 204);
      });
      assert.deepEqual(audit!.targetResources[0]!.modifiedProperties, [
        { displayName: 'Manager', oldValue: '[]', newValue: JSON.stringify([grace]) },
      ]);
      const manager = (await server.get(`/v1.0/users/${ada}/manager`, 'appUserRead')).json;
      assert.equal(
        manager['@odata.context'],
        'https://limen.test/v1.0/$metadata#directoryObjects/$entity',
      );
      assert.equal(manager['@odata.type'], '#microsoft.graph.user');
      assert.equal(manager.id, grace);
      const reports = await server.get(`/v1.0/users/${grace}/directReports?$select=id`, 'admin');
      assert.deepEqual(reports.json.value, [{ '@odata.type': '#microsoft.graph.user', id: ada }]);
    });

    it('refuses a manager cycle, a bad @odata.id and the wrong caller', async () => {
      await expectAudits(server, [], async () => {
        const path = `/v1.0/users/${ada}/manager/$ref`;
        const cyclePath = `/v1.0/users/${grace}/manager/$ref`;
        const cycle = await server.put(cyclePath, 'admin', ref('users', ada));
        assert.match(expectInvalid(cycle), /own manager/);
        const malformed = await server.put(path, 'admin', { '@odata.id': 'not-a-reference' });
        assert.match(expectInvalid(malformed), /'@odata.id'/);
        const nobody = ref('users', '00000000-0000-4000-8000-000000000001');
        expectNotFound(await server.put(path, 'admin', nobody));
        expectDenied(await server.put(path, 'appUserRead', ref('users', grace)));
      });
    });

    it('removes the manager; afterwards the manager is a 404', async () => {
      const path = `/v1.0/users/${ada}/manager/$ref`;
      await expectAudits(server, ['Remove user manager'], async () => {
        expectStatus(await server.delete(path, 'admin'), 204);
      });
      expectNotFound(await server.get(`/v1.0/users/${ada}/manager`, 'admin'));
      expectNotFound(await server.delete(path, 'admin'));
    });

    it('lists direct and transitive memberships, with $filter, $count and paging', async () => {
      const group = async (displayName: string) => {
        const body = { displayName, mailEnabled: false, securityEnabled: true };
        return expectStatus(await server.post('/v1.0/groups', 'admin', body), 201).id as string;
      };
      const staff = await group('Staff');
      const team = await group('Team');
      const add = (groupId: string, id: string) =>
        server.post(`/v1.0/groups/${groupId}/members/$ref`, 'admin', ref('directoryObjects', id));
      expectStatus(await add(team, ada), 204);
      expectStatus(await add(staff, team), 204);

      const direct = (await server.get(`/v1.0/users/${ada}/memberOf`, 'appUserRead')).json;
      assert.equal(direct['@odata.context'], 'https://limen.test/v1.0/$metadata#directoryObjects');
      assert.deepEqual(ids(direct), [team]);
      assert.equal(direct.value[0]['@odata.type'], '#microsoft.graph.group');
      const transitivePath = `/v1.0/users/${ada}/transitiveMemberOf`;
      const transitive = await server.get(`${transitivePath}?$count=true`, 'appUserRead');
      assert.equal(transitive.json['@odata.count'], 2);
      assert.deepEqual(ids(transitive.json), [staff, team].sort());
      const byName = filter("displayName eq 'staff'");
      const filtered = await server.get(`${transitivePath}?${byName}`, 'admin');
      assert.deepEqual(ids(filtered.json), [staff]);
      const paged = await server.get(`${transitivePath}?$top=1`, 'admin');
      assert.equal(paged.json.value.length, 1);
      const rest = await server.get(paged.json['@odata.nextLink'], 'admin');
      assert.deepEqual([...ids(paged.json), ...ids(rest.json)].sort(), [staff, team].sort());
      expectNotFound(await server.get('/v1.0/users/nobody@limen.test/memberOf', 'admin'));
    });

    it("lists a user's app role assignments (none yet) in Graph's shape", async () => {
      const result = await server.get(`/v1.0/users/${ada}/appRoleAssignments`, 'admin');
      assert.equal(
        result.json['@odata.context'],
        `https://limen.test/v1.0/$metadata#users('${ada}')/appRoleAssignments`,
      );
      assert.deepEqual(result.json.value, []);
    });
  });
}
