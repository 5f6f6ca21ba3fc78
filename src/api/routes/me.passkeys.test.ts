import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { createPasskeyRepository, lastMethodRefusal, type Passkey } from '../../authn/index.ts';
import {
  expectAudits,
  expectDenied,
  expectError,
  expectInvalid,
  expectNotFound,
  expectStatus,
  startGraphServer,
  type GraphTestServer,
} from './graph-test-server.ts';

const mine = '/v1.0/me/authentication/fido2Methods';

for (const engine of testEngines()) {
  describe(`/v1.0/me/authentication/fido2Methods on ${engine}`, () => {
    let server: GraphTestServer;
    let n = 0;
    /** Stores a passkey as a registration would; its id is returned. */
    async function passkeyOf(userId: string, displayName: string): Promise<string> {
      n += 1;
      const passkey: Passkey = {
        id: `passkey-${n}`, userId, credentialId: `credential-${n}`, publicKey: new Uint8Array([n]), signCount: 0, displayName,
        aaGuid: '00000000-0000-0000-0000-000000000000', model: null, attestationFormat: 'none', attestationLevel: 'notAttested',
        attestationCertificates: [], transports: ['internal'], backupEligible: true, backupState: true,
        createdDateTime: new Date(Date.UTC(2026, 0, n)).toISOString(), lastUsedDateTime: null,
      };
      await createPasskeyRepository(server.db).add(passkey);
      return passkey.id;
    }

    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    it("lists and gets the signed-in user's own passkeys, in Graph's fido2AuthenticationMethod shape", async () => {
      const laptop = await passkeyOf(server.users.plain, 'Laptop');
      const phone = await passkeyOf(server.users.plain, 'Phone');
      await passkeyOf(server.users.admin, 'Someone else’s key');
      const list = expectStatus(await server.get(mine, 'plain'), 200);
      assert.equal(list['@odata.context'], `https://limen.test/v1.0/$metadata#users('${server.users.plain}')/authentication/fido2Methods`);
      assert.deepEqual(list.value.map((m: { id: string; displayName: string }) => [m.id, m.displayName]), [[laptop, 'Laptop'], [phone, 'Phone']]);
      const one = expectStatus(await server.get(`${mine}/${phone}`, 'plain'), 200);
      assert.equal(one['@odata.type'], '#microsoft.graph.fido2AuthenticationMethod');
      assert.equal(one['@odata.context'], `https://limen.test/v1.0/$metadata#users('${server.users.plain}')/authentication/fido2Methods/$entity`);
      assert.equal(one.passkeyType, 'synced');
    });

    it("never shows or changes another user's passkey: it is not found", async () => {
      const theirs = await passkeyOf(server.users.admin, 'Admin key');
      expectNotFound(await server.get(`${mine}/${theirs}`, 'plain'));
      expectNotFound(await server.patch(`${mine}/${theirs}`, 'plain', { displayName: 'Mine now' }));
      expectNotFound(await server.delete(`${mine}/${theirs}`, 'plain'));
      const still = await createPasskeyRepository(server.db).get(server.users.admin, theirs);
      assert.equal(still?.displayName, 'Admin key');
    });

    it('needs UserAuthenticationMethod.ReadWrite; an app-only token gets the 400 of every /me call', async () => {
      expectDenied(await server.get(mine, 'basic'));
      const app = await server.get(mine, 'appDirectoryWrite');
      assert.equal(expectError(app, 400, 'BadRequest'), '/me request is only valid with delegated authentication flow.');
    });

    it('renames a passkey (a Limen extension), audited with the words My Security Info uses', async () => {
      const key = await passkeyOf(server.users.plain, 'YubiKey');
      const [record] = await expectAudits(server, ['User changed default security info'], async () =>
        expectStatus(await server.patch(`${mine}/${key}`, 'plain', { displayName: '  Desk key  ' }), 204));
      assert.equal(expectStatus(await server.get(`${mine}/${key}`, 'plain'), 200).displayName, 'Desk key', 'trimmed');
      assert.equal(record!.initiatedBy.user?.id, server.users.plain);
      assert.deepEqual(record!.additionalDetails, [{ key: 'method', value: "Passkey renamed to 'Desk key'" }]);
      assert.deepEqual(record!.targetResources[0]!.modifiedProperties, [
        { displayName: 'Fido2Method', oldValue: '"YubiKey"', newValue: '"Desk key"' },
      ]);
    });

    it('refuses a name that is empty, longer than 64 characters or has control characters, naming displayName', async () => {
      const key = await passkeyOf(server.users.plain, 'Kept');
      await expectAudits(server, [], async () => {
        for (const displayName of ['', '   ', 'x'.repeat(65), 'line\nbreak', 'bell\u0007', 'nul\u0000', 'sep\u2028arator']) {
          const message = expectInvalid(await server.patch(`${mine}/${key}`, 'plain', { displayName }));
          assert.match(message, /property 'displayName'/, JSON.stringify(displayName));
        }
        assert.match(expectInvalid(await server.patch(`${mine}/${key}`, 'plain', { displayName: 'tab\there' })), /control characters/);
        assert.match(expectInvalid(await server.patch(`${mine}/${key}`, 'plain', { displayName: 'Ok', aaGuid: 'x' })), /'aaGuid' does not exist/);
        expectInvalid(await server.patch(`${mine}/${key}`, 'plain', {}));
      });
      expectStatus(await server.patch(`${mine}/${key}`, 'plain', { displayName: 'é'.repeat(64) }), 204);
    });

    it('deletes a passkey while another way to sign in remains, and refuses to delete the last one (409)', async () => {
      // A user of its own, without the passkeys the other tests gave `plain` (seeded users have no password).
      const [user, token] = [server.users.userAdmin, 'userAdmin'];
      const first = await passkeyOf(user, 'First');
      const second = await passkeyOf(user, 'Second');
      const [record] = await expectAudits(server, ['User deleted security info'], async () =>
        expectStatus(await server.delete(`${mine}/${first}`, token), 204));
      assert.deepEqual(record!.additionalDetails, [{ key: 'method', value: "Passkey 'First'" }]);
      assert.equal(record!.operationType, 'Delete');
      await expectAudits(server, [], async () => {
        assert.equal(expectError(await server.delete(`${mine}/${second}`, token), 409, 'Conflict'), lastMethodRefusal);
      });
      assert.deepEqual((await createPasskeyRepository(server.db).listForUser(user)).map((p) => p.id), [second]);
    });
  });
}
