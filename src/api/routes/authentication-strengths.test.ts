import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { expectAudits, expectDenied, expectInvalid, expectNotFound, expectStatus, startGraphServer, type GraphTestServer } from './graph-test-server.ts';

const strengths = '/v1.0/policies/authenticationStrengthPolicies';
const mfa = '00000000-0000-0000-0000-000000000002';
const phishingResistant = '00000000-0000-0000-0000-000000000004';

for (const engine of testEngines()) {
  describe(`authentication strengths on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    it("lists Entra's three built-ins with their ids and combinations; TAP is in MFA only", async () => {
      const list = expectStatus(await server.get(strengths, 'admin'), 200);
      const builtIns = list.value.filter((s: any) => s.policyType === 'builtIn');
      assert.deepEqual(builtIns.map((s: any) => [s.id, s.displayName]), [
        [mfa, 'Multifactor authentication'],
        ['00000000-0000-0000-0000-000000000003', 'Passwordless MFA'],
        [phishingResistant, 'Phishing-resistant MFA'],
      ]);
      assert.ok(builtIns[0].allowedCombinations.includes('temporaryAccessPassOneTime'));
      assert.ok(builtIns[0].allowedCombinations.includes('password,softwareOath'));
      assert.deepEqual(builtIns[2].allowedCombinations, ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor']);
      assert.ok(builtIns.every((s: any) => s.requirementsSatisfied === 'mfa'));
      expectDenied(await server.get(strengths, 'plain'));
    });

    it('lists the method modes a combination is made of', async () => {
      const modes = expectStatus(await server.get(`${strengths}/authenticationMethodModes`, 'admin'), 200);
      assert.ok(modes.value.some((m: any) => m.id === 'fido2' && m.displayName === 'Passkeys (FIDO2)'));
    });

    it('built-ins cannot be changed or deleted', async () => {
      assert.match(expectInvalid(await server.delete(`${strengths}/${mfa}`, 'admin')), /built-in/);
      assert.match(expectInvalid(await server.patch(`${strengths}/${phishingResistant}`, 'admin', { displayName: 'Mine' })), /built-in/);
    });

    it('creates a custom strength, audited; combinations in any order and case come back predefined', async () => {
      const [record] = await expectAudits(server, ['Add authentication strength policy'], async () => {
        const created = expectStatus(await server.post(strengths, 'admin', {
          displayName: 'Admins: device-bound passkeys',
          allowedCombinations: ['FIDO2', 'softwareOath,password'],
          combinationConfigurations: [{
            '@odata.type': '#microsoft.graph.fido2CombinationConfiguration', appliesToCombinations: ['fido2'],
            allowedAAGUIDs: ['CB69481E-8FF7-4039-93EC-0A2729A154A8'], allowedPasskeyTypes: ['deviceBound'],
          }],
        }), 201);
        assert.equal(created.policyType, 'custom');
        assert.deepEqual(created.allowedCombinations, ['fido2', 'password,softwareOath']);
        assert.equal(created.requirementsSatisfied, 'mfa');
        assert.deepEqual(created.combinationConfigurations[0].allowedAAGUIDs, ['cb69481e-8ff7-4039-93ec-0a2729a154a8']);
        const read = expectStatus(await server.get(`${strengths}/${created.id}`, 'admin'), 200);
        assert.equal(read.displayName, 'Admins: device-bound passkeys');
      });
      assert.equal(record!.category, 'Policy');
    });

    it('a strength allowing a single factor does not satisfy MFA', async () => {
      const created = expectStatus(await server.post(strengths, 'admin', { displayName: 'Password is fine', allowedCombinations: ['password', 'fido2'] }), 201);
      assert.equal(created.requirementsSatisfied, 'none');
    });

    it('refuses bad input with a 400 naming what is wrong, and changes nothing', async () => {
      const before = await server.auditCount();
      for (const [body, pattern] of [
        [{ displayName: 'X', allowedCombinations: ['password,fido2'] }, /allowedCombinations\[0\].*'password,fido2'/],
        [{ displayName: 'X', allowedCombinations: [] }, /allowedCombinations/],
        [{ displayName: '', allowedCombinations: ['fido2'] }, /displayName/],
        [{ displayName: 'Multifactor authentication', allowedCombinations: ['fido2'] }, /already exists/],
        [{ displayName: 'Admins: DEVICE-bound passkeys', allowedCombinations: ['fido2'] }, /already exists/],
        [{ displayName: 'Y', allowedCombinations: ['password,softwareOath'], combinationConfigurations: [
          { '@odata.type': '#microsoft.graph.fido2CombinationConfiguration', appliesToCombinations: ['fido2'], allowedAAGUIDs: [] }] }, /does not include/],
        [{ displayName: 'Z', allowedCombinations: ['fido2'], combinationConfigurations: [
          { '@odata.type': '#microsoft.graph.fido2CombinationConfiguration', appliesToCombinations: ['fido2'], allowedAAGUIDs: ['nope'] }] }, /allowedAAGUIDs\[0\]/],
      ] as const) {
        assert.match(expectInvalid(await server.post(strengths, 'admin', body)), pattern);
      }
      assert.equal(await server.auditCount(), before);
      expectDenied(await server.post(strengths, 'helpdesk', { displayName: 'H', allowedCombinations: ['fido2'] }));
    });

    it('updateAllowedCombinations replaces the list and reports before and after; usage is empty without Conditional Access', async () => {
      const created = expectStatus(await server.post(strengths, 'admin', { displayName: 'Passkey or TAP', allowedCombinations: ['fido2'] }), 201);
      const result = expectStatus(await server.post(`${strengths}/${created.id}/updateAllowedCombinations`, 'admin', {
        allowedCombinations: ['fido2', 'temporaryAccessPassOneTime'],
      }), 200);
      assert.deepEqual(result.previousCombinations, ['fido2']);
      assert.deepEqual(result.currentCombinations, ['fido2', 'temporaryAccessPassOneTime']);
      const usage = expectStatus(await server.get(`${strengths}/${created.id}/usage`, 'admin'), 200);
      assert.deepEqual([usage.mfa, usage.none], [[], []]);
      expectStatus(await server.patch(`${strengths}/${created.id}`, 'admin', { description: 'For onboarding' }), 204);
      assert.equal(expectStatus(await server.get(`${strengths}/${created.id}`, 'admin'), 200).description, 'For onboarding');
      await expectAudits(server, ['Delete authentication strength policy'], async () => {
        expectStatus(await server.delete(`${strengths}/${created.id}`, 'admin'), 204);
      });
      expectNotFound(await server.get(`${strengths}/${created.id}`, 'admin'));
    });

    it('at most 15 custom strengths', async () => {
      const existing = expectStatus(await server.get(strengths, 'admin'), 200).value.filter((s: any) => s.policyType === 'custom').length;
      for (let i = existing; i < 15; i++) {
        expectStatus(await server.post(strengths, 'admin', { displayName: `Strength ${i}`, allowedCombinations: ['fido2'] }), 201);
      }
      assert.match(expectInvalid(await server.post(strengths, 'admin', { displayName: 'One too many', allowedCombinations: ['fido2'] })), /at most 15/);
    });
  });
}
