import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bootstrapAdminService } from '../../src/admin/bootstrap-admin.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startLimen, type Limen } from '../../src/limen.ts';
import { AgentTokenClient, ConditionalAccessError, LimenTokenError } from '../../src/sdk/agent/index.ts';
import { freshDatabaseOptions, testEngines, type FreshDatabase } from '../support/engines.ts';
import { appOnlyClient, expectStatus, graphClient, type GraphClient } from '../support/graph-client.ts';

/**
 * The Agent ID story, through the management API and the agent SDK against a real Limen: a
 * blueprint with two agents. One is granted Application.ReadWrite.All (only with the
 * high-privilege override, audited); it is flagged wherever agents are listed, the administrator
 * disables it in one action, and its next token request fails, saying why, while the other agent
 * goes on working. Then custom security attributes decide who a block-all-agents policy spares:
 * the agent HR approved gets tokens, one HR has not approved and one without attributes do not.
 */
const graph = '00000003-0000-0000-c000-000000000000';
const agentsPath = '/servicePrincipals/microsoft.graph.agentIdentity';
const hrAttributes = (approved: boolean) => ({ HR: { '@odata.type': '#microsoft.graph.customSecurityAttributeValue', department: 'HR', approved } });

interface Agent { id: string; appId: string; displayName: string; highPrivilegePermissions: string[]; accountEnabled: boolean }

