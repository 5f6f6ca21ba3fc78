import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AgentTokenClient, ConditionalAccessError } from '../../src/sdk/agent/index.ts';
import { makeCertificate } from '../oidc/fixtures.ts';
import { freshDatabaseOptions, testEngines, type FreshDatabase } from '../support/engines.ts';
import { bedrockAgent, startFakeBedrock, type FakeBedrock } from '../support/fake-bedrock.ts';
import { appOnlyClient, expectStatus, graphClient, type GraphClient } from '../support/graph-client.ts';
import { runCli, startLimenProcess, type LimenProcess } from '../support/limen-process.ts';

/**
 * The seed's Agent 365 story, end to end, on a real Limen process with the real CLI. An agent
 * running on Amazon Bedrock (here a local endpoint speaking bedrock-agent's wire format, signed
 * by the real AWS SDK; the real cloud is out of reach) shows up unmanaged after a sync. A
 * developer gives it a blueprint with a certificate and an agent identity, linked to the registry
 * entry, so it becomes managed; the agent reads a user through the management API with the agent
 * SDK. The administrator switches on a policy blocking every agent: the agent's next token request
 * is refused with 53003, and the sign-in log says why and which policy. Excluding that agent lets
 * the same request through, and the user lookup works again.
 */
const graph = '00000003-0000-0000-c000-000000000000';

