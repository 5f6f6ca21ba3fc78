import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createPasskeyRepository } from '../../src/authn/index.ts';
import { browserAvailable, launchBrowser, type Browser } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { signInToConsole, startBrowserLimen, watchedPage, type BrowserLimen } from './limen-for-browser.ts';

/**
 * Passkey and MFA adoption in the admin center: the Overview's card counts, of the enabled users,
 * who is passwordless capable (a passkey) and who is MFA capable (a passkey or an authenticator
 * app), from the usersRegisteredByFeature report; its link opens the User registration details
 * tab filtered to who has no passkey yet. Four users: the first administrator (a Temporary Access
 * Pass only), Ana (a passkey), Ben (an authenticator app), Cai (nothing).
 */
for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`passkey and MFA adoption in the admin center, in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    const problems: string[] = [];

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      const db = l.limen.store.db;
      const ana = await l.createUser('ana@riverside.test');
      const ben = await l.createUser('ben@riverside.test');
      await l.createUser('cai@riverside.test');
      // Stored as registration and setup leave them; the report reads only what is stored.
      const credentialId = randomUUID();
      await createPasskeyRepository(db).add({
        id: credentialId.slice(0, 22), userId: ana.id, credentialId, publicKey: new Uint8Array([1]), signCount: 0,
        displayName: 'Ana’s phone', aaGuid: '00000000-0000-0000-0000-000000000000', model: null, attestationFormat: 'none',
        attestationLevel: 'notAttested', attestationCertificates: [], transports: ['internal'], backupEligible: true, backupState: true,
        createdDateTime: new Date().toISOString(), lastUsedDateTime: null,
      });
      await db.insertInto('software_oath_methods').values({
        id: randomUUID(), user_id: ben.id, secret_sealed: 'sealed', created_date_time: new Date().toISOString(),
        verified: 1, last_used_step: null, last_used_date_time: null,
      }).execute();
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    test('the Overview shows 1 of 4 users passwordless capable and 2 of 4 MFA capable; its link lists who has no passkey yet', async () => {
      const page = await watchedPage(browser, problems);
      await signInToConsole(page, l);

      const card = page.locator('.fui-Card').filter({ has: page.getByRole('heading', { name: 'Passkey and MFA adoption' }) });
      const passwordless = card.getByRole('progressbar', { name: 'Passwordless capable' });
      await passwordless.waitFor();
      await card.getByText('1 of 4 users (25%)').waitFor();
      await card.getByText('2 of 4 users (50%)').waitFor();
      assert.equal(await passwordless.getAttribute('aria-valuenow'), '0.25');
      assert.equal(await card.getByRole('progressbar', { name: 'MFA capable' }).getAttribute('aria-valuenow'), '0.5');

      await card.getByRole('link', { name: 'See who has no passkey yet' }).click();
      await page.getByRole('heading', { level: 1, name: 'Authentication methods' }).waitFor();
      assert.equal(await page.getByRole('tab', { name: 'User registration details' }).getAttribute('aria-selected'), 'true');
      const table = page.getByRole('table', { name: 'User registration details' });
      await page.getByText('1–3 of 3 users').waitFor();
      const text = await table.textContent() ?? '';
      assert.match(text, /ben@riverside\.test/);
      assert.match(text, /cai@riverside\.test/);
      assert.match(text, new RegExp(l.limen.firstAdmin!.userPrincipalName.replace(/[.@]/g, '\\$&')));
      assert.doesNotMatch(text, /ana@riverside\.test/);
      const ben = table.getByRole('row').filter({ hasText: 'ben@riverside.test' });
      assert.match(await ben.textContent() ?? '', /Authenticator app/);

      // "No MFA method" leaves Cai and the first administrator, whose pass is no MFA method.
      await page.getByRole('combobox', { name: 'Show' }).click();
      await page.getByRole('option', { name: 'No MFA method' }).click();
      await page.getByText('1–2 of 2 users').waitFor();
      assert.doesNotMatch(await table.textContent() ?? '', /ben@riverside\.test/);
      assert.match(page.url(), /show=noMfa/);

      assert.deepEqual(problems, [], 'no console errors or CSP violations');
      await page.context().close();
    });
  });
}
