import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { browserAvailable, launchBrowser, type Browser, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { signInToConsole, startBrowserLimen, watchedPage, type BrowserLimen } from './limen-for-browser.ts';

/**
 * Issue #6, in the admin center: named locations created, listed and deleted (a trusted one's
 * deletion refused with the API's message), and an app registration's redirect URIs edited and
 * admin consent granted for one delegated permission, each checked through the API. One engine:
 * the console reaches the database only through the API.
 */
for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`named locations and applications in the admin center, in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];
    const locationsPath = '/identity/conditionalAccess/namedLocations';

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      page = await watchedPage(browser, problems);
      await signInToConsole(page, l);
    });
    afterEach(async () => {
      for (let i = 0; i < 2; i++) await page?.keyboard.press('Escape').catch(() => {});
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    test('Named locations: creates an IP ranges location with two CIDR ranges, lists it, deletes it; a trusted one is refused', async () => {
      await expectStatus(l.admin.call('POST', locationsPath, {
        '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'Head office', isTrusted: true, ipRanges: [{ cidrAddress: '198.51.100.0/24' }],
      }), 201);
      await page.goto(`${l.url}/console/conditional-access?tab=named-locations`);
      const table = page.getByRole('table', { name: 'Named locations' });
      await table.getByRole('row').filter({ hasText: 'Head office' }).waitFor();

      await page.getByRole('button', { name: 'IP ranges location' }).click();
      const dialog = page.getByRole('dialog', { name: 'New IP ranges location' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Warehouse');
      await dialog.getByRole('textbox', { name: 'IP ranges' }).fill('203.0.113.0/24\n2001:db8::/48');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = table.getByRole('row').filter({ hasText: 'Warehouse' });
      assert.match(await row.textContent() ?? '', /IP ranges.*203\.0\.113\.0\/24, 2001:db8::\/48/);
      const listed = await expectStatus(l.admin.call<{ value: Array<{ displayName: string; ipRanges: Array<{ cidrAddress: string }> }> }>('GET', locationsPath), 200);
      assert.deepEqual(listed.value.find((x) => x.displayName === 'Warehouse')?.ipRanges.map((r) => r.cidrAddress), ['203.0.113.0/24', '2001:db8::/48']);

      await table.getByRole('button', { name: 'Delete Warehouse' }).click();
      const confirm = page.getByRole('dialog', { name: /Delete the named location Warehouse/ });
      await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
      await confirm.waitFor({ state: 'detached' });
      await row.waitFor({ state: 'detached' });

      // A countries location, from the picker (Fluent's multiselect combobox: a menu of checkbox items).
      await page.getByRole('button', { name: 'Countries location' }).click();
      const countries = page.getByRole('dialog', { name: 'New countries location' });
      await countries.getByRole('textbox', { name: 'Name' }).fill('Benelux');
      await countries.getByRole('combobox', { name: 'Countries and regions' }).fill('Nether');
      await countries.getByRole('menuitemcheckbox', { name: 'Netherlands (NL)' }).click();
      await countries.getByRole('combobox', { name: 'Countries and regions' }).fill('Belg');
      await countries.getByRole('menuitemcheckbox', { name: 'Belgium (BE)' }).click();
      await countries.getByRole('combobox', { name: 'Countries and regions' }).press('Escape'); // closes the list, not the dialog
      await countries.getByRole('group', { name: 'Selected countries' }).getByRole('button', { name: 'Remove Belgium' }).waitFor();
      await countries.getByRole('checkbox', { name: 'Include unknown countries and regions' }).check();
      await countries.getByRole('button', { name: 'Create' }).click();
      await countries.waitFor({ state: 'detached' });
      await table.getByRole('row').filter({ hasText: 'Benelux' }).waitFor();
      const benelux = (await expectStatus(l.admin.call<{ value: Array<{ displayName: string; countriesAndRegions: string[]; includeUnknownCountriesAndRegions: boolean }> }>(
        'GET', locationsPath), 200)).value.find((x) => x.displayName === 'Benelux')!;
      assert.deepEqual([...benelux.countriesAndRegions].sort(), ['BE', 'NL']);
      assert.equal(benelux.includeUnknownCountriesAndRegions, true);

      // The API refuses to delete a trusted location: the dialog shows why.
      const before = problems.length;
      await table.getByRole('button', { name: 'Delete Head office' }).click();
      const refused = page.getByRole('dialog', { name: /Delete the named location Head office/ });
      await refused.getByRole('button', { name: 'Delete', exact: true }).click();
      await refused.getByText('set isTrusted to false first', { exact: false }).waitFor();
      await refused.getByRole('button', { name: 'Cancel' }).click();
      problems.splice(before, problems.length - before, ...problems.slice(before).filter((p) => !/status of 400/.test(p)));
    });

    test('Applications: adds a redirect URI (saved through the API), grants admin consent for a delegated permission', async () => {
      const graphApi = await expectStatus(l.admin.call<{ appId: string; oauth2PermissionScopes: Array<{ id: string; value: string }> }>(
        'GET', `/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')`), 200);
      const userRead = graphApi.oauth2PermissionScopes.find((s) => s.value === 'User.Read')!;
      const app = await expectStatus(l.admin.call<{ id: string; appId: string }>('POST', '/applications', {
        displayName: 'Pantry Scheduler', web: { redirectUris: ['https://pantry.example.org/callback'] },
        requiredResourceAccess: [{ resourceAppId: graphApi.appId, resourceAccess: [{ id: userRead.id, type: 'Scope' }] }],
      }), 201);

      await page.goto(`${l.url}/console/applications/${app.id}`);
      const pane = page.getByRole('dialog', { name: 'Application Pantry Scheduler' });
      await pane.getByRole('tab', { name: 'Authentication' }).click();
      await pane.getByRole('textbox', { name: 'New Single-page application redirect URI' }).fill('https://pantry.example.org/spa');
      await pane.getByRole('button', { name: 'Add Single-page application redirect URI' }).click();
      await pane.getByRole('table', { name: 'Single-page application redirect URIs' }).getByText('https://pantry.example.org/spa').waitFor();
      const before = problems.length;
      await pane.getByRole('textbox', { name: 'New Web redirect URI' }).fill('not a uri');
      await pane.getByRole('button', { name: 'Add Web redirect URI' }).click();
      await pane.getByText('is not an absolute URI', { exact: false }).waitFor();
      problems.splice(before, problems.length - before, ...problems.slice(before).filter((p) => !/status of 400/.test(p)));
      const saved = await expectStatus(l.admin.call<{ web: { redirectUris: string[] }; spa: { redirectUris: string[] } }>('GET', `/applications/${app.id}`), 200);
      assert.deepEqual(saved.spa.redirectUris, ['https://pantry.example.org/spa']);
      assert.deepEqual(saved.web.redirectUris, ['https://pantry.example.org/callback']);

      await pane.getByRole('tab', { name: 'API permissions' }).click();
      const row = pane.getByRole('row').filter({ hasText: 'User.Read' });
      await row.getByText('Not granted').waitFor();
      await row.getByRole('button', { name: 'Grant admin consent for User.Read' }).click();
      await row.getByText('Granted for the tenant').waitFor();
      const sp = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/servicePrincipals?$filter=appId eq '${app.appId}'`), 200);
      const grants = await expectStatus(l.admin.call<{ value: Array<{ consentType: string; scope: string }> }>(
        'GET', `/oauth2PermissionGrants?$filter=clientId eq '${sp.value[0]!.id}'`), 200);
      assert.deepEqual(grants.value.map((g) => [g.consentType, g.scope]), [['AllPrincipals', 'User.Read']]);
    });

    test('ran with no console error', () => {
      assert.deepEqual(problems.filter((p) => !/favicon/.test(p)), []);
    });
  });
}
