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
import { AgentTokenClient, ConditionalAccessError } from '../../src/sdk/agent/index.ts';
import { signInWithTap, startBrowserLimen, watchedPage, type BrowserLimen } from './limen-for-browser.ts';

/**
 * The admin center (/console/, console/ at the repository root), in Chromium: the first
 * administrator signs in with the pass the first start printed, through Limen's own provider
 * (authorization code + PKCE), and works through the management API only: Users (search,
 * server paging, a profile, a Temporary Access Pass shown once), Sign-in logs (the detail
 * pane's Conditional Access and Report-only tabs), Audit logs (filters, a change's old and new
 * values), Groups (members added and removed by $ref) and Applications (a client secret shown
 * once). The page must run under its CSP (no inline script; Fluent UI's run-time styles carry the
 * nonce): any violation fails the test.
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
      page = await watchedPage(browser, problems);
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
      await page.getByRole('table', { name: 'Report-only policies' }).getByRole('row').filter({ hasText: 'Require MFA for admins (report-only)' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Risky users' }).waitFor();
      await page.getByLabel('Users at high risk: 0').waitFor();
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

    test('Sign-in logs and Conditional Access: blocking all agents, reading the failure in the sign-in\'s CA tab, excluding the agent, seeing success', async () => {
      // Setup through the API: a blueprint with a client secret, and an agent holding User.Read.All.
      const sponsor = [`${l.url}/v1.0/users/${amara.id}`];
      const blueprint = await expectStatus(l.admin.call<{ id: string; appId: string }>('POST', '/applications/microsoft.graph.agentIdentityBlueprint', {
        displayName: 'Outreach agents', 'sponsors@odata.bind': sponsor,
      }), 201);
      const { secretText } = await expectStatus(l.admin.call<{ secretText: string }>('POST', `/applications/${blueprint.id}/addPassword`, { passwordCredential: { displayName: 'dev' } }), 200);
      const mailer = await expectStatus(l.admin.call<{ id: string; appId: string }>('POST', '/servicePrincipals/microsoft.graph.agentIdentity', {
        displayName: 'Donor mailer', agentIdentityBlueprintId: blueprint.appId, 'sponsors@odata.bind': sponsor,
      }), 201);
      const api = await expectStatus(l.admin.call<{ id: string; appRoles: Array<{ id: string; value: string }> }>(
        'GET', `/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')`), 200);
      await expectStatus(l.admin.call('POST', `/servicePrincipals/${mailer.id}/appRoleAssignments`,
        { principalId: mailer.id, resourceId: api.id, appRoleId: api.appRoles.find((r) => r.value === 'User.Read.All')!.id }), 201);
      // A fresh SDK client per request: one client would answer from its token cache.
      const tokenRequest = () => new AgentTokenClient({
        issuer: l.url, blueprint: { clientId: blueprint.appId, credential: { kind: 'clientSecret', secret: secretText } }, agentId: mailer.appId,
      }).getToken({ scope: 'api://limen/.default' });
      await tokenRequest(); // no policy yet: the agent gets its token

      // The admin blocks all agents, as JSON in the Conditional Access page.
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Conditional Access' }).click();
      await page.getByRole('heading', { level: 1, name: 'Conditional Access' }).waitFor();
      await page.getByRole('button', { name: 'New policy' }).click();
      const editor = page.getByRole('dialog', { name: 'New policy' });
      await editor.getByRole('textbox', { name: /Policy \(Graph/ }).fill(JSON.stringify({
        displayName: 'Block all agents', state: 'enabled',
        conditions: {
          clientApplications: { includeAgentIdServicePrincipals: ['All'] },
          applications: { includeApplications: ['All'] }, clientAppTypes: ['all'],
        },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      }, null, 2));
      await editor.getByRole('button', { name: 'Create policy' }).click();
      const policyPane = page.getByRole('dialog', { name: 'Policy Block all agents' });
      await policyPane.waitFor();
      await policyPane.getByRole('button', { name: 'Close' }).click();

      // The agent's next token request is refused by Conditional Access.
      const refused = await tokenRequest().then(() => assert.fail('the agent got a token'), (e: unknown) => e);
      assert.ok(refused instanceof ConditionalAccessError, String(refused));
      assert.equal(refused.code, 53003);
      assert.deepEqual(refused.policies, ['Block all agents']);

      // The admin finds the failure among the agents' sign-ins and reads the Conditional Access tab.
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Sign-in logs' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign-in logs' }).waitFor();
      await page.getByRole('tab', { name: 'Agent sign-ins' }).click();
      await page.getByRole('combobox', { name: 'Conditional Access' }).click();
      await page.getByRole('option', { name: 'Failure' }).click();
      await page.waitForURL(/type=agents.*ca=failure|ca=failure.*type=agents/);
      const table = page.getByRole('table', { name: 'Sign-ins' });
      const failure = table.getByRole('row').filter({ hasText: 'Donor mailer' }).first();
      for (let i = 0; !(await failure.isVisible()) && i < 50; i++) { // the log's batch, then Refresh
        await page.waitForTimeout(100);
        await page.getByRole('button', { name: 'Refresh' }).click();
      }
      await failure.waitFor();
      await failure.getByRole('button').first().click();
      const pane = page.getByRole('dialog', { name: 'Sign-in details' });
      await pane.getByText('53003', { exact: true }).waitFor();
      await pane.getByText('Agent identity', { exact: true }).first().waitFor();
      await pane.getByText(mailer.id).waitFor(); // the agent identity's id, in the agent section
      await pane.getByRole('tab', { name: 'Conditional Access' }).click();
      const blockAll = pane.getByRole('table', { name: 'Conditional Access policies' }).getByRole('row').filter({ hasText: 'Block all agents' });
      await blockAll.waitFor();
      assert.match(await blockAll.textContent() ?? '', /block.*Failure/i);
      await shoot(page, 'console-sign-in-agent-blocked');
      await pane.getByRole('button', { name: 'Close' }).click();

      // The admin excludes the agent in the policy's JSON, and its next request succeeds.
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Conditional Access' }).click();
      await page.getByRole('table', { name: 'Conditional Access policies' }).getByRole('row').filter({ hasText: 'Block all agents' }).getByRole('button').first().click();
      await policyPane.getByRole('tab', { name: 'Edit JSON' }).click();
      const json = policyPane.getByRole('textbox', { name: /Policy \(Graph/ });
      const policy = JSON.parse(await json.inputValue()) as { conditions: { clientApplications: Record<string, unknown> } };
      policy.conditions.clientApplications.excludeAgentIdServicePrincipals = [mailer.id];
      await json.fill(JSON.stringify(policy, null, 2));
      await policyPane.getByRole('button', { name: 'Save', exact: true }).click();
      await policyPane.getByText('Saved.').waitFor();
      await policyPane.getByRole('button', { name: 'Close' }).click();
      const token = await tokenRequest();
      assert.ok(token.accessToken);
    });

    test('Authentication methods: the methods with their targets, and a new passkey profile for device-bound passkeys', async () => {
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Authentication methods' }).click();
      await page.getByRole('heading', { level: 1, name: 'Authentication methods' }).waitFor();
      const fido2 = page.getByRole('table', { name: 'Authentication methods' }).getByRole('row').filter({ hasText: 'Passkey (FIDO2)' });
      await fido2.waitFor();
      assert.match(await fido2.textContent() ?? '', /Enabled.*All users/);
      await fido2.getByRole('button', { name: 'Passkey (FIDO2)' }).click();
      await page.waitForURL(`${l.url}/console/authentication-methods/fido2`);
      const pane = page.getByRole('dialog', { name: 'Method Passkey (FIDO2)' });
      const profiles = pane.getByRole('table', { name: 'Passkey profiles' });
      await profiles.getByRole('row').filter({ hasText: 'Default passkey profile' }).getByText('Device-bound and synced passkeys, no attestation, any model').waitFor();

      await pane.getByRole('button', { name: 'New passkey profile' }).click();
      const form = pane.getByRole('form', { name: 'New passkey profile' });
      await form.getByRole('textbox', { name: 'Profile name' }).fill('Device-bound only');
      // Attestation with synced passkeys: the API's 400 says why, in the pane.
      await form.getByRole('switch', { name: /Require attestation/ }).check();
      const before = problems.length;
      await form.getByRole('button', { name: 'Save profile' }).click();
      await pane.getByTestId('api-error').getByText('synced passkeys carry no attestation', { exact: false }).waitFor();
      problems.splice(before, problems.length - before, ...problems.slice(before).filter((p) => !/status of 400/.test(p)));
      await form.getByRole('checkbox', { name: 'Synced' }).uncheck();
      await form.getByRole('switch', { name: /Require attestation/ }).uncheck();
      await form.getByTestId('profile-draft-summary').getByText('Device-bound passkeys only, no attestation, any model').waitFor();
      await form.getByRole('button', { name: 'Save profile' }).click();
      await profiles.getByRole('row').filter({ hasText: 'Device-bound only' }).getByText('Device-bound passkeys only, no attestation, any model').waitFor();
      const policy = await expectStatus(l.admin.call<{ passkeyProfiles: Array<{ name: string; passkeyTypes: string }> }>(
        'GET', '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2'), 200);
      assert.equal(policy.passkeyProfiles.find((p) => p.name === 'Device-bound only')?.passkeyTypes, 'deviceBound');
      await shoot(page, 'console-authentication-methods');
      await pane.getByRole('button', { name: 'Close' }).click();
      await page.waitForURL(`${l.url}/console/authentication-methods`);

      // The Temporary Access Pass: one-time passes only, then back.
      await page.getByRole('table', { name: 'Authentication methods' }).getByRole('button', { name: 'Temporary Access Pass' }).click();
      const tap = page.getByRole('dialog', { name: 'Method Temporary Access Pass' });
      const once = tap.getByRole('checkbox', { name: /One-time use/ });
      await once.check();
      await tap.getByRole('button', { name: 'Save settings' }).click();
      await tap.getByText('Settings saved.').waitFor();
      const tapPolicy = await expectStatus(l.admin.call<{ isUsableOnce: boolean }>('GET', '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass'), 200);
      assert.equal(tapPolicy.isUsableOnce, true);
      await once.uncheck();
      await tap.getByRole('button', { name: 'Save settings' }).click();
      await tap.getByText('Settings saved.').waitFor();
      await tap.getByRole('button', { name: 'Close' }).click();
      // Authenticator apps for one group, picked by name.
      await page.getByRole('table', { name: 'Authentication methods' }).getByRole('button', { name: 'Third-party software OATH tokens' }).click();
      const oath = page.getByRole('dialog', { name: 'Method Third-party software OATH tokens' });
      await oath.getByRole('table', { name: 'Included' }).waitFor();
      const picker = oath.getByRole('combobox', { name: 'Include a group' });
      await picker.click();
      await picker.pressSequentially('Volun');
      await page.getByRole('option', { name: 'Volunteers' }).click();
      await oath.getByRole('table', { name: 'Included' }).getByText('Volunteers').waitFor();
      await oath.getByRole('button', { name: 'Save targets' }).click();
      await oath.getByText('Targets saved.').waitFor();
      const oathPolicy = await expectStatus(l.admin.call<{ includeTargets: Array<{ id: string }> }>('GET', '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/softwareOath'), 200);
      const volunteers = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/groups?$filter=displayName eq 'Volunteers'`), 200);
      assert.ok(oathPolicy.includeTargets.some((t) => t.id === volunteers.value[0]!.id), 'the group is a target');
      await oath.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('tab', { name: 'Authentication strengths' }).click();
      const strengths = page.getByRole('table', { name: 'Authentication strengths' });
      assert.match(await strengths.getByRole('row').filter({ hasText: 'Phishing-resistant MFA' }).textContent() ?? '', /Built-in/);
    });

    test('Audit logs: filters by category and activity, opens a change with its old and new values side by side', async () => {
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Audit logs' }).click();
      await page.waitForURL(`${l.url}/console/audit-logs`);
      await page.getByRole('heading', { level: 1, name: 'Audit logs' }).waitFor();
      const table = page.getByRole('table', { name: 'Audit log' });
      await table.getByRole('row').filter({ hasText: 'Seed demo tenant' }).waitFor();
      await page.getByRole('combobox', { name: 'Category' }).click();
      await page.getByRole('option', { name: 'Policy', exact: true }).click();
      await page.getByRole('searchbox', { name: 'Activity' }).fill('Add conditional');
      await page.waitForURL(/category=Policy.*activity=Add\+conditional|activity=Add\+conditional.*category=Policy/);
      const row = table.getByRole('row').filter({ hasText: 'Block volunteers from admin portals' });
      await row.waitFor();
      assert.equal(await table.getByRole('row').filter({ hasText: 'Seed demo tenant' }).count(), 0, 'filtered on the server');
      await row.getByRole('button').first().click();
      await page.waitForURL(/\/console\/audit-logs\/[^/?]+\?/);
      const pane = page.getByRole('dialog', { name: 'Audit log details' });
      await pane.getByRole('region', { name: 'Initiated by' }).waitFor();
      const changes = pane.getByRole('table', { name: 'Modified properties of Block volunteers from admin portals' });
      const grant = changes.getByRole('row').filter({ hasText: 'GrantControls' });
      await grant.waitFor();
      assert.match(await grant.getByTestId('new-value').textContent() ?? '', /"builtInControls": \[\n\s+"block"/, 'the new value, pretty-printed');
      await shoot(page, 'console-audit-logs');
      await pane.getByRole('button', { name: 'Close' }).click();
      await page.waitForURL(/\/console\/audit-logs\?/);
    });

    test('Groups: searches, opens a group with its nested groups, adds and removes a member by $ref', async () => {
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Groups' }).click();
      await page.waitForURL(`${l.url}/console/groups`);
      await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
      const table = page.getByRole('table', { name: 'Groups' });
      await table.getByRole('button', { name: 'Volunteers' }).waitFor();
      await page.getByRole('searchbox', { name: 'Search groups' }).fill('All St');
      await page.getByText('1–1 of 1 groups').waitFor();
      await table.getByRole('button', { name: 'All Staff' }).click();
      const pane = page.getByRole('dialog', { name: 'Group All Staff' });
      await pane.getByRole('tab', { name: 'Members', exact: true }).click();
      const members = pane.getByRole('table', { name: 'Direct members' });
      assert.match(await members.getByRole('row').filter({ hasText: 'Operations' }).textContent() ?? '', /Group/, 'a nested group');
      await pane.getByRole('tab', { name: 'All members' }).click();
      await pane.getByRole('table', { name: 'All members' }).getByRole('row').filter({ hasText: 'Amara Okafor' }).waitFor();

      await pane.getByRole('tab', { name: 'Members', exact: true }).click();
      await pane.getByRole('button', { name: 'Add members' }).click();
      const add = page.getByRole('dialog', { name: 'Add members' });
      await add.getByRole('searchbox', { name: 'Search users' }).fill('Amara');
      await add.getByRole('button', { name: 'Add Amara Okafor' }).click();
      await add.getByText('Already added').waitFor();
      await add.getByRole('button', { name: 'Done' }).click();
      await members.getByRole('row').filter({ hasText: 'Amara Okafor' }).waitFor();
      const allStaff = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/groups?$filter=displayName eq 'All Staff'`), 200);
      const direct = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/groups/${allStaff.value[0]!.id}/members`), 200);
      assert.ok(direct.value.some((m) => m.id === amara.id), 'added through the API');
      await shoot(page, 'console-groups');

      await members.getByRole('button', { name: 'Remove Amara Okafor' }).click();
      const confirm = page.getByRole('dialog', { name: /Remove Amara Okafor as member of All Staff/ });
      await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
      await confirm.waitFor({ state: 'detached' });
      await members.getByRole('row').filter({ hasText: 'Amara Okafor' }).waitFor({ state: 'detached' });
      await pane.getByRole('button', { name: 'Close' }).click();
    });

    test('Applications: an app\'s redirect URIs, a client secret shown once then removed, its API permissions and app roles', async () => {
      const [shiftPlanner] = (await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/applications?$filter=displayName eq 'Shift Planner'`), 200)).value;
      const graphApi = await expectStatus(l.admin.call<{ appId: string; oauth2PermissionScopes: Array<{ id: string; value: string }> }>(
        'GET', `/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')`), 200);
      const userRead = graphApi.oauth2PermissionScopes.find((s) => s.value === 'User.Read')!;
      await expectStatus(l.admin.call('PATCH', `/applications/${shiftPlanner!.id}`, {
        requiredResourceAccess: [{ resourceAppId: graphApi.appId, resourceAccess: [{ id: userRead.id, type: 'Scope' }] }],
        appRoles: [{ id: crypto.randomUUID(), value: 'Shifts.Manage', displayName: 'Shift coordinator', description: 'Plans shifts', allowedMemberTypes: ['User'], isEnabled: true }],
      }), 204);

      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Applications' }).click();
      await page.waitForURL(`${l.url}/console/applications`);
      await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
      const table = page.getByRole('table', { name: 'Applications' });
      await table.getByRole('button', { name: 'Donor CRM' }).waitFor();
      await table.getByRole('button', { name: 'Shift Planner' }).click();
      await page.waitForURL(new RegExp(`/console/applications/${shiftPlanner!.id}$`));
      const pane = page.getByRole('dialog', { name: 'Application Shift Planner' });
      await pane.getByRole('tab', { name: 'Authentication' }).click();
      await pane.getByRole('table', { name: 'Web redirect URIs' }).getByText('https://shifts.riverside-foodbank.org/auth/callback').waitFor();

      await pane.getByRole('tab', { name: 'Certificates & secrets' }).click();
      await pane.getByText('No certificate.', { exact: false }).waitFor();
      await pane.getByRole('button', { name: 'New client secret' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Client secret' });
      await dialog.getByRole('textbox', { name: 'Description' }).fill('ci-secret');
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      const secret = (await dialog.getByTestId('secret-value').textContent())!.trim();
      assert.ok(secret.length >= 16, secret);
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await page.getByText(secret).count(), 0, 'the secret is gone from the page once the dialog closes');
      const secrets = pane.getByRole('table', { name: 'Client secrets' });
      await secrets.getByRole('row').filter({ hasText: 'ci-secret' }).waitFor();
      await shoot(page, 'console-applications');
      await secrets.getByRole('button', { name: 'Remove secret “ci-secret”' }).click();
      const confirm = page.getByRole('dialog', { name: /Remove the client secret/ });
      await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
      await confirm.waitFor({ state: 'detached' });
      await pane.getByText('No client secret.').waitFor();

      await pane.getByRole('tab', { name: 'API permissions' }).click();
      assert.match(await pane.getByRole('row').filter({ hasText: 'User.Read' }).first().textContent() ?? '', /User\.Read.*Delegated/);
      await pane.getByRole('tab', { name: 'App roles' }).click();
      await pane.getByRole('table', { name: 'App roles' }).getByRole('row').filter({ hasText: 'Shifts.Manage' }).waitFor();
      await pane.getByRole('button', { name: 'Close' }).click();
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
