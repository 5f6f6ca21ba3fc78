import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { createTapRepository } from '../../authn/index.ts';
import {
  expectAudits,
  expectDenied,
  expectInvalid,
  expectNotFound,
  expectStatus,
  startGraphServer,
  type GraphTestServer,
} from './graph-test-server.ts';

const policyPath = '/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';
const taps = (id: string) => `/v1.0/users/${id}/authentication/temporaryAccessPassMethods`;

for (const engine of testEngines()) {
  describe(`Temporary Access Pass on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    it('policy: Entra defaults, disabled; reads need Policy.Read.All', async () => {
      const policy = expectStatus(await server.get(policyPath, 'admin'), 200);
      assert.equal(policy['@odata.type'], '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration');
      assert.equal(policy.id, 'TemporaryAccessPass');
      assert.equal(policy.state, 'disabled');
      assert.equal(policy.defaultLifetimeInMinutes, 60);
      assert.equal(policy.minimumLifetimeInMinutes, 60);
      assert.equal(policy.maximumLifetimeInMinutes, 480);
      assert.equal(policy.defaultLength, 8);
      assert.equal(policy.isUsableOnce, false);
      assert.deepEqual(policy.includeTargets.map((t: any) => t.id), ['all_users']);
      expectDenied(await server.get(policyPath, 'helpdesk'));
    });

    it('creating a pass is refused while the policy is disabled', async () => {
      const before = await server.auditCount();
      const message = expectInvalid(await server.post(taps(server.users.plain), 'admin', {}));
      assert.match(message, /disabled/);
      assert.equal(await server.auditCount(), before);
    });

    it('policy: strict ranges with 400s naming the field; writes audited; permission enforced', async () => {
      for (const [body, field] of [
        [{ defaultLength: 7 }, 'defaultLength'],
        [{ defaultLength: 49 }, 'defaultLength'],
        [{ minimumLifetimeInMinutes: 9 }, 'minimumLifetimeInMinutes'],
        [{ maximumLifetimeInMinutes: 43201 }, 'maximumLifetimeInMinutes'],
        [{ defaultLifetimeInMinutes: 500 }, 'defaultLifetimeInMinutes'],
        [{ minimumLifetimeInMinutes: 100, maximumLifetimeInMinutes: 90 }, 'minimumLifetimeInMinutes'],
        [{ includeTargets: [{ id: 'no-such-group' }] }, 'includeTargets'],
      ] as const) {
        assert.match(expectInvalid(await server.patch(policyPath, 'admin', body)), new RegExp(field));
      }
      expectDenied(await server.patch(policyPath, 'helpdesk', { state: 'enabled' }));
      expectDenied(await server.patch(policyPath, 'privilegedAuthAdmin', { state: 'enabled' }));
      const [audit] = await expectAudits(server, ['Authentication Methods Policy Update'], async () => {
        expectStatus(await server.patch(policyPath, 'admin', { state: 'enabled', defaultLength: 12 }), 204);
      });
      assert.equal(audit!.category, 'Policy');
      assert.ok(audit!.targetResources[0]!.modifiedProperties.some((p) => p.displayName === 'State'));
      const policy = expectStatus(await server.get(policyPath, 'admin'), 200);
      assert.equal(policy.state, 'enabled');
      assert.equal(policy.defaultLength, 12);
    });

    it('creates a pass: code shown once, only a hash stored, audited, one per user', async () => {
      const path = taps(server.users.plain);
      let first: any;
      const [audit] = await expectAudits(server, ['Admin registered temporary access pass method for user'], async () => {
        const result = await server.post(path, 'admin', { isUsableOnce: true });
        first = expectStatus(result, 201);
      });
      assert.equal(audit!.targetResources[0]!.id, server.users.plain);
      assert.match(first.temporaryAccessPass, /^[A-Za-z2-9]{12}$/);
      assert.equal(first.lifetimeInMinutes, 60);
      assert.equal(first.isUsableOnce, true);
      assert.equal(first.isUsable, true);
      assert.equal(first.methodUsabilityReason, 'EnabledByPolicy');
      const hash = await createTapRepository(server.db).codeHashOf(first.id);
      assert.ok(hash && hash !== first.temporaryAccessPass && !hash.includes(first.temporaryAccessPass));
      assert.doesNotMatch(JSON.stringify(await server.auditsSince(0)), new RegExp(first.temporaryAccessPass));

      const read = expectStatus(await server.get(`${path}/${first.id}`, 'admin'), 200);
      assert.equal(read.temporaryAccessPass, null);
      assert.equal(read.id, first.id);

      const second = expectStatus(await server.post(path, 'admin', { lifetimeInMinutes: 120 }), 201);
      const list = expectStatus(await server.get(path, 'admin'), 200);
      assert.deepEqual(list.value.map((t: any) => t.id), [second.id]);
      assert.equal(list.value[0].temporaryAccessPass, null);
      expectNotFound(await server.get(`${path}/${first.id}`, 'admin'));
    });

    it('refuses out-of-range lifetimes, bad dates, self-creation, helpers without the role', async () => {
      const path = taps(server.users.plain);
      assert.match(expectInvalid(await server.post(path, 'admin', { lifetimeInMinutes: 59 })), /lifetimeInMinutes/);
      assert.match(expectInvalid(await server.post(path, 'admin', { lifetimeInMinutes: 481 })), /lifetimeInMinutes/);
      assert.match(expectInvalid(await server.post(path, 'admin', { startDateTime: 'tomorrow' })), /startDateTime/);
      expectDenied(await server.post(taps(server.users.admin), 'admin', {}));
      expectDenied(await server.post(path, 'helpdesk', {}));
      expectDenied(await server.get(path, 'helpdesk'));
      // A Privileged Authentication Administrator may issue one for an administrator.
      expectStatus(await server.post(taps(server.users.helpdesk), 'privilegedAuthAdmin', {}), 201);
      expectNotFound(await server.post(taps('00000000-0000-0000-0000-000000000000'), 'admin', {}));
    });

    it('reports NotYetValid and Expired', async () => {
      const path = taps(server.users.userAdmin);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const later = expectStatus(await server.post(path, 'admin', { startDateTime: future }), 201);
      assert.equal(later.isUsable, false);
      assert.equal(later.methodUsabilityReason, 'NotYetValid');
      const past = new Date(Date.now() - 2 * 3_600_000).toISOString();
      const expired = expectStatus(await server.post(path, 'admin', { startDateTime: past }), 201);
      assert.equal(expired.methodUsabilityReason, 'Expired');
    });

    it('exclusion wins over inclusion; a disabled policy shows DisabledByPolicy', async () => {
      const group = expectStatus(await server.post('/v1.0/groups', 'admin', {
        displayName: 'No TAP', mailEnabled: false, mailNickname: 'notap', securityEnabled: true,
      }), 201);
      expectStatus(await server.post(`/v1.0/groups/${group.id}/members/$ref`, 'admin', {
        '@odata.id': `https://limen.test/v1.0/directoryObjects/${server.users.appAdmin}`,
      }), 204);
      expectStatus(await server.patch(policyPath, 'admin', { excludeTargets: [{ id: group.id, targetType: 'group' }] }), 204);
      assert.match(expectInvalid(await server.post(taps(server.users.appAdmin), 'admin', {})), /does not target/);
      expectStatus(await server.patch(policyPath, 'admin', { excludeTargets: [] }), 204);
      const tap = expectStatus(await server.post(taps(server.users.appAdmin), 'admin', {}), 201);
      expectStatus(await server.patch(policyPath, 'admin', { state: 'disabled' }), 204);
      const read = expectStatus(await server.get(`${taps(server.users.appAdmin)}/${tap.id}`, 'admin'), 200);
      assert.equal(read.methodUsabilityReason, 'DisabledByPolicy');
      expectStatus(await server.patch(policyPath, 'admin', { state: 'enabled' }), 204);
    });

    it('deletes a pass, audited; 404 for an unknown one', async () => {
      const path = taps(server.users.appAdmin);
      const [tap] = expectStatus(await server.get(path, 'admin'), 200).value;
      await expectAudits(server, ['Admin deleted temporary access pass method for user'], async () => {
        expectStatus(await server.delete(`${path}/${tap.id}`, 'admin'), 204);
      });
      expectNotFound(await server.delete(`${path}/${tap.id}`, 'admin'));
    });
  });
}
