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

const base = '/v1.0/roleManagement/directory';
const assignments = `${base}/roleAssignments`;
const { globalAdministrator, helpdeskAdministrator, reportsReader } = roleTemplateIds;

for (const engine of testEngines()) {
  describe(`/v1.0/roleManagement/directory on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    const assign = (token: string, roleDefinitionId: string, principalId = server.users.plain) =>
      server.post(assignments, token, { roleDefinitionId, principalId, directoryScopeId: '/' });
    const assignmentOf = async (principalId: string, roleDefinitionId: string) => {
      const query = filter(
        `principalId eq '${principalId}' and roleDefinitionId eq '${roleDefinitionId}'`,
      );
      const result = await server.get(`${assignments}?${query}`, 'admin');
      return result.json.value[0] as { id: string } | undefined;
    };

    it('lists built-in role definitions in Graph shape, with $filter and $count', async () => {
      const query = `${filter("displayName eq 'global administrator'")}&$count=true`;
      const result = await server.get(`${base}/roleDefinitions?${query}`, 'appDirectoryWrite');
      assert.equal(
        result.json['@odata.context'],
        'https://limen.test/v1.0/$metadata#roleManagement/directory/roleDefinitions',
      );
      assert.equal(result.json['@odata.count'], 1);
      const role = result.json.value[0];
      assert.equal(role.id, globalAdministrator);
      assert.equal(role.templateId, globalAdministrator);
      assert.equal(role.isBuiltIn, true);
      assert.equal(role.isPrivileged, true);
      const helpdesk = `${base}/roleDefinitions/${helpdeskAdministrator}?$select=displayName`;
      const helpdeskRole = (await server.get(helpdesk, 'admin')).json;
      assert.equal(helpdeskRole.displayName, 'Helpdesk Administrator');
      expectNotFound(await server.get(`${base}/roleDefinitions/nope`, 'admin'));
      expectDenied(await server.get(`${base}/roleDefinitions`, 'appUserRead'));
    });

    it('assigns a role ("Add member to role"), finds it by principal, removes it', async () => {
      let assignment: any;
      const [added] = await expectAudits(server, ['Add member to role'], async () => {
        const result = await server.post(assignments, 'admin', {
          '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
          roleDefinitionId: reportsReader,
          principalId: server.users.plain,
          directoryScopeId: '/',
        });
        assignment = expectStatus(result, 201);
        const location = `https://limen.test${assignments}/${assignment.id}`;
        assert.equal(result.headers.get('location'), location);
      });
      assert.equal(
        assignment['@odata.context'],
        'https://limen.test/v1.0/$metadata#roleManagement/directory/roleAssignments/$entity',
      );
      assert.equal(added!.category, 'RoleManagement');
      const [principal, role] = added!.targetResources;
      assert.equal(principal!.userPrincipalName, 'plain@limen.test');
      assert.deepEqual(
        principal!.modifiedProperties.find((p) => p.displayName === 'Role.DisplayName'),
        { displayName: 'Role.DisplayName', oldValue: '[]', newValue: '["Reports Reader"]' },
      );
      assert.deepEqual([role!.id, role!.type], [reportsReader, 'Role']);

      assert.equal((await assignmentOf(server.users.plain, reportsReader))?.id, assignment.id);
      const path = `${assignments}/${assignment.id}`;
      const read = (await server.get(path, 'appDirectoryWrite')).json;
      assert.equal(read.principalId, server.users.plain);
      await expectAudits(server, ['Remove member from role'], async () => {
        expectStatus(await server.delete(path, 'admin'), 204);
      });
      expectNotFound(await server.get(path, 'admin'));
    });

    it('only role managers assign roles; privileged ones need a GA or PRA', async () => {
      await expectAudits(server, [], async () => {
        for (const token of ['userAdmin', 'helpdesk', 'appDirectoryWrite']) {
          expectDenied(await assign(token, reportsReader));
        }
        const app = await assign('appRoleManagement', globalAdministrator);
        assert.match(expectDenied(app), /privileged role 'Global Administrator'/);
        // Or it would assign itself Privileged Role Administrator first.
        expectDenied(await assign('appRoleManagement', helpdeskAdministrator));
      });
      expectStatus(await assign('appRoleManagement', reportsReader), 201);
    });

    it('refuses bad assignments: 400 naming the field, 404 unknown role, duplicates', async () => {
      const valid = {
        roleDefinitionId: reportsReader,
        principalId: server.users.plain,
        directoryScopeId: '/',
      };
      await expectAudits(server, [], async () => {
        const badId = await server.post(assignments, 'admin', { ...valid, principalId: 'me' });
        assert.match(expectInvalid(badId), /'principalId'/);
        const scope = { ...valid, directoryScopeId: '/administrativeUnits/x' };
        const scoped = await server.post(assignments, 'admin', scope);
        assert.match(expectInvalid(scoped), /'directoryScopeId'/);
        const unknownRole = { ...valid, roleDefinitionId: '11111111-1111-4111-8111-111111111111' };
        expectNotFound(await server.post(assignments, 'admin', unknownRole));
        const duplicate = await server.post(assignments, 'admin', valid);
        expectError(duplicate, 400, 'Request_MultipleObjectsWithSameKeyValue');
        const notAGuid = filter("principalId eq 'me'");
        const badFilter = await server.get(`${assignments}?${notAGuid}`, 'admin');
        expectError(badFilter, 400, 'BadRequest');
      });
    });

    it('will not remove the last Global Administrator assignment of an enabled user', async () => {
      const last = (await assignmentOf(server.users.admin, globalAdministrator))!;
      await expectAudits(server, [], async () => {
        const result = await server.delete(`${assignments}/${last.id}`, 'admin');
        assert.match(expectError(result, 409, 'Conflict'), /Global Administrator/);
      });
      // With a second Global Administrator user it may go; then the second is the last.
      const toUserAdmin = await assign('admin', globalAdministrator, server.users.userAdmin);
      const second = expectStatus(toUserAdmin, 201);
      expectStatus(await server.delete(`${assignments}/${last.id}`, 'admin'), 204);
      expectError(await server.delete(`${assignments}/${second.id}`, 'admin'), 409, 'Conflict');
    });

    it('two concurrent removals cannot together remove the last Global Administrator', async () => {
      const toAppAdmin = await assign('admin', globalAdministrator, server.users.appAdmin);
      const third = expectStatus(toAppAdmin, 201);
      const second = (await assignmentOf(server.users.userAdmin, globalAdministrator))!;
      const results = await Promise.all(
        [second.id, third.id].map((id) => server.delete(`${assignments}/${id}`, 'admin')),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [204, 409]);
    });
  });
}
