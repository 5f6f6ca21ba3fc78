import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { bedrockAgent, startFakeBedrock, type FakeBedrock } from '../../test/support/fake-bedrock.ts';
import { bedrockConnector } from './bedrock-connector.ts';
import { ConnectorError } from './connector.ts';

describe('the Amazon Bedrock connector, against a local bedrock-agent endpoint', () => {
  let fake: FakeBedrock;
  const connector = (secretAccessKey = fake.secretAccessKey) => bedrockConnector({
    region: fake.region, endpoint: fake.url, credentials: { accessKeyId: fake.accessKeyId, secretAccessKey },
  });
  before(async () => {
    fake = await startFakeBedrock({ pageSize: 2 });
  });
  beforeEach(() => {
    fake.agents = [1, 2, 3, 4, 5].map((n) => bedrockAgent(n));
    fake.deny = undefined;
    fake.requests.length = 0;
  });
  after(() => fake.close());

  it('follows nextToken through every page of ListAgents, signed with SigV4, and describes each agent with GetAgent', async () => {
    const progress: number[] = [];
    const agents = await connector().listAgents({ onProgress: (p) => progress.push(p.agents) });
    assert.deepEqual(agents.map((a) => a.sourceAgentId), ['AGENT00001', 'AGENT00002', 'AGENT00003', 'AGENT00004', 'AGENT00005']);
    const lists = fake.requests.filter((r) => r.operation === 'ListAgents');
    assert.equal(lists.length, 3, 'five agents, two a page');
    assert.deepEqual(progress, [2, 4, 5]);
    assert.equal(fake.requests.filter((r) => r.operation === 'GetAgent').length, 5);
  });

  it('turns an agent into a registry entry: ARN account, IAM role as runtime principal, times, status and a small agent card', async () => {
    const [agent] = await connector().listAgents();
    assert.equal(agent!.displayName, 'support-agent-1');
    assert.equal(agent!.description, 'Support agent number 1');
    assert.equal(agent!.status, 'PREPARED');
    assert.equal(agent!.account, '123456789012');
    assert.equal(agent!.originatingStore, 'Amazon Bedrock Agents');
    assert.equal(agent!.runtimePrincipal, 'arn:aws:iam::123456789012:role/service-role/AmazonBedrockExecutionRoleForAgents_AGENT00001');
    assert.equal(agent!.createdDateTime, '2026-01-05T10:00:00.000Z');
    assert.equal(agent!.lastModifiedDateTime, '2026-02-01T12:30:00.000Z');
    assert.deepEqual(agent!.agentCard, { name: 'support-agent-1', description: 'Support agent number 1', version: '3' });
    const native = agent!.nativeData as { agent: Record<string, unknown>; summary: Record<string, unknown> };
    assert.equal(native.agent.agentArn, 'arn:aws:bedrock:us-east-1:123456789012:agent/AGENT00001');
    assert.equal(native.agent.instruction, undefined, 'the agent\'s prompt is not kept');
    assert.equal(native.summary.updatedAt, '2026-02-01T12:30:00.000Z');
  });

  it('lists an empty account as no agents', async () => {
    fake.agents = [];
    assert.deepEqual(await connector().listAgents(), []);
  });

  it('fails with accessDenied and AWS\'s own message when ListAgents is refused (403), even on a later page', async () => {
    fake.deny = { operation: 'ListAgents', fromPage: 2 };
    await assert.rejects(connector().listAgents(), (e: unknown) => {
      assert.ok(e instanceof ConnectorError);
      assert.equal(e.code, 'accessDenied');
      assert.equal(e.status, 403);
      assert.match(e.message, /Amazon Bedrock refused ListAgents \(403 AccessDeniedException\): .*not authorized to perform: bedrock:ListAgents/);
      return true;
    });
  });

  it('fails when GetAgent is refused, rather than keep agents it could not describe', async () => {
    fake.deny = { operation: 'GetAgent' };
    await assert.rejects(connector().listAgents(), /refused GetAgent \(403 AccessDeniedException\)/);
  });

  it('keeps an agent deleted between ListAgents and GetAgent, from its summary alone', async () => {
    fake.deletedAfterListing = ['AGENT00005'];
    const agents = await connector().listAgents();
    fake.deletedAfterListing = [];
    const fifth = agents.find((a) => a.sourceAgentId === 'AGENT00005')!;
    assert.equal(fifth.displayName, 'support-agent-5');
    assert.equal(fifth.account, null, 'only GetAgent says the ARN');
    assert.equal(fifth.runtimePrincipal, null);
  });

  it('refuses a wrong secret key: the endpoint checks the SigV4 signature, so the failure names it', async () => {
    await assert.rejects(connector('not-the-secret').listAgents(), (e: unknown) => {
      assert.ok(e instanceof ConnectorError);
      assert.equal(e.code, 'accessDenied');
      assert.match(e.message, /refused ListAgents \(403 InvalidSignatureException\): The request signature we calculated does not match/);
      return true;
    });
  });

  it('names an unreachable endpoint as unreachable', async () => {
    const closed = bedrockConnector({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIA0', secretAccessKey: 'x' } });
    await assert.rejects(closed.listAgents(), (e: unknown) => e instanceof ConnectorError && e.code === 'unreachable' && /could not be reached for ListAgents/.test(e.message));
  });
});
