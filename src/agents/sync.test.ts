import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { freshStore, testEngines, type FreshStore } from '../../test/support/engines.ts';
import { bedrockAgent, startFakeBedrock, type FakeBedrock } from '../../test/support/fake-bedrock.ts';
import type { AgentRegistryConnection } from './connection.ts';
import { connectorFor } from './connector-for.ts';
import { ConnectorError, type AgentConnector, type DiscoveredAgent } from './connector.ts';
import { createAgentRegistryRepository } from './registry.repository.ts';
import { listPlatform, recordSync } from './sync.ts';

const agent = (id: string, overrides: Partial<DiscoveredAgent> = {}): DiscoveredAgent => ({
  sourceAgentId: id, displayName: `Agent ${id}`, description: null, status: 'PREPARED', url: null, account: '123456789012',
  originatingStore: 'Amazon Bedrock Agents', publisher: null, runtimePrincipal: null, createdDateTime: '2026-01-01T00:00:00.000Z',
  lastModifiedDateTime: '2026-01-02T00:00:00.000Z', agentCard: { name: `Agent ${id}` }, nativeData: { agentId: id }, ...overrides,
});

/** A platform whose list the test sets; `fail` makes the next listing fail as a 403 would. */
function platform() {
  const state = { agents: [] as DiscoveredAgent[], fail: false };
  const connector: AgentConnector = {
    listAgents: async () => {
      if (state.fail) throw new ConnectorError('accessDenied', 'Amazon Bedrock refused ListAgents (403 AccessDeniedException): denied', 403);
      return state.agents.map((a) => structuredClone(a));
    },
  };
  return { state, connector: () => connector };
}

const connection: AgentRegistryConnection = {
  id: '3f1d8a52-95a1-4c1e-9a4e-1b2c3d4e5f60', displayName: 'Prod Bedrock', platform: 'amazonBedrock', endpoint: null,
  region: 'us-east-1', project: null, location: null, credential: null, createdDateTime: '2026-01-01T00:00:00.000Z',
  lastModifiedDateTime: '2026-01-01T00:00:00.000Z',
};

