import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserAvailable, launchBrowser, type Browser, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { appOnlyClient, expectStatus } from '../support/graph-client.ts';
import { signInToConsole, startBrowserLimen, watchedPage, type BrowserLimen } from './limen-for-browser.ts';

/**
 * Spotting unused apps in the admin center: a daemon that got a client-credentials token shows
 * the day in the Applications list's "Last sign-in" column and in its pane's Overview (as an
 * app-only sign-in); an app that never got a token shows "Never".
 */
interface Activity { appId: string; lastSignInActivity: { lastSignInDateTime: string } }

for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`when each app last got a token, in the admin center, in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let page: Page;
    let daemon: { id: string; appId: string };
    let quiet: { id: string; appId: string };
    let signedIn: string;
    const problems: string[] = [];

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      const register = async (displayName: string) => {
        const app = await expectStatus(l.admin.call<{ id: string; appId: string }>('POST', '/applications', { displayName }), 201);
        await expectStatus(l.admin.call('POST', '/servicePrincipals', { appId: app.appId }), 201);
        return app;
      };
      daemon = await register('Gauge Daemon');
      quiet = await register('Quiet Lighthouse');
      const secret = await expectStatus(l.admin.call<{ secretText: string }>('POST', `/applications/${daemon.id}/addPassword`, { passwordCredential: { displayName: 'ci' } }), 200);
      await appOnlyClient(l.url, daemon.appId, secret.secretText);
      // Recorded beside the token response: wait for it through the report itself.
      const report = `/reports/servicePrincipalSignInActivities?$filter=${encodeURIComponent(`appId in ('${daemon.appId}','${quiet.appId}')`)}`;
      let rows: Activity[] = [];
      for (let i = 0; i < 50 && rows.length === 0; i++) {
        if (i) await new Promise((r) => setTimeout(r, 20));
        rows = (await expectStatus(l.admin.call<{ value: Activity[] }>('GET', report), 200)).value;
      }
      assert.deepEqual(rows.map((r) => r.appId), [daemon.appId], 'only the daemon got a token');
      signedIn = rows[0]!.lastSignInActivity.lastSignInDateTime;

      page = await watchedPage(browser, problems);
      await signInToConsole(page, l);
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    test('the Applications list shows the day an app last got a token, and "Never" for one that never did', async () => {
      const reportRequests: string[] = [];
      const onRequest = (r: { url(): string }) => { if (r.url().includes('/reports/servicePrincipalSignInActivities')) reportRequests.push(r.url()); };
      page.on('request', onRequest);
      await page.goto(`${l.url}/console/applications`);
      const table = page.getByRole('table', { name: 'Applications' });
      await table.getByRole('columnheader', { name: 'Last sign-in' }).waitFor();
      const lastSignIn = async (name: string) => {
        const header = await table.getByRole('columnheader').allTextContents();
        const column = header.findIndex((h) => h.includes('Last sign-in'));
        const cell = table.getByRole('row', { name: new RegExp(name) }).getByRole('cell').nth(column);
        // "…" until the report answers.
        await cell.filter({ hasNotText: '…' }).waitFor();
        return cell;
      };
      const used = await lastSignIn('Gauge Daemon');
      assert.equal(await used.locator('time').getAttribute('datetime'), signedIn);
      assert.match((await used.textContent()) ?? '', /\d{4}/, 'a date');
      assert.equal((await (await lastSignIn('Quiet Lighthouse')).textContent())?.trim(), 'Never');
      assert.equal(reportRequests.length, 1, 'one report request for the page of apps, not one per app');
      assert.match(new URL(reportRequests[0]!).searchParams.get('$filter') ?? '', new RegExp(`^appId in \\(.*'${quiet.appId}'`));
      page.off('request', onRequest);
      assert.deepEqual(problems, []);
    });

    test("the app's pane shows its last sign-in in Overview, as an app-only one", async () => {
      await page.goto(`${l.url}/console/applications/${daemon.id}`);
      const pane = page.getByRole('dialog', { name: 'Application Gauge Daemon' });
      const value = (term: string) => pane.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
      await value('Last sign-in').locator('time').waitFor();
      assert.equal(await value('Last sign-in').locator('time').getAttribute('datetime'), signedIn);
      assert.equal(await value('Last app-only sign-in').locator('time').getAttribute('datetime'), signedIn);
      assert.equal((await value('Last sign-in for a user').textContent())?.trim(), 'None recorded');

      await page.goto(`${l.url}/console/applications/${quiet.id}`);
      const quietPane = page.getByRole('dialog', { name: 'Application Quiet Lighthouse' });
      const quietValue = quietPane.locator('dt', { hasText: /^Last sign-in$/ }).locator('xpath=following-sibling::dd[1]');
      await quietValue.getByText('Never').waitFor();
      assert.deepEqual(problems, []);
    });
  });
}
