import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { addAuthenticator, browserAvailable, launchBrowser, type Browser, type Page, type VirtualAuthenticator } from '../support/browser.ts';
import { signInsOf, signInToMySecurityInfoWithTap, startBrowserLimen, type BrowserLimen } from './limen-for-browser.ts';

for (const engine of browserAvailable() ? testEngines() : []) {
  describe(`refused passkey responses in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let user: { id: string; userPrincipalName: string };
    let device: VirtualAuthenticator;

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      user = await l.createUser('rae@riverside.test');
      const code = await l.issueTap(user.id);
      const page = await (await browser.newContext()).newPage();
      device = await addAuthenticator(page, 'securityKey');
      await signInToMySecurityInfoWithTap(page, l, user.userPrincipalName, code);
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.getByText('Your passkey was added.').waitFor();
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    /**
     * The user's key in another browser. Each copy counts its own signatures, so it starts from
     * the count Limen last saw (a lower one is refused as a possible clone, WebAuthn §6.1.1).
     */
    async function copyOfTheKey(page: Page): Promise<void> {
      const key = await addAuthenticator(page, 'securityKey');
      const methods = (await expectStatus(l.admin.call<{ value: Array<{ signCount: number }> }>('GET', `/users/${user.id}/authentication/fido2Methods`), 200)).value;
      await key.addCredential({ ...(await device.credentials())[0]!, signCount: methods[0]?.signCount ?? 0 });
    }

    /**
     * Opens a sign-in in a new browser with the user's key, presses "Sign in with a passkey",
     * and keeps the form the browser would post instead of posting it.
     */
    async function capturedAssertion(): Promise<{ page: Page; action: string; credential: Record<string, any> }> {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${l.url}/my/security-info`);
      await copyOfTheKey(page);
      let posted: { action: string; body: string } | undefined;
      await page.route('**/passkey', async (route) => {
        posted = { action: new URL(route.request().url()).pathname, body: route.request().postData() ?? '' };
        await route.abort();
      });
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      for (let i = 0; i < 100 && !posted; i++) await page.waitForTimeout(50);
      assert.ok(posted, 'the browser posted an assertion');
      await page.unroute('**/passkey');
      return { page, action: posted.action, credential: JSON.parse(new URLSearchParams(posted.body).get('credential')!) };
    }

    /** Posts a credential as the sign-in form would, with the browser's cookies; returns the status and page text. */
    async function post(page: Page, action: string, credential: unknown): Promise<{ status: number; text: string }> {
      const r = await page.context().request.post(`${l.url}${action}`, { form: { credential: JSON.stringify(credential) }, maxRedirects: 0 });
      return { status: r.status(), text: await r.text() };
    }

    const lastUse = async () => (await expectStatus(l.admin.call<{ value: Array<{ signCount: number; lastUsedDateTime: string | null }> }>('GET', `/users/${user.id}/authentication/fido2Methods`), 200)).value[0]!;

    test('a replayed assertion is refused: the challenge answers once', async () => {
      const { page, action, credential } = await capturedAssertion();
      assert.equal((await post(page, action, credential)).status, 303, 'the genuine post signs in');
      const used = await lastUse();
      const replay = await post(page, action, credential);
      assert.equal(replay.status, 400);
      assert.match(replay.text, /We couldn’t verify your passkey/);
      assert.deepEqual(await lastUse(), used, 'nothing about the passkey changed');
      const refused = (await signInsOf(l, user.id)).find((s) => /replayed, expired or from another sign-in/.test(s.status.additionalDetails ?? ''));
      assert.equal(refused?.status.errorCode, 500121);
    });

    test('a tampered signature is refused and logged', async () => {
      const before = await lastUse();
      const { page, action, credential } = await capturedAssertion();
      const signature = Buffer.from(credential.response.signature, 'base64url');
      signature[signature.length - 1]! ^= 0xff;
      credential.response.signature = signature.toString('base64url');
      const r = await post(page, action, credential);
      assert.equal(r.status, 400);
      assert.deepEqual(await lastUse(), before);
      assert.ok((await signInsOf(l, user.id)).some((s) => s.status.errorCode === 500121 && /could not be verified/.test(s.status.additionalDetails ?? '')));
    });

    test('an assertion made for another origin is refused', async () => {
      const { page, action, credential } = await capturedAssertion();
      const clientData = JSON.parse(Buffer.from(credential.response.clientDataJSON, 'base64url').toString('utf8'));
      clientData.origin = 'https://phish.example';
      credential.response.clientDataJSON = Buffer.from(JSON.stringify(clientData)).toString('base64url');
      const r = await post(page, action, credential);
      assert.equal(r.status, 400);
      assert.ok((await signInsOf(l, user.id)).some((s) => /origin/i.test(s.status.additionalDetails ?? '')));
    });

    test('malformed credentials of every shape are refused with a 400, never a 500', async () => {
      const { page, action } = await capturedAssertion();
      for (const bad of [null, 42, 'x', {}, { id: 'a', rawId: 'a', type: 'public-key', response: {} }, { id: '!!', rawId: '!!', type: 'public-key', response: { clientDataJSON: 'e30' } }]) {
        const r = await post(page, action, bad);
        assert.equal(r.status, 400, JSON.stringify(bad));
      }
    });

    test('the last way to sign in cannot be deleted by the user; an admin can, and the key stops working', async () => {
      // Signed in with the passkey; then the pass is deleted, so the passkey is all the user has.
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${l.url}/my/security-info`);
      await copyOfTheKey(page);
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.waitForURL(`${l.url}/my/security-info`);
      const taps = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/users/${user.id}/authentication/temporaryAccessPassMethods`), 200);
      await expectStatus(l.admin.call('DELETE', `/users/${user.id}/authentication/temporaryAccessPassMethods/${taps.value[0]!.id}`), 204);
      await page.reload();
      await page.getByRole('button', { name: /^Delete / }).click();
      await assert.doesNotReject(page.getByText('This is the last way you can sign in, so it can’t be deleted.', { exact: false }).waitFor());

      const [method] = (await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/users/${user.id}/authentication/fido2Methods`), 200)).value;
      await expectStatus(l.admin.call('DELETE', `/users/${user.id}/authentication/fido2Methods/${method!.id}`), 204);
      const { page: later, action, credential } = await capturedAssertion();

      const r = await post(later, action, credential);
      assert.equal(r.status, 400);
      assert.match(r.text, /We couldn’t verify your passkey/);
    });
  });
}
