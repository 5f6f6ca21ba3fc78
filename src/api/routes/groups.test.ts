import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { roleTemplateIds } from '../../directory/index.ts';
import {
  expectAudits,
  expectDenied,
  expectError,
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
const unknownId = '00000000-0000-4000-8000-0000000000aa';

for (const engine of testEngines()) {
  describe(`/v1.0/groups on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    const createGroup = async (displayName: string, extra: Record<string, unknown> = {}) => {
      const body = { displayName, mailEnabled: false, securityEnabled: true, ...extra };
      return expectStatus(await server.post('/v1.0/groups', 'admin', body), 201).id as string;
    };
    const idsOf = async (groupId: string, segment: string) => {
      const result = await server.get(`/v1.0/groups/${groupId}/${segment}`, 'admin');
      return expectStatus(result, 200).value.map((o: { id: string }) => o.id).sort();
    };
    const addMember = (groupId: string, body: unknown, token = 'admin') =>
      server.post(`/v1.0/groups/${groupId}/members/$ref`, token, body);
    const removeMember = (groupId: string, id: string, token = 'admin') =>
      server.delete(`/v1.0/groups/${groupId}/members/${id}/$ref`, token);

    it('creates a group with members@odata.bind and owners@odata.bind', async () => {
      let group: any;
      const activities = ['Add group', 'Add member to group', 'Add owner to group'];
      const records = await expectAudits(server, activities, async () => {
        const result = await server.post('/v1.0/groups', 'admin', {
          displayName: 'Engineering',
          mailNickname: 'eng',
          mailEnabled: false,
          securityEnabled: true,
          'members@odata.bind': [
            `https://graph.microsoft.com/v1.0/directoryObjects/${server.users.plain}`,
          ],
          'owners@odata.bind': [`https://graph.microsoft.com/v1.0/users/${server.users.userAdmin}`],
        });
        group = expectStatus(result, 201);
        assert.equal(result.headers.get('location'), `https://limen.test/v1.0/groups/${group.id}`);
      });
      assert.equal(group['@odata.context'], 'https://limen.test/v1.0/$metadata#groups/$entity');
      assert.deepEqual(group.groupTypes, []);
      assert.equal(group.securityEnabled, true);
      assert.deepEqual(await idsOf(group.id, 'members'), [server.users.plain]);
      assert.deepEqual(await idsOf(group.id, 'owners'), [server.users.userAdmin]);
      const [member, ofGroup] = records[1]!.targetResources;
      assert.equal(records[1]!.category, 'GroupManagement');
      assert.equal(member!.id, server.users.plain);
      assert.deepEqual(member!.modifiedProperties[0], {
        displayName: 'Group.ObjectID',
        oldValue: '[]',
        newValue: JSON.stringify([group.id]),
      });
      assert.equal(ofGroup!.id, group.id);
    });

    it('lists with $filter, $orderby, $count and $select', async () => {
      await createGroup('Alpha');
      await createGroup('Beta', { description: 'second' });
      const query = [
        filter("startswith(displayName,'a') or displayName eq 'beta'"),
        '$orderby=displayName desc',
        '$count=true',
        '$select=displayName',
      ].join('&');
      const result = (await server.get(`/v1.0/groups?${query}`, 'appDirectoryWrite')).json;
      assert.equal(result['@odata.count'], 2);
      assert.deepEqual(result.value, [{ displayName: 'Beta' }, { displayName: 'Alpha' }]);
      const unified = filter("groupTypes/any(t:t eq 'Unified')");
      assert.deepEqual((await server.get(`/v1.0/groups?${unified}`, 'admin')).json.value, []);
    });

    it('adds members named as users/, groups/, servicePrincipals/, directoryObjects/', async () => {
      const group = await createGroup('Everyone');
      const nested = await createGroup('Nested');
      const refs = [
        ref('users', server.users.helpdesk),
        ref('groups', nested),
        ref('servicePrincipals', server.automation.id),
      ];
      await expectAudits(server, refs.map(() => 'Add member to group'), async () => {
        for (const body of refs) {
          expectStatus(await addMember(group, body, 'appDirectoryWrite'), 204);
        }
      });
      const expected = [server.users.helpdesk, nested, server.automation.id].sort();
      assert.deepEqual(await idsOf(group, 'members'), expected);
      expectStatus(await addMember(nested, ref('directoryObjects', server.users.plain)), 204);
      assert.ok((await idsOf(group, 'transitiveMembers')).includes(server.users.plain));
      assert.deepEqual(await idsOf(nested, 'memberOf'), [group]);
      assert.deepEqual(await idsOf(nested, 'transitiveMemberOf'), [group]);

      await expectAudits(server, [], async () => {
        assert.match(expectInvalid(await addMember(group, refs[0])), /already exist/);
        assert.match(expectInvalid(await addMember(nested, ref('groups', group))), /cycle/);
        expectNotFound(await addMember(group, ref('users', unknownId)));
        expectDenied(await addMember(group, ref('users', server.users.plain), 'appUserRead'));
      });
      await expectAudits(server, ['Remove member from group'], async () => {
        expectStatus(await removeMember(group, server.users.helpdesk), 204);
      });
      expectNotFound(await removeMember(group, server.users.helpdesk));
    });

    it('adds and removes owners', async () => {
      const group = await createGroup('Owned');
      await expectAudits(server, ['Add owner to group', 'Remove owner from group'], async () => {
        const owners = `/v1.0/groups/${group}/owners`;
        const plain = ref('users', server.users.plain);
        expectStatus(await server.post(`${owners}/$ref`, 'admin', plain), 204);
        expectStatus(await server.delete(`${owners}/${server.users.plain}/$ref`, 'admin'), 204);
      });
      assert.deepEqual(await idsOf(group, 'owners'), []);
    });

    it('updates and deletes a group, each with one audit record', async () => {
      const group = await createGroup('Temporary');
      const [update] = await expectAudits(server, ['Update group'], async () => {
        const patch = { description: 'short-lived' };
        expectStatus(await server.patch(`/v1.0/groups/${group}`, 'admin', patch), 204);
      });
      assert.deepEqual(update!.targetResources[0]!.modifiedProperties[0], {
        displayName: 'Description',
        oldValue: '[]',
        newValue: '["short-lived"]',
      });
      await expectAudits(server, ['Delete group'], async () => {
        expectStatus(await server.delete(`/v1.0/groups/${group}`, 'admin'), 204);
      });
      expectNotFound(await server.get(`/v1.0/groups/${group}`, 'admin'));
    });

    it('refuses bad requests: 403 wrong permission, 400 bad id or body, 404 unknown', async () => {
      const body = { displayName: 'X', mailEnabled: false, securityEnabled: true };
      await expectAudits(server, [], async () => {
        expectDenied(await server.post('/v1.0/groups', 'appUserRead', body));
        expectDenied(await server.get('/v1.0/groups', 'plain'));
        const badId = await server.get('/v1.0/groups/not-a-guid', 'admin');
        assert.match(expectError(badId, 400, 'BadRequest'), /'id'/);
        const m365 = { ...body, groupTypes: ['Unified'] };
        const notSecurity = await server.post('/v1.0/groups', 'admin', m365);
        assert.match(expectInvalid(notSecurity), /'groupTypes'/);
        const patch = { description: 'x' };
        expectNotFound(await server.patch(`/v1.0/groups/${unknownId}`, 'admin', patch));
        expectInvalid(await addMember(unknownId, { id: 'x' }));
      });
    });

    it('a group holding a role is for role managers, and keeps the last Global Admin', async () => {
      const admins = await createGroup('Tenant admins');
      const assignments = '/v1.0/roleManagement/directory/roleAssignments';
      const globalAdmin = roleTemplateIds.globalAdministrator;
      const assignment = { roleDefinitionId: globalAdmin, principalId: admins };
      expectStatus(await server.post(assignments, 'admin', assignment), 201);
      const self = ref('users', server.users.userAdmin);
      const byUserAdmin = await addMember(admins, self, 'userAdmin');
      assert.match(expectDenied(byUserAdmin), /directory role/);
      expectStatus(await addMember(admins, ref('users', server.users.plain)), 204);

      // The admin's own assignment may go while the group makes plain a Global Administrator…
      const own = filter(`principalId eq '${server.users.admin}'`);
      const direct = (await server.get(`${assignments}?${own}`, 'admin')).json.value[0];
      expectStatus(await server.delete(`${assignments}/${direct.id}`, 'admin'), 204);
      // …but removing plain from the group, or the group, would leave none.
      await expectAudits(server, [], async () => {
        expectError(await removeMember(admins, server.users.plain), 409, 'Conflict');
        expectError(await server.delete(`/v1.0/groups/${admins}`, 'admin'), 409, 'Conflict');
      });
      assert.deepEqual(await idsOf(admins, 'members'), [server.users.plain]);
    });
  });
}
