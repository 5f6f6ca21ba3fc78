import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { expectAudits, expectDenied, expectError, expectNotFound, expectStatus, filter, startGraphServer, type GraphTestServer } from './graph-test-server.ts';

const riskyUsers = '/v1.0/identityProtection/riskyUsers';
const riskySps = '/v1.0/identityProtection/riskyServicePrincipals';

for (const engine of testEngines()) {
  describe(`Identity Protection risky users and service principals on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    it('a user nobody has flagged is not a risky user', async () => {
      const listed = expectStatus(await server.get(riskyUsers, 'admin'), 200);
      assert.deepEqual(listed.value, []);
      expectNotFound(await server.get(`${riskyUsers}/${server.users.plain}`, 'admin'));
      expectNotFound(await server.get(`${riskyUsers}/${server.users.plain}/history`, 'admin'));
    });

    it('confirming a user compromised sets high, confirmedCompromised, adminConfirmedUserCompromised, audited with who and what changed', async () => {
      const [record] = await expectAudits(server, ['Confirm user compromised'], async () => {
        expectStatus(await server.post(`${riskyUsers}/confirmCompromised`, 'admin', { userIds: [server.users.plain] }), 204);
      });
      assert.equal(record!.category, 'IdentityProtection');
      assert.equal(record!.loggedByService, 'Identity Protection');
      assert.equal(record!.initiatedBy.user?.id, server.users.admin);
      const target = record!.targetResources[0]!;
      assert.deepEqual([target.id, target.type, target.userPrincipalName], [server.users.plain, 'User', 'plain@limen.test']);
      assert.deepEqual(target.modifiedProperties.find((p) => p.displayName === 'RiskLevel'), { displayName: 'RiskLevel', oldValue: '[]', newValue: '["high"]' });

      const user = expectStatus(await server.get(`${riskyUsers}/${server.users.plain}`, 'admin'), 200);
      assert.equal(user['@odata.context'], 'https://limen.test/v1.0/$metadata#identityProtection/riskyUsers/$entity');
      assert.deepEqual(
        { ...user, '@odata.context': undefined, riskLastUpdatedDateTime: undefined },
        {
          '@odata.context': undefined, id: server.users.plain, isDeleted: false, isProcessing: false, riskLastUpdatedDateTime: undefined,
          riskLevel: 'high', riskState: 'confirmedCompromised', riskDetail: 'adminConfirmedUserCompromised',
          userDisplayName: 'Plain', userPrincipalName: 'plain@limen.test',
        },
      );
      assert.ok(Date.parse(user.riskLastUpdatedDateTime) > Date.now() - 60_000);
    });

    it('dismissing the risk sets none, dismissed, adminDismissedAllRiskForUser; the history lists both changes in order, with who made them', async () => {
      await expectAudits(server, ['Dismiss user risk'], async () => {
        expectStatus(await server.post(`${riskyUsers}/dismiss`, 'admin', { userIds: [server.users.plain] }), 204);
      });
      const user = expectStatus(await server.get(`${riskyUsers}/${server.users.plain}`, 'admin'), 200);
      assert.deepEqual([user.riskLevel, user.riskState, user.riskDetail], ['none', 'dismissed', 'adminDismissedAllRiskForUser']);
      const history = expectStatus(await server.get(`${riskyUsers}/${server.users.plain}/history`, 'admin'), 200);
      assert.deepEqual(history.value.map((h: Record<string, unknown>) => [h.riskLevel, h.riskState, h.initiatedBy, h.userId]), [
        ['high', 'confirmedCompromised', server.users.admin, server.users.plain],
        ['none', 'dismissed', server.users.admin, server.users.plain],
      ]);
      assert.deepEqual(history.value[0].activity, { detail: 'adminConfirmedUserCompromised', riskEventTypes: [] });
      assert.notEqual(history.value[0].id, history.value[1].id);
    });

    it('lists risky users with $filter on riskLevel and riskState, and $count', async () => {
      expectStatus(await server.post(`${riskyUsers}/confirmCompromised`, 'admin', { userIds: [server.users.helpdesk] }), 204);
      const high = expectStatus(await server.get(`${riskyUsers}?${filter("riskLevel eq 'high'")}&$count=true`, 'admin'), 200);
      assert.deepEqual(high.value.map((u: { id: string }) => u.id), [server.users.helpdesk]);
      assert.equal(high['@odata.count'], 1);
      const dismissed = expectStatus(await server.get(`${riskyUsers}?${filter("riskState eq 'dismissed'")}`, 'admin'), 200);
      assert.deepEqual(dismissed.value.map((u: { id: string }) => u.id), [server.users.plain]);
      expectError(await server.get(`${riskyUsers}?${filter("color eq 'red'")}`, 'admin'), 400, 'BadRequest');
      const selected = expectStatus(await server.get(`${riskyUsers}?$select=userPrincipalName,isDeleted&${filter("riskLevel eq 'high'")}`, 'admin'), 200);
      assert.deepEqual(selected.value, [{ userPrincipalName: 'helpdesk@limen.test', isDeleted: false }]);
    });

    it('an unknown id refuses the whole call, naming it, and changes nothing', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await expectAudits(server, [], async () => {
        const r = await server.post(`${riskyUsers}/confirmCompromised`, 'admin', { userIds: [server.users.userAdmin, unknown, 'useradmin@limen.test'] });
        const message = expectNotFound(r);
        assert.match(message, new RegExp(`'${unknown}'`));
        assert.match(message, /'useradmin@limen\.test'/, 'userIds are object ids, not sign-in names');
      });
      expectNotFound(await server.get(`${riskyUsers}/${server.users.userAdmin}`, 'admin'));
      expectError(await server.post(`${riskyUsers}/dismiss`, 'admin', { userIds: [] }), 400, 'Request_BadRequest');
      expectError(await server.post(`${riskyUsers}/dismiss`, 'admin', { userIds: [server.users.plain], reason: 'x' }), 400, 'Request_BadRequest');
      expectError(await server.post(`${riskySps}/dismiss`, 'admin', { userIds: [server.users.plain] }), 400, 'Request_BadRequest');
    });

    it('reading needs IdentityRiskyUser.Read.All (a role that grants it); acting needs ReadWrite', async () => {
      expectDenied(await server.get(riskyUsers, 'plain'));
      expectDenied(await server.get(riskyUsers, 'helpdesk'));
      expectDenied(await server.get(riskyUsers, 'appDirectoryWrite'));
      expectDenied(await server.post(`${riskyUsers}/dismiss`, 'userAdmin', { userIds: [server.users.plain] }));
      expectDenied(await server.post(`${riskySps}/confirmCompromised`, 'appAudit', { servicePrincipalIds: [server.automation.id] }));
    });

    it('a service principal is confirmed compromised and dismissed the same way, with its own risk details', async () => {
      await expectAudits(server, ['Confirm service principal compromised'], async () => {
        expectStatus(await server.post(`${riskySps}/confirmCompromised`, 'admin', { servicePrincipalIds: [server.automation.id] }), 204);
      });
      const sp = expectStatus(await server.get(`${riskySps}/${server.automation.id}`, 'admin'), 200);
      assert.deepEqual(
        [sp.appId, sp.displayName, sp.isEnabled, sp.servicePrincipalType, sp.riskLevel, sp.riskState, sp.riskDetail],
        [server.automation.appId, 'Automation', true, 'Application', 'high', 'confirmedCompromised', 'adminConfirmedServicePrincipalCompromised'],
      );
      const listed = expectStatus(await server.get(`${riskySps}?${filter("riskLevel eq 'high'")}`, 'admin'), 200);
      assert.deepEqual(listed.value.map((s: { id: string }) => s.id), [server.automation.id]);

      await expectAudits(server, ['Dismiss service principal risk'], async () => {
        expectStatus(await server.post(`${riskySps}/dismiss`, 'admin', { servicePrincipalIds: [server.automation.id] }), 204);
      });
      const history = expectStatus(await server.get(`${riskySps}/${server.automation.id}/history`, 'admin'), 200);
      assert.deepEqual(history.value.map((h: Record<string, any>) => [h.riskState, h.activity.detail, h.servicePrincipalId]), [
        ['confirmedCompromised', 'adminConfirmedServicePrincipalCompromised', server.automation.id],
        ['dismissed', 'adminDismissedAllRiskForServicePrincipal', server.automation.id],
      ]);
      expectNotFound(await server.post(`${riskySps}/dismiss`, 'admin', { servicePrincipalIds: [server.users.plain] }));
    });

    it('a deleted user’s risk record stays, marked isDeleted', async () => {
      const created = expectStatus(await server.post('/v1.0/users', 'admin', {
        accountEnabled: true, displayName: 'Leaver', userPrincipalName: 'leaver@limen.test', mailNickname: 'leaver',
      }), 201);
      expectStatus(await server.post(`${riskyUsers}/confirmCompromised`, 'admin', { userIds: [created.id] }), 204);
      expectStatus(await server.delete(`/v1.0/users/${created.id}`, 'admin'), 204);
      const user = expectStatus(await server.get(`${riskyUsers}/${created.id}`, 'admin'), 200);
      assert.deepEqual([user.isDeleted, user.userPrincipalName, user.riskLevel], [true, 'leaver@limen.test', 'high']);
    });
  });
}
