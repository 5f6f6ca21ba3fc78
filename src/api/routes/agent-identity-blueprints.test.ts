import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { agentOfClientId, agentScopesFor, managementApi } from '../../directory/index.ts';
import {
  expectAudits,
  expectError,
  expectInvalid,
  expectStatus,
  startGraphServer,
  type GraphTestServer,
} from './graph-test-server.ts';

const userUrl = (id: string) => `https://graph.microsoft.com/beta/users/${id}`;
const blueprints = '/v1.0/applications/microsoft.graph.agentIdentityBlueprint';
const agents = '/v1.0/servicePrincipals/microsoft.graph.agentIdentity';
const payrollRoles = [
  { id: '6f1c9d2e-1a2b-4c3d-8e9f-0a1b2c3d4e51', value: 'Payroll.Read', displayName: 'Read payroll', allowedMemberTypes: ['Application'] },
  { id: '6f1c9d2e-1a2b-4c3d-8e9f-0a1b2c3d4e52', value: 'Payroll.Write', displayName: 'Write payroll', allowedMemberTypes: ['Application'] },
];
const payrollScope = {
  id: '6f1c9d2e-1a2b-4c3d-8e9f-0a1b2c3d4e53', value: 'payroll.read', adminConsentDisplayName: 'Read payroll', type: 'Admin',
};

