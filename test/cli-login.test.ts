import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Browser } from './oidc/browser.ts';
import { freshDatabaseOptions, type FreshDatabase } from './support/engines.ts';
import { runCli, startLimenProcess, type LimenProcess } from './support/limen-process.ts';

/**
 * A person uses the CLI: `limen login` prints a device code (RFC 8628), they approve it in a
 * browser as the first administrator (with the Temporary Access Pass the first start printed),
 * and the CLI then manages the directory on their behalf.
 */
describe('limen login', () => {
  let db: FreshDatabase;
  let limen: LimenProcess;
  let configHome: string;
  let tap: string;

  before(async () => {
    db = await freshDatabaseOptions('sqlite');
    limen = await startLimenProcess(db);
    tap = /Temporary Access Pass:\s+(\S+)/.exec(limen.output.join('\n'))![1]!;
    configHome = await mkdtemp(join(tmpdir(), 'limen-cli-home-'));
  });
  after(async () => {
    await limen?.stop();
    await db?.cleanup();
    await rm(configHome, { recursive: true, force: true });
  });

  test('signs in with a code approved in the browser, and keeps a private session', async () => {
    const cli = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
    const child = spawn(process.execPath, [cli, 'login', '--server', limen.url, '--json'], {
      env: { ...process.env, XDG_CONFIG_HOME: configHome },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number>((r) => child.once('exit', (c) => r(c ?? 1)));
    const prompt = await new Promise<{ verificationUri: string; userCode: string }>((resolve) => {
      const tryParse = () => {
        try {
          resolve(JSON.parse(stdout) as { verificationUri: string; userCode: string });
        } catch { /* not all of it yet */ }
      };
      child.stdout.on('data', tryParse);
    });

    const browser = new Browser(limen.url);
    let page = await browser.follow(prompt.verificationUri);
    page = await browser.submit(page, '/device', { user_code: prompt.userCode });
    page = await browser.submit(page, '/device', { confirm: 'yes' });
    page = await browser.submit(page, '/username', { username: 'admin@limen.local' });
    page = await browser.submit(page, '/tap', { tap });

    assert.equal(await exited, 0, stdout);
    const result = JSON.parse(stdout.slice(stdout.indexOf('}') + 1)) as { signedIn: boolean; userPrincipalName: string; sessionFile: string };
    assert.equal(result.signedIn, true);
    assert.equal(result.userPrincipalName, 'admin@limen.local');
    assert.equal((await stat(result.sessionFile)).mode & 0o777, 0o600, 'only the user can read the session');
  });

  test('then lists and creates users as the signed-in administrator', async () => {
    const env = { XDG_CONFIG_HOME: configHome };
    const created = await runCli({ ...db, env }, ['users', 'create', '--json', '--data',
      JSON.stringify({ accountEnabled: true, displayName: 'Kofi Mensah', userPrincipalName: 'kofi@example.org' })]);
    assert.equal(created.code, 0, created.stderr);
    const list = await runCli({ ...db, env }, ['users', 'list', '--filter', "startswith(userPrincipalName,'kofi')", '--json']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual((JSON.parse(list.stdout) as Array<{ displayName: string }>).map((u) => u.displayName), ['Kofi Mensah']);
    const table = await runCli({ ...db, env }, ['users', 'list']);
    assert.match(table.stdout, /userPrincipalName\s+displayName/);
  });

  test('logout removes the session, and the CLI then says how to sign in (exit code 4)', async () => {
    const env = { XDG_CONFIG_HOME: configHome };
    assert.equal((await runCli({ ...db, env }, ['login', '--logout'])).code, 0);
    const r = await runCli({ ...db, env }, ['users', 'list']);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /limen login/);
  });
});
