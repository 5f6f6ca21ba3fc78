import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addAuthenticator, browserAvailable, launchBrowser, type Browser, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { signInToMySecurityInfoWithTap, signInWithTap, startBrowserLimen, type BrowserLimen } from './limen-for-browser.ts';

/**
 * The seed story "TAP then passkey registration", done through the admin center (issue #6): the
 * administrator creates a Temporary Access Pass in a new user's pane and reads it from the dialog
 * (shown once); the user, in another browser with a platform authenticator, signs in at My
 * Security Info with that pass and adds a passkey; the administrator then sees the passkey among
 * the user's authentication methods. One engine: the console reaches the database only through
 * the API.
 */
for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`TAP then passkey, through the admin center, in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    const problems: string[] = [];

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    test('the admin creates a pass in the console; the user signs in with it and adds a passkey; the admin sees the passkey', async () => {
      const user = await l.createUser('tomas@riverside.test');

      // The administrator, in the console.
      const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
      const admin = await adminContext.newPage();
      admin.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      admin.on('pageerror', (e) => problems.push(e.message));
      const firstAdmin = l.limen.firstAdmin!;
      await admin.goto(`${l.url}/console/`);
      await signInWithTap(admin, firstAdmin.userPrincipalName, firstAdmin.temporaryAccessPass);
      await admin.waitForURL(/\/console\/?$/);
      await admin.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();

      await admin.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Users' }).click();
      await admin.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      await admin.getByRole('searchbox', { name: 'Search users' }).fill('tomas');
      await admin.getByText('1–1 of 1 users').waitFor();
      const pane = await openUser(admin, 'tomas');
      await pane.getByRole('tab', { name: 'Authentication methods' }).click();
      await pane.getByText(/No authentication method registered/).waitFor();

      await pane.getByRole('button', { name: 'Create Temporary Access Pass' }).first().click();
      const dialog = admin.getByRole('alertdialog', { name: 'Temporary Access Pass' });
      await dialog.getByRole('button', { name: 'Create pass' }).click();
      const code = (await dialog.getByTestId('tap-code').textContent())!.trim();
      assert.match(code, /^[A-Za-z0-9]{8,}$/);
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'detached' });
      await pane.getByRole('cell', { name: 'Temporary Access Pass', exact: true }).waitFor();
      await pane.getByRole('button', { name: 'Close' }).click();
      await pane.waitFor({ state: 'detached' });

      // The user, in another browser with a platform authenticator.
      const userContext = await browser.newContext();
      const me = await userContext.newPage();
      const authenticator = await addAuthenticator(me, 'platform');
      await signInToMySecurityInfoWithTap(me, l, user.userPrincipalName, code);
      await me.getByLabel('Name for the new passkey (optional)').fill('Tomas’s laptop');
      await me.getByRole('button', { name: 'Add a passkey' }).click();
      await me.waitForURL(/done=added/);
      await me.getByText('Your passkey was added.').waitFor();
      assert.equal((await authenticator.credentials()).length, 1, 'the authenticator holds one passkey');
      await userContext.close();

      // Back in the console: the user's pane lists the passkey (and the spent one-time pass).
      const again = await openUser(admin, 'tomas');
      await again.getByRole('tab', { name: 'Authentication methods' }).click();
      const methods = again.getByRole('table', { name: 'Authentication methods' });
      const passkey = methods.getByRole('row').filter({ hasText: 'Passkey' });
      await passkey.waitFor();
      assert.match(await passkey.textContent() ?? '', /Tomas’s laptop.*device-bound/);

      const stored = await expectStatus(l.admin.call<{ value: Array<{ displayName: string }> }>('GET', `/users/${user.id}/authentication/fido2Methods`), 200);
      assert.deepEqual(stored.value.map((m) => m.displayName), ['Tomas’s laptop']);
      assert.deepEqual(problems, [], 'no console errors or CSP violations');
      await adminContext.close();
    });
  });
}

/** Opens the user's pane from the Users list (filtered already by the search box). */
async function openUser(page: Page, name: string) {
  await page.getByRole('table', { name: 'Users' }).getByRole('button', { name: new RegExp(name, 'i') }).click();
  const pane = page.getByRole('dialog', { name: new RegExp(`^User ${name}`, 'i') });
  await pane.waitFor();
  return pane;
}
