import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import {
  createPasskeyRepository, createTapRepository, defaultSoftwareOathPolicy, writeSoftwareOathPolicy,
} from '../../authn/index.ts';
import { expectDenied, expectError, expectNotFound, expectStatus, filter, startGraphServer, type GraphTestServer } from './graph-test-server.ts';

const reports = '/v1.0/reports/authenticationMethods';
const details = `${reports}/userRegistrationDetails`;

/** A stored passkey as registration leaves it; the report reads only its kind and model. */
async function addPasskey(server: GraphTestServer, userId: string, synced: boolean): Promise<void> {
  const credentialId = randomUUID();
  await createPasskeyRepository(server.db).add({
    id: credentialId.slice(0, 22), userId, credentialId, publicKey: new Uint8Array([1]), signCount: 0,
    displayName: synced ? 'Phone' : 'Security key', aaGuid: '00000000-0000-0000-0000-000000000000', model: null,
    attestationFormat: 'none', attestationLevel: 'notAttested', attestationCertificates: [], transports: [],
    backupEligible: synced, backupState: synced, createdDateTime: new Date().toISOString(), lastUsedDateTime: null,
  });
}

/** A confirmed authenticator app (the secret is never read by the report). */
async function addAuthenticatorApp(server: GraphTestServer, userId: string): Promise<void> {
  await server.db.insertInto('software_oath_methods').values({
    id: randomUUID(), user_id: userId, secret_sealed: 'sealed', created_date_time: new Date().toISOString(),
    verified: 1, last_used_step: null, last_used_date_time: null,
  }).execute();
}

