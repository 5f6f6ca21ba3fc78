import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, afterEach, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { demoDomain } from '../../src/demo/seed-demo.ts';
import { consoleClient } from '../../src/directory/index.ts';
import { browserAvailable, launchBrowser, type Browser, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { bedrockAgent, startFakeBedrock, type FakeBedrock } from '../support/fake-bedrock.ts';
import { signInWithTap, startBrowserLimen, type BrowserLimen } from './limen-for-browser.ts';

/**
 * The admin center (/console/, console/ at the repository root), in Chromium: the first
 * administrator signs in with the pass the first start printed, through Limen's own provider
 * (authorization code + PKCE), and works through the management API only: Users (search,
 * server paging, a profile, a Temporary Access Pass shown once) and Sign-in logs (the detail
 * pane's Conditional Access and Report-only tabs). The page must run under its CSP (no inline
 * script; Fluent UI's run-time styles carry the nonce): any violation fails the test.
 *
 * LIMEN_SCREENSHOTS=1 saves a screenshot of each page to docs/screenshots/ (CI leaves them alone).
 * One engine: the console reaches the database only through the API, tested on both.
 */
const screenshots = process.env.LIMEN_SCREENSHOTS === '1';
const screenshotDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

async function shoot(page: Page, name: string): Promise<void> {
  if (!screenshots) return;
  await mkdir(screenshotDir, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
}

for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`the admin center in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];
    let amara: { id: string }; // Amara Okafor, of the demo tenant's Operations team

    before(async () => {
      // The demo tenant (Riverside Food Bank, 52 people): what the screenshots show. Access tokens
      // of 61 s: the console refreshes a minute ahead, so a second after each token.
      l = await startBrowserLimen(engine, { LIMEN_DEMO: 'true', LIMEN_ACCESS_TOKEN_TTL: '61' });
      browser = await launchBrowser();
      const found = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/users?$filter=userPrincipalName eq 'amara.okafor@${demoDomain}'`), 200);
      amara = found.value[0]!;
      const volunteers = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/groups?$filter=displayName eq 'Volunteers'`), 200);
      // Two policies for the sign-in's Conditional Access tabs: one enabled that does not apply to
      // the administrator (a condition not satisfied), one in report-only mode.
      await expectStatus(l.admin.call('POST', '/identity/conditionalAccess/policies', {
        displayName: 'Block volunteers from admin portals', state: 'enabled',
        conditions: { users: { includeGroups: [volunteers.value[0]!.id] }, applications: { includeApplications: ['MicrosoftAdminPortals'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      }), 201);
      await expectStatus(l.admin.call('POST', '/identity/conditionalAccess/policies', {
        displayName: 'Require MFA for admins (report-only)', state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeRoles: ['62e90394-69f5-4237-9190-012177145e10'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      }), 201);
      // Reduced motion: Fluent UI then skips its animations, so screenshots show settled pages.
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
      page = await context.newPage();
      page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(e.message));
    });
    // Agents: a blueprint with two agents, one holding Application.ReadWrite.All (granted with the
    // audited override), for the story "disabling an over-privileged agent"; and a registry
    // connection to a stand-in Amazon Bedrock listing two agents, synced from the console.
    let mover: { id: string; appId: string };
    let bedrock: FakeBedrock | undefined;
    const bedrockVariables = ['LIMEN_AGENT_SYNC_CONSOLE_KEY_ID', 'LIMEN_AGENT_SYNC_CONSOLE_SECRET'] as const;
    after(async () => {
      for (const name of bedrockVariables) delete process.env[name];
      await bedrock?.close();
    });
    before(async () => {
      bedrock = await startFakeBedrock();
      bedrock.agents = [bedrockAgent(1, { agentName: 'returns-triage' }), bedrockAgent(2, { agentName: 'donor-letters' })];
      process.env[bedrockVariables[0]] = bedrock.accessKeyId;
      process.env[bedrockVariables[1]] = bedrock.secretAccessKey;
      await expectStatus(l.admin.call('POST', '/agentRegistry/connections', {
        displayName: 'Prod Bedrock', platform: 'amazonBedrock', region: bedrock.region, endpoint: bedrock.url,
        credential: { accessKeyIdVariable: bedrockVariables[0], secretAccessKeyVariable: bedrockVariables[1] },
      }), 201);
      const sponsor = [`${l.url}/v1.0/users/${amara.id}`];
      const blueprint = await expectStatus(l.admin.call<{ appId: string }>('POST', '/applications/microsoft.graph.agentIdentityBlueprint', {
        displayName: 'Finance agents', 'sponsors@odata.bind': sponsor,
      }), 201);
      const agent = (displayName: string) => expectStatus(l.admin.call<{ id: string; appId: string }>('POST', '/servicePrincipals/microsoft.graph.agentIdentity', {
        displayName, agentIdentityBlueprintId: blueprint.appId, 'sponsors@odata.bind': sponsor,
      }), 201);
      mover = await agent('Invoice mover');
      const reader = await agent('Receipt reader');
      const api = await expectStatus(l.admin.call<{ id: string; appRoles: Array<{ id: string; value: string }> }>(
        'GET', `/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')`), 200);
      const role = (value: string) => api.appRoles.find((r) => r.value === value)!.id;
      await expectStatus(l.admin.call('POST', `/servicePrincipals/${mover.id}/appRoleAssignments?overrideHighPrivilege=true`,
        { principalId: mover.id, resourceId: api.id, appRoleId: role('Application.ReadWrite.All') }), 201);
      await expectStatus(l.admin.call('POST', `/servicePrincipals/${reader.id}/appRoleAssignments`,
        { principalId: reader.id, resourceId: api.id, appRoleId: role('User.Read.All') }), 201);
    });
    // A failed step must not leave a pane or dialog over the next test's page.
    afterEach(async () => {
      for (let i = 0; i < 2; i++) await page?.keyboard.press('Escape').catch(() => {});
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    test('serves the app: index.html uncached with a CSP nonce, hashed assets cached for a year, client routes fall back to index.html', async () => {
      const index = await fetch(`${l.url}/console/`);
      assert.equal(index.status, 200);
      assert.equal(index.headers.get('cache-control'), 'no-cache');
      const csp = index.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce, csp);
      assert.match(csp, /script-src 'self';/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      const html = await index.text();
      assert.ok(html.includes(`nonce="${nonce}"`), 'the page carries the nonce of its CSP');
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
      assert.match(html, /&#34;publicUrl&#34;:&#34;http:\/\/localhost:\d+&#34;/, 'the public URL the app signs in at');
      const again = await (await fetch(`${l.url}/console/`)).headers.get('content-security-policy');
      assert.notEqual(again, csp, 'a fresh nonce per response');

      const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1]!;
      const asset = await fetch(`${l.url}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(asset.status, 200);
      assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.match(asset.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.equal(asset.headers.get('content-encoding'), 'br');

      const deep = await fetch(`${l.url}/console/users/some-id?q=ana`);
      assert.equal(deep.status, 200);
      assert.match(await deep.text(), /<div id="root">/);
      assert.equal((await fetch(`${l.url}/console/assets/gone-1234.js`)).status, 404);
      assert.match(await (await fetch(`${l.url}/console/.source-hash`)).text(), /<div id="root">/, 'dotfiles of the build are not served');
      const bare = await fetch(`${l.url}/console`, { redirect: 'manual' });
      assert.equal(bare.status, 301);
      assert.equal(bare.headers.get('location'), '/console/');
    });

    test('opened at the bind address, the app moves to the public URL before signing in', async () => {
      const other = await (await browser.newContext()).newPage();
      const bound = l.url.replace('localhost', '127.0.0.1');
      await other.goto(`${bound}/console/users?q=ana`);
      await other.waitForURL((url) => url.hostname === 'localhost' && url.pathname.startsWith('/interaction/'));
      await other.context().close();
    });

    test('the first administrator signs in with the Temporary Access Pass and sees the Overview', async () => {
      const firstAdmin = l.limen.firstAdmin!;
      await page.goto(`${l.url}/console/`);
      await signInWithTap(page, firstAdmin.userPrincipalName, firstAdmin.temporaryAccessPass);
      await page.waitForURL(/\/console\/?$/);
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      await page.getByRole('button', { name: /Signed in as/ }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Admin center' });
      for (const item of ['Overview', 'Users', 'Groups', 'Applications', 'Agents', 'Authentication methods', 'Conditional Access', 'Sign-in logs', 'Audit logs']) {
        await nav.getByRole('link', { name: item }).waitFor();
      }
      await page.getByText('Limen', { exact: false }).first().waitFor();
      await page.getByLabel('Users: 53').waitFor(); // 52 people and the administrator
      await page.getByRole('table', { name: 'Sign-ins per day' }).waitFor();
      await shoot(page, 'console-overview');
    });

    test('Users: pages on the server, searches, opens a profile and creates a Temporary Access Pass shown once', async () => {
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Users' }).click();
      await page.waitForURL(`${l.url}/console/users`);
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      const table = page.getByRole('table', { name: 'Users' });
      await page.getByText('1–50 of 53 users').waitFor();
      await shoot(page, 'console-users');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('51–53 of 53 users').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Next' }).isDisabled(), true, 'the last page');
      await page.getByRole('button', { name: 'Previous' }).click();
      await page.getByText('1–50 of 53 users').waitFor();

      await page.getByRole('searchbox', { name: 'Search users' }).fill('amara');
      await page.getByText('1–2 of 2 users').waitFor();
      await page.waitForURL(/\/console\/users\?q=amara$/);

      await table.getByRole('button', { name: 'Amara Okafor' }).click();
      await page.waitForURL(new RegExp(`/console/users/${amara.id}\\?q=amara$`));
      const pane = page.getByRole('dialog', { name: 'User Amara Okafor' });
      await pane.getByText(`amara.okafor@${demoDomain}`).first().waitFor();
      await pane.getByRole('tab', { name: 'Groups' }).click();
      await pane.getByRole('cell', { name: 'Operations', exact: true }).waitFor();
      await pane.getByRole('tab', { name: 'Authentication methods' }).click();
      await pane.getByText(/No authentication method registered/).waitFor();
      await shoot(page, 'console-user-profile');

      await pane.getByRole('button', { name: 'Create Temporary Access Pass' }).first().click();
      const dialog = page.getByRole('alertdialog', { name: 'Temporary Access Pass' });
      await dialog.getByRole('button', { name: 'Create pass' }).click();
      const code = (await dialog.getByTestId('tap-code').textContent())!.trim();
      assert.match(code, /^[A-Za-z0-9]{8,}$/);
      await dialog.getByText('This pass is shown only now.', { exact: false }).waitFor();
      await shoot(page, 'console-tap-created');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await page.getByText(code).count(), 0, 'the pass is gone from the page once the dialog closes');
      await pane.getByRole('cell', { name: 'Temporary Access Pass', exact: true }).waitFor();

      const taps = await expectStatus(l.admin.call<{ value: Array<{ isUsableOnce: boolean }> }>('GET', `/users/${amara.id}/authentication/temporaryAccessPassMethods`), 200);
      assert.equal(taps.value.length, 1);
      assert.equal(taps.value[0]!.isUsableOnce, true);
      const audit = await expectStatus(l.admin.call<{ value: Array<{ initiatedBy: { user?: { userPrincipalName: string }; app?: { appId?: string } } }> }>(
        'GET', `/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Admin registered temporary access pass method for user'`), 200);
      assert.equal(audit.value[0]?.initiatedBy.user?.userPrincipalName, 'admin@limen.local', 'done as the signed-in admin, through the API');

      await pane.getByRole('button', { name: 'Close' }).click();
      await page.waitForURL(/\/console\/users\?q=amara$/);
    });

    test('Sign-in logs: the administrator\'s sign-in, with the Conditional Access and Report-only tabs', async () => {
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Sign-in logs' }).click();
      await page.waitForURL(`${l.url}/console/sign-ins`);
      await page.getByRole('heading', { level: 1, name: 'Sign-in logs' }).waitFor();
      const table = page.getByRole('table', { name: 'Sign-ins' });
      await page.getByRole('searchbox', { name: 'User', exact: true }).fill('admin@');
      const row = table.getByRole('row').filter({ hasText: 'Limen Admin Center' }).first();
      await row.waitFor();
      await shoot(page, 'console-sign-ins');
      await row.getByRole('button').first().click();
      const pane = page.getByRole('dialog', { name: 'Sign-in details' });
      await pane.getByText('admin@limen.local').waitFor();
      await pane.getByRole('tab', { name: 'Conditional Access' }).click();
      const policies = pane.getByRole('table', { name: 'Conditional Access policies' });
      const blockVolunteers = policies.getByRole('row').filter({ hasText: 'Block volunteers from admin portals' });
      await blockVolunteers.waitFor();
      assert.match(await blockVolunteers.textContent() ?? '', /block.*Not applied/i);
      await shoot(page, 'console-sign-in-ca');
      await pane.getByRole('tab', { name: 'Report-only' }).click();
      const reportOnly = pane.getByRole('table', { name: 'Report-only policies' }).getByRole('row').filter({ hasText: 'Require MFA for admins (report-only)' });
      await reportOnly.waitFor();
      assert.match(await reportOnly.textContent() ?? '', /Report-only: /);
      await pane.getByRole('tab', { name: 'Authentication Details' }).click();
      await pane.getByRole('cell', { name: 'Temporary Access Pass', exact: true }).first().waitFor();
      await pane.getByRole('button', { name: 'Close' }).click();
    });

    test('Agents: disabling an over-privileged agent', async () => {
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Agents' }).click();
      await page.waitForURL(`${l.url}/console/agents`);
      await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
      const table = page.getByRole('table', { name: 'Agent identities' });
      const row = table.getByRole('row').filter({ hasText: 'Invoice mover' });
      await row.getByText('Over-privileged').waitFor();
      assert.match(await row.textContent() ?? '', /Finance agents.*Enabled/, 'its blueprint and state');
      assert.equal(await table.getByRole('row').filter({ hasText: 'Receipt reader' }).getByText('Over-privileged').count(), 0, 'the other agent is not flagged');
      await shoot(page, 'console-agents');

      await row.getByRole('button', { name: 'Invoice mover' }).click();
      await page.waitForURL(new RegExp(`/console/agents/${mover.id}$`));
      const pane = page.getByRole('dialog', { name: 'Agent Invoice mover' });
      const permission = pane.getByRole('table', { name: 'Permissions' }).getByRole('row').filter({ hasText: 'Application.ReadWrite.All' });
      await permission.waitFor();
      assert.match(await permission.textContent() ?? '', /Granted to the agent.*High privilege/);
      await pane.getByRole('table', { name: 'Sponsors' }).getByRole('cell', { name: 'Amara Okafor' }).waitFor();

      await pane.getByRole('button', { name: 'Disable agent' }).click();
      const confirm = page.getByRole('dialog', { name: 'Disable Invoice mover?' });
      await confirm.getByText(/refresh tokens and grants are revoked/).waitFor();
      await confirm.getByRole('button', { name: 'Disable', exact: true }).click();
      await confirm.waitFor({ state: 'detached' });
      await pane.getByText('Invoice mover was disabled; its refresh tokens and grants were revoked.').waitFor();
      await pane.getByRole('button', { name: 'Enable agent' }).waitFor();
      const agent = await expectStatus(l.admin.call<{ accountEnabled: boolean }>('GET', `/servicePrincipals/${mover.id}/microsoft.graph.agentIdentity`), 200);
      assert.equal(agent.accountEnabled, false, 'disabled through the API');
      await pane.getByRole('button', { name: 'Close' }).click();
      await page.waitForURL(`${l.url}/console/agents`);
      await row.getByText('Disabled').waitFor();

      // The other tabs: the blueprint with its agents; a registry and connections still empty.
      await page.getByRole('tab', { name: 'Blueprints' }).click();
      await page.getByRole('table', { name: 'Blueprints' }).getByRole('button', { name: 'Finance agents' }).click();
      const agents = page.getByRole('dialog', { name: 'Blueprint Finance agents' }).getByRole('table', { name: 'Agents of this blueprint' });
      await agents.getByRole('row').filter({ hasText: 'Invoice mover' }).getByText('Disabled').waitFor();
      await agents.getByRole('row').filter({ hasText: 'Receipt reader' }).getByText('Enabled').waitFor();
      await page.keyboard.press('Escape');
      // Sync a platform now: the run's counts, then its agents in the registry, unmanaged.
      await page.getByRole('tab', { name: 'Connections' }).click();
      const connection = page.getByRole('table', { name: 'Sync connections' }).getByRole('row').filter({ hasText: 'Prod Bedrock' });
      await connection.getByText('Never synced').waitFor();
      await connection.getByRole('button', { name: 'Sync Prod Bedrock now' }).click();
      await page.getByText('2 found: 2 added, 0 updated, 0 removed').first().waitFor();
      await connection.getByText('Succeeded').waitFor();
      await page.getByRole('tab', { name: 'Registry' }).click();
      const registry = page.getByRole('table', { name: 'Agent registry' });
      await registry.getByRole('row').filter({ hasText: 'returns-triage' }).getByText('Unmanaged').waitFor();
      assert.match(await registry.getByRole('row').filter({ hasText: 'donor-letters' }).textContent() ?? '', /Amazon Bedrock.*Unmanaged.*PREPARED/);

      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Overview' }).click();
      await page.getByLabel('Over-privileged agents: 1').waitFor();
      await page.getByLabel('Sponsorless agents: 0').waitFor();
      await page.getByLabel('Unmanaged agents: 2').waitFor();
    });

    test('Conditional Access: creates a report-only policy as JSON, lists it, opens its insights and asks What If', async () => {
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Conditional Access' }).click();
      await page.getByRole('heading', { level: 1, name: 'Conditional Access' }).waitFor();
      const table = page.getByRole('table', { name: 'Conditional Access policies' });
      const blockVolunteers = table.getByRole('row').filter({ hasText: 'Block volunteers from admin portals' });
      await blockVolunteers.waitFor();
      assert.match(await blockVolunteers.textContent() ?? '', /On.*1 group, signing in to the admin portals: block access/);

      await page.getByRole('button', { name: 'New policy' }).click();
      const editor = page.getByRole('dialog', { name: 'New policy' });
      const json = editor.getByRole('textbox', { name: /Policy \(Graph/ });
      await json.fill('{ "displayName": "Require MFA for all users", "state": "enabledForReportingButNotEnforced", "conditions": { "users": { "includeUsers": ["All"] }, "applications": { "includeApplications": ["Al"] }, "clientAppTypes": ["all"] }, "grantControls": { "operator": "OR", "builtInControls": ["mfa"] } }');
      const before = problems.length;
      await editor.getByRole('button', { name: 'Create policy' }).click();
      await editor.getByTestId('api-error-details').getByText('conditions.applications.includeApplications', { exact: false }).waitFor(); // a problem named by its JSON path
      // The browser logs the refused POST's 400: expected here, not a console error of the app.
      problems.splice(before, problems.length - before, ...problems.slice(before).filter((p) => !/status of 400/.test(p)));
      await json.fill(JSON.stringify({
        displayName: 'Require MFA for all users', state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      }, null, 2));
      await editor.getByTestId('draft-summary').getByText('All users, signing in to every app: require multifactor authentication.').waitFor();
      await editor.getByRole('button', { name: 'Create policy' }).click();
      const pane = page.getByRole('dialog', { name: 'Policy Require MFA for all users' });
      await pane.waitFor();
      const created = await expectStatus(l.admin.call<{ value: Array<{ id: string; state: string }> }>('GET', `/identity/conditionalAccess/policies?$filter=displayName eq 'Require MFA for all users'`), 200);
      assert.equal(created.value[0]?.state, 'enabledForReportingButNotEnforced');
      await pane.getByRole('button', { name: 'Close' }).click();
      const row = table.getByRole('row').filter({ hasText: 'Require MFA for all users' });
      await row.getByText('Report-only').waitFor();
      await shoot(page, 'console-conditional-access');

      await row.getByRole('button').first().click();
      await pane.getByTestId('policy-summary').getByText('All users, signing in to every app', { exact: false }).waitFor();
      await pane.getByRole('tab', { name: 'Insights' }).click();
      await pane.getByTestId('insights').getByText('Total sign-ins').waitFor();
      await pane.getByRole('table', { name: 'Insights by application' }).waitFor();
      await pane.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('tab', { name: 'What If' }).click();
      await page.waitForURL(/\/console\/conditional-access\?tab=what-if$/);
      await page.getByRole('combobox', { name: 'User' }).click();
      await page.getByRole('combobox', { name: 'User' }).pressSequentially('Amara');
      await page.getByRole('option', { name: /Amara Okafor/ }).click();
      await page.getByRole('combobox', { name: 'Application' }).click();
      await page.getByRole('option').first().click();
      await page.getByRole('button', { name: 'What If' }).click();
      const result = page.getByTestId('what-if-result');
      const mfa = result.getByRole('row').filter({ hasText: 'Require MFA for all users' });
      await mfa.waitFor();
      assert.match(await mfa.textContent() ?? '', /Report-only.*Applies/);
      await result.getByText('Decision').waitFor();
      await shoot(page, 'console-conditional-access-what-if');
    });

    test('a page not built yet says what it will do', async () => {
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Audit logs' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit logs' }).waitFor();
      await page.getByTestId('coming-soon').getByText('hash chain', { exact: false }).waitFor();
    });

    test('ran under its CSP with no error, refreshed its token on the way, then signs out through the provider', async () => {
      assert.deepEqual(problems.filter((p) => !/favicon/.test(p)), [], 'no console error, no CSP violation');
      await new Promise((r) => setTimeout(r, 100)); // the sign-in log's batch
      const tokens = await expectStatus(l.admin.call<{ value: unknown[] }>('GET',
        `/auditLogs/signIns?$filter=appId eq '${consoleClient.appId}' and isInteractive eq false`), 200);
      assert.ok(tokens.value.length >= 2, `the code redeemed, then at least one refresh (${tokens.value.length} token requests)`);
      await page.getByRole('button', { name: /Signed in as/ }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign out' }).click(); // the provider's confirmation
      await page.waitForURL(`${l.url}/console/signed-out`);
      await page.getByRole('heading', { name: 'You signed out' }).waitFor();
    });
  });
}