for (const engine of testEngines()) {
  describe(`agent identity blueprints on ${engine}`, () => {
    let server: GraphTestServer;
    let blueprint: { id: string; appId: string; displayName: string };
    let payroll: { id: string; appId: string };
    let agent: { id: string; appId: string };
    before(async () => {
      server = await startGraphServer(engine);
      const api = expectStatus(await server.post('/v1.0/applications', 'admin', {
        displayName: 'Payroll API', appRoles: payrollRoles, api: { oauth2PermissionScopes: [payrollScope] },
      }), 201);
      const sp = expectStatus(await server.post('/v1.0/servicePrincipals', 'admin', { appId: api.appId }), 201);
      payroll = { id: sp.id, appId: api.appId };
    });
    after(() => server.close());

    it('creates a blueprint with its sponsor and its blueprint principal in one audited step', async () => {
      const body = { displayName: 'Invoice agents', description: 'Agents that file invoices', tags: ['finance'], 'sponsors@odata.bind': [userUrl(server.users.plain)] };
      const activities = ['Add agent identity blueprint', 'Add agent identity blueprint principal', 'Add sponsor to agent identity blueprint'];
      const [added] = await expectAudits(server, activities, async () => {
        const result = await server.post(blueprints, 'admin', body);
        blueprint = expectStatus(result, 201);
        assert.equal(result.headers.get('location'), `https://limen.test/v1.0/applications/${blueprint.id}`);
      });
      assert.equal(added!.targetResources[0]!.type, 'Application');
      const created = blueprint as unknown as Record<string, unknown>;
      assert.equal(created['@odata.type'], '#microsoft.graph.agentIdentityBlueprint');
      assert.equal(created['@odata.context'], 'https://limen.test/v1.0/$metadata#applications/microsoft.graph.agentIdentityBlueprint/$entity');
      assert.equal(created.createdByAppId, 'console');

      const fetched = expectStatus(await server.get(`/v1.0/applications/${blueprint.id}`, 'admin'), 200);
      assert.equal(fetched['@odata.type'], '#microsoft.graph.agentIdentityBlueprint');
      const principal = expectStatus(await server.get(`/v1.0/servicePrincipals(appId='${blueprint.appId}')`, 'admin'), 200);
      assert.equal(principal['@odata.type'], '#microsoft.graph.agentIdentityBlueprintPrincipal');
      assert.equal(principal.accountEnabled, true);
      const sponsors = expectStatus(await server.get(`/v1.0/applications/${blueprint.id}/sponsors`, 'admin'), 200);
      assert.deepEqual(sponsors.value.map((s: { id: string }) => s.id), [server.users.plain]);

      const listed = expectStatus(await server.get(`${blueprints}?$count=true`, 'appAgents'), 200);
      assert.equal(listed['@odata.count'], 1);
      assert.deepEqual(listed.value.map((b: { id: string }) => b.id), [blueprint.id]);
      const apps = expectStatus(await server.get('/v1.0/applications?$top=999', 'admin'), 200);
      const inAll = apps.value.find((a: { id: string }) => a.id === blueprint.id);
      assert.equal(inAll['@odata.type'], '#microsoft.graph.agentIdentityBlueprint', 'the base collection marks the subtype');
    });

    it('refuses public-client and redirect settings on a blueprint, naming the property', async () => {
      await expectAudits(server, [], async () => {
        const spa = await server.post(blueprints, 'admin', { displayName: 'Bad', spa: { redirectUris: ['https://app.example.com/cb'] } });
        assert.equal(spa.json.error.details[0].target, 'spa.redirectUris');
        expectInvalid(spa);
        const fallback = await server.patch(`/v1.0/applications/${blueprint.id}`, 'admin', { isFallbackPublicClient: true });
        assert.match(expectInvalid(fallback), /'isFallbackPublicClient'.*cannot be a public client/);
        const web = await server.patch(`/v1.0/applications/${blueprint.id}`, 'admin', { web: { redirectUris: ['https://x.example.com/cb'] } });
        assert.match(expectInvalid(web), /'web\.redirectUris'/);
      });
      const [update] = await expectAudits(server, ['Update agent identity blueprint'], async () => {
        expectStatus(await server.patch(`/v1.0/applications/${blueprint.id}`, 'admin', { description: 'Files invoices' }), 204);
      });
      assert.equal(update!.targetResources[0]!.modifiedProperties[0]!.displayName, 'Description');
    });

    it('keeps credentials on the blueprint with the application routes', async () => {
      const [audit] = await expectAudits(server, ['Update application – Certificates and secrets management '], async () => {
        const secret = expectStatus(await server.post(`/v1.0/applications/${blueprint.id}/addPassword`, 'admin', {}), 200);
        assert.ok(secret.secretText);
      });
      assert.equal(audit!.category, 'ApplicationManagement');
      const fic = { name: 'github-main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:acme/agents:ref:refs/heads/main' };
      expectStatus(await server.post(`/v1.0/applications/${blueprint.id}/federatedIdentityCredentials`, 'admin', fic), 201);
    });

    it('validates inheritable permissions against the resource and the high-privilege list', async () => {
      const path = `/v1.0/applications/${blueprint.id}/microsoft.graph.agentIdentityBlueprint/inheritablePermissions`;
      await expectAudits(server, [], async () => {
        const unknown = await server.post(path, 'admin', {
          resourceAppId: payroll.appId,
          inheritableScopes: { '@odata.type': '#microsoft.graph.enumeratedScopes', scopes: ['payroll.delete'] },
        });
        assert.match(expectInvalid(unknown), /'payroll\.delete' is not a delegated permission of 'Payroll API'/);
        const risky = await server.post(path, 'admin', {
          resourceAppId: managementApi.appId,
          inheritableRoles: { '@odata.type': '#microsoft.graph.enumeratedRoles', roles: ['Directory.ReadWrite.All'] },
        });
        const message = expectInvalid(risky);
        assert.match(message, /'Directory\.ReadWrite\.All' is a high-privilege permission/);
        assert.match(message, /overrideHighPrivilege=true/);
        const noResource = await server.post(path, 'admin', { resourceAppId: 'not-an-app', inheritableScopes: { '@odata.type': '#microsoft.graph.noScopes' } });
        assert.match(expectInvalid(noResource), /'resourceAppId'/);
      });
      const entry = {
        resourceAppId: payroll.appId,
        inheritableScopes: { '@odata.type': '#microsoft.graph.enumeratedScopes', scopes: ['payroll.read'] },
        inheritableRoles: { '@odata.type': 'microsoft.graph.enumeratedRoles', roles: ['Payroll.Read'] },
      };
      const [added] = await expectAudits(server, ['Add inheritable permission to agent identity blueprint'], async () => {
        const created = expectStatus(await server.post(path, 'admin', entry), 201);
        assert.deepEqual(created.inheritableRoles, { '@odata.type': '#microsoft.graph.enumeratedRoles', kind: 'enumerated', roles: ['Payroll.Read'] });
        assert.equal(created.inheritableScopes.kind, 'enumerated');
      });
      assert.match(added!.targetResources[0]!.modifiedProperties[0]!.newValue!, /Payroll\.Read/);
      expectError(await server.post(path, 'admin', entry), 400, 'Request_MultipleObjectsWithSameKeyValue');
      // The other cast path Graph scripts use reads the same entries.
      const other = `/v1.0/applications/microsoft.graph.agentIdentityBlueprint/${blueprint.id}/inheritablePermissions`;
      const listed = expectStatus(await server.get(other, 'appAgents'), 200);
      assert.deepEqual(listed.value.map((p: { resourceAppId: string }) => p.resourceAppId), [payroll.appId]);
    });

    it('lists what an agent inherits with the blueprint named as its source', async () => {
      agent = expectStatus(await server.post(agents, 'admin', { displayName: 'Invoice filer', agentIdentityBlueprintId: blueprint.appId }), 201);
      const permissions = expectStatus(await server.get(`/v1.0/servicePrincipals/${agent.id}/microsoft.graph.agentIdentity/permissions`, 'admin'), 200);
      const shown = permissions.value.map((p: Record<string, unknown>) => [p.value, p.permissionType, p.source, p.sourceDisplayName, p.highPrivilege]);
      assert.deepEqual(shown.sort(), [
        ['Payroll.Read', 'Application', 'inheritedFromBlueprint', 'Invoice agents', false],
        ['payroll.read', 'Delegated', 'inheritedFromBlueprint', 'Invoice agents', false],
      ]);
      const view = (await agentOfClientId(server.db, agent.appId))!;
      assert.deepEqual(view.appRolesByResource[payroll.appId], ['Payroll.Read']);
      assert.deepEqual(agentScopesFor(view, payroll.appId, server.users.plain), ['payroll.read']);
      assert.equal(view.blueprint?.id, blueprint.id);
    });

    it("passes on what the blueprint principal holds when roles are 'all allowed', as Entra does", async () => {
      const path = `/v1.0/applications/${blueprint.id}/microsoft.graph.agentIdentityBlueprint/inheritablePermissions/${payroll.appId}`;
      await expectAudits(server, ['Update inheritable permission of agent identity blueprint'], async () => {
        expectStatus(await server.patch(path, 'admin', { inheritableRoles: { '@odata.type': '#microsoft.graph.allAllowedRoles' } }), 204);
      });
      const principal = expectStatus(await server.get(`/v1.0/servicePrincipals(appId='${blueprint.appId}')`, 'admin'), 200);
      const grant = { principalId: principal.id, resourceId: payroll.id, appRoleId: payrollRoles[1]!.id };
      expectStatus(await server.post(`/v1.0/servicePrincipals/${principal.id}/appRoleAssignments`, 'admin', grant), 201);
      const view = (await agentOfClientId(server.db, agent.appId))!;
      assert.deepEqual(view.appRolesByResource[payroll.appId], ['Payroll.Write'], 'held by the blueprint principal; Payroll.Read no longer listed');
      await expectAudits(server, ['Remove inheritable permission from agent identity blueprint'], async () => {
        expectStatus(await server.delete(path, 'admin'), 204);
      });
      assert.deepEqual((await agentOfClientId(server.db, agent.appId))!.permissions, []);
    });

    it('deletes a blueprint only after its agents', async () => {
      const refused = await server.delete(`/v1.0/applications/${blueprint.id}`, 'admin');
      assert.match(expectError(refused, 409, 'Conflict'), /still has 1 agent identities \('Invoice filer'\)/);
      await expectAudits(server, ['Delete agent identity'], async () => {
        expectStatus(await server.delete(`/v1.0/servicePrincipals/${agent.id}`, 'admin'), 204);
      });
      await expectAudits(server, ['Delete agent identity blueprint'], async () => {
        expectStatus(await server.delete(`/v1.0/applications/${blueprint.id}`, 'admin'), 204);
      });
      const links = await server.db.selectFrom('object_links').select('object_id').where('object_id', '=', blueprint.id).execute();
      assert.deepEqual(links, [], 'its sponsor links went with it');
    });
  });
}
