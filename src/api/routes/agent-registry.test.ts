import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { bedrockAgent, startFakeBedrock, type FakeBedrock } from '../../../test/support/fake-bedrock.ts';
import { reasoningEngine, startFakeVertex, type FakeVertex } from '../../../test/support/fake-vertex.ts';
import { createDirectory, managementApi, managementAppRoles } from '../../directory/index.ts';
import {
  expectAudits, expectDenied, expectError, expectInvalid, expectNotFound, expectStatus, filter, startGraphServer, type GraphTestServer,
} from './graph-test-server.ts';

const connections = '/v1.0/agentRegistry/connections';
const instances = '/v1.0/agentRegistry/agentInstances';

/** An agent identity created through the API (the admin becomes its sponsor), with an optional app role of the management API. */
async function agentIdentity(server: GraphTestServer, name: string, permission?: string): Promise<string> {
  const blueprint = expectStatus(await server.post('/v1.0/applications/microsoft.graph.agentIdentityBlueprint', 'admin', { displayName: `${name} blueprint` }), 201);
  const agent = expectStatus(await server.post('/v1.0/servicePrincipals/microsoft.graph.agentIdentity', 'admin', { displayName: name, agentIdentityBlueprintId: blueprint.appId }), 201);
  if (permission) {
    const dir = createDirectory(server.db);
    const api = (await dir.servicePrincipals.getByAppId(managementApi.appId))!;
    await server.db.insertInto('app_role_assignments').values({
      id: crypto.randomUUID(), app_role_id: managementAppRoles.find((r) => r.value === permission)!.id, principal_id: agent.id,
      principal_type: 'ServicePrincipal', principal_display_name: name, resource_id: api.id, resource_display_name: api.displayName,
      created_date_time: new Date().toISOString(),
    }).execute();
  }
  return agent.id;
}

