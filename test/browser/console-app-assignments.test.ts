import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { managementApi, myAccountClient } from '../../src/directory/index.ts';
import { browserAvailable, launchBrowser, type Browser, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { signInToConsole, signInWithTap, startBrowserLimen, watchedPage, type BrowserLimen } from './limen-for-browser.ts';

/**
 * "Users and groups" on an application's pane, in the admin center alone: its service principal
 * created, "Assignment required?" turned on, a user assigned directly and a group assigned, both
 * listed with their role, the user removed; each step checked through the API. Then real
 * sign-ins to the app, each in a browser of its own: a person not assigned is refused with
 * AADSTS50105, a direct member of the assigned group gets an authorization code.
 */
const callback = 'http://localhost:8765/callback';

for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`who may use an app, set in the admin center's Users and groups tab, in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let page: Page;
    let app: { id: string; appId: string };
    let spId: string;
    const roleId = randomUUID();
    const people: Record<'direct' | 'member' | 'outsider', { id: string; userPrincipalName: string }> = {} as never;
    let group: { id: string };
    const problems: string[] = [];
    /** Console errors the test provokes on purpose (a 404 or a 400 from the API), taken out of `problems`. */
    const expected = (from: number, status: number) =>
      problems.splice(from, problems.length - from, ...problems.slice(from).filter((p) => !p.includes(`status of ${status}`)));

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      app = await expectStatus(l.admin.call<{ id: string; appId: string }>('POST', '/applications', {
        displayName: 'Tide Tables',
        web: { redirectUris: [callback] },
        appRoles: [
          { id: roleId, value: 'Tides.Publish', displayName: 'Harbour master', description: 'Publish the tide tables', allowedMemberTypes: ['User'], isEnabled: true },
          { id: randomUUID(), value: 'Tides.Sync', displayName: 'Tide sync', description: 'For the gauge daemon', allowedMemberTypes: ['Application'], isEnabled: true },
        ],
      }), 201);
      const person = (upn: string, displayName: string) => expectStatus(l.admin.call<{ id: string; userPrincipalName: string }>('POST', '/users', {
        accountEnabled: true, displayName, userPrincipalName: upn, mailNickname: upn.split('@')[0],
      }), 201);
      const domain = l.limen.firstAdmin!.userPrincipalName.split('@')[1];
      people.direct = await person(`pat.direct@${domain}`, 'Pat Direct');
      people.member = await person(`gwen.member@${domain}`, 'Gwen Member');
      people.outsider = await person(`otto.outsider@${domain}`, 'Otto Outsider');
      group = await expectStatus(l.admin.call<{ id: string }>('POST', '/groups', {
        displayName: 'Dock crew', mailEnabled: false, mailNickname: 'dockcrew', securityEnabled: true, groupTypes: [],
      }), 201);
      await expectStatus(l.admin.call('POST', `/groups/${group.id}/members/$ref`, { '@odata.id': `${l.url}/v1.0/directoryObjects/${people.member.id}` }), 204);

      page = await watchedPage(browser, problems);
      await signInToConsole(page, l);
    });
    beforeEach(async () => {
      await page.goto(`${l.url}/console/applications/${app.id}`);
      await pane().waitFor();
    });
    afterEach(async () => {
      for (let i = 0; i < 2; i++) await page?.keyboard.press('Escape').catch(() => {});
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    const pane = () => page.getByRole('dialog', { name: 'Application Tide Tables' });
    const openTab = () => pane().getByRole('tab', { name: 'Users and groups' }).click();
    const table = () => pane().getByRole('table', { name: 'Users and groups' });
    const assignments = async () => (await expectStatus(l.admin.call<{ value: Array<{ principalId: string; principalType: string; appRoleId: string }> }>(
      'GET', `/servicePrincipals/${spId}/appRoleAssignedTo`), 200)).value.map((a) => [a.principalId, a.principalType, a.appRoleId]).sort();

    test('an app without a service principal says so, and "Create service principal" creates it', async () => {
      const before = problems.length;
      await openTab();
      await pane().getByText('This app has no service principal in this directory yet', { exact: false }).waitFor();
      expected(before, 404);
      await pane().getByRole('button', { name: 'Create service principal' }).click();
      await pane().getByRole('switch', { name: 'Assignment required?' }).waitFor();
      const sp = await expectStatus(l.admin.call<{ id: string; appRoleAssignmentRequired: boolean }>('GET', `/servicePrincipals(appId='${app.appId}')`), 200);
      spId = sp.id;
      assert.equal(sp.appRoleAssignmentRequired, false);
      await pane().getByText('Nobody is assigned to this app.').waitFor();
    });

    test('"Assignment required?" turned on is saved on the service principal, and the sentence says who gets in', async () => {
      await openTab();
      const toggle = pane().getByRole('switch', { name: 'Assignment required?' });
      assert.equal(await toggle.isChecked(), false);
      await pane().getByText('Off: everyone in the directory can sign in to this app', { exact: false }).waitFor();
      await toggle.click();
      await pane().getByText('On: only the users assigned below, and the direct members of the groups assigned below', { exact: false }).waitFor();
      assert.equal(await toggle.isChecked(), true);
      const sp = await expectStatus(l.admin.call<{ appRoleAssignmentRequired: boolean }>('GET', `/servicePrincipals/${spId}`), 200);
      assert.equal(sp.appRoleAssignmentRequired, true);
    });

    test('a user assigned directly and a group assigned are both listed with their role; the role offered is the enabled one for users and groups', async () => {
      await openTab();
      await pane().getByRole('button', { name: 'Add user/group' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add assignment' });
      assert.equal(await dialog.getByRole('button', { name: 'Assign' }).isDisabled(), true, 'nothing picked yet');
      const userPicker = dialog.getByRole('combobox', { name: 'User' });
      await userPicker.click();
      await userPicker.pressSequentially('Pat');
      await page.getByRole('option', { name: `Pat Direct (${people.direct.userPrincipalName})` }).click();
      await dialog.getByRole('combobox', { name: 'Role' }).click();
      const offered = await page.getByRole('listbox').getByRole('option').allTextContents();
      assert.deepEqual(offered, ['Harbour master'], 'the application-only role is not offered to people');
      await page.getByRole('option', { name: 'Harbour master' }).click();
      await dialog.getByRole('button', { name: 'Assign' }).click();
      await dialog.waitFor({ state: 'detached' });
      const patRow = table().getByRole('row').filter({ hasText: 'Pat Direct' });
      await patRow.waitFor();
      assert.match(await patRow.textContent() ?? '', /Pat Direct\s*User\s*Harbour master/);
      assert.deepEqual(await assignments(), [[people.direct.id, 'User', roleId]]);

      await pane().getByRole('button', { name: 'Add user/group' }).click();
      await dialog.getByRole('radio', { name: 'A group' }).check();
      const groupPicker = dialog.getByRole('combobox', { name: 'Group' });
      await groupPicker.click();
      await groupPicker.pressSequentially('Dock');
      await page.getByRole('option', { name: 'Dock crew' }).click();
      await dialog.getByRole('button', { name: 'Assign' }).click();
      await dialog.waitFor({ state: 'detached' });
      const groupRow = table().getByRole('row').filter({ hasText: 'Dock crew' });
      await groupRow.waitFor();
      assert.match(await groupRow.textContent() ?? '', /Dock crew\s*Group\s*Harbour master/);
      await patRow.waitFor();
      assert.deepEqual(await assignments(), [[group.id, 'Group', roleId], [people.direct.id, 'User', roleId]].sort());
      await pane().getByText('1–2 of 2 assignments').waitFor();
    });

    test('removing the user, after confirming, leaves the group', async () => {
      await openTab();
      await table().getByRole('button', { name: 'Remove Pat Direct (Harbour master)' }).click();
      const confirm = page.getByRole('dialog', { name: 'Remove Pat Direct?' });
      await confirm.getByText('can no longer sign in to it', { exact: false }).waitFor();
      await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
      await confirm.waitFor({ state: 'detached' });
      await table().getByRole('row').filter({ hasText: 'Pat Direct' }).waitFor({ state: 'detached' });
      await table().getByRole('row').filter({ hasText: 'Dock crew' }).waitFor();
      assert.deepEqual(await assignments(), [[group.id, 'Group', roleId]]);
    });

    /** Signs a person in to Tide Tables with a Temporary Access Pass, in a browser of their own. */
    async function signInToApp(who: { id: string; userPrincipalName: string }): Promise<Page> {
      const discovery = await (await fetch(`${l.url}/.well-known/openid-configuration`)).json() as { authorization_endpoint: string };
      const authorize = new URL(discovery.authorization_endpoint);
      for (const [name, value] of Object.entries({
        client_id: app.appId, response_type: 'code', redirect_uri: callback, scope: 'openid profile', state: 'tide-state',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
      })) authorize.searchParams.set(name, value);
      const context = await browser.newContext();
      // The app itself: nothing listens on its callback, the test answers for it.
      await context.route(`${callback}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Tide Tables</h1>' }));
      const tab = await context.newPage();
      await tab.goto(authorize.toString());
      await signInWithTap(tab, who.userPrincipalName, await l.issueTap(who.id));
      return tab;
    }

    test('signing in to the app: a person not assigned, and the user just removed, are refused with AADSTS50105; a direct member of the assigned group gets in', async () => {
      // Tenant-wide admin consent, as most enterprise apps have: no consent page stands between the person and the app.
      const api = await expectStatus(l.admin.call<{ id: string }>('GET', `/servicePrincipals(appId='${managementApi.appId}')`), 200);
      await expectStatus(l.admin.call('POST', '/oauth2PermissionGrants', { clientId: spId, consentType: 'AllPrincipals', resourceId: api.id, scope: 'User.Read' }), 201);
      for (const refused of [people.outsider, people.direct]) {
        const tab = await signInToApp(refused);
        await tab.getByRole('heading', { level: 1, name: 'You don’t have access to this app' }).waitFor();
        assert.match(await tab.content(), /AADSTS50105/);
        assert.doesNotMatch(tab.url(), /^http:\/\/localhost:8765/);
        await tab.context().close();
      }
      const tab = await signInToApp(people.member);
      await tab.waitForURL((url) => url.href.startsWith(callback));
      const landed = new URL(tab.url());
      assert.equal(landed.searchParams.get('error'), null, landed.href);
      assert.ok(landed.searchParams.get('code'), 'the app receives an authorization code');
      assert.equal(landed.searchParams.get('state'), 'tide-state');
      await tab.context().close();
    });

    test('My Security Info refuses "Assignment required?": the API\'s message shows and the switch stays off', async () => {
      const mySecurityInfo = await expectStatus(l.admin.call<{ value: Array<{ id: string; displayName: string }> }>(
        'GET', `/applications?$filter=appId eq '${myAccountClient.appId}'`), 200);
      const { id, displayName } = mySecurityInfo.value[0]!;
      await page.goto(`${l.url}/console/applications/${id}`);
      const myPane = page.getByRole('dialog', { name: `Application ${displayName}` });
      await myPane.getByRole('tab', { name: 'Users and groups' }).click();
      const before = problems.length;
      await myPane.getByRole('switch', { name: 'Assignment required?' }).click();
      await myPane.getByRole('alert').getByText('it cannot require assignment', { exact: false }).waitFor();
      expected(before, 400);
      assert.equal(await myPane.getByRole('switch', { name: 'Assignment required?' }).isChecked(), false);
      const sp = await expectStatus(l.admin.call<{ appRoleAssignmentRequired: boolean }>('GET', `/servicePrincipals(appId='${myAccountClient.appId}')`), 200);
      assert.equal(sp.appRoleAssignmentRequired, false);
    });

    test('ran with no console error', () => {
      assert.deepEqual(problems.filter((p) => !/favicon/.test(p)), []);
    });
  });
}
