import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserAvailable, launchBrowser, type Browser, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { signInToConsole, startBrowserLimen, watchedPage, type BrowserLimen } from './limen-for-browser.ts';

/**
 * The Conditional Access policy editor's form (issue #6), in Chromium: the administrator builds
 * "Require MFA for admins" with the form (the Global Administrator role included, a break-glass
 * user excluded, all resources, MFA, report-only), sees the plain-language summary follow, checks
 * the same draft in the JSON view, creates it; the stored policy has exactly those conditions, and
 * opened again the form and the JSON show them. One engine: the console reaches the database only
 * through the API.
 */
const globalAdministrator = '62e90394-69f5-4237-9190-012177145e10';

interface StoredPolicy {
  displayName: string; state: string;
  conditions: {
    users: Record<string, unknown>; applications: Record<string, unknown>; clientAppTypes: string[];
    locations?: unknown; platforms?: unknown; signInRiskLevels: string[]; userRiskLevels: string[];
  };
  grantControls: { operator: string; builtInControls: string[]; authenticationStrength?: unknown };
  sessionControls: unknown;
}

for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`the Conditional Access form in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      page = await watchedPage(browser, problems);
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    test('builds "Require MFA for admins" with the form, saves it, and reads it back in the form and as JSON', async () => {
      const breakGlass = await l.createUser('breakglass@riverside.test');
      await signInToConsole(page, l);
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Conditional Access' }).click();
      await page.getByRole('heading', { level: 1, name: 'Conditional Access' }).waitFor();

      await page.getByRole('button', { name: 'New policy' }).click();
      const editor = page.getByRole('dialog', { name: 'New policy' });
      await editor.getByRole('tab', { name: 'Form' }).click();
      const form = editor.getByRole('form', { name: 'Policy form' });
      await form.getByRole('textbox', { name: 'Name' }).fill('Require MFA for admins');
      await form.getByRole('radio', { name: 'Report-only' }).check();

      const users = form.getByRole('region', { name: 'Users' });
      await users.getByRole('radio', { name: 'Select users and groups' }).check();
      const roles = users.getByRole('combobox', { name: 'Include directory roles' });
      await roles.click();
      await roles.pressSequentially('Global Admin');
      await page.getByRole('option', { name: 'Global Administrator' }).click();
      await users.getByRole('toolbar', { name: 'Include directory roles: chosen' }).getByText('Global Administrator').waitFor();
      const exclude = users.getByRole('combobox', { name: 'Exclude users' });
      await exclude.click();
      await exclude.pressSequentially('breakglass');
      await page.getByRole('option', { name: /breakglass/ }).click();
      await users.getByRole('toolbar', { name: 'Exclude users: chosen' }).getByText('breakglass').waitFor();

      await form.getByRole('region', { name: 'Target resources' }).getByRole('radio', { name: 'All resources' }).check();
      const grant = form.getByRole('region', { name: 'Grant' });
      await grant.getByRole('radio', { name: 'Grant access' }).check();
      await grant.getByRole('checkbox', { name: 'Require multifactor authentication' }).check();
      const summary = 'Global Administrator, except 1 user, signing in to every app: require multifactor authentication.';
      await editor.getByTestId('draft-summary').getByText(summary).waitFor(); // the summary follows the form

      // The JSON view edits the same draft; back in the form, nothing is lost.
      await editor.getByRole('tab', { name: 'JSON' }).click();
      const jsonBox = editor.getByRole('textbox', { name: /Policy \(Graph/ });
      const drafted = JSON.parse(await jsonBox.inputValue()) as StoredPolicy & { description?: string };
      assert.deepEqual(drafted.conditions.users.includeRoles, [globalAdministrator]);
      assert.deepEqual(drafted.conditions.users.excludeUsers, [breakGlass.id]);
      assert.deepEqual(drafted.conditions.users.includeUsers, []);
      // A property the form does not show, typed in the JSON view, survives later edits in the form.
      await jsonBox.fill(JSON.stringify({ ...drafted, description: 'Kept from the JSON view' }, null, 2));
      await editor.getByRole('tab', { name: 'Form' }).click();
      await form.getByRole('toolbar', { name: 'Exclude users: chosen' }).getByText('breakglass').waitFor();
      await users.getByRole('checkbox', { name: 'Guest or external users', exact: true }).check();
      await users.getByRole('checkbox', { name: 'Guest or external users', exact: true }).uncheck();
      await editor.getByTestId('draft-summary').getByText(summary).waitFor();

      await editor.getByRole('button', { name: 'Create policy' }).click();
      const pane = page.getByRole('dialog', { name: 'Policy Require MFA for admins' });
      await pane.waitFor();

      const found = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/identity/conditionalAccess/policies?$filter=displayName eq 'Require MFA for admins'`), 200);
      assert.equal(found.value.length, 1);
      const stored = await expectStatus(l.admin.call<StoredPolicy>('GET', `/identity/conditionalAccess/policies/${found.value[0]!.id}`), 200);
      assert.equal(stored.state, 'enabledForReportingButNotEnforced');
      assert.equal((stored as StoredPolicy & { description?: string }).description, 'Kept from the JSON view');
      const u = stored.conditions.users;
      assert.deepEqual([u.includeUsers, u.excludeUsers, u.includeGroups, u.excludeGroups, u.includeRoles, u.excludeRoles],
        [[], [breakGlass.id], [], [], [globalAdministrator], []]);
      assert.deepEqual(stored.conditions.applications.includeApplications, ['All']);
      assert.deepEqual(stored.conditions.applications.excludeApplications, []);
      assert.deepEqual(stored.conditions.applications.includeUserActions, []);
      assert.deepEqual(stored.conditions.clientAppTypes, ['all']);
      assert.ok(!stored.conditions.locations && !stored.conditions.platforms, 'no location or platform condition');
      assert.deepEqual([stored.conditions.signInRiskLevels, stored.conditions.userRiskLevels], [[], []]);
      assert.deepEqual([stored.grantControls.operator, stored.grantControls.builtInControls], ['OR', ['mfa']]);
      assert.ok(!stored.grantControls.authenticationStrength);
      assert.ok(!stored.sessionControls);

      // Opened again: the form shows what was stored, and so does the JSON.
      await pane.getByRole('button', { name: 'Close' }).click();
      await page.getByRole('table', { name: 'Conditional Access policies' }).getByRole('row').filter({ hasText: 'Require MFA for admins' }).getByRole('button').first().click();
      await pane.getByTestId('policy-summary').getByText(summary).waitFor();
      await pane.getByRole('tab', { name: 'Edit', exact: true }).click();
      const again = pane.getByRole('form', { name: 'Policy form' });
      assert.equal(await again.getByRole('textbox', { name: 'Name' }).inputValue(), 'Require MFA for admins');
      assert.equal(await again.getByRole('radio', { name: 'Report-only' }).isChecked(), true);
      assert.equal(await again.getByRole('radio', { name: 'Select users and groups' }).isChecked(), true);
      await again.getByRole('toolbar', { name: 'Include directory roles: chosen' }).getByText('Global Administrator').waitFor();
      await again.getByRole('toolbar', { name: 'Exclude users: chosen' }).getByText('breakglass').waitFor();
      assert.equal(await again.getByRole('radio', { name: 'All resources' }).isChecked(), true);
      assert.equal(await again.getByRole('checkbox', { name: 'Require multifactor authentication' }).isChecked(), true);
      await pane.getByRole('tab', { name: 'Edit JSON' }).click();
      const json = JSON.parse(await pane.getByRole('textbox', { name: /Policy \(Graph/ }).inputValue()) as StoredPolicy;
      assert.deepEqual(json.conditions, stored.conditions);
      assert.deepEqual(json.grantControls, stored.grantControls);
      assert.equal(json.state, stored.state);

      // A property deleted in the JSON view is removed when saved, not kept by PATCH's merge.
      const { description: _dropped, ...withoutDescription } = json as StoredPolicy & { description?: string };
      await pane.getByRole('textbox', { name: /Policy \(Graph/ }).fill(JSON.stringify(withoutDescription, null, 2));
      await pane.getByRole('button', { name: 'Save', exact: true }).click();
      await pane.getByText('Saved.').waitFor();
      const after = await expectStatus(l.admin.call<{ description: string | null }>('GET', `/identity/conditionalAccess/policies/${found.value[0]!.id}`), 200);
      assert.equal(after.description, null);
      assert.deepEqual(problems, []);
    });
  });
}
