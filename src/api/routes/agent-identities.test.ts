import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import {
  agentOfClientId,
  agentRefusal,
  createDirectory,
  isAgentUsable,
  managementApi,
  managementAppRoles,
} from '../../directory/index.ts';
import {
  expectAudits,
  expectDenied,
  expectError,
  expectInvalid,
  expectStatus,
  filter,
  startGraphServer,
  type GraphTestServer,
} from './graph-test-server.ts';

const agents = '/v1.0/servicePrincipals/microsoft.graph.agentIdentity';
const userUrl = (id: string) => `https://graph.microsoft.com/v1.0/users/${id}`;
const userReadWriteAll = managementAppRoles.find((r) => r.value === 'User.ReadWrite.All')!.id;
const userReadAll = managementAppRoles.find((r) => r.value === 'User.Read.All')!.id;

/** A refresh token and its grant as oidc-provider stores them (adapter.ts), for a client. */
async function storeRefreshToken(server: GraphTestServer, clientId: string, tag: string) {
  const grantId = `grant-${tag}`;
  await server.db.insertInto('oidc_payloads').values([
    { model: 'Grant', id: grantId, payload: JSON.stringify({ kind: 'Grant', clientId, accountId: 'x' }), grant_id: null, user_code: null, uid: null, expires_at: null, consumed_at: null },
    { model: 'RefreshToken', id: `sha256:rt-${tag}`, payload: JSON.stringify({ kind: 'RefreshToken', clientId, grantId }), grant_id: grantId, user_code: null, uid: null, expires_at: null, consumed_at: null },
  ]).execute();
}

async function payloadsOf(server: GraphTestServer, tag: string): Promise<string[]> {
  const rows = await server.db.selectFrom('oidc_payloads').select('model')
    .where((e) => e.or([e('id', '=', `grant-${tag}`), e('id', '=', `sha256:rt-${tag}`)])).execute();
  return rows.map((r) => r.model).sort();
}

