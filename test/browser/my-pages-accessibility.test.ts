import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import axe from 'axe-core';
import { addAuthenticator, browserAvailable, launchBrowser, type Browser, type BrowserContext, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { signInWithTap, startBrowserLimen, type BrowserLimen } from './limen-for-browser.ts';

/**
 * End users' pages share the admin center's look and its quality bar: a person signs in with a
 * Temporary Access Pass, adds a passkey, and on the sign-in page, My Security Info, My
 * Sign-Ins and the page refusing an app that admits only assigned people, axe-core (WCAG 2.1
 * A/AA) finds nothing serious or critical; at 1024x768 no page scrolls sideways, and under
 * 700px the nav moves above the page. The pages keep their CSP on: a refused style or script
 * fails the test, and the stylesheet must really apply (the top bar is the admin center's brand
 * blue).
 *
 * LIMEN_SCREENSHOTS=1 saves docs/screenshots/my-security-info.png and my-sign-ins.png at
 * 1440x900, as the admin center's are.
 */
const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const screenshots = process.env.LIMEN_SCREENSHOTS === '1';
const screenshotDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

interface Finding { id: string; impact: string | null; help: string; targets: string[] }

/** WCAG 2.1 A/AA violations that axe rates serious or critical, and how many rules passed. */
async function seriousViolations(page: Page): Promise<{ findings: Finding[]; passed: number }> {
  await page.waitForLoadState('networkidle');
  if (!(await page.evaluate<boolean>('"axe" in window'))) await page.evaluate(axe.source);
  // Through the DevTools protocol, as text: the pages' CSP allows no inline script.
  return page.evaluate<{ findings: Finding[]; passed: number }>(`(async (tags) => {
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return { passed: r.passes.length, findings: r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + n.html.slice(0, 160)) })) };
  })(${JSON.stringify(wcag)})`);
}

const sidewaysScroll = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`end users' pages in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const refused: string[] = [];
    const found: Record<string, { findings: Finding[]; passed: number; sideways: boolean }> = {};

    async function check(name: string, on: Page = page): Promise<void> {
      found[name] = { ...(await seriousViolations(on)), sideways: await sidewaysScroll(on) };
    }

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      const user = await expectStatus(l.admin.call<{ id: string; userPrincipalName: string }>('POST', '/users', {
        accountEnabled: true, displayName: 'Ana Silva', userPrincipalName: 'ana.silva@riverside.test', mailNickname: 'ana.silva',
      }), 201);
      const code = await l.issueTap(user.id, { isUsableOnce: true });

      // A laptop screen.
      context = await browser.newContext({ viewport: { width: 1024, height: 768 }, reducedMotion: 'reduce' });
      page = await context.newPage();
      page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text()); });
      page.on('pageerror', (e) => refused.push(e.message));
      await addAuthenticator(page, 'platform');

      await page.goto(`${l.url}/my/security-info`);
      await page.getByLabel('Email or username').waitFor();
      await check('the sign-in page');
      // A mistyped pass first, so My sign-ins shows a failure too.
      await page.getByLabel('Email or username').fill(user.userPrincipalName);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Or use a Temporary Access Pass from your administrator').fill('not-the-pass');
      await page.getByRole('button', { name: 'Sign in with Temporary Access Pass' }).click();
      await page.getByRole('alert').waitFor();
      await check('the sign-in page with an error');
      await page.getByLabel('Or use a Temporary Access Pass from your administrator').fill(code);
      await page.getByRole('button', { name: 'Sign in with Temporary Access Pass' }).click();
      await page.waitForURL(`${l.url}/my/security-info`);
      await page.getByLabel('Name for the new passkey (optional)').fill('Work laptop');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.waitForURL(/done=added/);
      await page.getByText('Your passkey was added.').waitFor();
      await check('My Security Info');
      await page.getByRole('navigation', { name: 'My account' }).getByRole('link', { name: 'My sign-ins' }).click();
      await page.getByRole('heading', { level: 1, name: 'My sign-ins' }).waitFor();
      await page.getByRole('cell', { name: /Failure/ }).first().waitFor();
      await check('My sign-ins');

      // An app that admits only people assigned to it, which Ana is not: the page telling her so.
      const app = await expectStatus(l.admin.call<{ appId: string }>('POST', '/applications', {
        displayName: 'Payroll', web: { redirectUris: ['http://localhost:8765/callback'] },
      }), 201);
      await expectStatus(l.admin.call('POST', '/servicePrincipals', { appId: app.appId, appRoleAssignmentRequired: true }), 201);
      const discovery = await (await fetch(`${l.url}/.well-known/openid-configuration`)).json() as { authorization_endpoint: string };
      const authorize = new URL(discovery.authorization_endpoint);
      for (const [name, value] of Object.entries({
        client_id: app.appId, response_type: 'code', redirect_uri: 'http://localhost:8765/callback', scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
      })) authorize.searchParams.set(name, value);
      // In another tab (this one stays on My sign-ins). Her session does not carry her in: she
      // signs in again, with a new pass, and is refused.
      const tab = await context.newPage();
      tab.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text()); });
      tab.on('pageerror', (e) => refused.push(e.message));
      await tab.goto(authorize.toString());
      await signInWithTap(tab, user.userPrincipalName, await l.issueTap(user.id, { isUsableOnce: true }));
      await tab.getByRole('heading', { level: 1, name: 'You don’t have access to this app' }).waitFor();
      await check('the page saying the app admits only assigned people', tab);
      await tab.close();
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    test('the sign-in page, My Security Info, My sign-ins and the not-assigned refusal page have no serious or critical WCAG 2.1 A/AA violation (axe-core)', () => {
      assert.deepEqual(Object.keys(found), ['the sign-in page', 'the sign-in page with an error', 'My Security Info', 'My sign-ins', 'the page saying the app admits only assigned people']);
      for (const [name, result] of Object.entries(found)) {
        assert.ok(result.passed > 10, `axe ran its rules on ${name}`);
        assert.deepEqual(result.findings, [], `axe-core found serious or critical violations on ${name}`);
      }
    });

    test('no page scrolls sideways at 1024x768', () => {
      assert.deepEqual(Object.entries(found).filter(([, r]) => r.sideways).map(([name]) => name), []);
    });

    test('the pages run under their CSP, with the stylesheet applied: the admin center’s brand-blue top bar and nav', async () => {
      assert.deepEqual(refused, [], 'no style or script was refused');
      const css = await fetch(`${l.url}/assets/limen.css`);
      assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
      assert.equal(css.headers.get('x-content-type-options'), 'nosniff');
      assert.match(await css.text(), /--colorBrandBackground:#0f6cbd/, 'Fluent’s tokens, in one place');
      const bar = page.locator('header.topbar');
      assert.equal(await page.evaluate<string>('getComputedStyle(document.querySelector("header.topbar")).backgroundColor'), 'rgb(15, 108, 189)');
      assert.match(await bar.textContent() ?? '', /My account[\s\S]*Ana Silva[\s\S]*Sign out/);
      const current = page.getByRole('navigation', { name: 'My account' }).getByRole('link', { name: 'My sign-ins' });
      assert.equal(await current.getAttribute('aria-current'), 'page');
      assert.equal(await page.getByRole('navigation', { name: 'My account' }).getByRole('link').count(), 2, 'Security info and My sign-ins, no admin center');
    });

    test('under 700px the nav sits above the page, and nothing scrolls sideways', async () => {
      await page.setViewportSize({ width: 600, height: 800 });
      for (const path of ['/my/security-info', '/my/sign-ins']) {
        await page.goto(`${l.url}${path}`);
        const nav = await page.getByRole('navigation', { name: 'My account' }).boundingBox();
        const main = await page.locator('main').boundingBox();
        assert.ok(nav && main && nav.y + nav.height <= main.y, `on ${path} the nav ends above the page (${JSON.stringify({ nav, main })})`);
        assert.equal(await sidewaysScroll(page), false, `${path} does not scroll sideways at 600px`);
      }
      await page.setViewportSize({ width: 1024, height: 768 });
    });

    test('screenshots for the docs (LIMEN_SCREENSHOTS=1)', { skip: !screenshots }, async () => {
      await mkdir(screenshotDir, { recursive: true });
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${l.url}/my/security-info`);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${screenshotDir}my-security-info.png` });
      await page.goto(`${l.url}/my/sign-ins`);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${screenshotDir}my-sign-ins.png` });
    });
  });
}