for (const engine of testEngines()) describe(`the Agent ID story on ${engine}`, () => {
  let database: FreshDatabase;
  let limen: Limen;
  let admin: GraphClient;
  let blueprint: { id: string; appId: string };
  let secret: string;
  let sponsor: string;
  let reporter: Agent;
  let deployer: Agent;
  let graphRoles: Record<string, string>;

  const sdk = (agent: Agent) => new AgentTokenClient({
    issuer: limen.url, blueprint: { clientId: blueprint.appId, credential: { kind: 'clientSecret', secret } }, agentId: agent.appId,
  });
  const tokenFor = (agent: Agent) => sdk(agent).getToken({ scope: 'api://limen/.default' });
  const refusal = (agent: Agent) => tokenFor(agent).then(() => assert.fail(`${agent.displayName} got a token`), (e: unknown) => e);
  const getAgent = async (agent: Agent) => expectStatus(admin.call<Agent>('GET', `/servicePrincipals/${agent.id}/microsoft.graph.agentIdentity`), 200);
  async function createAgent(displayName: string, extra: Record<string, unknown> = {}): Promise<Agent> {
    return expectStatus(admin.call<Agent>('POST', agentsPath, {
      displayName, agentIdentityBlueprintId: blueprint.appId, 'sponsors@odata.bind': [sponsor], ...extra,
    }), 201);
  }
  async function grant(agent: Agent, role: string, query = '') {
    return admin.call('POST', `/servicePrincipals/${agent.id}/appRoleAssignments${query}`, { principalId: agent.id, resourceId: graphRoles.resource, appRoleId: graphRoles[role] });
  }
  /** The client's latest sign-in with `errorCode`, once the log's batch is written. */
  async function lastSignIn(appId: string, errorCode: number) {
    const filter = encodeURIComponent(`appId eq '${appId}' and status/errorCode eq ${errorCode}`);
    for (let waited = 0; ; waited += 50) {
      const page = await expectStatus(admin.call<{ value: Array<Record<string, any>> }>('GET', `/auditLogs/signIns?$filter=${filter}&$top=1`), 200);
      if (page.value[0] || waited > 5000) return page.value[0]!;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  before(async () => {
    database = await freshDatabaseOptions(engine);
    limen = await startLimen(loadConfig({}, {
      host: '127.0.0.1', port: 0, publicUrl: 'http://127.0.0.1:0', dataDir: database.dataDir, databaseUrl: database.databaseUrl, signInLogFlushMs: 20,
    }));
    const service = await bootstrapAdminService(limen.store.db, limen.url);
    admin = await appOnlyClient(limen.url, service.clientId, service.clientSecret);
    const user = await expectStatus(admin.call<{ id: string }>('POST', '/users', { accountEnabled: true, displayName: 'Hana', userPrincipalName: 'hana@contoso.test' }), 201);
    sponsor = `${limen.url}/v1.0/users/${user.id}`;
    blueprint = await expectStatus(admin.call<{ id: string; appId: string }>('POST', '/applications/microsoft.graph.agentIdentityBlueprint', {
      displayName: 'Operations agents', 'sponsors@odata.bind': [sponsor],
    }), 201);
    // A client secret, for a development tenant; production blueprints use a certificate or a federated credential.
    secret = (await expectStatus(admin.call<{ secretText: string }>('POST', `/applications/${blueprint.id}/addPassword`, { passwordCredential: { displayName: 'dev' } }), 200)).secretText;
    const api = await expectStatus(admin.call<{ id: string; appRoles: Array<{ id: string; value: string }> }>('GET', `/servicePrincipals(appId='${graph}')`), 200);
    graphRoles = { resource: api.id, ...Object.fromEntries(api.appRoles.map((r) => [r.value, r.id])) };
    reporter = await createAgent('Weekly reporter');
    deployer = await createAgent('App deployer');
    for (const agent of [reporter, deployer]) await expectStatus(grant(agent, 'User.Read.All'), 201);
  });
  after(async () => {
    await limen?.close();
    await database?.cleanup();
  });

  test('both agents of the blueprint get tokens and read the directory', async () => {
    for (const agent of [reporter, deployer]) {
      const token = await tokenFor(agent);
      assert.equal((await graphClient(limen.url, token.accessToken).call('GET', '/users/hana@contoso.test')).status, 200);
    }
  });

  test('Application.ReadWrite.All is refused for an agent unless the administrator overrides, and the override is audited', async () => {
    const refused = await grant(deployer, 'Application.ReadWrite.All');
    assert.equal(refused.status, 400, JSON.stringify(refused.json));
    assert.match((refused.json as { error: { message: string } }).error.message, /'Application\.ReadWrite\.All' is a high-privilege permission.*\?overrideHighPrivilege=true/);
    assert.deepEqual((await getAgent(deployer)).highPrivilegePermissions, [], 'nothing was granted');

    const granted = await expectStatus(grant(deployer, 'Application.ReadWrite.All', '?overrideHighPrivilege=true'), 201) as { id: string };
    const audits = await expectStatus(admin.call<{ value: Array<{ targetResources: Array<{ id: string }>; additionalDetails: Array<{ key: string; value: string }> }> }>(
      'GET', `/auditLogs/directoryAudits?$top=20`), 200);
    const record = audits.value.find((a) => a.additionalDetails.some((d) => d.key === 'HighPrivilegeOverride'));
    assert.ok(record, 'the override is in the audit log');
    assert.deepEqual(record.additionalDetails.filter((d) => d.key === 'HighPrivilegeOverride').map((d) => d.value), ['Application.ReadWrite.All']);
    assert.ok(record.targetResources.some((t) => t.id === granted.id || t.id === deployer.id), JSON.stringify(record.targetResources));
  });

  test('the over-privileged agent is flagged on the agent, in the agents list and in the registry overview', async () => {
    assert.deepEqual((await getAgent(deployer)).highPrivilegePermissions, ['Application.ReadWrite.All']);
    assert.deepEqual((await getAgent(reporter)).highPrivilegePermissions, []);
    const list = await expectStatus(admin.call<{ value: Agent[] }>('GET', `${agentsPath}?$filter=${encodeURIComponent(`agentIdentityBlueprintId eq '${blueprint.appId}'`)}`), 200);
    assert.deepEqual(list.value.filter((a) => a.highPrivilegePermissions.length > 0).map((a) => a.displayName), ['App deployer']);
    const overview = await expectStatus(admin.call<{ overPrivileged: number }>('GET', '/agentRegistry/overview'), 200);
    assert.equal(overview.overPrivileged, 1);
  });

  test('disabled in one action, the flagged agent’s next token request fails saying why, logged; the other agent still works', async () => {
    await expectStatus(admin.call('PATCH', `/servicePrincipals/${deployer.id}`, { accountEnabled: false }), 204);
    assert.equal((await getAgent(deployer)).accountEnabled, false);

    const error = await refusal(deployer);
    assert.ok(error instanceof LimenTokenError && !(error instanceof ConditionalAccessError), String(error));
    assert.equal(error.error, 'unauthorized_client');
    assert.equal(error.code, 7000112);
    assert.match(error.message, /AADSTS7000112: .*disabled/);
    // The SDK's first step (the blueprint's assertion naming the agent) is already refused, and logged.
    const logged = await lastSignIn(blueprint.appId, 7000112);
    assert.ok(logged, 'the refusal is in the sign-in log');
    assert.match(logged.status.failureReason, /disabled/i);
    assert.equal(logged.agent.agentIdentityId, deployer.id);

    const audits = await expectStatus(admin.call<{ value: Array<Record<string, any>> }>('GET',
      `/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Update agent identity'")}`), 200);
    const disabling = audits.value.find((a) => a.targetResources[0].id === deployer.id)!;
    assert.ok(disabling.additionalDetails.some((d: { key: string }) => d.key === 'RevokedTokensAndGrants'), 'the disable revoked its tokens and grants in the same change');
    const remaining = await limen.store.db.selectFrom('oidc_payloads').select(['model', 'payload']).where('model', '=', 'RefreshToken').execute();
    assert.equal(remaining.filter((r) => JSON.parse(r.payload).clientId === deployer.appId).length, 0, 'no refresh token of the agent is left');

    const token = await tokenFor(reporter);
    assert.equal((await graphClient(limen.url, token.accessToken).call('GET', '/users/hana@contoso.test')).status, 200);
  });

  test('a block-all-agents policy that excludes agents HR approved by custom security attributes lets only those through', async () => {
    const approved = await createAgent('HR onboarding', { customSecurityAttributes: hrAttributes(true) });
    const pending = await createAgent('HR payroll draft');
    await expectStatus(admin.call('PATCH', `/servicePrincipals/${pending.id}`, { customSecurityAttributes: hrAttributes(false) }), 204);
    const plain = reporter; // no attributes at all
    for (const agent of [approved, pending]) await expectStatus(grant(agent, 'User.Read.All'), 201);
    assert.deepEqual(((await getAgent(pending)) as unknown as { customSecurityAttributes: unknown }).customSecurityAttributes, hrAttributes(false));

    const policy = await expectStatus(admin.call<{ id: string }>('POST', '/identity/conditionalAccess/policies', {
      displayName: 'Block agents HR has not approved',
      state: 'enabled',
      conditions: {
        clientApplications: {
          includeAgentIdServicePrincipals: ['All'],
          agentIdServicePrincipalFilter: { mode: 'exclude', rule: 'CustomSecurityAttribute.HR_department -eq "HR" -and CustomSecurityAttribute.HR_approved -eq "true"' },
        },
        applications: { includeApplications: ['All'] },
        clientAppTypes: ['all'],
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    }), 201);

    const token = await tokenFor(approved);
    assert.equal((await graphClient(limen.url, token.accessToken).call('GET', '/users/hana@contoso.test')).status, 200);
    for (const agent of [pending, plain]) {
      const error = await refusal(agent);
      assert.ok(error instanceof ConditionalAccessError, `${agent.displayName}: ${String(error)}`);
      assert.equal(error.code, 53003);
      assert.deepEqual(error.policies, ['Block agents HR has not approved']);
    }
    const spared = await lastSignIn(approved.appId, 0);
    assert.ok(spared, 'the HR-approved agent’s sign-in is logged as a success');
    assert.deepEqual(spared.appliedConditionalAccessPolicies.filter((p: any) => p.id === policy.id).map((p: any) => p.result), [],
      'a policy that does not apply is left out of a token request’s record');
  });
});
