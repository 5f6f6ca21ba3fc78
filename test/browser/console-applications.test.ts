import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { managementApi } from '../../src/directory/index.ts';
import { browserAvailable, launchBrowser, type Browser, type Page } from '../support/browser.ts';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { signInToConsole, startBrowserLimen, watchedPage, type BrowserLimen } from './limen-for-browser.ts';

/**
 * An app registration completed in the admin center alone: a certificate uploaded (its thumbprint
 * shown) and replaced by a successor, an app role created, disabled and deleted, a delegated and an application permission
 * added, admin consent granted and revoked; each result checked through the API as well. One
 * engine: the console reaches the database only through the API.
 */
for (const engine of browserAvailable() ? testEngines().slice(0, 1) : []) {
  describe(`an application's certificates, app roles and API permissions in the admin center, in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let page: Page;
    let app: { id: string; appId: string };
    let folder: string;
    const problems: string[] = [];
    /** Console errors the test provokes on purpose (the API's 400s), taken out of `problems`. */
    const expected400 = (from: number) => problems.splice(from, problems.length - from, ...problems.slice(from).filter((p) => !/status of 400/.test(p)));

    before(async () => {
      folder = mkdtempSync(join(tmpdir(), 'limen-console-cert-'));
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      app = await expectStatus(l.admin.call<{ id: string; appId: string }>('POST', '/applications', { displayName: 'Harbour Rota' }), 201);
      page = await watchedPage(browser, problems);
      await signInToConsole(page, l);
    });
    beforeEach(async () => {
      await page.goto(`${l.url}/console/applications/${app.id}`);
    });
    afterEach(async () => {
      for (let i = 0; i < 2; i++) await page?.keyboard.press('Escape').catch(() => {});
    });
    after(async () => {
      await browser?.close();
      await l?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    const pane = () => page.getByRole('dialog', { name: 'Application Harbour Rota' });
    const read = () => expectStatus(l.admin.call<{
      keyCredentials: Array<{ customKeyIdentifier: string; displayName: string; endDateTime: string }>;
      appRoles: Array<{ value: string; displayName: string; allowedMemberTypes: string[]; isEnabled: boolean }>;
      requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
    }>('GET', `/applications/${app.id}`), 200);

    test('Certificates: a private key is refused in the browser; an uploaded PEM certificate shows its thumbprint and expiry; a DER successor kept when the first is removed', async () => {
      const key = join(folder, 'key.pem');
      const certificate = join(folder, 'rota.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key,
        '-subj', '/CN=harbour-rota', '-days', '20', '-out', certificate], { stdio: 'ignore' });
      const x509 = new X509Certificate(readFileSync(certificate));
      const thumbprint = x509.fingerprint.replaceAll(':', '');

      await pane().getByRole('tab', { name: 'Certificates & secrets' }).click();
      await pane().getByRole('button', { name: 'Upload certificate' }).click();
      const dialog = page.getByRole('dialog', { name: 'Upload certificate' });
      await dialog.getByRole('textbox', { name: 'Or paste the certificate (PEM)' }).fill(readFileSync(key, 'utf8'));
      await dialog.getByText('This holds a private key').waitFor();
      assert.equal(await dialog.getByRole('button', { name: 'Add' }).isDisabled(), true);
      await dialog.getByRole('textbox', { name: 'Or paste the certificate (PEM)' }).fill('');
      await dialog.getByLabel('Certificate file').setInputFiles(certificate);
      await dialog.getByRole('textbox', { name: 'Description' }).fill('Rota signing');
      await dialog.getByRole('button', { name: 'Add' }).click();
      await dialog.waitFor({ state: 'detached' });

      const row = pane().getByRole('table', { name: 'Certificates' }).getByRole('row').filter({ hasText: thumbprint });
      await row.waitFor();
      assert.match(await row.textContent() ?? '', /Rota signing/);
      await row.getByText('Expires within 30 days').waitFor();
      const saved = await read();
      assert.deepEqual(saved.keyCredentials.map((k) => [k.customKeyIdentifier, k.displayName, k.endDateTime]),
        [[thumbprint, 'Rota signing', new Date(x509.validTo).toISOString()]]);

      // A successor as DER, then the first removed: the console sends the kept certificate by keyId alone.
      const successor = join(folder, 'successor.cer');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(folder, 'successor.key'),
        '-subj', '/CN=harbour-rota-2027', '-days', '400', '-outform', 'DER', '-out', successor], { stdio: 'ignore' });
      const next = new X509Certificate(readFileSync(successor));
      await pane().getByRole('button', { name: 'Upload certificate' }).click();
      await dialog.getByLabel('Certificate file').setInputFiles(successor);
      await dialog.getByRole('button', { name: 'Add' }).click();
      await dialog.waitFor({ state: 'detached' });
      const table = pane().getByRole('table', { name: 'Certificates' });
      await table.getByRole('row').filter({ hasText: 'CN=harbour-rota-2027' }).waitFor();
      await table.getByRole('button', { name: `Remove certificate ${thumbprint}` }).click();
      const confirm = page.getByRole('dialog', { name: /Remove the certificate “Rota signing”/ });
      await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
      await confirm.waitFor({ state: 'detached' });
      await row.waitFor({ state: 'detached' });
      const kept = await expectStatus(l.admin.call<{ keyCredentials: Array<{ customKeyIdentifier: string; key: string }> }>(
        'GET', `/applications/${app.id}?$select=keyCredentials`), 200);
      assert.deepEqual(kept.keyCredentials.map((k) => [k.customKeyIdentifier, k.key]), [[next.fingerprint.replaceAll(':', ''), next.raw.toString('base64')]]);
    });

    test('App roles: the API\'s message for a value with a space; a role created, disabled, then deleted', async () => {
      await pane().getByRole('tab', { name: 'App roles' }).click();
      await pane().getByRole('button', { name: 'Create app role' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create app role' });
      await dialog.getByRole('textbox', { name: 'Display name' }).fill('Rota editors');
      await dialog.getByRole('radio', { name: 'Both (Users/Groups + Applications)' }).check();
      await dialog.getByRole('textbox', { name: 'Value' }).fill('Rota Edit');
      await dialog.getByRole('textbox', { name: 'Description' }).fill('Edit the harbour rota');
      const before = problems.length;
      await dialog.getByRole('button', { name: 'Apply' }).click();
      await dialog.getByText('must not contain spaces', { exact: false }).waitFor();
      expected400(before);
      await dialog.getByRole('textbox', { name: 'Value' }).fill('Rota.Edit');
      await dialog.getByRole('button', { name: 'Apply' }).click();
      await dialog.waitFor({ state: 'detached' });

      const table = pane().getByRole('table', { name: 'App roles' });
      const row = table.getByRole('row').filter({ hasText: 'Rota.Edit' });
      await row.getByText('Enabled', { exact: true }).waitFor();
      assert.match(await row.textContent() ?? '', /Rota editors.*Users\/Groups, Applications.*Edit the harbour rota/);
      assert.equal(await row.getByRole('button', { name: 'Delete app role Rota.Edit' }).count(), 0, 'an enabled role offers no Delete');
      assert.deepEqual((await read()).appRoles.map((r) => [r.value, r.displayName, r.allowedMemberTypes, r.isEnabled]),
        [['Rota.Edit', 'Rota editors', ['User', 'Application'], true]]);

      await row.getByRole('button', { name: 'Disable app role Rota.Edit' }).click();
      await row.getByText('Disabled', { exact: true }).waitFor();
      assert.equal((await read()).appRoles[0]?.isEnabled, false);
      await row.getByRole('button', { name: 'Delete app role Rota.Edit' }).click();
      const confirm = page.getByRole('dialog', { name: /Delete the app role Rota editors/ });
      await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
      await confirm.waitFor({ state: 'detached' });
      await pane().getByText('This application defines no app role.').waitFor();
      assert.deepEqual((await read()).appRoles, []);
    });

    test('API permissions: a delegated scope and an application permission added, admin consent granted, then revoked', async () => {
      type Api = { id: string; displayName: string; appRoles: Array<{ id: string; value: string }>; oauth2PermissionScopes: Array<{ id: string; value: string }> };
      const api = await expectStatus(l.admin.call<Api>('GET', `/servicePrincipals(appId='${managementApi.appId}')`), 200);
      const userRead = api.oauth2PermissionScopes.find((s) => s.value === 'User.Read')!;
      const userReadAll = api.appRoles.find((r) => r.value === 'User.Read.All')!;

      await pane().getByRole('tab', { name: 'API permissions' }).click();
      const addPermission = async (type: string, permission: string) => {
        await pane().getByRole('button', { name: 'Add a permission' }).click();
        const dialog = page.getByRole('dialog', { name: 'Add a permission' });
        await dialog.getByRole('combobox', { name: 'API' }).click();
        await page.getByRole('option', { name: api.displayName }).click();
        await dialog.getByRole('radio', { name: type }).check();
        await dialog.getByRole('searchbox', { name: 'Filter permissions' }).fill(permission);
        await dialog.getByRole('checkbox', { name: new RegExp(`^${permission.replaceAll('.', '\\.')}:`) }).check();
        await dialog.getByRole('button', { name: 'Add permissions' }).click();
        await dialog.waitFor({ state: 'detached' });
      };
      await addPermission('Delegated permissions', 'User.Read');
      await addPermission('Application permissions', 'User.Read.All');
      const table = pane().getByRole('table', { name: `API permissions on ${api.displayName}` });
      const scopeRow = table.getByRole('row').filter({ hasText: 'Delegated' });
      const roleRow = table.getByRole('row').filter({ hasText: 'Application' });
      await scopeRow.getByText('Not granted').waitFor();
      await roleRow.getByText('Not granted').waitFor();
      assert.deepEqual((await read()).requiredResourceAccess, [{
        resourceAppId: managementApi.appId, resourceAccess: [{ id: userRead.id, type: 'Scope' }, { id: userReadAll.id, type: 'Role' }],
      }]);

      await pane().getByRole('button', { name: 'Grant admin consent', exact: true }).click();
      await scopeRow.getByText('Granted for the tenant').waitFor();
      await roleRow.getByText('Granted for the tenant').waitFor();
      const sp = (await expectStatus(l.admin.call<{ value: Array<{ id: string }> }>('GET', `/servicePrincipals?$filter=appId eq '${app.appId}'`), 200)).value[0]!;
      const consent = async () => ({
        grants: (await expectStatus(l.admin.call<{ value: Array<{ consentType: string; resourceId: string; scope: string }> }>(
          'GET', `/oauth2PermissionGrants?$filter=clientId eq '${sp.id}'`), 200)).value.map((g) => [g.consentType, g.resourceId, g.scope]),
        assignments: (await expectStatus(l.admin.call<{ value: Array<{ resourceId: string; appRoleId: string }> }>(
          'GET', `/servicePrincipals/${sp.id}/appRoleAssignments`), 200)).value.map((a) => [a.resourceId, a.appRoleId]),
      });
      assert.deepEqual(await consent(), { grants: [['AllPrincipals', api.id, 'User.Read']], assignments: [[api.id, userReadAll.id]] });

      await pane().getByRole('button', { name: 'Revoke admin consent', exact: true }).click();
      const confirm = page.getByRole('dialog', { name: 'Revoke admin consent?' });
      await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
      await scopeRow.getByText('Not granted').waitFor();
      await roleRow.getByText('Not granted').waitFor();
      assert.deepEqual(await consent(), { grants: [], assignments: [] });
    });

    test('ran with no console error', () => {
      assert.deepEqual(problems.filter((p) => !/favicon/.test(p)), []);
    });
  });
}
