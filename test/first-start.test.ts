import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { freshDatabaseOptions, type FreshDatabase } from './support/engines.ts';
import { runCli, startLimenProcess, type LimenProcess } from './support/limen-process.ts';

/**
 * The story of a new user: start Limen with nothing configured, find the first administrator in
 * the output, get a client for scripts with `limen bootstrap-admin service --json`, and manage
 * the directory with it — through the real process, the real CLI and openid-client.
 */
describe('a first start on the embedded SQLite default', () => {
  let db: FreshDatabase;
  let limen: LimenProcess;
  let client: Record<string, string>;
  let token: string;

  before(async () => {
    db = await freshDatabaseOptions('sqlite');
    limen = await startLimenProcess(db);
  });
  after(async () => {
    await limen?.stop();
    await db?.cleanup();
  });

  test('prints where Limen runs and how the first Global Administrator gets in', () => {
    const out = limen.output.join('\n');
    assert.match(out, /Limen is running at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(out, /user:\s+admin@limen\.local/);
    assert.match(out, /one-time password:\s+\S{20,}/);
  });

  test('bootstrap-admin service --json prints a client, its secret, the token endpoint, issuer and scope', async () => {
    const r = await runCli({ ...db, env: { LIMEN_PUBLIC_URL: limen.url } }, ['bootstrap-admin', 'service', '--json']);
    assert.equal(r.code, 0, r.stderr);
    client = JSON.parse(r.stdout) as Record<string, string>;
    for (const key of ['clientId', 'clientSecret', 'tokenEndpoint', 'issuer', 'scope', 'tenantId']) {
      assert.equal(typeof client[key], 'string', `${key} is printed`);
    }
    assert.equal(client.scope, 'api://limen/.default');
  });

  test('that client gets an app-only token by client credentials, as openid-client does it', async () => {
    const config = await oidc.discovery(new URL(limen.url), client.clientId!, client.clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    assert.equal(config.serverMetadata().token_endpoint, client.tokenEndpoint);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: client.scope! });
    token = tokens.access_token;
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
  });

  test('and manages the directory with it over the Graph-shaped API', async () => {
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${limen.url}/v1.0/users`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ accountEnabled: true, displayName: 'Ada Lovelace', userPrincipalName: 'ada@example.org' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const list = (await (await fetch(`${limen.url}/v1.0/users?$filter=startswith(displayName,'Ada')`, { headers: auth })).json()) as {
      value: Array<{ userPrincipalName: string }>;
    };
    assert.deepEqual(list.value.map((u) => u.userPrincipalName), ['ada@example.org']);
    const audits = (await (await fetch(`${limen.url}/v1.0/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Add user'`, { headers: auth })).json()) as {
      value: Array<{ targetResources: Array<{ userPrincipalName: string }> }>;
    };
    assert.ok(audits.value.some((a) => a.targetResources[0]?.userPrincipalName === 'ada@example.org'));
  });

  test('the CLI lists users for a script holding a client id and secret', async () => {
    const r = await runCli({ ...db, env: { LIMEN_CLIENT_ID: client.clientId!, LIMEN_CLIENT_SECRET: client.clientSecret!, LIMEN_SERVER: limen.url } }, ['users', 'list', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const users = JSON.parse(r.stdout) as Array<{ userPrincipalName: string }>;
    assert.ok(users.some((u) => u.userPrincipalName === 'admin@limen.local'));
  });

  test('the CLI exits 3 for an object that does not exist and 2 for a wrong command line', async () => {
    const env = { LIMEN_CLIENT_ID: client.clientId!, LIMEN_CLIENT_SECRET: client.clientSecret!, LIMEN_SERVER: limen.url };
    assert.equal((await runCli({ ...db, env }, ['users', 'get', '00000000-0000-4000-8000-000000000000'])).code, 3);
    assert.equal((await runCli({ ...db, env }, ['users', 'frobnicate'])).code, 2);
  });

  test('bootstrap-admin user recovers the administrator with a new one-time password', async () => {
    const r = await runCli(db, ['bootstrap-admin', 'user', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { created: boolean; userPrincipalName: string; password: string };
    assert.equal(out.created, false);
    assert.equal(out.userPrincipalName, 'admin@limen.local');
    assert.ok(out.password.length >= 20);
  });

  test('keys rotate publishes a new signing key at once and keeps the old one for live tokens', async () => {
    const before = (await (await fetch(`${limen.url}/jwks`)).json()) as { keys: Array<{ kid: string; alg: string }> };
    const r = await runCli(db, ['keys', 'rotate', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { kid } = JSON.parse(r.stdout) as { kid: string };
    assert.equal((await runCli(db, ['keys', 'rotate', '--alg', 'HS256'])).code, 2, 'symmetric keys are refused');
    // Running servers re-read keys within a minute; a restart reads them at once.
    await limen.stop();
    limen = await startLimenProcess(db, Number(new URL(limen.url).port));
    const after = (await (await fetch(`${limen.url}/jwks`)).json()) as { keys: Array<{ kid: string }> };
    assert.ok(after.keys.some((k) => k.kid === kid), 'the new key is published');
    for (const k of before.keys) assert.ok(after.keys.some((a) => a.kid === k.kid), `old key ${k.kid} is still published`);
    assert.equal((await fetch(`${limen.url}/v1.0/users`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
  });

  test('audit verify passes, and fails with exit code 5 once a record is edited', async () => {
    const ok = await runCli(db, ['audit', 'verify']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /intact/);
    await limen.stop();
    const sqlite = new DatabaseSync(join(db.dataDir, 'limen.db'));
    const edited = sqlite.prepare(`update directory_audits set data = replace(data, 'ada@example.org', 'eve@example.org') where activity_display_name = 'Add user'`).run();
    assert.ok(Number(edited.changes) >= 1);
    sqlite.close();
    const bad = await runCli(db, ['audit', 'verify', '--json']);
    assert.equal(bad.code, 5);
    assert.equal((JSON.parse(bad.stdout) as { ok: boolean }).ok, false);
  });
});
