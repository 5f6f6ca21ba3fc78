import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { createPasskeyRepository, createTapRepository, SmartLockout } from '../../authn/index.ts';
import {
  expectAudits,
  expectDenied,
  expectError,
  expectInvalid,
  expectNotFound,
  expectStatus,
  filter,
  startGraphServer,
  type GraphTestServer,
} from './graph-test-server.ts';

for (const engine of testEngines()) {
  describe(`/v1.0/users on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    const createUser = async (upn: string, extra: Record<string, unknown> = {}) => {
      const displayName = upn.split('@')[0];
      const body = { accountEnabled: true, displayName, userPrincipalName: upn, ...extra };
      return expectStatus(await server.post('/v1.0/users', 'admin', body), 201) as { id: string };
    };
    const passwordHashOf = async (id: string) => {
      const users = server.db.selectFrom('users').select('password_hash');
      return (await users.where('id', '=', id).executeTakeFirst())?.password_hash;
    };

    it('creates a user: Graph shape, Location, hashed password, "Add user"', async () => {
      let created: any;
      const [audit] = await expectAudits(server, ['Add user'], async () => {
        const result = await server.post('/v1.0/users', 'admin', {
          accountEnabled: true,
          displayName: 'Ada Lovelace',
          userPrincipalName: 'ada@limen.test',
          mailNickname: 'ada',
          department: 'Maths',
          passwordProfile: {
            password: 'Analytical-Engine-1843',
            forceChangePasswordNextSignIn: true,
          },
        });
        created = expectStatus(result, 201);
        assert.equal(result.headers.get('location'), `https://limen.test/v1.0/users/${created.id}`);
      });
      assert.equal(created['@odata.context'], 'https://limen.test/v1.0/$metadata#users/$entity');
      assert.equal(created.displayName, 'Ada Lovelace');
      assert.equal(created.accountEnabled, true);
      assert.equal(created.userType, 'Member');
      assert.doesNotMatch(JSON.stringify(created), /password|Analytical/i);
      assert.match((await passwordHashOf(created.id)) ?? '', /^\$argon2id\$/);

      assert.equal(audit!.category, 'UserManagement');
      assert.equal(audit!.initiatedBy.user?.id, server.users.admin);
      assert.equal(audit!.initiatedBy.user?.userPrincipalName, 'admin@limen.test');
      const target = audit!.targetResources[0]!;
      assert.equal(target.id, created.id);
      assert.equal(target.userPrincipalName, 'ada@limen.test');
      assert.deepEqual(
        target.modifiedProperties.find((p) => p.displayName === 'Department'),
        { displayName: 'Department', oldValue: '[]', newValue: '["Maths"]' },
      );
      assert.doesNotMatch(JSON.stringify(audit), /Analytical/);
    });

    it('refuses bad input with a 400 naming the field, and writes no audit record', async () => {
      await expectAudits(server, [], async () => {
        const noUpn = { accountEnabled: true, displayName: 'No UPN' };
        assert.match(
          expectInvalid(await server.post('/v1.0/users', 'admin', noUpn)),
          /'userPrincipalName'/,
        );
        const wrongType = { accountEnabled: 'yes', displayName: 'X', userPrincipalName: 'x@t.st' };
        assert.match(
          expectInvalid(await server.post('/v1.0/users', 'admin', wrongType)),
          /'accountEnabled'/,
        );
        const unknown = { favouriteColour: 'blue' };
        assert.match(
          expectInvalid(await server.patch(`/v1.0/users/${server.users.plain}`, 'admin', unknown)),
          /'favouriteColour'/,
        );
        const duplicate = {
          accountEnabled: true,
          displayName: 'Ada again',
          userPrincipalName: 'ADA@limen.test',
        };
        expectError(
          await server.post('/v1.0/users', 'admin', duplicate),
          400,
          'Request_MultipleObjectsWithSameKeyValue',
        );
      });
    });

    it('lists with $filter, $select, $top, $count and pages through nextLink', async () => {
      for (const name of ['team.a', 'team.b', 'team.c']) {
        await createUser(`${name}@limen.test`, { department: 'Team' });
      }
      const query = [
        filter("department eq 'team' and startswith(displayName,'team')"),
        '$select=id,displayName',
        '$top=2',
        '$count=true',
      ].join('&');
      const first = expectStatus(await server.get(`/v1.0/users?${query}`, 'appUserRead'), 200);
      assert.equal(
        first['@odata.context'],
        'https://limen.test/v1.0/$metadata#users(id,displayName)',
      );
      assert.equal(first['@odata.count'], 3);
      assert.deepEqual(Object.keys(first.value[0]).sort(), ['displayName', 'id']);
      assert.ok(first['@odata.nextLink'].startsWith('https://limen.test/v1.0/users?'));
      const second = expectStatus(await server.get(first['@odata.nextLink'], 'appUserRead'), 200);
      assert.equal(second['@odata.nextLink'], undefined);
      const names = [...first.value, ...second.value].map((u) => u.displayName);
      assert.deepEqual(names.sort(), ['team.a', 'team.b', 'team.c']);
    });

    it('answers bad OData with a 400 naming the problem', async () => {
      const badProperty = await server.get(`/v1.0/users?${filter("colour eq 'x'")}`, 'admin');
      assert.match(expectError(badProperty, 400, 'BadRequest'), /colour/);
      expectError(await server.get('/v1.0/users?$top=5000', 'admin'), 400, 'BadRequest');
      const badSelect = await server.get('/v1.0/users?$select=passwordHash', 'admin');
      assert.match(expectError(badSelect, 400, 'BadRequest'), /passwordHash/);
    });

    it('gets a user by id or userPrincipalName, with $select; unknown is a 404', async () => {
      const byUpn = await server.get('/v1.0/users/ADA@limen.test?$select=displayName', 'admin');
      assert.deepEqual(byUpn.json, {
        '@odata.context': 'https://limen.test/v1.0/$metadata#users(displayName)/$entity',
        displayName: 'Ada Lovelace',
      });
      expectNotFound(await server.get('/v1.0/users/00000000-0000-4000-8000-000000000000', 'admin'));
    });

    it('needs the right permission: User.Read.All cannot write, no role cannot read', async () => {
      const body = { accountEnabled: true, displayName: 'N', userPrincipalName: 'n@limen.test' };
      expectDenied(await server.post('/v1.0/users', 'appUserRead', body));
      expectDenied(await server.get('/v1.0/users', 'plain'));
      expectDenied(await server.get('/v1.0/users', 'appNothing'));
    });

    it('updates with 204 and audits the changed properties as Entra does', async () => {
      const user = await createUser('grace@limen.test');
      const [audit] = await expectAudits(server, ['Update user'], async () => {
        const patch = { jobTitle: 'Rear Admiral', displayName: 'grace' };
        expectStatus(await server.patch(`/v1.0/users/${user.id}`, 'appDirectoryWrite', patch), 204);
      });
      assert.deepEqual(audit!.targetResources[0]!.modifiedProperties, [
        { displayName: 'JobTitle', oldValue: '[]', newValue: '["Rear Admiral"]' },
        { displayName: 'Included Updated Properties', oldValue: null, newValue: '"JobTitle"' },
      ]);
      assert.equal(audit!.initiatedBy.app?.servicePrincipalId, server.automation.id);
      assert.equal(audit!.initiatedBy.app?.appId, server.automation.appId);
      const read = await server.get(`/v1.0/users/${user.id}`, 'admin');
      assert.equal(read.json.jobTitle, 'Rear Admiral');
    });

    it("a User Administrator renames ordinary users but not an admin's sign-in name or mail", async () => {
      const user = await createUser('renamed@limen.test');
      expectStatus(await server.patch(`/v1.0/users/${user.id}`, 'userAdmin', { userPrincipalName: 'renamed2@limen.test' }), 204);
      await expectAudits(server, [], async () => {
        expectDenied(await server.patch(`/v1.0/users/${server.users.admin}`, 'userAdmin', { userPrincipalName: 'taken@limen.test' }));
        expectDenied(await server.patch(`/v1.0/users/${server.users.admin}`, 'userAdmin', { mail: 'attacker@limen.test' }));
      });
      expectStatus(await server.patch(`/v1.0/users/${server.users.admin}`, 'userAdmin', { jobTitle: 'Director' }), 204);
    });

    it("a Helpdesk Administrator resets a non-admin's password, not an admin's", async () => {
      const user = await createUser('helped@limen.test');
      const body = { passwordProfile: { password: 'Brand-new-passw0rd' } };
      const sessionsFrom = async () =>
        (await server.get(`/v1.0/users/${user.id}`, 'admin')).json.signInSessionsValidFromDateTime;
      const before = await sessionsFrom();
      const lockout = new SmartLockout(server.db);
      for (let i = 0; i < 10; i++) await lockout.recordFailure(user.id, '203.0.113.1', `guess-${i}`);
      assert.equal((await lockout.check(user.id, '203.0.113.1')).locked, true);
      await expectAudits(server, ['Reset user password'], async () => {
        expectStatus(await server.patch(`/v1.0/users/${user.id}`, 'helpdesk', body), 204);
      });
      assert.ok((await sessionsFrom()) > before, 'a reset ends the sessions');
      assert.equal((await lockout.check(user.id, '203.0.113.1')).locked, false, 'and lifts a smart lockout');
      const adminHash = await passwordHashOf(server.users.admin);
      await expectAudits(server, [], async () => {
        const denied = await server.patch(`/v1.0/users/${server.users.admin}`, 'helpdesk', body);
        assert.match(expectDenied(denied), /Privileged Authentication Administrator/);
        const profile = { jobTitle: 'x' };
        expectDenied(await server.patch(`/v1.0/users/${user.id}`, 'helpdesk', profile));
      });
      assert.equal(await passwordHashOf(server.users.admin), adminHash);
      const byPrivileged = await server.patch(
        `/v1.0/users/${server.users.helpdesk}`,
        'privilegedAuthAdmin',
        body,
      );
      expectStatus(byPrivileged, 204);
    });

    it('revokes sign-in sessions ({ value: true }); Helpdesk cannot for an admin', async () => {
      const user = await createUser('revoked@limen.test');
      const before = (await server.get(`/v1.0/users/${user.id}`, 'admin')).json;
      await expectAudits(server, ['Revoke sign-in sessions'], async () => {
        const path = `/v1.0/users/${user.id}/revokeSignInSessions`;
        assert.equal(expectStatus(await server.post(path, 'helpdesk'), 200).value, true);
      });
      const now = (await server.get(`/v1.0/users/${user.id}`, 'admin')).json;
      assert.ok(now.signInSessionsValidFromDateTime > before.signInSessionsValidFromDateTime);
      const admin = `/v1.0/users/${server.users.userAdmin}/revokeSignInSessions`;
      expectDenied(await server.post(admin, 'helpdesk'));
      expectDenied(await server.post(`/v1.0/users/${user.id}/revokeSignInSessions`, 'appUserRead'));
    });

    it('keeps the last enabled Global Administrator: disable or delete rolls back', async () => {
      const admin = `/v1.0/users/${server.users.admin}`;
      await expectAudits(server, [], async () => {
        const disable = await server.patch(admin, 'admin', { accountEnabled: false });
        assert.match(expectError(disable, 409, 'Conflict'), /Global Administrator/);
        expectError(await server.delete(admin, 'admin'), 409, 'Conflict');
        // A User Administrator may not delete an administrator at all.
        expectDenied(await server.delete(admin, 'userAdmin'));
      });
      assert.equal((await server.get(admin, 'admin')).json.accountEnabled, true);
    });

    it('deletes a user with 204 and one "Delete user" record; then it is gone', async () => {
      const user = await createUser('leaving@limen.test');
      await expectAudits(server, ['Delete user'], async () => {
        expectStatus(await server.delete(`/v1.0/users/${user.id}`, 'userAdmin'), 204);
      });
      expectNotFound(await server.get(`/v1.0/users/${user.id}`, 'admin'));
      expectNotFound(await server.delete(`/v1.0/users/${user.id}`, 'admin'));
    });

    /** Gives a user what authn keeps about them: a passkey, a pass, a pending registration, lockout state. */
    const giveMethods = async (userId: string) => {
      await createPasskeyRepository(server.db).add({
        id: `pk-${userId}`, userId, credentialId: `cred-${userId}`, publicKey: new Uint8Array([1]), signCount: 0, displayName: 'Key',
        aaGuid: '00000000-0000-0000-0000-000000000000', model: null, attestationFormat: 'none', attestationLevel: 'notAttested',
        attestationCertificates: [], transports: [], backupEligible: false, backupState: false,
        createdDateTime: new Date().toISOString(), lastUsedDateTime: null,
      });
      const now = new Date();
      await createTapRepository(server.db).issue({ userId, startDateTime: now, lifetimeInMinutes: 60, isUsableOnce: true, length: 8, now });
      const later = new Date(Date.now() + 60_000).toISOString();
      await server.db.insertInto('webauthn_challenges')
        .values({ challenge: `ch-${userId}`, purpose: 'registration', binding: userId, expires_at: later }).execute();
      await server.db.insertInto('sign_in_lockouts')
        .values({ subject: userId, state: '{}', version: 1, updated_at: now.toISOString() }).execute();
    };
    const methodsLeft = async (userId: string) => ({
      passkeys: (await server.db.selectFrom('passkeys').select('id').where('user_id', '=', userId).execute()).length,
      passes: (await server.db.selectFrom('temporary_access_passes').select('id').where('user_id', '=', userId).execute()).length,
      challenges: (await server.db.selectFrom('webauthn_challenges').select('challenge').where('binding', '=', userId).execute()).length,
      lockouts: (await server.db.selectFrom('sign_in_lockouts').select('subject').where('subject', '=', userId).execute()).length,
    });

    it("deletes the user's passkeys, Temporary Access Pass, pending passkey registration and lockout state with the user", async () => {
      const leaving = await createUser('leaving.with.keys@limen.test');
      const staying = await createUser('staying.with.keys@limen.test');
      await giveMethods(leaving.id);
      await giveMethods(staying.id);
      expectStatus(await server.delete(`/v1.0/users/${leaving.id}`, 'userAdmin'), 204);
      assert.deepEqual(await methodsLeft(leaving.id), { passkeys: 0, passes: 0, challenges: 0, lockouts: 0 });
      assert.deepEqual(await methodsLeft(staying.id), { passkeys: 1, passes: 1, challenges: 1, lockouts: 1 });
    });

    it('keeps them when the deletion is refused: they go in the same transaction as the user', async () => {
      await giveMethods(server.users.admin);
      expectError(await server.delete(`/v1.0/users/${server.users.admin}`, 'admin'), 409, 'Conflict');
      assert.deepEqual(await methodsLeft(server.users.admin), { passkeys: 1, passes: 1, challenges: 1, lockouts: 1 });
    });
  });
}
