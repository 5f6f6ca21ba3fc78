import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../support/engines.ts';
import { expectStatus } from '../support/graph-client.ts';
import { addAuthenticator, browserAvailable, launchBrowser, type AuthenticatorKind, type Browser, type Page } from '../support/browser.ts';
import { signInsOf, signInToMySecurityInfoWithTap, startBrowserLimen, type BrowserLimen } from './limen-for-browser.ts';

/** Every Chromium virtual authenticator reports this AAGUID. */
const chromiumAaguid = '01020304-0506-0708-0102-030405060708';
const otherAaguid = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';
const policyPath = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2';

for (const engine of browserAvailable() ? testEngines() : []) {
  describe(`passkey profiles in Chromium on ${engine}`, () => {
    let l: BrowserLimen;
    let browser: Browser;
    let staff: string;
    let admins: string;

    /** Staff may use any passkey; admins only device-bound passkeys of one model. */
    const profiles = (adminAaguid: string, attestationEnforcement = 'disabled') => ({
      passkeyProfiles: [
        { id: '00000000-0000-0000-0000-000000000001', name: 'Everyone', passkeyTypes: 'deviceBound,synced', attestationEnforcement: 'disabled' },
        {
          id: 'admins', name: 'Admins: approved security keys', passkeyTypes: 'deviceBound', attestationEnforcement,
          keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [adminAaguid] },
        },
      ],
      includeTargets: [
        { id: staff, allowedPasskeyProfiles: ['00000000-0000-0000-0000-000000000001'] },
        { id: admins, allowedPasskeyProfiles: ['admins'] },
      ],
    });

    before(async () => {
      l = await startBrowserLimen(engine);
      browser = await launchBrowser();
      staff = (await expectStatus(l.admin.call<{ id: string }>('POST', '/groups', { displayName: 'Staff', mailEnabled: false, mailNickname: 'staff', securityEnabled: true }), 201)).id;
      admins = (await expectStatus(l.admin.call<{ id: string }>('POST', '/groups', { displayName: 'IT admins', mailEnabled: false, mailNickname: 'itadmins', securityEnabled: true }), 201)).id;
      await expectStatus(l.admin.call('PATCH', policyPath, profiles(chromiumAaguid)), 204);
    });
    after(async () => {
      await browser?.close();
      await l?.close();
    });

    async function member(upn: string, groupId: string) {
      const user = await l.createUser(upn);
      await expectStatus(l.admin.call('POST', `/groups/${groupId}/members/$ref`, { '@odata.id': `${l.url}/v1.0/directoryObjects/${user.id}` }), 204);
      return user;
    }

    /** Signs in with a fresh pass and tries to add a passkey from this kind of authenticator; returns the page. */
    async function register(upn: string, userId: string, kind: AuthenticatorKind): Promise<Page> {
      const code = await l.issueTap(userId);
      const page = await (await browser.newContext()).newPage();
      await addAuthenticator(page, kind);
      await signInToMySecurityInfoWithTap(page, l, upn, code);
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      // Either the list again with a notice, or the page with the refusal.
      await page.locator('p[role=alert]').or(page.getByText('Your passkey was added.')).waitFor();
      return page;
    }

    const passkeysOf = async (userId: string) =>
      (await expectStatus(l.admin.call<{ value: Array<Record<string, unknown>> }>('GET', `/users/${userId}/authentication/fido2Methods`), 200)).value;

    test('ordinary users register and use both synced and device-bound passkeys', async () => {
      const syncedUser = await member('sam@riverside.test', staff);
      const page = await register(syncedUser.userPrincipalName, syncedUser.id, 'synced');
      await assert.doesNotReject(page.getByText('Your passkey was added.').waitFor());
      const deviceUser = await member('dee@riverside.test', staff);
      await assert.doesNotReject((await register(deviceUser.userPrincipalName, deviceUser.id, 'securityKey')).getByText('Your passkey was added.').waitFor());

      const [synced] = await passkeysOf(syncedUser.id);
      assert.equal(synced!.passkeyType, 'synced');
      assert.equal(synced!.backupEligible, true);
      assert.equal(synced!.backupState, true);
      const [bound] = await passkeysOf(deviceUser.id);
      assert.equal(bound!.passkeyType, 'deviceBound');
      assert.equal(bound!.attestationLevel, 'notAttested', 'no attestation asked for when no profile looks at it');

      // The synced passkey signs in (conditional UI picks it in the same browser).
      await page.context().clearCookies();
      await page.goto(`${l.url}/my/security-info`);
      await page.waitForURL(`${l.url}/my/security-info`);
      const log = await signInsOf(l, syncedUser.id);
      assert.ok(log.some((s) => s.status.errorCode === 0 && /synced/.test(s.status.additionalDetails ?? '')));
    });

    test('an admin’s synced passkey is refused at registration with a clear message, and nothing is stored', async () => {
      const admin = await member('ada@riverside.test', admins);
      const page = await register(admin.userPrincipalName, admin.id, 'synced');
      await assert.doesNotReject(page.getByText(/This passkey can’t be added: synced passkeys .* are not allowed/).waitFor());
      assert.deepEqual(await passkeysOf(admin.id), []);
    });

    test('an admin’s device-bound key of the approved model registers; another model is refused at registration and at sign-in', async () => {
      const admin = await member('ike@riverside.test', admins);
      const page = await register(admin.userPrincipalName, admin.id, 'securityKey');
      await assert.doesNotReject(page.getByText('Your passkey was added.').waitFor());
      const [key] = await passkeysOf(admin.id);
      assert.equal(key!.aaGuid, chromiumAaguid, 'attestation was asked for, so the browser kept the AAGUID');
      assert.equal(key!.attestationLevel, 'notAttested', 'no metadata names a trust anchor for it');

      // The admin narrows the allowed model: the key already registered stops working at sign-in.
      await expectStatus(l.admin.call('PATCH', policyPath, profiles(otherAaguid)), 204);
      await page.context().clearCookies();
      await page.goto(`${l.url}/my/security-info`);
      // A security key is not offered in autofill: the admin presses the button.
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await assert.doesNotReject(page.getByText(/You can’t sign in with this passkey: this passkey model \(AAGUID 01020304-0506-0708-0102-030405060708\) is not allowed/).waitFor());
      const refused = (await signInsOf(l, admin.id)).find((s) => s.status.errorCode === 500121);
      assert.ok(refused, 'the refusal is in the sign-in log');
      assert.match(refused.status.additionalDetails ?? '', /AAGUID .* is not allowed/);

      // And a new key of that model cannot be registered either.
      const again = await register(admin.userPrincipalName, admin.id, 'securityKey');
      await assert.doesNotReject(again.getByText(/This passkey can’t be added: this passkey model .* is not allowed/).waitFor());
      assert.equal((await passkeysOf(admin.id)).length, 1);
      await expectStatus(l.admin.call('PATCH', policyPath, profiles(chromiumAaguid)), 204);
    });

    test('a synced passkey stops at sign-in when its owner joins the admins (types are checked at every sign-in)', async () => {
      const promoted = await member('pat@riverside.test', staff);
      const page = await register(promoted.userPrincipalName, promoted.id, 'synced');
      await assert.doesNotReject(page.getByText('Your passkey was added.').waitFor());
      await expectStatus(l.admin.call('DELETE', `/groups/${staff}/members/${promoted.id}/$ref`), 204);
      await expectStatus(l.admin.call('POST', `/groups/${admins}/members/$ref`, { '@odata.id': `${l.url}/v1.0/directoryObjects/${promoted.id}` }), 204);
      await page.context().clearCookies();
      await page.goto(`${l.url}/my/security-info`);
      await assert.doesNotReject(page.getByText(/You can’t sign in with this passkey: synced passkeys .* are not allowed/).waitFor());
      assert.ok((await signInsOf(l, promoted.id)).some((s) => s.status.errorCode === 500121 && /synced passkeys/.test(s.status.additionalDetails ?? '')));
    });

    test('a profile that enforces attestation refuses a key whose attestation chains to no trust anchor Limen holds', async () => {
      await expectStatus(l.admin.call('PATCH', policyPath, profiles(chromiumAaguid, 'registrationOnly')), 204);
      try {
        const admin = await member('uma@riverside.test', admins);
        const page = await register(admin.userPrincipalName, admin.id, 'securityKey');
        await assert.doesNotReject(page.getByText(/This passkey can’t be added: this passkey’s make and model could not be verified \(attestation is required\)/).waitFor());
        assert.deepEqual(await passkeysOf(admin.id), []);
      } finally {
        await expectStatus(l.admin.call('PATCH', policyPath, profiles(chromiumAaguid)), 204);
      }
    });

    test('a profile that enforces attestation refuses synced passkey types outright', async () => {
      const r = await l.admin.call<{ error: { message: string } }>('PATCH', policyPath, {
        passkeyProfiles: [
          { id: '00000000-0000-0000-0000-000000000001', name: 'Everyone', passkeyTypes: 'deviceBound,synced', attestationEnforcement: 'registrationOnly' },
        ],
      });
      assert.equal(r.status, 400);
      assert.match(r.json.error.message, /passkeyProfiles\[0\]: synced passkeys carry no attestation/);
    });
  });
}
