import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import axe from 'axe-core';
import { demoDomain } from '../../src/demo/seed-demo.ts';
import { managementApi } from '../../src/directory/index.ts';
import { makeCertificate } from '../oidc/fixtures.ts';
import { browserAvailable, launchBrowser, type Browser, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { signInWithTap, startBrowserLimen, type BrowserLimen } from './limen-for-browser.ts';

/**
 * Issue #6's quality bar for the admin center: "keyboard accessible, labelled, readable contrast,
 * responsive down to a laptop screen". The first administrator signs in to the demo tenant and
 * visits every page, with their tabs, the panes they open items in (and the panes' tabs) and a few
 * dialogs (an application's certificate upload, permission picker, app role form and assignment form among them); on each, axe-core runs with the WCAG 2.1 A and AA rules and any 'serious' or 'critical'
 * violation fails the test (axe's best practices, and moderate or minor findings, are printed).
 * At a 1280x720 viewport no page may scroll sideways (nor at 1024x768, in the dark colour scheme,
 * which the pages are checked in too), and the main nav works from the keyboard
 * alone: Tab reaches it, the arrow keys move along it (Fluent's nav is one tab stop), Enter opens.
 *
 * Left out: Fluent UI's focus sentinels (<i data-tabster-dummy aria-hidden tabindex=0>), which
 * catch Tab at the edges of its focus groups and move focus on at once; axe's aria-hidden-focus
 * flags each of them, though no one ever rests on them.
 *
 * axe runs through page.evaluate (the DevTools protocol), not a <script> tag: the console's CSP
 * allows no inline script, and the test keeps that CSP on.
 */
const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  /** Whether one of the WCAG 2.1 A/AA tags is among the rule's: only those fail the test. */
  wcag: boolean;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string; html: string }>;
}

async function runAxe(page: Page): Promise<{ violations: Violation[]; passed: number }> {
  // Let Fluent's transitions and the lists' queries settle.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(200);
  if (!(await page.evaluate<boolean>('"axe" in window'))) await page.evaluate(axe.source);
  // In the page (as text: the tests compile without the DOM's types). Axe's best practices too
  // (landmarks, heading order), reported but not failing.
  const result = await page.evaluate<{ violations: Violation[]; passed: number }>(`(async (tags) => {
    const r = await axe.run({ exclude: [['[data-tabster-dummy]']] }, { runOnly: { type: 'tag', values: [...tags, 'best-practice'] }, resultTypes: ['violations'] });
    return { passed: r.passes.length, violations: r.violations.map((v) => ({
      id: v.id, wcag: v.tags.some((t) => tags.includes(t)), impact: v.impact ?? null, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html.slice(0, 200) })),
    })) };
  })(${JSON.stringify(wcag)})`);
  return result;
}