for (const engine of testEngines()) describe(`the Agent 365 story on ${engine}`, () => {
  let db: FreshDatabase;
  let limen: LimenProcess;
  let bedrock: FakeBedrock;
  let env: Record<string, string>;
  let admin: GraphClient;
  const cli = (...args: string[]) => runCli({ ...db, env }, args);
  const ok = async (...args: string[]) => {
    const r = await cli(...args);
    assert.equal(r.code, 0, `limen ${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  const json = async <T>(...args: string[]) => JSON.parse((await ok(...args, '--json')).stdout) as T;

  // What the steps hand on to each other.
  let entryId: string;
  let agent: { id: string; appId: string };
  let blueprint: { id: string; appId: string };
  let credential: { key: ReturnType<typeof createPrivateKey>; keyId: string };
  let policyId: string;
  const agentClient = () => new AgentTokenClient({
    issuer: limen.url, blueprint: { clientId: blueprint.appId, credential: { kind: 'privateKey', ...credential } }, agentId: agent.appId,
  });
  const readUser = async (token: string) => graphClient(limen.url, token).call<{ userPrincipalName: string }>('GET', '/users/rosa@limen.local');
  /** The sign-ins matching `filter`, once there are `atLeast` (the server writes its log in batches). */
  const signIns = async (filter: string, atLeast = 1) => {
    for (let waited = 0; ; waited += 50) {
      const page = await expectStatus(admin.call<{ value: Array<Record<string, any>> }>('GET', `/auditLogs/signIns?$filter=${encodeURIComponent(filter)}`), 200);
      if (page.value.length >= atLeast || waited > 5000) return page.value;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  before(async () => {
    bedrock = await startFakeBedrock();
    bedrock.agents = [bedrockAgent(1, { agentName: 'claims-triage', description: 'Triages insurance claims' }), bedrockAgent(2)];
    db = await freshDatabaseOptions(engine);
    limen = await startLimenProcess({
      ...db,
      env: { LIMEN_AGENT_SYNC_AWS_KEY_ID: bedrock.accessKeyId, LIMEN_AGENT_SYNC_AWS_SECRET: bedrock.secretAccessKey, LIMEN_SIGNIN_LOG_FLUSH_MS: '20' },
    });
    const r = await runCli({ ...db, env: { LIMEN_PUBLIC_URL: limen.url } }, ['bootstrap-admin', 'service', '--json']);
    const service = JSON.parse(r.stdout) as { clientId: string; clientSecret: string };
    env = { LIMEN_CLIENT_ID: service.clientId, LIMEN_CLIENT_SECRET: service.clientSecret, LIMEN_SERVER: limen.url };
    admin = await appOnlyClient(limen.url, service.clientId, service.clientSecret);
    await ok('users', 'create', '--data', JSON.stringify({ accountEnabled: true, displayName: 'Rosa', userPrincipalName: 'rosa@limen.local' }));
  });
  after(async () => {
    await limen?.stop();
    await bedrock?.close();
    await db?.cleanup();
  });

  test('an agent running on Amazon Bedrock appears in the registry as unmanaged after a sync', async () => {
    await ok('agents', 'connections', 'add', '--name', 'Claims AWS', '--platform', 'amazonBedrock', '--region', 'us-east-1', '--endpoint', bedrock.url,
      '--access-key-id-variable', 'LIMEN_AGENT_SYNC_AWS_KEY_ID', '--secret-access-key-variable', 'LIMEN_AGENT_SYNC_AWS_SECRET');
    assert.match((await ok('agents', 'sync', 'Claims AWS')).stdout, /2 agents found: 2 added/);
    const unmanaged = await json<Array<{ id: string; displayName: string; managed: boolean; sourceAgentId: string }>>('agents', 'registry', '--unmanaged');
    const entry = unmanaged.find((a) => a.displayName === 'claims-triage');
    assert.ok(entry, JSON.stringify(unmanaged));
    assert.deepEqual([entry.managed, entry.sourceAgentId], [false, 'AGENT00001']);
    entryId = entry.id;
  });

  test('a developer creates a blueprint with a certificate and an agent identity for it, linked to the registry entry: it is managed', async () => {
    blueprint = await json('agents', 'blueprints', 'create', '--name', 'Claims agents', '--sponsor', 'rosa@limen.local');
    // A certificate (private_key_jwt), as for production; a client secret would do for development.
    const { certificateDerBase64, privateKeyPem } = makeCertificate();
    await ok('apps', 'update', blueprint.id, '--data', JSON.stringify({
      keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: certificateDerBase64, displayName: 'claims-triage on Bedrock' }],
    }));
    const app = await json<{ keyCredentials: Array<{ keyId: string }> }>('apps', 'get', blueprint.id);
    credential = { key: createPrivateKey(privateKeyPem), keyId: app.keyCredentials[0]!.keyId };

    const created = await ok('agents', 'create', '--blueprint', 'Claims agents', '--name', 'Claims triage', '--sponsor', 'rosa@limen.local', '--registry-entry', entryId);
    assert.match(created.stdout, /Created agent identity 'Claims triage' \(id ([0-9a-f-]{36}), client id [0-9a-f-]{36}\) from 'Claims agents'/);
    assert.match(created.stdout, /Linked the registry's 'claims-triage' \(amazonBedrock AGENT00001\) to it: that agent is now managed/);
    agent = (await json<Array<{ id: string; appId: string; displayName: string }>>('agents', 'list')).find((a) => a.displayName === 'Claims triage')!;

    const shown = await json<{ managed: boolean; agentIdentityId: string }>('agents', 'registry', 'show', entryId);
    assert.deepEqual([shown.managed, shown.agentIdentityId], [true, agent.id]);
    const unmanaged = await json<Array<{ displayName: string }>>('agents', 'registry', '--unmanaged');
    assert.deepEqual(unmanaged.map((a) => a.displayName), ['support-agent-2']);
    const audit = await expectStatus(admin.call<{ value: Array<{ activityDisplayName: string; targetResources: Array<{ id: string }> }> }>(
      'GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Link agent to agent identity'")}`), 200);
    assert.deepEqual(audit.value.map((a) => a.targetResources[0]!.id), [entryId], 'the link is audited');

    const twice = await cli('agents', 'create', '--blueprint', 'Claims agents', '--name', 'Claims twin', '--sponsor', 'rosa@limen.local', '--registry-entry', entryId);
    assert.equal(twice.code, 2, 'an entry already linked is refused, before any agent is made');
    assert.match(twice.stderr, /already linked to agent identity .*'limen agents registry unlink/);
    const unknown = await cli('agents', 'create', '--blueprint', 'Claims agents', '--name', 'Claims ghost', '--sponsor', 'rosa@limen.local', '--registry-entry', '00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.code, 3, 'an unknown entry is not found');
    assert.equal((await json<unknown[]>('agents', 'list')).length, 1);

    const again = await cli('agents', 'sync', 'Claims AWS', '--json');
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await json<{ managed: boolean }>('agents', 'registry', 'show', entryId)).managed, true, 'a sync keeps the link');
  });

  test('limen agents registry unlink and link change an entry’s link, each audited', async () => {
    assert.match((await ok('agents', 'registry', 'unlink', entryId)).stdout, /Unlinked 'claims-triage' \(amazonBedrock AGENT00001\) from its agent identity: it is unmanaged/);
    assert.equal((await json<{ managed: boolean }>('agents', 'registry', 'show', entryId)).managed, false);
    assert.match((await ok('agents', 'registry', 'link', entryId, 'Claims triage')).stdout, /Linked 'claims-triage' .* to agent identity 'Claims triage': it is managed/);
    assert.equal((await json<{ agentIdentityId: string }>('agents', 'registry', 'show', entryId)).agentIdentityId, agent.id);
    const audit = await expectStatus(admin.call<{ value: Array<{ activityDisplayName: string }> }>(
      'GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent("category eq 'AgentRegistry'")}&$top=999`), 200);
    const links = audit.value.map((a) => a.activityDisplayName).filter((n) => /link/i.test(n));
    assert.deepEqual(links.sort(), ['Link agent to agent identity', 'Link agent to agent identity', 'Unlink agent from agent identity']);
    assert.equal((await cli('agents', 'registry', 'link', entryId)).code, 2, 'link needs an agent');
  });

  test('granted User.Read.All on the management API, the agent gets a token with the SDK and reads a user', async () => {
    assert.match((await ok('agents', 'grant', 'Claims triage', '--resource', graph, '--role', 'User.Read.All')).stdout,
      /Granted 'User\.Read\.All' of 'Limen Graph API' to 'Claims triage'/);
    const token = await agentClient().getToken({ scope: 'api://limen/.default' });
    const user = await readUser(token.accessToken);
    assert.equal(user.status, 200, JSON.stringify(user.json));
    assert.equal(user.json.userPrincipalName, 'rosa@limen.local');
  });

  test('the administrator blocks every agent identity with an enabled policy, which the lockout guard lets through', async () => {
    const response = await fetch(`${limen.url}/v1.0/identity/conditionalAccess/policies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        displayName: 'Block all agents',
        state: 'enabled',
        conditions: {
          clientApplications: { includeAgentIdServicePrincipals: ['All'] },
          applications: { includeApplications: ['All'] },
          clientAppTypes: ['all'],
        },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      }),
    });
    const body = await response.json() as { id: string };
    assert.equal(response.status, 201, JSON.stringify(body));
    assert.equal(response.headers.get('warning'), null, 'no lockout warning: the policy blocks no person');
    policyId = body.id;
  });

  test('the agent’s next token request is refused: a ConditionalAccessError naming the policy, with a correlation id', async () => {
    const error = await agentClient().getToken({ scope: 'api://limen/.default' }).catch((e: unknown) => e);
    assert.ok(error instanceof ConditionalAccessError, String(error));
    assert.equal(error.blocked, true);
    assert.equal(error.code, 53003);
    assert.deepEqual(error.policies, ['Block all agents']);
    assert.match(error.correlationId ?? '', /^[0-9a-f-]{36}$/);

    const [logged] = await signIns(`correlationId eq '${error.correlationId}'`);
    assert.ok(logged, 'the refusal is in the sign-in log under its correlation id');
    assert.equal(logged.appId, agent.appId);
    assert.equal(logged.status.errorCode, 53003);
    assert.equal(logged.status.failureReason, 'Access has been blocked by Conditional Access policies.');
    assert.equal(logged.conditionalAccessStatus, 'failure');
    assert.deepEqual(logged.appliedConditionalAccessPolicies.filter((p: any) => p.id === policyId).map((p: any) => [p.displayName, p.result]),
      [['Block all agents', 'failure']]);
    assert.equal(logged.agent.agentIdentityId, agent.id);
  });

  test('excluded from the policy, the same agent’s same request succeeds and the user lookup works', async () => {
    await expectStatus(admin.call('PATCH', `/identity/conditionalAccess/policies/${policyId}`, {
      conditions: { clientApplications: { includeAgentIdServicePrincipals: ['All'], excludeAgentIdServicePrincipals: [agent.id] } },
    }), 204);
    const token = await agentClient().getToken({ scope: 'api://limen/.default' });
    const user = await readUser(token.accessToken);
    assert.equal(user.status, 200, JSON.stringify(user.json));
    assert.equal(user.json.userPrincipalName, 'rosa@limen.local');
    const logged = await signIns(`appId eq '${agent.appId}' and status/errorCode eq 0`, 2);
    assert.ok(logged.length >= 2, 'before the policy and after the exclusion');
    const policy = await expectStatus(admin.call<{ state: string; conditions: { clientApplications: Record<string, string[]>; applications: Record<string, string[]> } }>(
      'GET', `/identity/conditionalAccess/policies/${policyId}`), 200);
    assert.deepEqual([policy.state, policy.conditions.applications.includeApplications, policy.conditions.clientApplications.excludeAgentIdServicePrincipals],
      ['enabled', ['All'], [agent.id]]);

    // The exclusion is that agent's alone: another agent of the same blueprint is still blocked.
    const other = JSON.parse((await ok('agents', 'create', '--blueprint', 'Claims agents', '--name', 'Claims second', '--sponsor', 'rosa@limen.local', '--json')).stdout) as { appId: string };
    const refused = await new AgentTokenClient({
      issuer: limen.url, blueprint: { clientId: blueprint.appId, credential: { kind: 'privateKey', ...credential } }, agentId: other.appId,
    }).getToken({ scope: 'api://limen/.default' }).catch((e: unknown) => e);
    assert.ok(refused instanceof ConditionalAccessError && refused.code === 53003, String(refused));
  });
});
