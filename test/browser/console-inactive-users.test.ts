import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserAvailable, launchBrowser, type Browser, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import {
  signInToConsole,
  signInToMySecurityInfoWithTap,
  startBrowserLimen,
  watchedPage,
  type BrowserLimen,
} from './limen-for-browser.ts';

interface Activity { signInActivity: { lastSuccessfulSignInDateTime: string | null } }

/**
 * Finding inactive accounts in the admin center: the Users list shows each user's last sign-in,
 * and "Not signed in for 90 days" lists the user last seen 100 days ago and the one who never
 * signed in, not the one who signed in today (for real, through My Security Info).
 */
for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`inactive users in the admin center, in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      page = await watchedPage(browser, problems);
      await signInToConsole(page, l);
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    test('the Users list shows the last sign-in, and the 90-day filter lists dormant and never-signed-in users only', async () => {
      const dormant = await l.createUser('dormant@limen.test');
      await l.createUser('newcomer@limen.test');
      const recent = await l.createUser('recent@limen.test');

      const hundredDaysAgo = new Date(Date.now() - 100 * 86_400_000).toISOString();
      await l.limen.store.db.insertInto('user_sign_in_activities').values({
        user_id: dormant.id,
        last_sign_in_date_time: hundredDaysAgo, last_sign_in_request_id: 'old-interactive',
        last_non_interactive_sign_in_date_time: null, last_non_interactive_sign_in_request_id: null,
        last_successful_sign_in_date_time: hundredDaysAgo, last_successful_sign_in_request_id: 'old-interactive',
      }).execute();

      const other = await watchedPage(browser, problems);
      await signInToMySecurityInfoWithTap(other, l, recent.userPrincipalName, await l.issueTap(recent.id));
      await other.context().close();
      let today: string | null = null;
      for (let i = 0; i < 50 && !today; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const user = await expectStatus(l.admin.call<Activity>('GET', `/users/${recent.id}?$select=signInActivity`), 200);
        today = user.signInActivity.lastSuccessfulSignInDateTime;
      }
      assert.ok(today, 'the real sign-in reached the user signInActivity');

      await page.goto(`${l.url}/console/users`);
      const table = page.getByRole('table', { name: 'Users' });
      await table.getByRole('columnheader', { name: /Last sign-in/ }).waitFor();
      const recentRow = table.getByRole('row').filter({ hasText: 'recent@limen.test' });
      await recentRow.waitFor();
      assert.doesNotMatch(await recentRow.textContent() ?? '', /Never/);
      assert.match(await table.getByRole('row').filter({ hasText: 'newcomer@limen.test' }).textContent() ?? '', /Never/);

      await page.getByRole('combobox', { name: 'Account status' }).click();
      await page.getByRole('option', { name: 'Not signed in for 90 days' }).click();
      await page.waitForURL(/status=inactive/);
      // The unfiltered page stays on screen until the filtered one arrives: wait for it to go.
      await table.getByRole('row').filter({ hasText: 'recent@limen.test' }).waitFor({ state: 'detached' });
      await table.getByRole('row').filter({ hasText: 'dormant@limen.test' }).waitFor();
      await table.getByRole('row').filter({ hasText: 'newcomer@limen.test' }).waitFor();
      assert.equal(await table.getByRole('row').filter({ hasText: 'recent@limen.test' }).count(), 0);
      assert.equal(await table.getByRole('row').filter({ hasText: l.limen.firstAdmin!.userPrincipalName }).count(), 0);

      // The filter is in the URL: a reload shows the same view, and the pane the three dates.
      await page.reload();
      await table.getByRole('row').filter({ hasText: 'dormant@limen.test' }).click();
      const activity = page.getByRole('region', { name: 'Sign-in activity' });
      await activity.waitFor();
      const text = await activity.textContent() ?? '';
      assert.match(text, /Last interactive sign-in/);
      assert.match(text, /Last non-interactive sign-in\s*Never/);
      assert.match(text, /Last successful sign-in/);
      assert.equal(await table.getByRole('row').filter({ hasText: 'recent@limen.test' }).count(), 0);
      assert.deepEqual(problems, []);
    });
  });
}
