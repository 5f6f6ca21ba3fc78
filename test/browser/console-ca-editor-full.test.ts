import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { decodeDocument } from '../../src/conditional-access/import/decode-document.ts';
import type { Locator } from 'playwright-core';
import { browserAvailable, launchBrowser, type Browser, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { signInToConsole, startBrowserLimen, watchedPage, type BrowserLimen } from './limen-for-browser.ts';

/**
 * The Conditional Access form covers every condition and control (issue #6), in Chromium and
 * through the console only: the administrator builds a report-only policy with the app picker
 * (Limen's own CLI), named locations included and excluded, platforms, client apps, user and
 * sign-in risk, an authentication strength OR MFA, a 4-hour sign-in frequency and no persistent
 * browser, and the stored policy has exactly those values; builds a policy that blocks a risky
 * agent from agent resources; and opens real exports from the corpora, saves them unchanged, and
 * the stored policy does not change.
 */
const policies = '/identity/conditionalAccess/policies';
const phishingResistant = '00000000-0000-0000-0000-000000000004';
const corpora = new URL('../fixtures/corpora/conditional-access/', import.meta.url);
/**
 * Exports that use what the form shows least often (device filters, app-enforced restrictions,
 * resilience defaults, agent risk, sign-in frequency), each with a control the form must show set.
 */
const checked = (name: string, group?: string) => (form: Locator) => (group ? form.getByRole('group', { name: group }) : form).getByRole('checkbox', { name, exact: true }).isChecked();
const corpusFiles: Array<[file: string, shows: (form: Locator) => Promise<boolean>]> = [
  ['Cloudshield-io__Conditional-Access-Framework/Config/ConditionalAccess/CA060-CSB-L3-Global-DataProtection-Office365-AnyPlatform-Browser-Unmanaged-AppEnforcedRestrictions-v1.0.json',
    async (form) => /device\.isCompliant -eq True/.test(await form.getByRole('textbox', { name: 'Filter for devices' }).inputValue())
      && await checked('Use app enforced restrictions')(form)],
  ['Cloudshield-io__Conditional-Access-Framework/Config/ConditionalAccess/CA122-CSB-L4-Admins-SessionProtection-AnyApp-AnyPlatform-DisableResilience-v1.0.json',
    checked('Disable resilience defaults')],
  ['j0eyv__ConditionalAccessBaseline/Config/ConditionalAccess/CA501-Agents-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskAgent.json',
    checked('High', 'Agent risk')],
  ['j0eyv__ConditionalAccessBaseline/Config/ConditionalAccess/CA202-Internals-IdentityProtection-AllApps-WindowsMacOS-SigninFrequency-UnmanagedDevices.json',
    checked('Sign-in frequency')],
];

type Json = Record<string, any>;

for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`the full Conditional Access form in Chromium on ${engine}`, () => {
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

    const openConditionalAccess = async () => {
      await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Conditional Access' }).click();
      await page.getByRole('heading', { level: 1, name: 'Conditional Access' }).waitFor();
    };
    /** Types into a picker and chooses the option named `option`. */
    const pick = async (scope: Locator, label: string, text: string, option: string | RegExp) => {
      const box = scope.getByRole('combobox', { name: label });
      await box.click();
      await box.pressSequentially(text);
      await page.getByRole('option', { name: option }).click();
      await scope.getByRole('toolbar', { name: `${label}: chosen` }).getByText(option).waitFor();
    };
    const newPolicyForm = async () => {
      await page.getByRole('button', { name: 'New policy' }).click();
      const editor = page.getByRole('dialog', { name: 'New policy' });
      await editor.getByRole('tab', { name: 'Form' }).click();
      return { editor, form: editor.getByRole('form', { name: 'Policy form' }) };
    };
    const storedPolicy = async (displayName: string) => {
      const found = await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `${policies}?$filter=displayName eq '${displayName}'`), 200);
      assert.equal(found.value.length, 1, `one policy named ${displayName}`);
      return expectStatus(l.admin.call<Json>('GET', `${policies}/${found.value[0]!.id}`), 200);
    };
    const close = async (dialog: Locator) => {
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
    };

    test('a report-only policy built with every picker is stored with exactly what was chosen', async () => {
      const breakGlass = await l.createUser('breakglass@riverside.test');
      const location = (displayName: string, cidrAddress: string) => expectStatus(l.admin.call<{ id: string }>('POST', '/identity/conditionalAccess/namedLocations', {
        '@odata.type': '#microsoft.graph.ipNamedLocation', displayName, isTrusted: false, ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress }],
      }), 201);
      const partners = await location('Partner offices', '203.0.113.0/24');
      const headOffice = await location('Head office', '198.51.100.0/24');
      const cli = (await expectStatus(l.admin.call<{ value: Array<{ appId: string }> }>('GET', `/servicePrincipals?$filter=displayName eq 'Limen CLI'`), 200)).value[0]!;

      await openConditionalAccess();
      const { editor, form } = await newPolicyForm();
      await form.getByRole('textbox', { name: 'Name' }).fill('Strong sign-in for the CLI');
      await form.getByRole('radio', { name: 'Report-only' }).check();

      const users = form.getByRole('region', { name: 'Users' });
      await users.getByRole('radio', { name: 'All users' }).check();
      await pick(users, 'Exclude users', 'breakglass', /breakglass/);

      const resources = form.getByRole('region', { name: 'Target resources' });
      await resources.getByRole('radio', { name: 'Select resources' }).check();
      await pick(resources, 'Include apps', 'Limen C', 'Limen CLI');

      const conditions = form.getByRole('region', { name: 'Conditions' });
      const group = (name: string) => conditions.getByRole('group', { name });
      await group('Client apps').getByRole('checkbox', { name: 'All' }).uncheck();
      await group('Client apps').getByRole('checkbox', { name: 'Browser' }).check();
      await group('Client apps').getByRole('checkbox', { name: 'Mobile apps and desktop clients' }).check();
      await group('Device platforms: include').getByRole('checkbox', { name: 'Any device' }).check();
      await group('Device platforms: exclude').getByRole('checkbox', { name: 'Android' }).check();
      await conditions.getByRole('radio', { name: 'Selected locations' }).check();
      await pick(conditions, 'Include named locations', 'Partner', 'Partner offices');
      await pick(conditions, 'Exclude named locations', 'Head', 'Head office');
      await group('User risk').getByRole('checkbox', { name: 'High' }).check();
      await group('Sign-in risk').getByRole('checkbox', { name: 'High' }).check();
      await group('Sign-in risk').getByRole('checkbox', { name: 'Medium' }).check();

      const grant = form.getByRole('region', { name: 'Grant' });
      await grant.getByRole('radio', { name: 'Grant access' }).check();
      await grant.getByRole('checkbox', { name: 'Require multifactor authentication' }).check();
      await grant.getByRole('checkbox', { name: 'Require authentication strength' }).check();
      await grant.getByRole('combobox', { name: 'Authentication strength' }).click();
      await page.getByRole('option', { name: 'Phishing-resistant MFA' }).click();
      await grant.getByRole('radio', { name: 'Require one of the selected controls' }).check();

      const session = form.getByRole('region', { name: 'Session' });
      await session.getByRole('checkbox', { name: 'Sign-in frequency' }).check();
      await session.getByRole('spinbutton', { name: 'Sign-in frequency value' }).fill('4');
      await session.getByRole('checkbox', { name: 'Persistent browser session' }).check();
      await session.getByRole('combobox', { name: 'Persistent browser mode' }).click();
      await page.getByRole('option', { name: 'Never persistent' }).click();

      // Each section says in plain words what it does, and so does the draft's summary.
      const summaryOf = (section: Locator) => section.getByTestId('section-summary').textContent();
      assert.equal(await summaryOf(users), 'All users, except 1 user');
      assert.equal(await summaryOf(resources), 'Signing in to 1 app.');
      assert.equal(await summaryOf(conditions),
        'Applies on any platform except Android, from 1 named location except 1 named location, with browser or mobile and desktop app clients, sign-in risk high/medium, user risk high.');
      assert.equal(await summaryOf(grant), 'Require multifactor authentication or require the chosen authentication strength.');
      assert.equal(await summaryOf(session), 'Sign in again every 4 hours, never a persistent browser session.');
      await editor.getByTestId('draft-summary').getByText('All users, except 1 user, signing in to 1 app, on any platform except Android', { exact: false }).waitFor();

      // The JSON view shows the same draft, as Graph's JSON.
      await editor.getByRole('tab', { name: 'JSON' }).click();
      const drafted = JSON.parse(await editor.getByRole('textbox', { name: /Policy \(Graph/ }).inputValue()) as Json;
      assert.deepEqual(drafted.conditions.locations, { includeLocations: [partners.id], excludeLocations: [headOffice.id] });
      assert.deepEqual(drafted.sessionControls.signInFrequency, {
        isEnabled: true, type: 'hours', value: 4, frequencyInterval: 'timeBased', authenticationType: 'primaryAndSecondaryAuthentication',
      });

      await editor.getByRole('button', { name: 'Create policy' }).click();
      await close(page.getByRole('dialog', { name: 'Policy Strong sign-in for the CLI' }));

      const stored = await storedPolicy('Strong sign-in for the CLI');
      assert.equal(stored.state, 'enabledForReportingButNotEnforced');
      const c = stored.conditions;
      assert.deepEqual([c.users.includeUsers, c.users.excludeUsers, c.users.includeGroups, c.users.includeRoles], [['All'], [breakGlass.id], [], []]);
      assert.deepEqual([c.applications.includeApplications, c.applications.excludeApplications, c.applications.includeUserActions], [[cli.appId], [], []]);
      assert.deepEqual(c.clientAppTypes, ['browser', 'mobileAppsAndDesktopClients']);
      assert.deepEqual(c.platforms, { includePlatforms: ['all'], excludePlatforms: ['android'] });
      assert.deepEqual(c.locations, { includeLocations: [partners.id], excludeLocations: [headOffice.id] });
      assert.deepEqual([c.userRiskLevels, c.signInRiskLevels], [['high'], ['high', 'medium']]);
      assert.deepEqual(stored.grantControls.builtInControls, ['mfa']);
      assert.equal(stored.grantControls.operator, 'OR');
      assert.equal(stored.grantControls.authenticationStrength.id, phishingResistant);
      assert.deepEqual(stored.sessionControls.signInFrequency, {
        isEnabled: true, type: 'hours', value: 4, frequencyInterval: 'timeBased', authenticationType: 'primaryAndSecondaryAuthentication',
      });
      assert.deepEqual(stored.sessionControls.persistentBrowser, { isEnabled: true, mode: 'never' });
      assert.deepEqual(problems, []);
    });

    test('a policy that blocks a risky agent from agent resources is built with the agent picker', async () => {
      const sponsor = [`${l.url}/v1.0/users/${l.limen.firstAdmin!.userId}`];
      const blueprint = await expectStatus(l.admin.call<{ appId: string }>('POST', '/applications/microsoft.graph.agentIdentityBlueprint', {
        displayName: 'Finance agents', 'sponsors@odata.bind': sponsor,
      }), 201);
      const agent = (displayName: string) => expectStatus(l.admin.call<{ id: string }>('POST', '/servicePrincipals/microsoft.graph.agentIdentity', {
        displayName, agentIdentityBlueprintId: blueprint.appId, 'sponsors@odata.bind': sponsor,
      }), 201);
      const mover = await agent('Invoice mover');
      const reader = await agent('Receipt reader');

      const { editor, form } = await newPolicyForm();
      await form.getByRole('textbox', { name: 'Name' }).fill('Block risky finance agents');
      await form.getByRole('radio', { name: 'On', exact: true }).check();
      await form.getByRole('region', { name: 'Users' }).getByRole('radio', { name: 'None', exact: true }).check();
      const resources = form.getByRole('region', { name: 'Target resources' });
      await resources.getByRole('radio', { name: 'Select resources' }).check();
      await resources.getByRole('checkbox', { name: 'All agent resources' }).check();
      const identities = form.getByRole('region', { name: 'Workload and agent identities' });
      await identities.getByRole('radio', { name: 'Select agents' }).check();
      await pick(identities, 'Include agents', 'Invoice', 'Invoice mover');
      await pick(identities, 'Exclude agents', 'Receipt', 'Receipt reader');
      await identities.getByRole('textbox', { name: 'Agents filter (custom security attributes)' }).fill('CustomSecurityAttribute.Agents_Tier -eq "prod"');
      const conditions = form.getByRole('region', { name: 'Conditions' });
      await conditions.getByRole('group', { name: 'Agent risk' }).getByRole('checkbox', { name: 'High' }).check();
      await form.getByRole('region', { name: 'Grant' }).getByRole('radio', { name: 'Block access' }).check();
      assert.equal(await identities.getByTestId('section-summary').textContent(),
        '1 agent identity except 1 agent matching CustomSecurityAttribute.Agents_Tier -eq "prod".');
      await editor.getByTestId('draft-summary')
        .getByText('1 agent identity except 1 agent matching CustomSecurityAttribute.Agents_Tier -eq "prod", signing in to every agent resource, agent risk high: block access.').waitFor();

      await editor.getByRole('button', { name: 'Create policy' }).click();
      await close(page.getByRole('dialog', { name: 'Policy Block risky finance agents' }));
      const stored = await storedPolicy('Block risky finance agents');
      assert.equal(stored.state, 'enabled');
      assert.deepEqual(stored.conditions.users.includeUsers, ['None']);
      assert.deepEqual(stored.conditions.applications.includeApplications, ['AllAgentIdResources']);
      const ca = stored.conditions.clientApplications;
      assert.deepEqual([ca.includeAgentIdServicePrincipals, ca.excludeAgentIdServicePrincipals, ca.includeServicePrincipals], [[mover.id], [reader.id], []]);
      assert.deepEqual(ca.agentIdServicePrincipalFilter, { mode: 'include', rule: 'CustomSecurityAttribute.Agents_Tier -eq "prod"' });
      assert.equal(stored.conditions.agentIdRiskLevels, 'high');
      assert.deepEqual([stored.grantControls.operator, stored.grantControls.builtInControls], ['OR', ['block']]);
      assert.deepEqual(problems, []);
    });

    test('a workload identity policy with service principal risk is built with the service principal picker', async () => {
      const app = await expectStatus(l.admin.call<{ appId: string }>('POST', '/applications', { displayName: 'Nightly payroll export' }), 201);
      const principal = await expectStatus(l.admin.call<{ id: string }>('POST', '/servicePrincipals', { appId: app.appId }), 201);

      const { editor, form } = await newPolicyForm();
      await form.getByRole('textbox', { name: 'Name' }).fill('Block risky payroll export');
      await form.getByRole('region', { name: 'Users' }).getByRole('radio', { name: 'None', exact: true }).check();
      const identities = form.getByRole('region', { name: 'Workload and agent identities' });
      await identities.getByRole('radio', { name: 'Select workload identities' }).check();
      await pick(identities, 'Include workload identities', 'Nightly', 'Nightly payroll export');
      await form.getByRole('region', { name: 'Conditions' }).getByRole('group', { name: 'Workload identity risk' }).getByRole('checkbox', { name: 'High' }).check();
      await form.getByRole('region', { name: 'Grant' }).getByRole('radio', { name: 'Block access' }).check();
      await editor.getByTestId('draft-summary').getByText('1 workload identity, signing in to every app, workload identity risk high: block access.').waitFor();

      await editor.getByRole('button', { name: 'Create policy' }).click();
      await close(page.getByRole('dialog', { name: 'Policy Block risky payroll export' }));
      const stored = await storedPolicy('Block risky payroll export');
      assert.deepEqual(stored.conditions.clientApplications.includeServicePrincipals, [principal.id]);
      assert.deepEqual(stored.conditions.servicePrincipalRiskLevels, ['high']);
      assert.deepEqual(stored.grantControls.builtInControls, ['block']);
      assert.deepEqual(problems, []);
    });

    test('real exports opened in the form and saved unchanged stay exactly as they were', async () => {
      for (const [file, shows] of corpusFiles) {
        let text = decodeDocument(readFileSync(new URL(file, corpora)));
        // The export's groups are another tenant's: this tenant's stand in for them.
        const groupIds = new Set<string>();
        const users = (JSON.parse(text) as Json).conditions.users ?? {};
        for (const id of [...users.includeGroups ?? [], ...users.excludeGroups ?? []]) groupIds.add(id);
        for (const id of groupIds) {
          const group = await expectStatus(l.admin.call<{ id: string }>('POST', '/groups', {
            displayName: `Stand-in ${id.slice(0, 8)}`, mailEnabled: false, mailNickname: `g${id.slice(0, 8)}`, securityEnabled: true,
          }), 201);
          text = text.replaceAll(id, group.id);
        }
        const imported = await expectStatus(l.admin.call<{ policies: Array<{ id: string; displayName: string }> }>('POST', '/identity/conditionalAccess/import', {
          policies: JSON.parse(text),
        }), 200);
        const { id, displayName } = imported.policies[0]!;
        const before = await expectStatus(l.admin.call<Json>('GET', `${policies}/${id}`), 200);

        await page.goto(`${l.url}/console/conditional-access/${id}`);
        const pane = page.getByRole('dialog', { name: `Policy ${displayName}` });
        await pane.getByRole('tab', { name: 'Edit', exact: true }).click();
        const form = pane.getByRole('form', { name: 'Policy form' });
        await form.getByRole('textbox', { name: 'Name' }).waitFor();
        assert.ok(await shows(form), `the form shows what ${displayName} says`);
        await pane.getByRole('button', { name: 'Save' }).click();
        await pane.getByText('Saved.').waitFor();

        const after = await expectStatus(l.admin.call<Json>('GET', `${policies}/${id}`), 200);
        assert.notEqual(after.modifiedDateTime, before.modifiedDateTime, `${displayName} was saved`);
        const { modifiedDateTime: _a, ...afterRest } = after;
        const { modifiedDateTime: _b, ...beforeRest } = before;
        assert.equal(JSON.stringify(afterRest), JSON.stringify(beforeRest), `${displayName} is unchanged`);
      }
      assert.deepEqual(problems, []);
    });
  });
}