for (const engine of testEngines()) {
  describe(`/v1.0/agentRegistry on ${engine}`, () => {
    let server: GraphTestServer;
    let bedrock: FakeBedrock;
    let vertex: FakeVertex;
    let bedrockConnection: string;
    const variables = {
      LIMEN_AGENT_SYNC_ROUTES_KEY_ID: '', LIMEN_AGENT_SYNC_ROUTES_SECRET: '', LIMEN_AGENT_SYNC_ROUTES_VERTEX_TOKEN: '',
    };
    const bedrockBody = () => ({
      displayName: 'Prod Bedrock', platform: 'amazonBedrock', region: 'us-east-1', endpoint: bedrock.url,
      credential: { accessKeyIdVariable: 'LIMEN_AGENT_SYNC_ROUTES_KEY_ID', secretAccessKeyVariable: 'LIMEN_AGENT_SYNC_ROUTES_SECRET' },
    });
    const sync = async (id: string) => expectStatus(await server.post(`${connections}/${id}/sync`, 'admin'), 200);

    before(async () => {
      server = await startGraphServer(engine);
      bedrock = await startFakeBedrock({ pageSize: 2 });
      vertex = await startFakeVertex({ pageSize: 2 });
      bedrock.agents = [1, 2, 3].map((n) => bedrockAgent(n));
      vertex.engines = [reasoningEngine(1)];
      variables.LIMEN_AGENT_SYNC_ROUTES_KEY_ID = bedrock.accessKeyId;
      variables.LIMEN_AGENT_SYNC_ROUTES_SECRET = bedrock.secretAccessKey;
      variables.LIMEN_AGENT_SYNC_ROUTES_VERTEX_TOKEN = vertex.token;
      Object.assign(process.env, variables);
    });
    after(async () => {
      for (const name of Object.keys(variables)) delete process.env[name];
      await Promise.all([server.close(), bedrock.close(), vertex.close()]);
    });

    it('creates a Bedrock connection that names its credential variables, audited, and never holds a secret', async () => {
      let created: any;
      await expectAudits(server, ['Add agent registry connection'], async () => {
        const r = await server.post(connections, 'admin', bedrockBody());
        created = expectStatus(r, 201);
        assert.equal(r.headers.get('location'), `https://limen.test${connections}/${created.id}`);
      });
      bedrockConnection = created.id;
      assert.equal(created.lastSyncRun, null);
      assert.deepEqual(created.credential, bedrockBody().credential);
      assert.equal(JSON.stringify(created).includes(bedrock.secretAccessKey), false);
      const listed = expectStatus(await server.get(`${connections}?${filter("platform eq 'amazonBedrock'")}`, 'admin'), 200);
      assert.deepEqual(listed.value.map((c: any) => c.displayName), ['Prod Bedrock']);
      assert.equal(expectStatus(await server.get(`${connections}/${created.id}`, 'admin'), 200).region, 'us-east-1');
    });

    it('refuses a connection missing what its platform needs, or naming a variable outside LIMEN_AGENT_SYNC_*, with a 400 naming the property', async () => {
      await expectAudits(server, [], async () => {
        assert.match(expectInvalid(await server.post(connections, 'admin', { ...bedrockBody(), region: undefined })), /'region'/);
        assert.match(expectInvalid(await server.post(connections, 'admin', {
          ...bedrockBody(), credential: { accessKeyIdVariable: 'LIMEN_MASTER_KEY', secretAccessKeyVariable: 'LIMEN_AGENT_SYNC_X' },
        })), /'credential\.accessKeyIdVariable'.*LIMEN_AGENT_SYNC_/);
        assert.match(expectInvalid(await server.post(connections, 'admin', { ...bedrockBody(), endpoint: 'http://bedrock.example.com' })), /'endpoint'.*https/);
        assert.match(expectInvalid(await server.post(connections, 'admin', { ...bedrockBody(), project: 'my-project-1' })), /'project'/);
        assert.match(expectInvalid(await server.post(connections, 'admin', { ...bedrockBody(), secretAccessKey: 'x' })), /'secretAccessKey' does not exist/);
        assert.match(expectInvalid(await server.post(connections, 'admin', {
          displayName: 'Vertex', platform: 'googleVertexAi', project: 'limen-agents-test', location: 'us-central1',
        })), /'credential'.*accessTokenVariable/);
        assert.match(expectInvalid(await server.post(connections, 'admin', { displayName: 'X', platform: 'openAi' })), /'platform'/);
        assert.match(expectInvalid(await server.patch(`${connections}/${bedrockConnection}`, 'admin', { location: 'us-central1' })), /'location'/);
        assert.match(expectInvalid(await server.patch(`${connections}/${bedrockConnection}`, 'admin', { platform: 'googleVertexAi' })), /'platform'/);
      });
    });

    it('lets only registry administrators see or change connections', async () => {
      expectDenied(await server.get(connections, 'helpdesk'));
      expectDenied(await server.post(connections, 'appNothing', bedrockBody()));
      expectDenied(await server.post(`${connections}/${bedrockConnection}/sync`, 'appUserRead'));
      expectNotFound(await server.post(`${connections}/00000000-0000-4000-8000-000000000000/sync`, 'admin'));
    });

    it('syncs: lists every page of the platform, adds its agents unmanaged, answers the run and audits it', async () => {
      let run: any;
      const [audit] = await expectAudits(server, ['Sync agent registry connection'], async () => {
        run = await sync(bedrockConnection);
      });
      assert.equal(run.status, 'succeeded');
      assert.deepEqual([run.agentsFound, run.added, run.updated, run.unchanged, run.removed], [3, 3, 0, 0, 0]);
      assert.equal(audit!.result, 'success');
      assert.ok(audit!.additionalDetails.some((d: any) => d.key === 'added' && d.value === '3'));
      const list = expectStatus(await server.get(`${instances}?${filter('managed eq false')}&$orderby=displayName`, 'admin'), 200);
      assert.deepEqual(list.value.map((a: any) => a.sourceAgentId), ['AGENT00001', 'AGENT00002', 'AGENT00003']);
      const [first] = list.value;
      assert.equal(first.platform, 'amazonBedrock');
      assert.equal(first.status, 'PREPARED');
      assert.equal(first.account, '123456789012');
      assert.equal(first.agentIdentityId, null);
      assert.equal(first.originatingStore, 'Amazon Bedrock Agents');
      assert.equal(first.connectionId, bedrockConnection);
    });

    it('syncing again changes nothing; a 403 from the platform is a failed run that removes nothing; a vanished agent is marked removed', async () => {
      const again = await sync(bedrockConnection);
      assert.deepEqual([again.added, again.updated, again.unchanged, again.removed], [0, 0, 3, 0]);

      bedrock.deny = { operation: 'ListAgents', fromPage: 2 };
      const [audit] = await expectAudits(server, ['Sync agent registry connection'], async () => {
        const failed = await sync(bedrockConnection);
        assert.equal(failed.status, 'failed');
        assert.equal(failed.error.code, 'accessDenied');
        assert.match(failed.error.message, /Amazon Bedrock refused ListAgents \(403 AccessDeniedException\)/);
      });
      assert.equal(audit!.result, 'failure');
      assert.match(audit!.resultReason, /403 AccessDeniedException/);
      bedrock.deny = undefined;
      const present = expectStatus(await server.get(`${instances}?${filter('removedDateTime eq null')}&$count=true`, 'admin'), 200);
      assert.equal(present['@odata.count'], 3);

      bedrock.agents = bedrock.agents.filter((a) => a.agentId !== 'AGENT00002');
      const gone = await sync(bedrockConnection);
      assert.deepEqual([gone.unchanged, gone.removed], [2, 1]);
      const removed = expectStatus(await server.get(`${instances}?${filter("status eq 'removed'")}`, 'admin'), 200);
      assert.deepEqual(removed.value.map((a: any) => a.sourceAgentId), ['AGENT00002']);
      assert.ok(removed.value[0].removedDateTime);

      const runs = expectStatus(await server.get(`${connections}/${bedrockConnection}/runs`, 'admin'), 200);
      assert.deepEqual(runs.value.map((r: any) => r.status), ['succeeded', 'failed', 'succeeded', 'succeeded'], 'newest first');
      assert.deepEqual(runs.value[0].changes.map((c: any) => [c.sourceAgentId, c.change]), [['AGENT00002', 'removed']]);
      const connection = expectStatus(await server.get(`${connections}/${bedrockConnection}`, 'admin'), 200);
      assert.deepEqual([connection.lastSyncRun.id, connection.lastSyncRun.changes], [runs.value[0].id, undefined]);
      const top = expectStatus(await server.get(`${connections}/${bedrockConnection}/runs?$top=1`, 'admin'), 200);
      assert.ok(top['@odata.nextLink']);
    });

    it('syncs a Vertex AI Agent Engine connection with its bearer token', async () => {
      const created = expectStatus(await server.post(connections, 'admin', {
        displayName: 'Vertex', platform: 'googleVertexAi', project: vertex.project, location: vertex.location, endpoint: vertex.url,
        credential: { accessTokenVariable: 'LIMEN_AGENT_SYNC_ROUTES_VERTEX_TOKEN' },
      }), 201);
      const run = await sync(created.id);
      assert.equal(run.added, 1, JSON.stringify(run));
      const list = expectStatus(await server.get(`${instances}?${filter("platform eq 'googleVertexAi'")}`, 'admin'), 200);
      assert.deepEqual(list.value[0].agentCard.skills.map((s: any) => s.id), ['query', 'stream_query']);
    });

    it('gets one agent with $select, and answers 404 for an unknown one', async () => {
      const list = expectStatus(await server.get(`${instances}?${filter("sourceAgentId eq 'AGENT00001'")}`, 'admin'), 200);
      const id = list.value[0].id;
      const one = expectStatus(await server.get(`${instances}/${id}?$select=id,displayName,managed`, 'admin'), 200);
      assert.deepEqual(Object.keys(one).sort(), ['@odata.context', 'displayName', 'id', 'managed']);
      expectNotFound(await server.get(`${instances}/00000000-0000-4000-8000-000000000000`, 'admin'));
      assert.match(expectError(await server.get(`${instances}?${filter("nope eq 'x'")}`, 'admin'), 400, 'BadRequest'), /'nope'/);
    });

    it('links an agent to its agent identity and unlinks it, each audited; refuses an id that is not an agent identity', async () => {
      const identity = await agentIdentity(server, 'Support agent identity');
      const id = expectStatus(await server.get(`${instances}?${filter("sourceAgentId eq 'AGENT00001'")}`, 'admin'), 200).value[0].id;
      const [link] = await expectAudits(server, ['Link agent to agent identity'], async () => {
        expectStatus(await server.patch(`${instances}/${id}`, 'admin', { agentIdentityId: identity }), 204);
      });
      assert.equal(link!.targetResources[0]!.modifiedProperties[0]!.newValue, JSON.stringify([identity]));
      const managed = expectStatus(await server.get(`${instances}?${filter('managed eq true')}`, 'admin'), 200);
      assert.deepEqual(managed.value.map((a: any) => a.agentIdentityId), [identity]);
      assert.equal((await sync(bedrockConnection)).updated, 0, 'a sync keeps the link and counts no change');

      await expectAudits(server, [], async () => {
        assert.match(expectInvalid(await server.patch(`${instances}/${id}`, 'admin', { agentIdentityId: server.automation.id })), /'agentIdentityId'.*no agent identity/);
        assert.match(expectInvalid(await server.patch(`${instances}/${id}`, 'admin', { agentIdentityId: 'nope' })), /'agentIdentityId'/);
        assert.match(expectInvalid(await server.patch(`${instances}/${id}`, 'admin', { agentIdentityId: identity, displayName: 'x' })), /'displayName' does not exist/);
        expectStatus(await server.patch(`${instances}/${id}`, 'admin', { agentIdentityId: identity }), 204);
      });
      expectDenied(await server.patch(`${instances}/${id}`, 'helpdesk', { agentIdentityId: null }));
      await expectAudits(server, ['Unlink agent from agent identity'], async () => {
        expectStatus(await server.patch(`${instances}/${id}`, 'admin', { agentIdentityId: null }), 204);
      });
      assert.equal(expectStatus(await server.get(`${instances}/${id}`, 'admin'), 200).managed, false);
    });

    it('imports agents of another platform from JSON and CSV: a dry run stores nothing, a second import changes nothing', async () => {
      const agents = [
        { sourceAgentId: 'BOT-1', displayName: 'Service agent', platform: 'salesforceAgentforce', account: '00D5e000000abcd', status: 'Active' },
        { sourceAgentId: 'BOT-2', displayName: 'Employee agent', platform: 'salesforceAgentforce', account: '00D5e000000abcd' },
      ];
      await expectAudits(server, [], async () => {
        const dry = expectStatus(await server.post('/v1.0/agentRegistry/import', 'admin', { agents, dryRun: true }), 200);
        assert.deepEqual([dry.dryRun, dry.added], [true, 2]);
      });
      assert.equal(expectStatus(await server.get(`${instances}?${filter("platform eq 'salesforceAgentforce'")}`, 'admin'), 200).value.length, 0);
      await expectAudits(server, ['Import agents to agent registry'], async () => {
        assert.equal(expectStatus(await server.post('/v1.0/agentRegistry/import', 'admin', { agents }), 200).added, 2);
      });
      await expectAudits(server, [], async () => {
        const again = expectStatus(await server.post('/v1.0/agentRegistry/import', 'admin', { agents }), 200);
        assert.deepEqual([again.added, again.updated, again.unchanged], [0, 0, 2]);
      });
      const csv = 'sourceAgentId,displayName,status\nserve-1,Forecaster,READY\n';
      const fromCsv = expectStatus(await server.post('/v1.0/agentRegistry/import', 'admin', { csv, platform: 'databricks' }), 200);
      assert.equal(fromCsv.added, 1);
      const imported = expectStatus(await server.get(`${instances}?${filter("platform eq 'databricks'")}`, 'admin'), 200).value[0];
      assert.deepEqual([imported.displayName, imported.status, imported.connectionId], ['Forecaster', 'READY', null]);
    });

    it('refuses an import with problems as one 400 listing each by item and property, storing nothing', async () => {
      await expectAudits(server, [], async () => {
        const r = await server.post('/v1.0/agentRegistry/import', 'admin', {
          agents: [{ sourceAgentId: 'ok', displayName: 'Ok' }, { sourceAgentId: 'bad' }, { sourceAgentId: 'x', displayName: 'X', agentIdentityId: '00000000-0000-4000-8000-000000000001' }],
        });
        assert.match(expectInvalid(r), /^agents\[1\]\.displayName: a value is required/);
        assert.deepEqual(r.json.error.details.map((d: any) => d.target), ['agents[1].displayName']);
        const unknown = await server.post('/v1.0/agentRegistry/import', 'admin', {
          agents: [{ sourceAgentId: 'x', displayName: 'X', agentIdentityId: '00000000-0000-4000-8000-000000000001' }],
        });
        assert.match(expectInvalid(unknown), /agents\[0\]\.agentIdentityId: no agent identity/);
        assert.match(expectInvalid(await server.post('/v1.0/agentRegistry/import', 'admin', { platform: 'x' })), /'agents'/);
        assert.match(expectInvalid(await server.post('/v1.0/agentRegistry/import', 'admin', { csv: 'a,b\n"x' })), /csv row 1: not CSV/);
      });
    });

    it('gives the overview: totals, new and active agents, unmanaged, over-privileged identities', async () => {
      await agentIdentity(server, 'Directory-only agent', 'Directory.ReadWrite.All');
      const o = expectStatus(await server.get('/v1.0/agentRegistry/overview', 'admin'), 200);
      // Bedrock: 2 present (1 removed), Vertex 1, Salesforce 2, Databricks 1; identities: one unlinked earlier, one new.
      assert.equal(o.removed, 1);
      assert.equal(o.unmanaged, 6);
      assert.equal(o.totalAgents, 8);
      assert.equal(o.managed, 2);
      assert.equal(o.activeLast30Days, 6, 'the synced and imported agents were seen now; the identities never signed in');
      assert.equal(o.overPrivileged, 1);
      assert.equal(o.ownerless, 2, 'both identities were made with a sponsor (the admin) and no owner');
      assert.equal(o.sponsorless, 0);
      assert.ok(o.byPlatform.some((p: any) => p.platform === 'amazonBedrock' && p.total === 2));
      expectDenied(await server.get('/v1.0/agentRegistry/overview', 'helpdesk'));
    });

    it('deleting a connection keeps its agents and their history', async () => {
      await expectAudits(server, ['Delete agent registry connection'], async () => {
        expectStatus(await server.delete(`${connections}/${bedrockConnection}`, 'admin'), 204);
      });
      expectNotFound(await server.get(`${connections}/${bedrockConnection}`, 'admin'));
      const kept = expectStatus(await server.get(`${instances}?${filter(`connectionId eq ${bedrockConnection}`)}`, 'admin'), 200);
      assert.equal(kept.value.length, 3);
    });
  });
}