for (const engine of testEngines()) {
  describe(`agent identities on ${engine}`, () => {
    let server: GraphTestServer;
    let blueprint: { id: string; appId: string };
    let filer: { id: string; appId: string };
    let reviewer: { id: string; appId: string };
    let managementSp: string;
    let sponsorsGroup: string;
    before(async () => {
      server = await startGraphServer(engine);
      const created = await server.post('/v1.0/applications/microsoft.graph.agentIdentityBlueprint', 'admin', {
        displayName: 'Support agents', 'sponsors@odata.bind': [userUrl(server.users.plain)],
      });
      blueprint = expectStatus(created, 201);
      managementSp = (await server.get(`/v1.0/servicePrincipals(appId='${managementApi.appId}')`, 'admin')).json.id;
      sponsorsGroup = expectStatus(await server.post('/v1.0/groups', 'admin', { displayName: 'Agent sponsors', mailNickname: 'agent-sponsors' }), 201).id;
    });
    after(() => server.close());

    it('creates two agents from a blueprint, each with its sponsors and owners, every link audited', async () => {
      const body = {
        displayName: 'Ticket filer',
        agentIdentityBlueprintId: blueprint.appId,
        tags: ['support'],
        'sponsors@odata.bind': [userUrl(server.users.plain)],
        'owners@odata.bind': [userUrl(server.users.appAdmin)],
      };
      const [added, sponsor] = await expectAudits(server, ['Add agent identity', 'Add sponsor to agent identity', 'Add owner to agent identity'], async () => {
        const result = await server.post(agents, 'admin', body);
        filer = expectStatus(result, 201);
        assert.equal(result.headers.get('location'), `https://limen.test/v1.0/servicePrincipals/${filer.id}`);
      });
      assert.equal(added!.targetResources[0]!.type, 'ServicePrincipal');
      assert.deepEqual(added!.additionalDetails?.find((d) => d.key === 'AgentIdentityBlueprintId')?.value, blueprint.appId);
      assert.equal(sponsor!.targetResources[1]!.id, server.users.plain);
      const agent = filer as unknown as Record<string, unknown>;
      assert.equal(agent['@odata.type'], '#microsoft.graph.agentIdentity');
      assert.equal(agent.servicePrincipalType, 'ServiceIdentity');
      assert.equal(agent.agentIdentityBlueprintId, blueprint.appId);
      assert.notEqual(agent.appId, blueprint.appId, 'its own client id');
      assert.equal(agent.createdByAppId, 'console');
      assert.equal(agent.lastSignInDateTime, null);
      assert.deepEqual(agent.highPrivilegePermissions, []);
      assert.equal(agent.sponsorCount, 1);

      const second = {
        displayName: 'Ticket reviewer',
        agentIdentityBlueprintAppId: blueprint.appId,
        customSecurityAttributes: { Agents: { '@odata.type': '#microsoft.graph.customSecurityAttributeValue', DataSensitivity: 'Confidential' } },
        'sponsors@odata.bind': [`https://graph.microsoft.com/v1.0/groups/${sponsorsGroup}`],
      };
      reviewer = expectStatus(await server.post(agents, 'appAgents', second), 201);
      const fetched = expectStatus(await server.get(`/v1.0/servicePrincipals/${reviewer.id}`, 'admin'), 200);
      assert.equal(fetched['@odata.type'], '#microsoft.graph.agentIdentity');
      assert.equal(fetched.customSecurityAttributes.Agents.DataSensitivity, 'Confidential');
      assert.equal(fetched.createdByAppId, server.automation.appId);

      const ofBlueprint = filter(`agentIdentityBlueprintId eq '${blueprint.appId}'`);
      const listed = expectStatus(await server.get(`${agents}?${ofBlueprint}&$count=true&$orderby=displayName`, 'appAgents'), 200);
      assert.equal(listed['@odata.count'], 2);
      assert.deepEqual(listed.value.map((a: { displayName: string }) => a.displayName), ['Ticket filer', 'Ticket reviewer']);
      const owners = expectStatus(await server.get(`/v1.0/servicePrincipals/${filer.id}/owners`, 'admin'), 200);
      assert.deepEqual(owners.value.map((o: { id: string }) => o.id), [server.users.appAdmin]);
    });

    it('makes the signed-in caller the sponsor when the request names none', async () => {
      const created = expectStatus(await server.post(agents, 'admin', { displayName: 'Triage', agentIdentityBlueprintId: blueprint.appId }), 201);
      const sponsors = expectStatus(await server.get(`/v1.0/servicePrincipals/${created.id}/sponsors`, 'admin'), 200);
      assert.deepEqual(sponsors.value.map((s: { id: string }) => s.id), [server.users.admin]);
    });

    it('refuses an app-only creation without owner or sponsor, and stores nothing', async () => {
      const count = async () => (await server.db.selectFrom('service_principals').select('id').execute()).length;
      const before = await count();
      await expectAudits(server, [], async () => {
        const refused = await server.post(agents, 'appAgents', { displayName: 'Orphan', agentIdentityBlueprintId: blueprint.appId });
        assert.match(expectInvalid(refused), /at least one owner or sponsor/);
        assert.equal(refused.json.error.details[0].target, 'sponsors@odata.bind');
      });
      assert.equal(await count(), before);
    });

    it("gives an app-only creation the tenant's default sponsors", async () => {
      const policy = '/v1.0/policies/agentIdentityPolicy';
      await expectAudits(server, [], async () => {
        const unknown = await server.patch(policy, 'admin', { defaultSponsorIds: ['00000000-0000-4000-8000-000000000000'] });
        assert.match(expectInvalid(unknown), /'defaultSponsorIds\[0\]'/);
        const app = await server.patch(policy, 'admin', { defaultSponsorIds: [server.automation.id] });
        assert.match(expectInvalid(app), /is not a user or group/);
      });
      const [audit] = await expectAudits(server, ['Update agent identity policy'], async () => {
        expectStatus(await server.patch(policy, 'admin', { defaultSponsorIds: [server.users.userAdmin] }), 204);
      });
      assert.equal(audit!.category, 'Policy');
      assert.deepEqual(expectStatus(await server.get(policy, 'admin'), 200).defaultSponsorIds, [server.users.userAdmin]);
      const created = expectStatus(await server.post(agents, 'appAgents', { displayName: 'Night shift', agentIdentityBlueprintId: blueprint.appId }), 201);
      const sponsors = expectStatus(await server.get(`/v1.0/servicePrincipals/${created.id}/microsoft.graph.agentIdentity/sponsors`, 'appAgents'), 200);
      assert.deepEqual(sponsors.value.map((s: { id: string }) => s.id), [server.users.userAdmin]);
    });

    it('never removes the last sponsor of an agent', async () => {
      const sponsors = `/v1.0/servicePrincipals/${filer.id}/sponsors`;
      await expectAudits(server, [], async () => {
        const refused = await server.delete(`${sponsors}/${server.users.plain}/$ref`, 'admin');
        assert.match(expectError(refused, 409, 'Conflict'), /last sponsor of 'Ticket filer'/);
        const servicePrincipal = await server.post(`${sponsors}/$ref`, 'admin', { '@odata.id': `https://limen.test/v1.0/directoryObjects/${server.automation.id}` });
        assert.match(expectInvalid(servicePrincipal), /sponsors must be a user or group/);
      });
      await expectAudits(server, ['Add sponsor to agent identity', 'Remove sponsor from agent identity'], async () => {
        expectStatus(await server.post(`${sponsors}/$ref`, 'admin', { '@odata.id': `https://limen.test/v1.0/groups/${sponsorsGroup}` }), 204);
        expectStatus(await server.delete(`${sponsors}/${server.users.plain}/$ref`, 'admin'), 204);
      });
      const left = expectStatus(await server.get(sponsors, 'admin'), 200);
      assert.deepEqual(left.value.map((s: { id: string }) => s.id), [sponsorsGroup]);
    });

    it('refuses a high-privilege app role for an agent until overridden, audits the override and flags the agent', async () => {
      const path = `/v1.0/servicePrincipals/${filer.id}/appRoleAssignments`;
      const body = { principalId: filer.id, resourceId: managementSp, appRoleId: userReadWriteAll };
      await expectAudits(server, [], async () => {
        const refused = await server.post(path, 'admin', body);
        const message = expectInvalid(refused);
        assert.match(message, /'User\.ReadWrite\.All' is a high-privilege permission/);
        assert.match(message, /overrideHighPrivilege=true/);
        assert.equal(refused.json.error.details[0].target, 'appRoleId');
      });
      const [audit] = await expectAudits(server, ['Add app role assignment to service principal'], async () => {
        expectStatus(await server.post(`${path}?overrideHighPrivilege=true`, 'admin', body), 201);
      });
      assert.deepEqual(audit!.additionalDetails?.find((d) => d.key === 'HighPrivilegeOverride'), { key: 'HighPrivilegeOverride', value: 'User.ReadWrite.All' });
      // An ordinary permission needs no override.
      expectStatus(await server.post(path, 'admin', { ...body, appRoleId: userReadAll }), 201);

      const agent = expectStatus(await server.get(`/v1.0/servicePrincipals/${filer.id}`, 'admin'), 200);
      assert.deepEqual(agent.highPrivilegePermissions, ['User.ReadWrite.All']);
      const flagged = expectStatus(await server.get(agents, 'admin'), 200).value
        .filter((a: { highPrivilegePermissions: string[] }) => a.highPrivilegePermissions.length > 0)
        .map((a: { id: string }) => a.id);
      assert.deepEqual(flagged, [filer.id]);
      const permissions = expectStatus(await server.get(`/v1.0/servicePrincipals/${filer.id}/microsoft.graph.agentIdentity/permissions?$filter=highPrivilege eq true`, 'admin'), 200);
      assert.deepEqual(permissions.value.map((p: { value: string; source: string }) => [p.value, p.source]), [['User.ReadWrite.All', 'appRoleAssignment']]);

      const grant = { clientId: reviewer.id, consentType: 'AllPrincipals', resourceId: managementSp, scope: 'User.Read Directory.ReadWrite.All' };
      assert.match(expectInvalid(await server.post('/v1.0/oauth2PermissionGrants', 'admin', grant)), /'Directory\.ReadWrite\.All'/);
    });

    it('updates an agent, and gives it no credentials of its own', async () => {
      const path = `/v1.0/servicePrincipals/${reviewer.id}`;
      const [audit] = await expectAudits(server, ['Update agent identity'], async () => {
        const patch = { displayName: 'Ticket reviewer (EU)', tags: ['eu'], customSecurityAttributes: null };
        expectStatus(await server.patch(path, 'admin', patch), 204);
      });
      const changed = audit!.targetResources[0]!.modifiedProperties.map((p) => p.displayName);
      assert.deepEqual(changed, ['DisplayName', 'Tags', 'CustomSecurityAttributes', 'Included Updated Properties']);
      await expectAudits(server, [], async () => {
        const keys = await server.patch(path, 'admin', { keyCredentials: [] });
        assert.equal(expectInvalid(keys).includes("'keyCredentials'"), true);
        const plain = await server.patch(`/v1.0/servicePrincipals/${server.automation.id}`, 'admin', { customSecurityAttributes: {} });
        assert.match(expectInvalid(plain), /'customSecurityAttributes'/);
      });
      // The Agent ID permission opens agents, not every service principal.
      expectStatus(await server.patch(path, 'appAgents', { tags: ['eu', 'tier-2'] }), 204);
      expectDenied(await server.patch(`/v1.0/servicePrincipals/${server.automation.id}`, 'appAgents', { tags: [] }));
    });

    it('disabling an agent revokes its refresh tokens at once; disabling the blueprint principal stops every agent', async () => {
      await storeRefreshToken(server, filer.appId, 'filer');
      await storeRefreshToken(server, reviewer.appId, 'reviewer');
      await storeRefreshToken(server, server.automation.appId, 'other');
      const [audit] = await expectAudits(server, ['Update agent identity'], async () => {
        expectStatus(await server.patch(`/v1.0/servicePrincipals/${filer.id}`, 'admin', { accountEnabled: false }), 204);
      });
      assert.deepEqual(audit!.targetResources[0]!.modifiedProperties[0], { displayName: 'AccountEnabled', oldValue: '[true]', newValue: '[false]' });
      assert.deepEqual(audit!.additionalDetails?.find((d) => d.key === 'RevokedTokensAndGrants'), { key: 'RevokedTokensAndGrants', value: '2' });
      assert.deepEqual(await payloadsOf(server, 'filer'), []);
      assert.deepEqual(await payloadsOf(server, 'reviewer'), ['Grant', 'RefreshToken'], 'another agent keeps its tokens');
      assert.equal(agentRefusal((await agentOfClientId(server.db, filer.appId))!), 'agentDisabled');

      const reviewerView = (await agentOfClientId(server.db, reviewer.appId))!;
      assert.equal(isAgentUsable(reviewerView), true);
      const principal = reviewerView.blueprintPrincipal!;
      await expectAudits(server, ['Update agent identity blueprint principal'], async () => {
        expectStatus(await server.patch(`/v1.0/servicePrincipals/${principal.id}`, 'admin', { accountEnabled: false }), 204);
      });
      assert.deepEqual(await payloadsOf(server, 'reviewer'), []);
      assert.deepEqual(await payloadsOf(server, 'other'), ['Grant', 'RefreshToken'], 'clients outside the blueprint keep theirs');
      assert.equal(agentRefusal((await agentOfClientId(server.db, reviewer.appId))!), 'blueprintDisabled');
    });

    it('records when an agent last got a token, for the token flows', async () => {
      const at = new Date('2026-11-27T10:00:00Z');
      await createDirectory(server.db).agentIdentities.recordSignIn(reviewer.appId, at);
      const agent = expectStatus(await server.get(`/v1.0/servicePrincipals/${reviewer.id}/microsoft.graph.agentIdentity`, 'admin'), 200);
      assert.equal(agent.lastSignInDateTime, at.toISOString());
    });

    it('answers bad input with a 400 naming the field', async () => {
      await expectAudits(server, [], async () => {
        const missing = await server.post(agents, 'admin', { displayName: 'No blueprint' });
        assert.equal(missing.json.error.details[0].target, 'agentIdentityBlueprintId');
        expectInvalid(missing);
        const unknown = await server.post(agents, 'admin', { displayName: 'X', agentIdentityBlueprintId: 'no-such-app' });
        assert.match(expectInvalid(unknown), /no agent identity blueprint has appId 'no-such-app'/);
        const plainApp = await server.post(agents, 'admin', { displayName: 'X', agentIdentityBlueprintId: server.automation.appId });
        assert.equal(plainApp.json.error.details[0].target, 'agentIdentityBlueprintId');
        const badRef = await server.post(agents, 'admin', { displayName: 'X', agentIdentityBlueprintId: blueprint.appId, 'sponsors@odata.bind': ['nope'] });
        assert.match(expectInvalid(badRef), /'sponsors@odata\.bind\[0\]'/);
        const groupOwner = await server.post(agents, 'admin', {
          displayName: 'X', agentIdentityBlueprintId: blueprint.appId, 'owners@odata.bind': [`https://limen.test/v1.0/groups/${sponsorsGroup}`],
        });
        assert.match(expectInvalid(groupOwner), /owners must be a user or service principal/);
        const nobody = await server.post(agents, 'admin', {
          displayName: 'X', agentIdentityBlueprintId: blueprint.appId, 'sponsors@odata.bind': [userUrl('00000000-0000-4000-8000-000000000000')],
        });
        assert.equal(nobody.json.error.details[0].target, 'sponsors@odata.bind');
        expectInvalid(nobody);
      });
    });

    it('keeps owners of ordinary applications too, audited under Entra\'s names', async () => {
      const app = expectStatus(await server.post('/v1.0/applications', 'admin', { displayName: 'Reporting' }), 201);
      await expectAudits(server, ['Add owner to application', 'Remove owner from application'], async () => {
        expectStatus(await server.post(`/v1.0/applications/${app.id}/owners/$ref`, 'admin', { '@odata.id': `https://limen.test/v1.0/users/${server.users.plain}` }), 204);
        expectStatus(await server.delete(`/v1.0/applications/${app.id}/owners/${server.users.plain}/$ref`, 'admin'), 204);
      });
      expectInvalid(await server.get(`/v1.0/applications/${app.id}/sponsors`, 'admin'));
    });
  });
}