for (const engine of testEngines()) {
  describe(`authentication methods registration reports on ${engine}`, () => {
    let server: GraphTestServer;
    /** Users added to the seeded six (admin, helpdesk, userAdmin, appAdmin, pam, plain). */
    const ids: Record<'passkey' | 'app' | 'password' | 'tap' | 'guest' | 'disabled', string> = {} as never;
    const row = async (id: string) => expectStatus(await server.get(`${details}/${id}`, 'admin'), 200);
    const list = async (query: string) => expectStatus(await server.get(`${details}?${query}`, 'admin'), 200);
    const names = (body: { value: Array<{ userPrincipalName: string }> }) => body.value.map((u) => u.userPrincipalName);

    before(async () => {
      server = await startGraphServer(engine);
      const create = async (upn: string, more: object = {}) => expectStatus(await server.post('/v1.0/users', 'admin', {
        accountEnabled: true, displayName: upn.split('@')[0], userPrincipalName: upn, mailNickname: upn.split('@')[0], ...more,
      }), 201).id as string;
      ids.passkey = await create('passkey@limen.test');
      ids.app = await create('app@limen.test');
      ids.password = await create('password@limen.test', { passwordProfile: { password: 'Correct-horse-battery-9' } });
      ids.tap = await create('tap@limen.test');
      ids.guest = await create('guest@limen.test', { userType: 'Guest' });
      ids.disabled = await create('disabled@limen.test', { accountEnabled: false });
      await addPasskey(server, ids.passkey, true);
      await addPasskey(server, server.users.admin, false);
      await addPasskey(server, ids.disabled, false);
      await addAuthenticatorApp(server, ids.app);
      const now = new Date();
      await createTapRepository(server.db).issue({ userId: ids.tap, startDateTime: now, lifetimeInMinutes: 60, isUsableOnce: true, length: 12, now });
    });
    after(() => server.close());

    it('a user with a synced passkey is MFA registered, MFA capable and passwordless capable', async () => {
      const user = await row(ids.passkey);
      assert.equal(user['@odata.context'], 'https://limen.test/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails/$entity');
      assert.deepEqual({ ...user, '@odata.context': undefined, lastUpdatedDateTime: undefined }, {
        '@odata.context': undefined, lastUpdatedDateTime: undefined,
        id: ids.passkey, userPrincipalName: 'passkey@limen.test', userDisplayName: 'passkey', userType: 'member', isAdmin: false,
        isMfaRegistered: true, isMfaCapable: true, isPasswordlessCapable: true,
        isSsprRegistered: false, isSsprEnabled: false, isSsprCapable: false, isSystemPreferredAuthenticationMethodEnabled: false,
        methodsRegistered: ['passKeySynced'], systemPreferredAuthenticationMethods: [], userPreferredMethodForSecondaryAuthentication: 'none',
      });
      assert.ok(Math.abs(Date.parse(user.lastUpdatedDateTime) - Date.now()) < 60_000);
    });

    it('an administrator with a security key is an admin with a device-bound passkey', async () => {
      const admin = await row(server.users.admin);
      assert.deepEqual([admin.isAdmin, admin.methodsRegistered, admin.isPasswordlessCapable], [true, ['passKeyDeviceBound'], true]);
    });

    it('a user with only an authenticator app is MFA capable but not passwordless capable, and prefers oath', async () => {
      const user = await row(ids.app);
      assert.deepEqual(
        [user.methodsRegistered, user.isMfaRegistered, user.isMfaCapable, user.isPasswordlessCapable, user.userPreferredMethodForSecondaryAuthentication],
        [['softwareOneTimePasscode'], true, true, false, 'oath'],
      );
    });

    it('a password alone registers nothing and makes no one MFA capable', async () => {
      const user = await row(ids.password);
      assert.deepEqual([user.methodsRegistered, user.isMfaRegistered, user.isMfaCapable, user.isPasswordlessCapable], [[], false, false, false]);
    });

    it('a Temporary Access Pass is listed as registered but does not count as an MFA method', async () => {
      const user = await row(ids.tap);
      assert.deepEqual([user.methodsRegistered, user.isMfaRegistered, user.isMfaCapable], [['temporaryAccessPass'], false, false]);
    });

    it('a guest is reported with userType guest', async () => {
      assert.equal((await row(ids.guest)).userType, 'guest');
    });

    it('disabled users are left out, and an unknown id is 404', async () => {
      expectNotFound(await server.get(`${details}/${ids.disabled}`, 'admin'));
      expectNotFound(await server.get(`${details}/00000000-0000-4000-8000-000000000000`, 'admin'));
      assert.ok(!names(await list('$top=999')).includes('disabled@limen.test'));
    });

    it('the list pages through every enabled user by @odata.nextLink, with @odata.count', async () => {
      const seen: string[] = [];
      let page = expectStatus(await server.get(`${details}?$top=4&$count=true`, 'admin'), 200);
      assert.equal(page['@odata.count'], 11);
      for (;;) {
        assert.ok(page.value.length <= 4);
        seen.push(...page.value.map((u: { id: string }) => u.id));
        if (!page['@odata.nextLink']) break;
        page = expectStatus(await server.get(page['@odata.nextLink'], 'admin'), 200);
      }
      assert.equal(seen.length, 11);
      assert.equal(new Set(seen).size, 11);
    });

    it('$orderby sorts by userPrincipalName or userDisplayName; other properties are refused', async () => {
      const sorted = names(await list('$orderby=userPrincipalName desc'));
      assert.deepEqual(sorted, [...sorted].sort().reverse());
      assert.equal(sorted[0], 'useradmin@limen.test');
      assert.deepEqual(names(await list('$orderby=userDisplayName&$top=2')), ['admin@limen.test', 'app@limen.test']);
      assert.match(expectError(await server.get(`${details}?$orderby=isAdmin`, 'admin'), 400, 'Request_UnsupportedQuery'), /isAdmin/);
    });

    it('$filter finds who has no passkey yet, by flags, userType, names and methodsRegistered', async () => {
      const noPasskey = names(await list(`${filter("isPasswordlessCapable eq false and userType eq 'member'")}&$orderby=userPrincipalName`));
      assert.deepEqual(noPasskey, [
        'app@limen.test', 'appadmin@limen.test', 'helpdesk@limen.test', 'pam@limen.test', 'password@limen.test', 'plain@limen.test',
        'tap@limen.test', 'useradmin@limen.test',
      ]);
      assert.deepEqual(names(await list(filter("methodsRegistered/any(m: m eq 'softwareOneTimePasscode')"))), ['app@limen.test']);
      assert.deepEqual(names(await list(`${filter('isAdmin eq true and isMfaCapable eq true')}`)), ['admin@limen.test']);
      assert.deepEqual(names(await list(filter("startswith(userPrincipalName, 'PASS')"))).sort(), ['passkey@limen.test', 'password@limen.test']);
      assert.deepEqual(names(await list(filter("userType eq 'guest'"))), ['guest@limen.test']);
    });

    it('a filter on an unknown property or with a wrong type is a 400 naming it', async () => {
      const invalid = async (query: string) => expectError(await server.get(`${details}?${query}`, 'admin'), 400, 'BadRequest');
      assert.match(await invalid(filter('hasPasskey eq true')), /property named 'hasPasskey'/);
      assert.match(await invalid(filter("isMfaCapable eq 'yes'")), /'Edm.Boolean' and 'Edm.String'/);
      assert.match(await invalid('$top=0'), /page size/);
    });

    it('usersRegisteredByFeature counts passwordless and MFA capable users, by user type and role', async () => {
      const all = expectStatus(await server.get(`${reports}/usersRegisteredByFeature(includedUserTypes='all',includedUserRoles='all')`, 'admin'), 200);
      assert.equal(all['@odata.type'], '#microsoft.graph.userRegistrationFeatureSummary');
      const counts = (body: { userRegistrationFeatureCounts: Array<{ feature: string; userCount: number }> }) =>
        Object.fromEntries(body.userRegistrationFeatureCounts.map((c) => [c.feature, c.userCount]));
      assert.equal(all.totalUserCount, 11);
      assert.deepEqual(counts(all), { ssprRegistered: 0, ssprEnabled: 0, ssprCapable: 0, passwordlessCapable: 2, mfaCapable: 3 });
      assert.deepEqual([all.userTypes, all.userRoles], ['all', 'all']);

      const plain = expectStatus(await server.get(`${reports}/usersRegisteredByFeature`, 'admin'), 200);
      assert.deepEqual(counts(plain), counts(all));
      const guests = expectStatus(await server.get(`${reports}/usersRegisteredByFeature(includedUserTypes='guest')`, 'admin'), 200);
      assert.deepEqual([guests.totalUserCount, guests.userTypes, guests.userRoles], [1, 'guest', 'all']);
      const encoded = expectStatus(await server.get(`${reports}/usersRegisteredByFeature(includedUserTypes=%27guest%27)`, 'admin'), 200);
      assert.equal(encoded.totalUserCount, 1);
      // Global, Helpdesk and User Administrators are privileged; Application and Privileged Authentication Administrators only admins.
      const privileged = expectStatus(await server.get(`${reports}/usersRegisteredByFeature(includedUserRoles='privilegedAdmin')`, 'admin'), 200);
      assert.deepEqual([privileged.totalUserCount, counts(privileged).passwordlessCapable], [3, 1]);
      const admins = expectStatus(await server.get(`${reports}/usersRegisteredByFeature(includedUserTypes='member',includedUserRoles='admin')`, 'admin'), 200);
      assert.equal(admins.totalUserCount, 5);
      const users = expectStatus(await server.get(`${reports}/usersRegisteredByFeature(includedUserRoles='user')`, 'admin'), 200);
      assert.deepEqual([users.totalUserCount, counts(users).mfaCapable], [6, 2]);
    });

    it('usersRegisteredByMethod counts each method, passwords included, zero counts listed', async () => {
      const body = expectStatus(await server.get(`${reports}/usersRegisteredByMethod(includedUserTypes='all',includedUserRoles='all')`, 'admin'), 200);
      assert.equal(body['@odata.type'], '#microsoft.graph.userRegistrationMethodSummary');
      assert.equal(body.totalUserCount, 11);
      assert.deepEqual(body.userRegistrationMethodCounts, [
        { authenticationMethod: 'password', userCount: 1 },
        { authenticationMethod: 'passKeyDeviceBound', userCount: 1 },
        { authenticationMethod: 'passKeySynced', userCount: 1 },
        { authenticationMethod: 'softwareOneTimePasscode', userCount: 1 },
        { authenticationMethod: 'temporaryAccessPass', userCount: 1 },
      ]);
      const guests = expectStatus(await server.get(`${reports}/usersRegisteredByMethod(includedUserTypes='guest')`, 'admin'), 200);
      assert.deepEqual(guests.userRegistrationMethodCounts.map((c: { userCount: number }) => c.userCount), [0, 0, 0, 0, 0]);
    });

    it('a wrong function parameter is a 400 naming it', async () => {
      const message = async (args: string) => {
        const result = await server.get(`${reports}/usersRegisteredByFeature(${args})`, 'admin');
        return expectError(result, 400, 'BadRequest');
      };
      assert.match(await message("includedUserTypes='robots'"), /'robots' is not a value of includedUserTypes; use one of all, member, guest/);
      assert.match(await message("includedUserRoles='root'"), /includedUserRoles/);
      assert.match(await message("includedUsers='all'"), /Unknown parameter 'includedUsers'/);
      assert.match(await message('nonsense'), /not a parameter/);
    });

    it('an authenticator app the policy no longer allows leaves the user MFA registered but not MFA capable', async () => {
      const group = expectStatus(await server.post('/v1.0/groups', 'admin', {
        displayName: 'No apps', mailEnabled: false, mailNickname: 'noapps', securityEnabled: true,
      }), 201);
      expectStatus(await server.post(`/v1.0/groups/${group.id}/members/$ref`, 'admin', {
        '@odata.id': `https://limen.test/v1.0/directoryObjects/${ids.app}`,
      }), 204);
      await writeSoftwareOathPolicy(server.db, { ...defaultSoftwareOathPolicy(), excludeTargets: [{ targetType: 'group', id: group.id }] });
      try {
        const user = await row(ids.app);
        assert.deepEqual([user.isMfaRegistered, user.isMfaCapable], [true, false]);
      } finally {
        await writeSoftwareOathPolicy(server.db, defaultSoftwareOathPolicy());
      }
    });

    it('needs AuditLog.Read.All: Helpdesk Administrators are refused, an app holding it is served', async () => {
      expectDenied(await server.get(details, 'helpdesk'));
      expectDenied(await server.get(`${details}/${ids.app}`, 'plain'));
      expectDenied(await server.get(`${reports}/usersRegisteredByFeature`, 'userAdmin'));
      expectDenied(await server.get(`${reports}/usersRegisteredByMethod(includedUserTypes='all')`, 'appNothing'));
      expectStatus(await server.get(details, 'appAudit'), 200);
      // Graph names the roles: an Application Administrator reads sign-in logs, not this report.
      expectDenied(await server.get(details, 'appAdmin'));
      expectStatus(await server.get(`${reports}/usersRegisteredByFeature`, 'admin'), 200);
    });
  });
}
