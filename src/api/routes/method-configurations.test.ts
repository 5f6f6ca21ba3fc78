import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { expectAudits, expectDenied, expectInvalid, expectStatus, startGraphServer, type GraphTestServer } from './graph-test-server.ts';

const policy = '/v1.0/policies/authenticationMethodsPolicy';
const configuration = (name: string) => `${policy}/authenticationMethodConfigurations/${name}`;

for (const engine of testEngines()) {
  describe(`the authentication methods policy on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    it('returns every method configuration in one document, each with its Graph type', async () => {
      const whole = expectStatus(await server.get(policy, 'admin'), 200);
      assert.equal(whole.id, 'authenticationMethodsPolicy');
      assert.deepEqual(whole.authenticationMethodConfigurations.map((c: any) => [c.id, c['@odata.type']]), [
        ['Fido2', '#microsoft.graph.fido2AuthenticationMethodConfiguration'],
        ['TemporaryAccessPass', '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration'],
        ['SoftwareOath', '#microsoft.graph.softwareOathAuthenticationMethodConfiguration'],
        ['Password', '#limen.passwordAuthenticationMethodConfiguration'],
      ]);
      expectDenied(await server.get(policy, 'helpdesk'));
    });

    it('authenticator apps and passwords are on for all users by default', async () => {
      for (const name of ['softwareOath', 'password']) {
        const c = expectStatus(await server.get(configuration(name), 'admin'), 200);
        assert.equal(c.state, 'enabled');
        assert.deepEqual(c.includeTargets.map((t: any) => t.id), ['all_users']);
      }
    });

    it('PATCH changes state and targets, audited with old and new values; unknown groups and fields are 400s', async () => {
      const [record] = await expectAudits(server, ['Authentication Methods Policy Update'], async () => {
        expectStatus(await server.patch(configuration('softwareOath'), 'admin', { state: 'disabled' }), 204);
      });
      assert.deepEqual(record!.targetResources[0]!.modifiedProperties[0], { displayName: 'State', oldValue: '["enabled"]', newValue: '["disabled"]' });
      assert.equal(expectStatus(await server.get(configuration('softwareOath'), 'admin'), 200).state, 'disabled');
      const before = await server.auditCount();
      assert.match(expectInvalid(await server.patch(configuration('password'), 'admin', { excludeTargets: [{ id: 'no-such-group' }] })), /excludeTargets: 'no-such-group'/);
      assert.match(expectInvalid(await server.patch(configuration('password'), 'admin', { state: 'off' })), /state/);
      assert.match(expectInvalid(await server.patch(configuration('password'), 'admin', { minimumLength: 3 })), /minimumLength/);
      assert.equal(await server.auditCount(), before);
      expectDenied(await server.patch(configuration('password'), 'helpdesk', { state: 'disabled' }));
    });

    it('DELETE reverts a configuration to its default, as Graph does', async () => {
      await expectAudits(server, ['Authentication Methods Policy Update'], async () => {
        expectStatus(await server.delete(configuration('softwareOath'), 'admin'), 204);
      });
      assert.equal(expectStatus(await server.get(configuration('softwareOath'), 'admin'), 200).state, 'enabled');
      expectStatus(await server.patch(configuration('temporaryAccessPass'), 'admin', { state: 'enabled' }), 204);
      expectStatus(await server.delete(configuration('temporaryAccessPass'), 'admin'), 204);
      assert.equal(expectStatus(await server.get(configuration('temporaryAccessPass'), 'admin'), 200).state, 'disabled');
    });

    it("lists a user's methods in one collection, and an empty list of authenticator apps", async () => {
      const methods = expectStatus(await server.get(`/v1.0/users/${server.users.plain}/authentication/methods`, 'admin'), 200);
      assert.ok(Array.isArray(methods.value));
      const apps = expectStatus(await server.get(`/v1.0/users/${server.users.plain}/authentication/softwareOathMethods`, 'admin'), 200);
      assert.deepEqual(apps.value, []);
      expectDenied(await server.get(`/v1.0/users/${server.users.plain}/authentication/softwareOathMethods`, 'plain'));
    });
  });
}
