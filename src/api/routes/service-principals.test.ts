import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { managementApi, managementAppRoles, myAccountClient } from '../../directory/index.ts';
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

const appRoleId = '3b4d5e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const userReadAll = managementAppRoles.find((r) => r.value === 'User.Read.All')!.id;
const duplicateKey = 'Request_MultipleObjectsWithSameKeyValue';

for (const engine of testEngines()) {
  describe(`/v1.0/servicePrincipals on ${engine}`, () => {
    let server: GraphTestServer;
    let payroll: { id: string; appId: string };
    let managementSp: string;
    before(async () => {
      server = await startGraphServer(engine);
      const app = await server.post('/v1.0/applications', 'admin', {
        displayName: 'Payroll',
        appRoles: [
          {
            id: appRoleId,
            value: 'Payroll.Approve',
            displayName: 'Approve',
            allowedMemberTypes: ['User', 'Application'],
          },
        ],
      });
      payroll = { id: '', appId: app.json.appId };
      const path = `/v1.0/servicePrincipals(appId='${managementApi.appId}')`;
      managementSp = (await server.get(path, 'admin')).json.id;
    });
    after(() => server.close());

    it('creates the service principal of an app once, audited; a second is a 400', async () => {
      const [audit] = await expectAudits(server, ['Add service principal'], async () => {
        const result = await server.post('/v1.0/servicePrincipals', 'appAdmin', {
          appId: payroll.appId,
        });
        const sp = expectStatus(result, 201);
        assert.equal(
          sp['@odata.context'],
          'https://limen.test/v1.0/$metadata#servicePrincipals/$entity',
        );
        assert.equal(sp.displayName, 'Payroll');
        assert.equal(sp.appRoles[0].value, 'Payroll.Approve');
        const location = `https://limen.test/v1.0/servicePrincipals/${sp.id}`;
        assert.equal(result.headers.get('location'), location);
        payroll.id = sp.id;
      });
      assert.equal(audit!.targetResources[0]!.type, 'ServicePrincipal');
      await expectAudits(server, [], async () => {
        const again = { appId: payroll.appId };
        const duplicate = await server.post('/v1.0/servicePrincipals', 'admin', again);
        expectError(duplicate, 400, duplicateKey);
        const unknown = { appId: 'no-such-app' };
        expectNotFound(await server.post('/v1.0/servicePrincipals', 'admin', unknown));
      });
    });

    it('gets by id and by (appId=…), lists with $filter and $count', async () => {
      const path = `/v1.0/servicePrincipals(appId='${payroll.appId}')?$select=id`;
      assert.equal((await server.get(path, 'admin')).json.id, payroll.id);
      const byAppId = filter(`appId eq '${payroll.appId}' and accountEnabled eq true`);
      const query = `/v1.0/servicePrincipals?${byAppId}&$count=true`;
      const listed = expectStatus(await server.get(query, 'appApplications'), 200);
      assert.equal(listed['@odata.count'], 1);
      assert.equal(listed.value[0].id, payroll.id);
      expectDenied(await server.get('/v1.0/servicePrincipals', 'appUserRead'));
    });

    it('grants an app role to a user, lists it on both sides and removes it', async () => {
      const assignedTo = `/v1.0/servicePrincipals/${payroll.id}/appRoleAssignedTo`;
      const body = { principalId: server.users.plain, resourceId: payroll.id, appRoleId };
      let assignment: any;
      const activity = 'Add app role assignment grant to user';
      const [added] = await expectAudits(server, [activity], async () => {
        assignment = expectStatus(await server.post(assignedTo, 'appAdmin', body), 201);
      });
      assert.equal(added!.category, 'UserManagement');
      assert.equal(assignment.principalType, 'User');
      assert.equal(assignment.principalDisplayName, 'Plain');
      const holders = (await server.get(assignedTo, 'admin')).json.value;
      assert.deepEqual(holders.map((a: { id: string }) => a.id), [assignment.id]);
      const userPath = `/v1.0/users/${server.users.plain}/appRoleAssignments`;
      const ofUser = await server.get(userPath, 'admin');
      assert.equal(ofUser.json.value[0].resourceId, payroll.id);

      await expectAudits(server, [], async () => {
        expectError(await server.post(assignedTo, 'admin', body), 400, duplicateKey);
        const otherResource = `/v1.0/servicePrincipals/${managementSp}/appRoleAssignedTo`;
        const mismatch = await server.post(otherResource, 'admin', body);
        assert.match(expectInvalid(mismatch), /'resourceId'/);
        const noSuchRole = { ...body, appRoleId: '9b4d5e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f' };
        expectInvalid(await server.post(assignedTo, 'admin', noSuchRole));
      });
      await expectAudits(server, ['Remove app role assignment from user'], async () => {
        expectStatus(await server.delete(`${assignedTo}/${assignment.id}`, 'admin'), 204);
      });
    });

    it("only Global or Privileged Role Administrators grant this API's app roles", async () => {
      const body = {
        principalId: server.automation.id,
        resourceId: managementSp,
        appRoleId: userReadAll,
      };
      const path = `/v1.0/servicePrincipals/${managementSp}/appRoleAssignedTo`;
      await expectAudits(server, [], async () => {
        assert.match(expectDenied(await server.post(path, 'appAdmin', body)), /Privileged Role/);
      });
      let id = '';
      const activity = 'Add app role assignment to service principal';
      await expectAudits(server, [activity], async () => {
        id = expectStatus(await server.post(path, 'admin', body), 201).id;
      });
      const held = `/v1.0/servicePrincipals/${server.automation.id}/appRoleAssignments`;
      const roles = (await server.get(held, 'admin')).json.value;
      assert.deepEqual(roles.map((a: { appRoleId: string }) => a.appRoleId), [userReadAll]);
      expectStatus(await server.delete(`${path}/${id}`, 'admin'), 204);
      // Graph's rule for app-only callers: AppRoleAssignment.ReadWrite.All suffices.
      expectStatus(await server.post(held, 'appApplications', body), 201);
    });

    it('updates and deletes a service principal; the management API stays enabled', async () => {
      const path = `/v1.0/servicePrincipals/${payroll.id}`;
      const [update] = await expectAudits(server, ['Update service principal'], async () => {
        expectStatus(await server.patch(path, 'admin', { tags: ['HR'] }), 204);
      });
      assert.deepEqual(update!.targetResources[0]!.modifiedProperties[0], {
        displayName: 'Tags',
        oldValue: '[]',
        newValue: '["HR"]',
      });
      await expectAudits(server, [], async () => {
        const disable = { accountEnabled: false };
        const management = `/v1.0/servicePrincipals/${managementSp}`;
        expectInvalid(await server.patch(management, 'admin', disable));
        assert.match(expectInvalid(await server.patch(path, 'admin', { tags: 'HR' })), /'tags'/);
      });
      await expectAudits(server, ['Remove service principal'], async () => {
        expectStatus(await server.delete(path, 'admin'), 204);
      });
      expectNotFound(await server.get(path, 'admin'));
    });

    it('My Security Info cannot require assignment (everyone manages their sign-in methods there), and stays changeable otherwise', async () => {
      const path = `/v1.0/servicePrincipals(appId='${myAccountClient.appId}')`;
      const id = (await server.get(path, 'admin')).json.id;
      await expectAudits(server, [], async () => {
        const refused = await server.patch(`/v1.0/servicePrincipals/${id}`, 'admin', { appRoleAssignmentRequired: true });
        assert.match(expectInvalid(refused), /'appRoleAssignmentRequired'.*cannot require assignment/);
      });
      expectStatus(await server.patch(`/v1.0/servicePrincipals/${id}`, 'admin', { appRoleAssignmentRequired: false, tags: ['self-service'] }), 204);
      assert.equal((await server.get(path, 'admin')).json.appRoleAssignmentRequired, false);
    });
  });
}
