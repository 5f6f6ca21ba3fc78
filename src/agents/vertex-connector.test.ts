import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { reasoningEngine, startFakeVertex, type FakeVertex } from '../../test/support/fake-vertex.ts';
import { ConnectorError } from './connector.ts';
import { vertexConnector } from './vertex-connector.ts';

describe('the Vertex AI Agent Engine connector, against a local aiplatform endpoint', () => {
  let fake: FakeVertex;
  const connector = (accessToken = fake.token) => vertexConnector({ project: fake.project, location: fake.location, endpoint: fake.url, accessToken });
  before(async () => {
    fake = await startFakeVertex({ pageSize: 2 });
  });
  beforeEach(() => {
    fake.engines = [1, 2, 3].map((n) => reasoningEngine(n, n === 2 ? { serviceAccount: 'travel@limen-agents-test.iam.gserviceaccount.com' } : {}));
    fake.denyFromPage = undefined;
    fake.requests.length = 0;
  });
  after(() => fake.close());

  it('follows nextPageToken through every page of reasoningEngines.list with the bearer token', async () => {
    const agents = await connector().listAgents();
    assert.equal(agents.length, 3);
    assert.deepEqual(fake.requests.map((u) => u.searchParams.get('pageToken')), [null, '2']);
    assert.ok(fake.requests.every((u) => u.searchParams.get('pageSize') === '100'));
  });

  it('turns a reasoning engine into a registry entry: resource name as native id, project, service account, times, card with its methods as skills', async () => {
    const [first, second] = await connector().listAgents();
    assert.equal(first!.sourceAgentId, 'projects/998877665544/locations/us-central1/reasoningEngines/1001');
    assert.equal(first!.displayName, 'travel-agent-1');
    assert.equal(first!.account, '998877665544');
    assert.equal(first!.status, null, 'a reasoning engine has no status');
    assert.equal(first!.originatingStore, 'Vertex AI Agent Engine');
    assert.equal(first!.createdDateTime, '2026-01-10T08:00:00.123Z');
    assert.equal(first!.lastModifiedDateTime, '2026-02-10T08:00:00.500Z');
    assert.equal(first!.url, `${fake.url}/v1/projects/998877665544/locations/us-central1/reasoningEngines/1001:query`);
    assert.equal(first!.runtimePrincipal, null);
    assert.equal(second!.runtimePrincipal, 'travel@limen-agents-test.iam.gserviceaccount.com');
    assert.deepEqual(first!.agentCard, {
      name: 'travel-agent-1', description: 'Books trips, number 1', url: first!.url,
      skills: [{ id: 'query', name: 'query' }, { id: 'stream_query', name: 'stream_query', tags: ['stream'] }],
      capabilities: { streaming: true },
    });
    assert.equal((first!.nativeData as { etag: string }).etag, 'etag-1001');
  });

  it('fails with accessDenied and Google\'s message when the list is refused (403 PERMISSION_DENIED) on a later page', async () => {
    fake.denyFromPage = 2;
    await assert.rejects(connector().listAgents(), (e: unknown) => {
      assert.ok(e instanceof ConnectorError);
      assert.equal(e.code, 'accessDenied');
      assert.match(e.message, /^Vertex AI refused reasoningEngines\.list \(403 PERMISSION_DENIED\): Permission 'aiplatform\.reasoningEngines\.list' denied/);
      return true;
    });
  });

  it('fails with accessDenied on a wrong token (401 UNAUTHENTICATED)', async () => {
    await assert.rejects(connector('expired').listAgents(), /\(401 UNAUTHENTICATED\): Request had invalid authentication credentials/);
  });

  it('names a project the endpoint does not know notFound (404), and a closed port unreachable', async () => {
    const wrongPath = vertexConnector({ project: 'other-project', location: fake.location, endpoint: fake.url, accessToken: fake.token });
    await assert.rejects(wrongPath.listAgents(), (e: unknown) => e instanceof ConnectorError && e.code === 'notFound');
    const closed = vertexConnector({ project: fake.project, location: fake.location, endpoint: 'http://127.0.0.1:9', accessToken: 'x' });
    await assert.rejects(closed.listAgents(), (e: unknown) => e instanceof ConnectorError && e.code === 'unreachable');
  });
});