function describeViolations(where: string, violations: Violation[]): string {
  return violations.map((v) => [
    `[${where}] ${v.impact}: ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes.slice(0, 6).map((n) => `    ${JSON.stringify(n.target)}\n      ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`),
    ...(v.nodes.length > 6 ? [`    …and ${v.nodes.length - 6} more`] : []),
  ].join('\n')).join('\n');
}

for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`the admin center's accessibility in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let page: Page;
    let amara: { id: string };
    const problems: string[] = [];

    before(async () => {
      l = await startBrowserLimen(engine, { LIMEN_DEMO: 'true' });
      browser = await launchBrowser();
      const found = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/users?$filter=userPrincipalName eq 'amara.okafor@${demoDomain}'`), 200);
      amara = found.value[0]!;
      await expectStatus(l.admin.call('POST', '/identity/conditionalAccess/policies', {
        displayName: 'Require MFA for admins (report-only)', state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeRoles: ['62e90394-69f5-4237-9190-012177145e10'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      }), 201);
      // An application with something on each tab of its pane: a certificate, an app role, consented permissions, someone assigned.
      const rotaEditors = randomUUID();
      const api = await expectStatus(l.admin.call<{ id: string; appId: string; oauth2PermissionScopes: Array<{ id: string; value: string }> }>(
        'GET', `/servicePrincipals(appId='${managementApi.appId}')`), 200);
      const scope = api.oauth2PermissionScopes.find((s) => s.value === 'User.Read')!;
      const app = await expectStatus(l.admin.call<{ appId: string }>('POST', '/applications', {
        displayName: 'Harbour Rota',
        keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: makeCertificate().certificateDerBase64 }],
        appRoles: [{ id: rotaEditors, value: 'Rota.Edit', displayName: 'Rota editors', description: 'Edit the rota', allowedMemberTypes: ['User'], isEnabled: true }],
        requiredResourceAccess: [{ resourceAppId: api.appId, resourceAccess: [{ id: scope.id, type: 'Scope' }] }],
      }), 201);
      const sp = await expectStatus(l.admin.call<{ id: string }>('POST', '/servicePrincipals', { appId: app.appId }), 201);
      await expectStatus(l.admin.call('POST', '/oauth2PermissionGrants', { clientId: sp.id, consentType: 'AllPrincipals', resourceId: api.id, scope: 'User.Read' }), 201);
      await expectStatus(l.admin.call('POST', `/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
        principalId: amara.id, resourceId: sp.id, appRoleId: rotaEditors,
      }), 201);
      // A laptop screen.
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
      page = await context.newPage();
      page.on('pageerror', (e) => problems.push(e.message));
      const firstAdmin = l.limen.firstAdmin!;
      await page.goto(`${l.url}/console/`);
      await signInWithTap(page, firstAdmin.userPrincipalName, firstAdmin.temporaryAccessPass);
      await page.waitForURL(/\/console\/?$/);
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    const nav = () => page.getByRole('navigation', { name: 'Admin center' });
    async function open(title: string): Promise<void> {
      await nav().getByRole('link', { name: title, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
    }

    /** Every page, and a pane where the page opens items: how to get there from the page before. */
    const stops: Array<{ name: string; visit: () => Promise<void> }> = [
      {
        name: 'Overview',
        visit: async () => {
          await open('Overview');
          await page.getByRole('table', { name: 'Sign-ins per day' }).waitFor();
          await page.getByRole('progressbar', { name: 'Passwordless capable' }).waitFor();
        },
      },
      { name: 'Users', visit: async () => { await open('Users'); await page.getByText(/of 53 users/).waitFor(); } },
      {
        name: 'Users: a user\'s pane',
        visit: async () => {
          await page.getByRole('searchbox', { name: 'Search users' }).fill('amara');
          await page.getByRole('table', { name: 'Users' }).getByRole('button', { name: 'Amara Okafor' }).click();
          await page.waitForURL(new RegExp(`/console/users/${amara.id}`));
          await page.getByRole('dialog', { name: 'User Amara Okafor' }).getByText(`amara.okafor@${demoDomain}`).first().waitFor();
        },
      },
      { name: 'Users: a user\'s groups', visit: () => tab('Groups') },
      { name: 'Users: a user\'s authentication methods', visit: () => tab('Authentication methods') },
      {
        name: 'Users: the Temporary Access Pass dialog',
        visit: async () => {
          await page.getByRole('dialog', { name: 'User Amara Okafor' }).getByRole('button', { name: 'Create Temporary Access Pass' }).first().click();
          await page.getByRole('alertdialog', { name: 'Temporary Access Pass' }).getByRole('button', { name: 'Create pass' }).waitFor();
        },
      },
      {
        name: 'Groups',
        visit: async () => {
          await page.getByRole('alertdialog', { name: 'Temporary Access Pass' }).getByRole('button', { name: 'Cancel' }).click();
          await page.getByRole('alertdialog').waitFor({ state: 'detached' });
          await closePane(); await open('Groups'); await page.getByRole('table', { name: 'Groups' }).getByRole('button', { name: 'Volunteers' }).waitFor();
        },
      },
      {
        name: 'Groups: a group\'s members',
        visit: async () => {
          await page.getByRole('table', { name: 'Groups' }).getByRole('button', { name: 'All Staff' }).click();
          await page.getByRole('dialog', { name: 'Group All Staff' }).waitFor();
          await tab('Members', true);
        },
      },
      { name: 'Applications', visit: async () => { await closePane(); await open('Applications'); } },
      {
        name: 'Applications: an application\'s pane',
        visit: async () => {
          await page.getByRole('searchbox', { name: 'Search applications' }).fill('Harbour');
          await page.getByRole('table', { name: 'Applications' }).getByRole('button', { name: 'Harbour Rota' }).click();
          await page.getByRole('dialog', { name: 'Application Harbour Rota' }).waitFor();
        },
      },
      { name: 'Applications: Certificates & secrets', visit: async () => { await tab('Certificates & secrets'); await page.getByRole('table', { name: 'Certificates' }).waitFor(); } },
      { name: 'Applications: the upload certificate dialog', visit: () => openDialog('Upload certificate', 'Upload certificate') },
      {
        name: 'Applications: API permissions',
        visit: async () => { await cancelDialog('Upload certificate'); await tab('API permissions'); await page.getByText('Granted for the tenant').first().waitFor(); },
      },
      {
        name: 'Applications: the add permission dialog',
        visit: async () => {
          await openDialog('Add a permission', 'Add a permission');
          await page.getByRole('dialog', { name: 'Add a permission' }).getByRole('combobox', { name: 'API' }).click();
          await page.getByRole('option', { name: 'Limen Graph API' }).click();
          await page.getByRole('dialog', { name: 'Add a permission' }).getByRole('group', { name: 'Permissions' }).getByRole('checkbox').first().waitFor();
        },
      },
      { name: 'Applications: App roles', visit: async () => { await cancelDialog('Add a permission'); await tab('App roles'); await page.getByRole('table', { name: 'App roles' }).waitFor(); } },
      { name: 'Applications: the create app role dialog', visit: () => openDialog('Create app role', 'Create app role') },
      {
        name: 'Applications: Users and groups',
        visit: async () => { await cancelDialog('Create app role'); await tab('Users and groups'); await page.getByRole('table', { name: 'Users and groups' }).waitFor(); },
      },
      {
        name: 'Applications: the add assignment dialog',
        visit: async () => {
          await openDialog('Add user/group', 'Add assignment');
          await page.getByRole('dialog', { name: 'Add assignment' }).getByRole('combobox', { name: 'Role' }).click();
          await page.getByRole('option', { name: 'Rota editors' }).click();
        },
      },
      { name: 'Agents', visit: async () => { await cancelDialog('Add assignment'); await closePane(); await open('Agents'); } },
      { name: 'Agents: Registry', visit: () => pageTab('Agents', 'Registry') },
      { name: 'Agents: Blueprints', visit: () => pageTab('Agents', 'Blueprints') },
      { name: 'Agents: Connections', visit: () => pageTab('Agents', 'Connections') },
      { name: 'Authentication methods', visit: async () => { await open('Authentication methods'); } },
      {
        name: 'Authentication methods: a method\'s pane',
        visit: async () => {
          await page.getByRole('table', { name: 'Authentication methods' }).getByRole('button', { name: 'Passkey (FIDO2)' }).click();
          await page.getByRole('dialog', { name: 'Method Passkey (FIDO2)' }).waitFor();
        },
      },
      {
        name: 'Authentication methods: User registration details',
        visit: async () => {
          await closePane();
          await pageTab('Authentication methods', 'User registration details');
          await page.getByRole('table', { name: 'User registration details' }).getByText(`amara.okafor@${demoDomain}`).waitFor();
        },
      },
      { name: 'Conditional Access', visit: async () => { await closePane(); await open('Conditional Access'); await page.getByText('Require MFA for admins (report-only)').first().waitFor(); } },
      {
        name: 'Conditional Access: a policy\'s pane',
        visit: async () => {
          await page.getByRole('button', { name: 'Require MFA for admins (report-only)' }).first().click();
          await page.getByRole('dialog', { name: 'Policy Require MFA for admins (report-only)' }).waitFor();
        },
      },
      {
        name: 'Conditional Access: the new policy editor',
        visit: async () => {
          await closePane();
          await page.getByRole('button', { name: 'New policy' }).click();
          await page.getByRole('dialog', { name: 'New policy' }).waitFor();
        },
      },
      {
        // Every section's optional parts opened: guests, app groups and filters, identities, session controls.
        name: 'Conditional Access: the policy form, every section open',
        visit: async () => {
          const editor = page.getByRole('dialog', { name: 'New policy' });
          await editor.getByRole('tab', { name: 'Form' }).click();
          const form = editor.getByRole('form', { name: 'Policy form' });
          await form.getByRole('radio', { name: 'Select users and groups' }).check();
          await form.getByRole('checkbox', { name: 'Guest or external users', exact: true }).check();
          await form.getByRole('radio', { name: 'Select resources' }).check();
          await form.getByRole('radio', { name: 'Select agents' }).check();
          await form.getByRole('radio', { name: 'Select workload identities' }).check();
          await form.getByRole('radio', { name: 'Selected locations' }).check();
          await form.getByRole('checkbox', { name: 'Require authentication strength' }).check();
          for (const control of ['Sign-in frequency', 'Persistent browser session', 'Use Conditional Access App Control', 'Customize continuous access evaluation']) {
            await form.getByRole('checkbox', { name: control }).check();
          }
        },
      },
      { name: 'Conditional Access: What If', visit: async () => { await page.keyboard.press('Escape'); await page.getByRole('dialog').waitFor({ state: 'detached' }); await pageTab('Conditional Access', 'What If'); } },
      { name: 'Conditional Access: Named locations', visit: () => pageTab('Conditional Access', 'Named locations') },
      {
        name: 'Sign-in logs',
        visit: async () => {
          await closePane();
          await open('Sign-in logs');
          await page.getByRole('table', { name: 'Sign-ins' }).getByRole('row').filter({ hasText: 'Limen Admin Center' }).first().waitFor();
        },
      },
      {
        name: 'Sign-in logs: a sign-in\'s pane',
        visit: async () => {
          await page.getByRole('table', { name: 'Sign-ins' }).getByRole('row').filter({ hasText: 'Limen Admin Center' }).first().getByRole('button').first().click();
          await page.getByRole('dialog', { name: 'Sign-in details' }).getByText('admin@limen.local').first().waitFor();
        },
      },
      { name: 'Sign-in logs: Conditional Access tab', visit: () => tab('Conditional Access') },
      { name: 'Sign-in logs: Report-only tab', visit: () => tab('Report-only') },
      {
        name: 'Audit logs',
        visit: async () => {
          await closePane();
          await open('Audit logs');
          await page.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: 'Seed demo tenant' }).first().waitFor();
        },
      },
      {
        name: 'Audit logs: a change\'s pane',
        visit: async () => {
          await page.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: 'Require MFA for admins (report-only)' }).first().getByRole('button').first().click();
          await page.getByRole('dialog', { name: 'Audit log details' }).getByRole('region', { name: 'Initiated by' }).waitFor();
        },
      },
    ];
    /** A tab of the page's own tab list. */
    async function pageTab(list: string, name: string): Promise<void> {
      const t = page.getByRole('tablist', { name: list }).getByRole('tab', { name, exact: true });
      await t.click();
      await page.waitForFunction((el) => el?.getAttribute('aria-selected') === 'true', await t.elementHandle());
    }
    /** A tab of the open pane. */
    async function tab(name: string, exact = false): Promise<void> {
      const t = page.getByRole('dialog').getByRole('tab', { name, exact });
      await t.click();
      await page.waitForFunction((el) => el?.getAttribute('aria-selected') === 'true', await t.elementHandle());
    }
    /** Opens a dialog from a button of the open pane. */
    async function openDialog(button: string, dialog: string): Promise<void> {
      await page.getByRole('dialog').first().getByRole('button', { name: button, exact: true }).click();
      await page.getByRole('dialog', { name: dialog }).waitFor();
    }
    /** Cancels a dialog over the pane. */
    async function cancelDialog(dialog: string): Promise<void> {
      await page.getByRole('dialog', { name: dialog }).getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('dialog', { name: dialog }).waitFor({ state: 'detached' });
    }
    /** Closes the open pane, if any (once a dialog over it has gone, Fluent shows it to assistive technology again). */
    async function closePane(): Promise<void> {
      const pane = page.getByRole('dialog');
      if (!(await pane.waitFor({ timeout: 3000 }).then(() => true, () => false))) return;
      await pane.getByRole('button', { name: 'Close' }).first().click();
      await pane.waitFor({ state: 'detached' });
    }

    test('every page and pane: no serious or critical WCAG 2.1 A/AA violation (axe-core), and no sideways scrolling at 1280x720', async () => {
      const report: string[] = [];
      const overflowing: string[] = [];
      const minor: string[] = [];
      for (const stop of stops) {
        await stop.visit().catch((e: Error) => { throw new Error(`could not reach "${stop.name}": ${e.message}`, { cause: e }); });
        const { violations, passed } = await runAxe(page);
        assert.ok(passed > 10, `axe ran its rules on ${stop.name}`);
        const serious = violations.filter((v) => v.wcag && (v.impact === 'serious' || v.impact === 'critical'));
        if (serious.length) report.push(describeViolations(stop.name, serious));
        for (const v of violations.filter((v) => !serious.includes(v))) minor.push(describeViolations(stop.name, [v]));
        const widths = await page.evaluate<{ scroll: number; inner: number }>('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })');
        if (widths.scroll > widths.inner) overflowing.push(`${stop.name}: ${widths.scroll}px wide in a ${widths.inner}px window`);
      }
      if (minor.length) console.log(`Findings that do not fail the test (moderate or minor, or best practices beyond WCAG):\n${minor.join('\n')}`);
      assert.deepEqual(problems, [], 'no uncaught errors');
      assert.equal(report.length, 0, `axe-core found serious or critical violations:\n${report.join('\n')}`);
      assert.deepEqual(overflowing, [], 'no page scrolls horizontally at 1280x720');
    });

    test('the main nav works from the keyboard: Tab reaches the nav, the arrow keys move along it, Enter opens a page', async () => {
      await page.keyboard.press('Escape');
      await open('Overview');
      // From the top of the page, as a keyboard user starts.
      await page.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0)');
      await page.locator('body').focus();
      // The text of the focused link if it is one of the nav's, else null.
      const inNav = async () => page.evaluate<string | null>(`(() => {
        const a = document.activeElement;
        return a instanceof HTMLAnchorElement && a.closest('[aria-label="Admin center"]') ? a.textContent.trim() : null;
      })()`);
      let reached: string | null = null;
      for (let presses = 0; presses < 30 && reached === null; presses++) {
        await page.keyboard.press('Tab');
        reached = await inNav();
      }
      assert.ok(reached !== null, 'Tab reaches the nav within 30 presses');
      // Fluent's nav is one tab stop (Tab moves on to the page): the arrow keys move along its links.
      for (let presses = 0; presses < 12 && reached !== 'Groups'; presses++) {
        await page.keyboard.press('ArrowDown');
        reached = await inNav();
      }
      assert.equal(reached, 'Groups', 'the arrow keys move along the nav\'s links');
      const visible = await page.evaluate<boolean>(`(() => {
        const a = document.activeElement;
        const style = getComputedStyle(a);
        return style.outlineStyle !== 'none' || style.boxShadow !== 'none' || getComputedStyle(a, '::after').content !== 'none';
      })()`);
      assert.ok(visible, 'the focused link shows a focus indicator');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${l.url}/console/groups`);
      await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
      assert.equal(await nav().getByRole('link', { name: 'Groups', exact: true }).getAttribute('aria-current'), 'page', 'the nav marks the current page');
    });
    test('in the system\'s dark colour scheme on a 1024x768 laptop: every page is dark, has no serious or critical WCAG 2.1 A/AA violation and does not scroll sideways', async () => {
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.emulateMedia({ colorScheme: 'dark' });
      try {
        const report: string[] = [];
        const overflowing: string[] = [];
        for (const title of ['Overview', 'Users', 'Groups', 'Applications', 'Agents', 'Authentication methods', 'Conditional Access', 'Sign-in logs', 'Audit logs']) {
          await open(title);
          // Fluent's dark theme switched without a reload: the page's text is light on dark.
          const text = await page.evaluate<string>('getComputedStyle(document.querySelector("h1")).color');
          assert.equal(text, 'rgb(255, 255, 255)', `${title}: the heading is light on dark`);
          const serious = (await runAxe(page)).violations.filter((v) => v.wcag && (v.impact === 'serious' || v.impact === 'critical'));
          if (serious.length) report.push(describeViolations(`${title} (dark, 1024x768)`, serious));
          const widths = await page.evaluate<{ scroll: number; inner: number }>('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })');
          if (widths.scroll > widths.inner) overflowing.push(`${title}: ${widths.scroll}px wide in a ${widths.inner}px window`);
        }
        assert.equal(report.length, 0, `axe-core found serious or critical violations in the dark theme:\n${report.join('\n')}`);
        assert.deepEqual(overflowing, [], 'no page scrolls horizontally at 1024x768');
      } finally {
        await page.emulateMedia({ colorScheme: 'light' });
        await page.setViewportSize({ width: 1280, height: 720 });
      }
    });
  });
}
