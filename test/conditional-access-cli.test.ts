import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freshDatabaseOptions, type FreshDatabase } from './support/engines.ts';
import { runCli, startLimenProcess, type LimenProcess } from './support/limen-process.ts';

/**
 * An admin moves a Conditional Access baseline into Limen with the CLI: the files as PowerShell
 * exported them (UTF-16 with a BOM), a dry run first, then the import, then an export that
 * imports again. The real process, the real CLI.
 */
const baseline = fileURLToPath(new URL('./fixtures/corpora/conditional-access/j0eyv__ConditionalAccessBaseline/Config/', import.meta.url));
const files = (folder: string) => readdirSync(join(baseline, folder)).filter((f) => f.endsWith('.json')).sort().map((f) => join(baseline, folder, f));

describe('limen ca with a real baseline exported from Entra', () => {
  let db: FreshDatabase;
  let limen: LimenProcess;
  let env: Record<string, string>;
  const policies = files('ConditionalAccess');
  const locations = files('NamedLocations');
  const locationArgs = locations.flatMap((f) => ['--locations', f]);

  before(async () => {
    db = await freshDatabaseOptions('sqlite');
    limen = await startLimenProcess(db);
    const r = await runCli({ ...db, env: { LIMEN_PUBLIC_URL: limen.url } }, ['bootstrap-admin', 'service', '--json']);
    const client = JSON.parse(r.stdout) as { clientId: string; clientSecret: string };
    env = { LIMEN_CLIENT_ID: client.clientId, LIMEN_CLIENT_SECRET: client.clientSecret, LIMEN_SERVER: limen.url };
  });
  after(async () => {
    await limen?.stop();
    await db?.cleanup();
  });

  test('without --allow-unresolved the import is refused, naming the groups this tenant lacks, and exits 2', async () => {
    const r = await runCli({ ...db, env }, ['ca', 'import', ...policies, ...locationArgs, '--keep-ids']);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /conditions\.users\.(in|ex)cludeGroups\[\d+\]: no group with id/);
  });

  test('the lockout guard: enabled as exported, the baseline would lock out the administrator, and the dry run says so (exit 5)', async () => {
    const r = await runCli({ ...db, env }, ['ca', 'import', ...policies, ...locationArgs, '--keep-ids', '--allow-unresolved', '--dry-run']);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stdout, /lock out every active Global Administrator \(admin@limen\.local\)/);
  });

  test('a dry run of the UTF-16 files says what would be imported and stores nothing', async () => {
    const r = await runCli({ ...db, env }, ['ca', 'import', ...policies, ...locationArgs, '--keep-ids', '--allow-unresolved', '--override-lockout-guard', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Would import ${policies.length} policies and ${locations.length} named locations`));
    assert.match(r.stdout, /references name objects this tenant does not have/);
    const list = await runCli({ ...db, env }, ['ca', 'list', '--json']);
    assert.deepEqual(JSON.parse(list.stdout), []);
  });

  test('the import stores every policy; export gives a Graph list that imports again', async () => {
    const r = await runCli({ ...db, env }, ['ca', 'import', ...policies, ...locationArgs, '--keep-ids', '--allow-unresolved', '--override-lockout-guard', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { policies: unknown[] }).policies.length, policies.length);
    const exported = await runCli({ ...db, env }, ['ca', 'export']);
    assert.equal(exported.code, 0, exported.stderr);
    const doc = JSON.parse(exported.stdout) as { value: Array<{ displayName: string }> };
    assert.equal(doc.value.length, policies.length);
    const file = join(db.dataDir, 'export.json');
    writeFileSync(file, exported.stdout);
    const again = await runCli({ ...db, env }, ['ca', 'import', file, '--allow-unresolved', '--dry-run']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`Would import ${policies.length} policies`));
    const table = await runCli({ ...db, env }, ['ca', 'list']);
    assert.match(table.stdout, /enabledForReportingButNotEnforced|enabled/);
  });

  test('whatif tells which imported policies would apply to the administrator, and what the sign-in would get', async () => {
    const r = await runCli({ ...db, env }, ['ca', 'whatif', '--user', 'admin@limen.local', '--app', '00000003-0000-0000-c000-000000000000',
      '--platform', 'windows', '--client-app', 'browser', '--ip', '198.51.100.7', '--country', 'NL', '--methods', 'password']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /applies\s+result\s+state\s+displayName/);
    assert.match(r.stdout, /^yes /m, 'some baseline policy applies to an administrator signing in with a password');
    assert.match(r.stdout, /This sign-in would be (allowed|blocked \(AADSTS\d+\)|asked to sign in again \(AADSTS\d+\)[^\n]*)\. Report-only/);
    const json = await runCli({ ...db, env }, ['ca', 'whatif', '--user', 'admin@limen.local', '--app', '00000003-0000-0000-c000-000000000000', '--json']);
    assert.equal(JSON.parse(json.stdout).value.length, policies.length - JSON.parse((await runCli({ ...db, env }, ['ca', 'list', '--json'])).stdout)
      .filter((p: { state: string }) => p.state === 'disabled').length, 'every enabled and report-only policy is listed');
    assert.equal((await runCli({ ...db, env }, ['ca', 'whatif', '--user', 'admin@limen.local'])).code, 2);
  });

  test('simulate replays a draft against the sign-ins so far and says who it would affect', async () => {
    const draft = join(db.dataDir, 'block-everyone.json');
    writeFileSync(draft, JSON.stringify({
      displayName: 'Block everyone', state: 'disabled',
      conditions: { users: { includeUsers: ['All'] }, clientApplications: null, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    }));
    const r = await runCli({ ...db, env }, ['ca', 'simulate', draft, '--days', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { signIns: number; unaffected: number; blocked: number };
    assert.ok(report.signIns > 0, 'the CLI’s own token requests are sign-ins to replay');
    assert.equal(report.blocked, 0, 'a users policy does not block an application acting as itself');
    assert.equal((await runCli({ ...db, env }, ['ca', 'simulate', draft, '--days', '0'])).code, 2);
  });

  test('emergency-access marks, lists and unmarks a break-glass account by its name', async () => {
    const added = await runCli({ ...db, env }, ['ca', 'emergency-access', 'add', 'admin@limen.local']);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /admin@limen\.local is now an emergency access account/);
    const listed = JSON.parse((await runCli({ ...db, env }, ['ca', 'emergency-access', '--json'])).stdout) as Array<{ userPrincipalName: string }>;
    assert.deepEqual(listed.map((u) => u.userPrincipalName), ['admin@limen.local']);
    assert.notEqual((await runCli({ ...db, env }, ['ca', 'emergency-access', 'add', 'nobody@limen.local'])).code, 0);
    const removed = await runCli({ ...db, env }, ['ca', 'emergency-access', 'remove', 'admin@limen.local']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match((await runCli({ ...db, env }, ['ca', 'emergency-access'])).stdout, /No emergency access accounts/);
  });

  test('a file that is not JSON is a usage error naming the file', async () => {
    const file = join(db.dataDir, 'notes.txt');
    writeFileSync(file, 'not json at all');
    const r = await runCli({ ...db, env }, ['ca', 'import', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /notes\.txt: not JSON/);
  });
});
