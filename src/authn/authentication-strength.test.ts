import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInStrengths, modesFromAmr, satisfiesStrength, type AuthenticationStrengthPolicy, type MethodsUsed } from './authentication-strength.ts';

const [mfa, passwordless, phishingResistant] = builtInStrengths as [AuthenticationStrengthPolicy, AuthenticationStrengthPolicy, AuthenticationStrengthPolicy];
const used = (modes: MethodsUsed['modes'], passkey?: MethodsUsed['passkey']): MethodsUsed => ({ modes, ...(passkey ? { passkey } : {}) });
const yes = (s: Parameters<typeof satisfiesStrength>[0], u: MethodsUsed) => satisfiesStrength(s, u).satisfied;

// Which built-in each sign-in satisfies: [description, methods used, MFA, passwordless MFA, phishing-resistant MFA].
const table: Array<[string, MethodsUsed, boolean, boolean, boolean]> = [
  ['a password alone satisfies none of the built-ins', used(['password']), false, false, false],
  ['a password and an authenticator app code satisfy MFA only', used(['password', 'softwareOath']), true, false, false],
  ['an authenticator app code alone satisfies nothing', used(['softwareOath']), false, false, false],
  ['a one-time Temporary Access Pass satisfies MFA only', used(['temporaryAccessPassOneTime']), true, false, false],
  ['a multi-use Temporary Access Pass satisfies MFA only', used(['temporaryAccessPassMultiUse']), true, false, false],
  ['a passkey satisfies all three', used(['fido2'], { passkeyType: 'synced' }), true, true, true],
];

describe('built-in authentication strengths', () => {
  it("keep Entra's ids, so exported policies carry over", () => {
    assert.deepEqual(builtInStrengths.map((s) => s.id), [
      '00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000004',
    ]);
  });
  for (const [name, methods, m, p, r] of table) {
    it(name, () => {
      assert.deepEqual([yes(mfa, methods), yes(passwordless, methods), yes(phishingResistant, methods)], [m, p, r]);
    });
  }
  it('names the combination that satisfied the strength', () => {
    assert.deepEqual(satisfiesStrength(mfa, used(['password', 'softwareOath'])), { satisfied: true, combination: 'password,softwareOath' });
  });
});

describe('a custom strength with a fido2 combination configuration', () => {
  const strength = {
    allowedCombinations: ['fido2'],
    combinationConfigurations: [{
      '@odata.type': '#microsoft.graph.fido2CombinationConfiguration' as const, id: 'c1', appliesToCombinations: ['fido2'] as ['fido2'],
      allowedAAGUIDs: ['CB69481E-8FF7-4039-93EC-0A2729A154A8'], allowedPasskeyTypes: ['deviceBound' as const],
    }],
  };
  it('is satisfied by a device-bound passkey of an allowed model (AAGUIDs compare case-insensitively)', () => {
    assert.ok(yes(strength, used(['fido2'], { aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8', passkeyType: 'deviceBound' })));
  });
  it('is not satisfied by another model, a synced passkey, or a passkey whose model is unknown', () => {
    assert.ok(!yes(strength, used(['fido2'], { aaGuid: '00000000-0000-0000-0000-000000000000', passkeyType: 'deviceBound' })));
    assert.ok(!yes(strength, used(['fido2'], { aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8', passkeyType: 'synced' })));
    assert.ok(!yes(strength, used(['fido2'])));
  });
});

describe('the session amr as methods', () => {
  it('maps password, authenticator app, passkey and the two kinds of Temporary Access Pass', () => {
    assert.deepEqual(modesFromAmr(['pwd', 'otp', 'mfa']), ['password', 'softwareOath']);
    assert.deepEqual(modesFromAmr(['fido', 'hwk', 'mfa']), ['fido2']);
    assert.deepEqual(modesFromAmr(['tap', 'mfa'], true), ['temporaryAccessPassOneTime']);
    assert.deepEqual(modesFromAmr(['tap', 'mfa']), ['temporaryAccessPassMultiUse']);
  });
});
