import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freshDatabaseOptions, testEngines, type FreshDatabase } from './support/engines.ts';
import { bedrockAgent, startFakeBedrock, type FakeBedrock } from './support/fake-bedrock.ts';
import { runCli, startLimenProcess, type LimenProcess } from './support/limen-process.ts';

/**
 * An administrator takes stock of the tenant's agents with the CLI: connects Limen to an Amazon
 * Bedrock account (here a local endpoint speaking bedrock-agent's wire format), syncs it, finds
 * the agents that have no identity yet, and imports the ones running elsewhere. The real
 * process, the real CLI; the AWS key lives only in the server's environment.
 */
for (const engine of testEngines()) describe(`limen agents with a Bedrock account, on ${engine}`, () => {
  let db: FreshDatabase;
  let limen: LimenProcess;
  let bedrock: FakeBedrock;
  let env: Record<string, string>;
  const cli = (args: string[]) => runCli({ ...db, env }, ['agents', ...args]);

  before(async () => {
    bedrock = await startFakeBedrock({ pageSize: 2 });
    bedrock.agents = [bedrockAgent(1), bedrockAgent(2, { agentName: 'invoice-agent', agentStatus: 'NOT_PREPARED' }), bedrockAgent(3)];
    db = await freshDatabaseOptions(engine);
    limen = await startLimenProcess({
      ...db,
      env: { LIMEN_AGENT_SYNC_PROD_KEY_ID: bedrock.accessKeyId, LIMEN_AGENT_SYNC_PROD_SECRET: bedrock.secretAccessKey },
    });
    const r = await runCli({ ...db, env: { LIMEN_PUBLIC_URL: limen.url } }, ['bootstrap-admin', 'service', '--json']);
    const client = JSON.parse(r.stdout) as { clientId: string; clientSecret: string };
    env = { LIMEN_CLIENT_ID: client.clientId, LIMEN_CLIENT_SECRET: client.clientSecret, LIMEN_SERVER: limen.url };
  });
  after(async () => {
    await limen?.stop();
    await bedrock?.close();
    await db?.cleanup();
  });

  test('adds a Bedrock connection that names the server\'s credential variables', async () => {
    const r = await cli(['connections', 'add', '--name', 'Prod Bedrock', '--platform', 'amazonBedrock', '--region', 'us-east-1',
      '--endpoint', bedrock.url, '--access-key-id-variable', 'LIMEN_AGENT_SYNC_PROD_KEY_ID', '--secret-access-key-variable', 'LIMEN_AGENT_SYNC_PROD_SECRET']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Added connection 'Prod Bedrock' \(amazonBedrock\)/);
    const list = await cli(['connections', '--json']);
    assert.deepEqual(JSON.parse(list.stdout).map((c: { displayName: string }) => c.displayName), ['Prod Bedrock']);
  });

  test('a connection naming a variable outside LIMEN_AGENT_SYNC_* is a usage error naming the option\'s property', async () => {
    const r = await cli(['connections', 'add', '--name', 'Bad', '--platform', 'amazonBedrock', '--region', 'us-east-1',
      '--access-key-id-variable', 'LIMEN_MASTER_KEY', '--secret-access-key-variable', 'LIMEN_AGENT_SYNC_PROD_SECRET']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /credential\.accessKeyIdVariable/);
  });

  test('syncs by name, with progress on stderr, and lists the new agents as unmanaged', async () => {
    const r = await cli(['sync', 'prod bedrock']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Syncing 'Prod Bedrock' \(amazonBedrock\)…/);
    assert.match(r.stdout, /3 agents found: 3 added, 0 updated, 0 unchanged, 0 removed/);
    const unmanaged = JSON.parse((await cli(['registry', '--unmanaged', '--json'])).stdout) as Array<{ displayName: string; managed: boolean; platform: string; id: string }>;
    assert.deepEqual(unmanaged.map((a) => a.displayName), ['invoice-agent', 'support-agent-1', 'support-agent-3']);
    assert.ok(unmanaged.every((a) => !a.managed && a.platform === 'amazonBedrock'));
    const table = await cli(['registry', '--unmanaged']);
    assert.match(table.stdout, /^invoice-agent\s+amazonBedrock\s+NOT_PREPARED\s+no\s+AGENT00002/m);
    const shown = await cli(['registry', 'show', unmanaged[0]!.id]);
    assert.match(shown.stdout, /runtimePrincipal\s+arn:aws:iam::123456789012:role\//);
  });

  test('a second sync changes nothing; one the platform refuses exits 1 with AWS\'s reason and changes nothing', async () => {
    const again = JSON.parse((await cli(['sync', 'Prod Bedrock', '--json'])).stdout) as { unchanged: number; added: number };
    assert.deepEqual([again.added, again.unchanged], [0, 3]);
    bedrock.deny = { operation: 'ListAgents' };
    const refused = await cli(['sync', 'Prod Bedrock']);
    bedrock.deny = undefined;
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /failed \(accessDenied\): Amazon Bedrock refused ListAgents \(403 AccessDeniedException\)/);
    assert.equal(JSON.parse((await cli(['registry', '--json'])).stdout).length, 3);
    assert.match((await cli(['connections'])).stdout, /^Prod Bedrock\s+amazonBedrock\s+us-east-1\s+failed 20/m);
    assert.equal((await cli(['sync', 'no such connection'])).code, 3);
  });

  test('imports agents of another platform from CSV, then the overview counts them all', async () => {
    const file = join(db.dataDir, 'agentforce.csv');
    writeFileSync(file, 'sourceAgentId,displayName,account,status\n0Xx5e0000001,Service Agent,00D5e000000abcd,Active\n');
    const r = await cli(['import', file, '--platform', 'salesforceAgentforce']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Imported .*agentforce\.csv: 1 agents found: 1 added/);
    const o = JSON.parse((await cli(['overview', '--json'])).stdout) as { totalAgents: number; unmanaged: number };
    assert.deepEqual([o.totalAgents, o.unmanaged], [4, 4]);
  });
});
