import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { addAuthenticator, browserAvailable, launchBrowser, type Browser } from '../support/browser.ts';
import { signInToMySecurityInfoWithTap, startBrowserLimen, type BrowserLimen } from './limen-for-browser.ts';

/**
 * Step-up to phishing-resistant MFA in a real browser: a user signed in with a Temporary Access
 * Pass opens an app that asks for the Phishing-resistant MFA strength (`acr_values`); the
 * sign-in offers only a passkey, and the ID token's `acr` names the strength.
 */
const phishingResistant = '00000000-0000-0000-0000-000000000004';

for (const engine of browserAvailable() ? testEngines() : []) {
  describe(`step-up to a phishing-resistant strength in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let config: oidc.Configuration;
    let app: Server;
    let redirectUri: string;

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      // The app's own server, on loopback: where the browser comes back with the code.
      app = createServer((_req, res) => res.end('back at the app'));
      await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
      redirectUri = `http://localhost:${(app.address() as AddressInfo).port}/callback`;
      const registered = await expectStatus(l.admin.call<{ id: string; appId: string }>('POST', '/applications', {
        displayName: 'Payroll', web: { redirectUris: [redirectUri] },
      }), 201);
      await expectStatus(l.admin.call('POST', '/servicePrincipals', { appId: registered.appId }), 201);
      const secret = await expectStatus(l.admin.call<{ secretText: string }>('POST', `/applications/${registered.id}/addPassword`, {}), 200);
      config = await oidc.discovery(new URL(l.url), registered.appId, secret.secretText, undefined, { execute: [oidc.allowInsecureRequests] });
    });
    after(async () => {
      await browser?.close();
      await l?.close();
      app?.close();
    });

    test('a session from a pass is asked for a passkey, and the ID token says Phishing-resistant MFA', async () => {
      const user = await l.createUser('payroll.admin@riverside.test');
      const code = await l.issueTap(user.id, {});
      const context = await browser.newContext();
      const page = await context.newPage();
      const authenticator = await addAuthenticator(page, 'securityKey');
      await signInToMySecurityInfoWithTap(page, l, user.userPrincipalName, code);
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.waitForURL(/done=added/);
      assert.equal((await authenticator.credentials()).length, 1);

      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: 'openid', acr_values: phishingResistant,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      await page.goto(url.href);
      await page.getByText('asks for a stronger sign-in').waitFor();
      assert.equal(await page.getByLabel('Email or username').count(), 0, 'no username, password or pass form');
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.waitForURL(`${redirectUri}**`);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier });
      assert.equal(tokens.claims()!.acr, phishingResistant);
      assert.equal(tokens.claims()!.sub, user.id);
      await context.close();
    });
  });
}
