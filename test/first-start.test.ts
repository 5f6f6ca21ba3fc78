import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { Browser, type Page } from './oidc/browser.ts';
import { freshDatabaseOptions, type FreshDatabase } from './support/engines.ts';
import { freePort, runCli, startLimenProcess, type LimenProcess } from './support/limen-process.ts';

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

  test('prints where Limen runs and how the first Global Administrator gets in: a Temporary Access Pass, no password', () => {
    const out = limen.output.join('\n');
    assert.match(out, /Limen is running at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(out, /Global Administrator, without a password/);
    assert.match(out, /user:\s+admin@limen\.local/);
    assert.match(out, /Temporary Access Pass:\s+[A-Za-z2-9]{8,}\n/);
    const until = Date.parse(/valid until:\s+(\S+) \(for one sign-in\)/.exec(out)![1]!);
    assert.ok(Math.abs(until - (Date.now() + 480 * 60_000)) < 5 * 60_000, 'valid for 480 minutes from the start');
    assert.ok(out.includes(`open ${limen.url}/my/security-info, sign in as admin@limen.local with the\nTemporary Access Pass, and add a passkey within 10 minutes of signing in.`));
    assert.match(out, /shown only now\. Lost it, or it no longer works\? Run `npx limen bootstrap-admin user` on this machine\./);
    assert.doesNotMatch(out, /password:/i, 'no password is printed');
    // This story runs on 127.0.0.1, where WebAuthn cannot work; the output says so.
    assert.match(out, /Passkeys need a domain name, not 127\.0\.0\.1: set LIMEN_PUBLIC_URL/);
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

  test('the new tenant has the Temporary Access Pass on for all users, and the audit log says Limen did all of the first start', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const policy = (await (await fetch(`${limen.url}/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass`, { headers: auth })).json()) as {
      state: string; includeTargets: Array<{ id: string }>; excludeTargets: unknown[];
    };
    assert.equal(policy.state, 'enabled');
    assert.deepEqual(policy.includeTargets.map((t) => t.id), ['all_users']);
    assert.deepEqual(policy.excludeTargets, []);
    const audits = (await (await fetch(`${limen.url}/v1.0/auditLogs/directoryAudits?$top=50`, { headers: auth })).json()) as {
      value: Array<{ activityDisplayName: string; category: string; initiatedBy: { user: unknown; app: unknown }; targetResources: Array<{ id: string; userPrincipalName: string | null; modifiedProperties: Array<{ displayName: string; newValue: string }> }> }>;
    };
    const byLimen = audits.value.filter((a) => a.initiatedBy.user === null && a.initiatedBy.app === null);
    const find = (activity: string) => byLimen.find((a) => a.activityDisplayName === activity);
    const policyChange = find('Authentication Methods Policy Update')!;
    assert.equal(policyChange.category, 'Policy');
    assert.equal(policyChange.targetResources[0]!.id, 'TemporaryAccessPass');
    assert.deepEqual(policyChange.targetResources[0]!.modifiedProperties.find((p) => p.displayName === 'State')?.newValue, '["enabled"]');
    for (const activity of ['Add user', 'Add member to role', 'Admin registered temporary access pass method for user']) {
      assert.equal(find(activity)?.targetResources[0]?.userPrincipalName, 'admin@limen.local', `${activity} for the first administrator`);
    }
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

  test('bootstrap-admin user --json recovers the administrator with a new one-time Temporary Access Pass', async () => {
    const r = await runCli({ ...db, env: { LIMEN_PUBLIC_URL: limen.url } }, ['bootstrap-admin', 'user', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(out.created, false);
    assert.equal(out.userPrincipalName, 'admin@limen.local');
    assert.equal(typeof out.userId, 'string');
    assert.match(out.temporaryAccessPass as string, /^[A-Za-z2-9]{8}$/);
    assert.ok(Math.abs(Date.parse(out.startDateTime as string) - Date.now()) < 60_000);
    assert.equal(out.lifetimeInMinutes, 480);
    assert.equal(out.isUsableOnce, true);
    assert.equal(out.signInUrl, `${limen.url}/my/security-info`);
    assert.equal('password' in out, false);
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

/**
 * The first administrator goes passwordless: the pass printed by the first start signs them in at
 * My Security Info (reached as http://localhost, since passkeys need a domain name), and
 * `bootstrap-admin user` hands out a new pass that replaces the old one.
 */
describe('the first Global Administrator signs in with the printed Temporary Access Pass', () => {
  let db: FreshDatabase;
  let limen: LimenProcess;
  let options: FreshDatabase & { env: Record<string, string> };
  let publicUrl: string;
  let firstBrowser: Browser;

  before(async () => {
    db = await freshDatabaseOptions('sqlite');
    const port = await freePort();
    publicUrl = `http://localhost:${port}`;
    options = { ...db, env: { LIMEN_PUBLIC_URL: publicUrl } };
    limen = await startLimenProcess(options, port);
  });
  after(async () => {
    await limen?.stop();
    await db?.cleanup();
  });

  /** A fresh browser signs in with a pass from My Security Info; returns it and the page reached. */
  async function signInAtSecurityInfo(tap: string): Promise<{ browser: Browser; page: Page }> {
    const browser = new Browser(publicUrl);
    let page = await browser.follow(`${publicUrl}/my/security-info`);
    page = await browser.submit(page, '/username', { username: 'admin@limen.local' });
    page = await browser.submit(page, '/tap', { tap });
    return { browser, page };
  }

  const passIn = (output: string) => /Temporary Access Pass:\s+(\S+)/.exec(output)![1]!;

  test('the printed pass signs admin@limen.local in at My Security Info, which offers to add a passkey; there is no password', async () => {
    const out = limen.output.join('\n');
    assert.ok(out.includes(`open ${publicUrl}/my/security-info`));
    assert.doesNotMatch(out, /Passkeys need a domain name/);
    const { browser, page } = await signInAtSecurityInfo(passIn(out));
    assert.equal(page.url, `${publicUrl}/my/security-info`, page.html.slice(0, 1000));
    assert.equal(page.status, 200);
    assert.match(page.html, /admin@limen\.local/);
    assert.match(page.html, /<button class="primary" type="submit">Add a passkey<\/button>/);
    assert.match(page.html, /Password: none/);
    // The one-time pass just signed them in: the page says it cannot be used again.
    assert.match(page.html, /Temporary Access Pass: used \(one-time; it cannot sign you in again\)/);
    firstBrowser = browser;
  });

  test('the pass works once: a second sign-in with it is refused', async () => {
    const { page } = await signInAtSecurityInfo(passIn(limen.output.join('\n')));
    assert.equal(page.status, 400);
    assert.match(page.html, /already been used/);
  });

  test('bootstrap-admin user --json gives a new pass that works, ends the earlier session, and the old pass no longer matches', async () => {
    const r = await runCli(options, ['bootstrap-admin', 'user', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { created: boolean; temporaryAccessPass: string; startDateTime: string; signInUrl: string };
    assert.equal(out.created, false);
    assert.equal(out.signInUrl, `${publicUrl}/my/security-info`);
    assert.notEqual(out.temporaryAccessPass, passIn(limen.output.join('\n')));

    // The earlier browser session was revoked: My Security Info sends it to sign in again.
    const again = await firstBrowser.follow(`${publicUrl}/my/security-info`);
    assert.match(again.url, /\/interaction\//);

    // The old pass was replaced, not just used up: it is now a wrong pass, not a spent one.
    const old = await signInAtSecurityInfo(passIn(limen.output.join('\n')));
    assert.equal(old.page.status, 400);
    assert.match(old.page.html, /account or Temporary Access Pass is incorrect/);

    // The new pass starts when the earlier sessions stop counting (at most a second from now).
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(out.startDateTime) - Date.now())));
    const fresh = await signInAtSecurityInfo(out.temporaryAccessPass);
    assert.equal(fresh.page.url, `${publicUrl}/my/security-info`, fresh.page.html.slice(0, 1000));
    assert.match(fresh.page.html, /Add a passkey/);
  });

  test('bootstrap-admin user lifts a smart lockout, so the new pass works at once', async () => {
    for (let i = 0; i < 10; i++) await signInAtSecurityInfo(`wrong-pass-${i}`);
    const locked = await signInAtSecurityInfo('wrong-pass-10');
    assert.match(locked.page.html, /temporarily locked/);
    const r = await runCli(options, ['bootstrap-admin', 'user', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { temporaryAccessPass: string; startDateTime: string };
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(out.startDateTime) - Date.now())));
    const { page } = await signInAtSecurityInfo(out.temporaryAccessPass);
    assert.equal(page.url, `${publicUrl}/my/security-info`, page.html.slice(0, 1000));
  });

  test('bootstrap-admin user stops when the pass policy does not cover the user, and --enable-tap changes it just enough, audited', async () => {
    const service = await runCli(options, ['bootstrap-admin', 'service', '--json']);
    const client = JSON.parse(service.stdout) as { clientId: string; clientSecret: string; scope: string };
    const token = (await (await fetch(`${publicUrl}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: client.scope }),
    })).json() as { access_token: string }).access_token;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const policyUrl = `${publicUrl}/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass`;
    assert.equal((await fetch(policyUrl, { method: 'PATCH', headers: auth, body: JSON.stringify({ state: 'disabled' }) })).status, 204);

    const refused = await runCli(options, ['bootstrap-admin', 'user']);
    assert.equal(refused.code, 4);
    assert.match(refused.stderr, /would refuse a pass for admin@limen\.local: the policy is disabled\. Run again with --enable-tap/);

    const r = await runCli(options, ['bootstrap-admin', 'user', '--enable-tap']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Changed the Temporary Access Pass policy to cover this user \(audited\): enabled the policy\./);
    assert.match(r.stdout, /Recovered Global Administrator admin@limen\.local/);
    const policy = (await (await fetch(policyUrl, { headers: auth })).json()) as { state: string };
    assert.equal(policy.state, 'enabled');
    const audits = (await (await fetch(`${publicUrl}/v1.0/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Authentication Methods Policy Update'`, { headers: auth })).json()) as {
      value: Array<{ initiatedBy: { app: unknown }; additionalDetails: Array<{ value: string }> }>;
    };
    assert.ok(audits.value.some((a) => a.initiatedBy.app === null && a.additionalDetails.some((d) => /--enable-tap for admin@limen\.local: enabled the policy/.test(d.value))));

    await new Promise((r) => setTimeout(r, 1000)); // the pass starts at the next whole second
    const { page } = await signInAtSecurityInfo(passIn(r.stdout));
    assert.equal(page.url, `${publicUrl}/my/security-info`, page.html.slice(0, 1000));
  });
});