for (const engine of testEngines()) {
  describe(`registry sync on ${engine}`, () => {
    let store: FreshStore;
    const sync = async (p: ReturnType<typeof platform>, conn = connection) => {
      const listing = await listPlatform(p.connector);
      return store.store.db.transaction().execute((trx) => recordSync(createAgentRegistryRepository(trx), conn, listing));
    };
    const entries = async () => (await createAgentRegistryRepository(store.store.db).listEntries((q) => q.orderBy('source_agent_id')));
    before(async () => {
      store = await freshStore(engine);
    });
    beforeEach(async () => {
      await store.store.db.deleteFrom('agent_registry_entries').execute();
      await store.store.db.deleteFrom('agent_registry_sync_runs').execute();
    });
    after(() => store.cleanup());

    it('adds every agent the platform lists, unmanaged, first and last seen now', async () => {
      const p = platform();
      p.state.agents = [agent('A'), agent('B')];
      const run = await sync(p);
      assert.equal(run.status, 'succeeded');
      assert.deepEqual([run.agentsFound, run.added, run.updated, run.unchanged, run.removed], [2, 2, 0, 0, 0]);
      assert.deepEqual(run.changes.map((c) => [c.sourceAgentId, c.change]), [['A', 'added'], ['B', 'added']]);
      const [a] = await entries();
      assert.equal(a!.platform, 'amazonBedrock');
      assert.equal(a!.connectionId, connection.id);
      assert.equal(a!.managed, false);
      assert.equal(a!.firstSeenDateTime, a!.lastSeenDateTime);
      assert.deepEqual(a!.agentCard, { name: 'Agent A' });
    });

    it('is idempotent: the same list again changes nothing and says so (only lastSeen moves)', async () => {
      const p = platform();
      p.state.agents = [agent('A'), agent('B')];
      await sync(p);
      const before = await entries();
      const again = await sync(p);
      assert.deepEqual([again.added, again.updated, again.unchanged, again.removed], [0, 0, 2, 0]);
      assert.deepEqual(again.changes, []);
      const after = await entries();
      assert.deepEqual(after.map(({ lastSeenDateTime: _l, ...rest }) => rest), before.map(({ lastSeenDateTime: _l, ...rest }) => rest));
      assert.ok(after[0]!.lastSeenDateTime >= before[0]!.lastSeenDateTime);
    });

    it('updates what changed on the platform, whatever order its JSON members come in', async () => {
      const p = platform();
      p.state.agents = [agent('A', { nativeData: { x: 1, y: 2 } })];
      await sync(p);
      p.state.agents = [agent('A', { nativeData: { y: 2, x: 1 } })];
      assert.equal((await sync(p)).unchanged, 1);
      p.state.agents = [agent('A', { status: 'NOT_PREPARED', nativeData: { y: 2, x: 1 } })];
      const run = await sync(p);
      assert.deepEqual([run.updated, run.unchanged], [1, 0]);
      assert.equal((await entries())[0]!.status, 'NOT_PREPARED');
    });

    it('marks an agent its platform no longer lists as removed, never deleting it; one that comes back is un-removed', async () => {
      const p = platform();
      p.state.agents = [agent('A'), agent('B')];
      await sync(p);
      p.state.agents = [agent('A')];
      const gone = await sync(p);
      assert.deepEqual([gone.unchanged, gone.removed], [1, 1]);
      let b = (await entries()).find((e) => e.sourceAgentId === 'B')!;
      assert.equal(b.status, 'removed');
      assert.ok(b.removedDateTime);
      assert.equal((await sync(p)).removed, 0, 'an agent is removed once');
      p.state.agents = [agent('A'), agent('B')];
      const back = await sync(p);
      assert.deepEqual([back.updated, back.unchanged, back.removed], [1, 1, 0]);
      b = (await entries()).find((e) => e.sourceAgentId === 'B')!;
      assert.equal(b.status, 'PREPARED');
      assert.equal(b.removedDateTime, null);
      assert.equal((await entries()).length, 2, 'the same entry, not a new one');
    });

    it('records a failed listing as a failed run and marks nothing removed', async () => {
      const p = platform();
      p.state.agents = [agent('A'), agent('B')];
      await sync(p);
      p.state.fail = true;
      const run = await sync(p);
      assert.equal(run.status, 'failed');
      assert.deepEqual(run.error, { code: 'accessDenied', message: 'Amazon Bedrock refused ListAgents (403 AccessDeniedException): denied' });
      assert.deepEqual([run.added, run.updated, run.removed], [0, 0, 0]);
      assert.ok((await entries()).every((e) => e.removedDateTime === null));
      const runs = await createAgentRegistryRepository(store.store.db).listRuns(connection.id, (q) => q.orderBy('started_date_time'));
      assert.deepEqual(runs.map((r) => r.status), ['succeeded', 'failed']);
    });

    it('never changes the link an administrator made to an agent identity', async () => {
      const p = platform();
      p.state.agents = [agent('A')];
      await sync(p);
      const [a] = await entries();
      const identity = '0d6c9a35-6d5e-4bb1-8c8e-6d0a2f8f7a11';
      await createAgentRegistryRepository(store.store.db).updateEntry(a!.id, { agent_identity_id: identity, managed: 1 });
      p.state.agents = [agent('A', { displayName: 'Renamed' })];
      assert.equal((await sync(p)).updated, 1);
      const [after] = await entries();
      assert.equal(after!.agentIdentityId, identity);
      assert.equal(after!.managed, true);
      assert.equal(after!.displayName, 'Renamed');
    });

    it('keeps two connections\' agents apart, even with the same native ids', async () => {
      const p = platform();
      p.state.agents = [agent('A')];
      await sync(p);
      const other = { ...connection, id: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', displayName: 'Staging' };
      const q = platform();
      await sync(q, other);
      assert.equal((await entries()).length, 1);
      assert.equal((await entries())[0]!.removedDateTime, null, 'an empty second account removes nothing of the first');
      q.state.agents = [agent('A')];
      assert.equal((await sync(q, other)).added, 1);
    });
  });
}

describe('a sync through the connection\'s environment variables', () => {
  let fake: FakeBedrock;
  before(async () => {
    fake = await startFakeBedrock();
    fake.agents = [bedrockAgent(1)];
  });
  after(() => fake.close());

  it('reads the credential from the variables the connection names, at sync time', async () => {
    const conn: AgentRegistryConnection = {
      ...connection, endpoint: fake.url,
      credential: { accessKeyIdVariable: 'LIMEN_AGENT_SYNC_TEST_KEY_ID', secretAccessKeyVariable: 'LIMEN_AGENT_SYNC_TEST_SECRET' },
    };
    const env = { LIMEN_AGENT_SYNC_TEST_KEY_ID: fake.accessKeyId, LIMEN_AGENT_SYNC_TEST_SECRET: fake.secretAccessKey };
    const listing = await listPlatform(() => connectorFor(conn, env));
    assert.ok(listing.ok);
    assert.equal(listing.agents[0]!.sourceAgentId, 'AGENT00001');
  });

  it('fails the run, naming the variable, when one is not set on the server', async () => {
    const conn: AgentRegistryConnection = {
      ...connection, endpoint: fake.url,
      credential: { accessKeyIdVariable: 'LIMEN_AGENT_SYNC_MISSING', secretAccessKeyVariable: 'LIMEN_AGENT_SYNC_TEST_SECRET' },
    };
    const listing = await listPlatform(() => connectorFor(conn, {}));
    assert.ok(!listing.ok);
    assert.equal(listing.error.code, 'configuration');
    assert.match(listing.error.message, /LIMEN_AGENT_SYNC_MISSING .* is not set on this Limen server/);
  });
});
