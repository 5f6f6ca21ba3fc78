import assert from 'node:assert/strict';
import { after, afterEach, before, describe, mock, test } from 'node:test';
import { loadConfig } from '../src/config/index.ts';
import { startLimen, type Limen } from '../src/limen.ts';
import { Browser, type Page } from './oidc/browser.ts';
import { freshDatabaseOptions, testEngines, type FreshDatabase } from './support/engines.ts';

/**
 * Entra: "When using a one-time TAP to register a passwordless method such as FIDO2 or phone
 * sign-in, the user must complete the registration within 10 minutes of sign-in with the
 * one-time TAP" (https://learn.microsoft.com/entra/identity/authentication/howto-authentication-temporary-access-pass).
 * My Security Info asks for a sign-in within the last 10 minutes before adding a passkey, and a
 * one-time pass cannot sign in twice, so the first administrator's pass gives exactly that window.
 * The clock is moved with node:test's Date mock; everything else runs for real, in this process.
 */
for (const engine of testEngines()) {
  describe(`the first administrator's one-time pass on ${engine}: a passkey within 10 minutes of signing in, or a new pass`, () => {
    let db: FreshDatabase;
    let limen: Limen;
    let browser: Browser;
    let signedInAt: number;

    before(async () => {
      db = await freshDatabaseOptions(engine);
      // Reached by name: passkeys (WebAuthn) need a domain name, so the add form is offered.
      limen = await startLimen(loadConfig({}, {
        host: '127.0.0.1', port: 0, publicUrl: 'http://localhost:0', dataDir: db.dataDir, databaseUrl: db.databaseUrl, signInLogFlushMs: 20,
      }));
      assert.equal(limen.firstAdmin?.isUsableOnce, true);
    });
    afterEach(() => mock.timers.reset());
    after(async () => {
      await limen?.close();
      await db?.cleanup();
    });

    /** Signs in with the first start's pass from My Security Info, as the operator is told to. */
    async function signInWithFirstPass(page: Page): Promise<Page> {
      page = await browser.submit(page, '/username', { username: 'admin@limen.local' });
      return browser.submit(page, '/tap', { tap: limen.firstAdmin!.temporaryAccessPass });
    }

    /** What My Security Info answers, `minutes` after the sign-in, to "give me passkey options". */
    async function optionsAfter(minutes: number): Promise<Response> {
      mock.timers.enable({ apis: ['Date'], now: signedInAt + minutes * 60_000 });
      return browser.request(`${limen.url}/my/passkeys/options`, { method: 'POST', form: {} });
    }

    test('9 minutes after signing in with the pass, My Security Info still starts adding a passkey', async () => {
      browser = new Browser(limen.url, { 'x-limen-request': '1' });
      signedInAt = Date.now();
      const page = await signInWithFirstPass(await browser.follow(`${limen.url}/my/security-info`));
      assert.equal(page.url, `${limen.url}/my/security-info`, page.html.slice(0, 1000));
      const options = await optionsAfter(9);
      assert.equal(options.status, 200, await options.clone().text());
      const body = (await options.json()) as { challenge?: string; user?: { name?: string } };
      assert.equal(typeof body.challenge, 'string');
      assert.equal(body.user?.name, 'admin@limen.local');
    });

    test('11 minutes after, adding a passkey is refused: neither new options nor a finished ceremony are accepted', async () => {
      const options = await optionsAfter(11);
      assert.equal(options.status, 403);
      assert.match(await options.text(), /Sign in again to add a passkey/);
      const finished = await browser.request(`${limen.url}/my/passkeys`, { method: 'POST', form: { credential: '{}', displayName: 'Too late' } });
      assert.equal(finished.status, 403);
      assert.match(await finished.text(), /Sign in again to add a passkey/);
      const page = await browser.follow(`${limen.url}/my/security-info`);
      assert.match(page.html, /<a href="\/my\/sign-in\?fresh=1">Sign in again to add a passkey<\/a>/);
      assert.doesNotMatch(page.html, /id="add-passkey"/);
    });

    test('and signing in again with the same pass is refused: it was for one sign-in only', async () => {
      mock.timers.enable({ apis: ['Date'], now: signedInAt + 11 * 60_000 });
      const page = await signInWithFirstPass(await browser.follow(`${limen.url}/my/sign-in?fresh=1`));
      assert.equal(page.status, 400);
      assert.match(page.html, /Your Temporary Access Pass has already been used/);
    });
  });
}
