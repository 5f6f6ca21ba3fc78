import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decidePasskey, defaultFido2Policy, type Fido2Policy, type PasskeyTraits } from './passkey-policy.ts';

const yubikey = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';
const other = 'ee882879-721c-4913-9775-3dfcce97072a';
const admins = 'group-admins';

/** Everyone: the default profile; admins: device-bound keys of one model, attested. */
const policy: Fido2Policy = {
  ...defaultFido2Policy(),
  passkeyProfiles: [
    defaultFido2Policy().passkeyProfiles[0]!,
    {
      id: 'admins', name: 'Admins', passkeyTypes: 'deviceBound', attestationEnforcement: 'registrationOnly',
      keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [yubikey] },
    },
  ],
  includeTargets: [
    { targetType: 'group', id: 'group-staff', isRegistrationRequired: false, allowedPasskeyProfiles: [] },
    { targetType: 'group', id: admins, isRegistrationRequired: false, allowedPasskeyProfiles: ['admins'] },
  ],
};

const key = (overrides: Partial<PasskeyTraits> = {}): PasskeyTraits => ({ aaGuid: yubikey, backupEligible: false, attested: true, ...overrides });

describe('which passkeys a user may use', () => {
  const cases: Array<[string, readonly string[], PasskeyTraits, 'registration' | 'signIn', boolean | RegExp]> = [
    ['staff (default profile through an empty allowedPasskeyProfiles) may register a synced passkey', ['group-staff'], key({ backupEligible: true, attested: false }), 'registration', true],
    ['an admin may register an attested key of the allowed model', [admins], key(), 'registration', true],
    ['an admin may not register a synced passkey', [admins], key({ backupEligible: true }), 'registration', /synced passkeys/],
    ['an admin may not register another model', [admins], key({ aaGuid: other }), 'registration', /AAGUID ee882879/],
    ['an admin may not register an unattested key', [admins], key({ attested: false }), 'registration', /attestation is required/],
    ['attestation is checked at registration only: an unattested key still signs in', [admins], key({ attested: false }), 'signIn', true],
    ['the model list applies at sign-in too', [admins], key({ aaGuid: other }), 'signIn', /is not allowed/],
    ['a user in both groups may use what either profile allows', [admins, 'group-staff'], key({ backupEligible: true, aaGuid: other }), 'signIn', true],
    ['a user no target names may not use passkeys', ['group-elsewhere'], key(), 'signIn', /not enabled for your account/],
  ];
  for (const [name, groups, traits, stage, expected] of cases) {
    test(name, () => {
      const decision = decidePasskey(policy, groups, traits, stage);
      if (expected === true) assert.equal(decision.allowed, true, JSON.stringify(decision));
      else {
        assert.equal(decision.allowed, false);
        assert.match((decision as { reason: string }).reason, expected as RegExp);
      }
    });
  }

  test('an excluded group wins over any include', () => {
    const decision = decidePasskey({ ...policy, excludeTargets: [{ targetType: 'group', id: admins }] }, [admins, 'group-staff'], key(), 'signIn');
    assert.equal(decision.allowed, false);
  });

  test('a disabled policy allows nothing', () => {
    assert.equal(decidePasskey({ ...policy, state: 'disabled' }, ['group-staff'], key(), 'signIn').allowed, false);
  });

  test('a block list refuses exactly the listed models', () => {
    const blocking: Fido2Policy = {
      ...defaultFido2Policy(),
      passkeyProfiles: [{ ...defaultFido2Policy().passkeyProfiles[0]!, keyRestrictions: { isEnforced: true, enforcementType: 'block', aaGuids: [other] } }],
    };
    assert.equal(decidePasskey(blocking, [], key({ aaGuid: other }), 'signIn').allowed, false);
    assert.equal(decidePasskey(blocking, [], key(), 'signIn').allowed, true);
  });
});
