import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshDatabaseOptions, type FreshDatabase } from './support/engines.ts';
import { runCli, startLimenProcess, type LimenProcess } from './support/limen-process.ts';

/**
 * An administrator's automation (a client, app-only) sets up agents with the CLI: a blueprint,
 * an agent with a sponsor, a second sponsor, a permission (high-privilege, so overridden), an
 * inherited scope, and the list that flags what needs attention. The real process, the real CLI.
 */
const graph = '00000003-0000-0000-c000-000000000000';

describe('limen agents against a running Limen', () => {
  let db: FreshDatabase;
  let limen: LimenProcess;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli({ ...db, env }, ['agents', ...args]);

  before(async () => {
    db = await freshDatabaseOptions('sqlite');
    limen = await startLimenProcess(db);
    const r = await runCli({ ...db, env: { LIMEN_PUBLIC_URL: limen.url } }, ['bootstrap-admin', 'service', '--json']);
    const client = JSON.parse(r.stdout) as { clientId: string; clientSecret: string };
    env = { LIMEN_CLIENT_ID: client.clientId, LIMEN_CLIENT_SECRET: client.clientSecret, LIMEN_SERVER: limen.url };
    const user = { accountEnabled: true, displayName: 'Dana', userPrincipalName: 'dana@limen.local' };
    assert.equal((await runCli({ ...db, env }, ['users', 'create', '--data', JSON.stringify(user)])).code, 0);
  });
  after(async () => {
    await limen?.stop();
    await db?.cleanup();
  });

  test('creates a blueprint and an agent from it, sponsored by a named person', async () => {
    const blueprint = await cli('blueprints', 'create', '--name', 'Support agents', '--sponsor', 'admin@limen.local');
    assert.equal(blueprint.code, 0, blueprint.stderr);
    assert.match(blueprint.stdout, /Created blueprint 'Support agents' \(id [0-9a-f-]{36}, appId [0-9a-f-]{36}\) and its blueprint principal/);
    const agent = await cli('create', '--blueprint', 'Support agents', '--name', 'Ticket filer', '--sponsor', 'admin@limen.local', '--json');
    assert.equal(agent.code, 0, agent.stderr);
    const created = JSON.parse(agent.stdout) as { '@odata.type': string; sponsorCount: number };
    assert.equal(created['@odata.type'], '#microsoft.graph.agentIdentity');
    assert.equal(created.sponsorCount, 1);
  });

  test('an app creating an agent with nobody accountable is refused with exit 2', async () => {
    const r = await cli('create', '--blueprint', 'Support agents', '--name', 'Orphan');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /at least one owner or sponsor/);
  });

  test('adds a sponsor, and refuses to remove the last one', async () => {
    const added = await cli('sponsors', 'add', 'Ticket filer', 'dana@limen.local');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /dana@limen\.local is now a sponsor of 'Ticket filer'/);
    assert.equal((await cli('sponsors', 'remove', 'Ticket filer', 'admin@limen.local')).code, 0);
    const last = await cli('sponsors', 'remove', 'Ticket filer', 'dana@limen.local');
    assert.equal(last.code, 2);
    assert.match(last.stderr, /last sponsor/);
  });

  test('grants a high-privilege permission only with the override, and the list flags the agent', async () => {
    const refused = await cli('grant', 'Ticket filer', '--resource', graph, '--role', 'User.ReadWrite.All');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /'User\.ReadWrite\.All' is a high-privilege permission/);
    const granted = await cli('grant', 'Ticket filer', '--resource', graph, '--role', 'User.ReadWrite.All', '--override-high-privilege');
    assert.equal(granted.code, 0, granted.stderr);
    assert.match(granted.stdout, /Granted 'User\.ReadWrite\.All' of 'Limen Graph API' to 'Ticket filer'/);

    const list = await cli('list');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /Ticket filer .*high-privilege/);
    assert.match(list.stdout, /1 agent identity: 1 with high-privilege permissions, 0 without a sponsor/);
    const json = JSON.parse((await cli('list', '--json')).stdout) as Array<{ displayName: string; highPrivilegePermissions: string[] }>;
    assert.deepEqual(json.map((a) => [a.displayName, a.highPrivilegePermissions]), [['Ticket filer', ['User.ReadWrite.All']]]);
  });

  test('shows what an agent inherits from its blueprint, then disables it', async () => {
    const inherit = await cli('inherit', 'Support agents', '--resource', graph, '--scope', 'User.Read.All');
    assert.equal(inherit.code, 0, inherit.stderr);
    assert.match(inherit.stdout, /inherit from 'Limen Graph API': scopes: User\.Read\.All; app roles: none/);
    const show = await cli('show', 'Ticket filer');
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /Sponsors: dana@limen\.local/);
    assert.match(show.stdout, /HIGH\s+Application\s+User\.ReadWrite\.All/);
    assert.match(show.stdout, /Delegated\s+User\.Read\.All\s+Limen Graph API\s+blueprint 'Support agents'/);
    const disabled = await cli('disable', 'Ticket filer');
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.match(disabled.stdout, /'Ticket filer' is disabled; its refresh tokens were revoked/);
    assert.match((await cli('list')).stdout, /disabled/);
  });

  test('an unknown agent is exit 3, an unknown action exit 2', async () => {
    assert.equal((await cli('show', 'Nobody')).code, 3);
    assert.equal((await cli('frobnicate')).code, 2);
  });
});
