import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { addAuthenticator, browserAvailable, launchBrowser, type Browser } from '../support/browser.ts';
import { signInsOf, signInWithTap, startBrowserLimen, type BrowserLimen } from './limen-for-browser.ts';

for (const engine of browserAvailable() ? testEngines() : []) {
  describe(`the Temporary Access Pass story in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    test('a new user signs in with a one-time pass, registers a passkey, then signs in with the passkey alone', async () => {
      const user = await l.createUser('ana@riverside.test');
      const code = await l.issueTap(user.id, { isUsableOnce: true });

      const context = await browser.newContext();
      const page = await context.newPage();
      const authenticator = await addAuthenticator(page, 'platform');
      await page.goto(`${l.url}/my/security-info`);
      await signInWithTap(page, user.userPrincipalName, code);
      await page.waitForURL(`${l.url}/my/security-info`);
      await page.getByLabel('Name for the new passkey (optional)').fill('Ana’s laptop');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.waitForURL(/done=added/);
      await assert.doesNotReject(page.getByText('Your passkey was added.').waitFor());
      assert.equal((await authenticator.credentials()).length, 1, 'the authenticator holds one passkey');

      const methods = await expectStatus(l.admin.call<{ value: Array<Record<string, unknown>> }>('GET', `/users/${user.id}/authentication/fido2Methods`), 200);
      assert.equal(methods.value.length, 1);
      assert.equal(methods.value[0]!.displayName, 'Ana’s laptop');
      assert.equal(methods.value[0]!.passkeyType, 'deviceBound');

      // Back later in the same browser: the passkey offered in the username field's autofill
      // (conditional UI) signs in with nothing typed; the virtual authenticator picks it at once.
      await context.clearCookies();
      await page.goto(`${l.url}/my/security-info`);
      await page.waitForURL(`${l.url}/my/security-info`);
      assert.match(await page.textContent('table') ?? '', /Ana’s laptop/);

      // Another browser with the same passkey (say, through a phone nearby): the explicit button.
      const other = await browser.newContext();
      const otherPage = await other.newPage();
      await otherPage.goto(`${l.url}/my/security-info`);
      await otherPage.getByLabel('Email or username').fill(user.userPrincipalName);
      await otherPage.getByRole('button', { name: 'Next' }).click();
      const phone = await addAuthenticator(otherPage, 'platform');
      await phone.addCredential((await authenticator.credentials())[0]!);
      await otherPage.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await otherPage.waitForURL(`${l.url}/my/security-info`);
      await other.close();

      const signIns = await signInsOf(l, user.id);
      assert.equal(signIns.filter((s) => s.status.errorCode === 0 && /^Passkey: Ana’s laptop/.test(s.status.additionalDetails ?? '')).length, 2,
        'two passkey sign-ins in the log');
      assert.ok(signIns.every((s) => s.status.errorCode !== 0 || s.authenticationRequirement === 'multiFactorAuthentication'));

      // The one-time pass is spent, whichever device tries it.
      const third = await browser.newContext();
      const thirdPage = await third.newPage();
      await thirdPage.goto(`${l.url}/my/security-info`);
      await signInWithTap(thirdPage, user.userPrincipalName, code);
      await assert.doesNotReject(thirdPage.getByText('Your Temporary Access Pass has already been used.').waitFor());
      await third.close();
      await context.close();
    });

    test('an expired pass is refused', async () => {
      const user = await l.createUser('ben@riverside.test');
      const code = await l.issueTap(user.id, { startDateTime: new Date(Date.now() - 2 * 3600_000).toISOString(), lifetimeInMinutes: 60 });
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${l.url}/my/security-info`);
      await signInWithTap(page, user.userPrincipalName, code);
      await assert.doesNotReject(page.getByText('Your Temporary Access Pass has expired.').waitFor());
      assert.match(page.url(), /\/interaction\//, 'still on the sign-in page');
      await context.close();
    });
  });
}
