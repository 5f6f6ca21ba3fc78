import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AuthenticationDetail } from '../logs/index.ts';
import { methodsOf, MethodsOfSignIns } from './sign-in-methods.ts';

const aaGuid = 'ee882879-721c-4913-9775-3dfcce97072a';
const step = (authenticationMethod: string, authenticationMethodDetail: string | null): AuthenticationDetail => ({
  authenticationStepDateTime: '', authenticationMethod, authenticationMethodDetail, succeeded: true,
  authenticationStepResultDetail: '', authenticationStepRequirement: '',
});
const signIn = (details: AuthenticationDetail[]) => ({ authenticationDetails: details, authenticationMethodsUsed: [...new Set(details.map((d) => d.authenticationMethod))] });

describe('the methods of a logged sign-in', () => {
  it('are the modes the log names, a pass by its kind and a passkey with its type and AAGUID', () => {
    assert.deepEqual(methodsOf(signIn([step('Password', null), step('OATH verification code', null)])), { modes: ['password', 'softwareOath'] });
    assert.deepEqual(methodsOf(signIn([step('Temporary Access Pass', 'One-time use')])), { modes: ['temporaryAccessPassOneTime'] });
    assert.deepEqual(methodsOf(signIn([step('Temporary Access Pass', 'Multi-use')])), { modes: ['temporaryAccessPassMultiUse'] });
    assert.deepEqual(methodsOf(signIn([step('Passkey (synced)', `My phone (AAGUID ${aaGuid})`)])),
      { modes: ['fido2'], passkey: { passkeyType: 'synced', aaGuid } });
    assert.deepEqual(methodsOf(signIn([step('Passkey (device-bound)', null)])), { modes: ['fido2'], passkey: { passkeyType: 'deviceBound' } });
  });

  it('are converted once per distinct list, and only equal lists share one', () => {
    // Names and details with separators in them, so no joining of strings could pass for a key.
    const method = fc.constantFrom('Password', 'OATH verification code', 'Temporary Access Pass', 'Passkey (synced)', 'Passkey (device-bound)', 'Passkey\nPassword', 'Password\n');
    const detail = fc.constantFrom(null, '', 'One-time use', 'Multi-use', `key (AAGUID ${aaGuid})`, '\nPassword', '1:P');
    const arbSignIn = fc.array(fc.tuple(method, detail), { maxLength: 3 }).map((steps) => signIn(steps.map(([m, d]) => step(m, d))));
    fc.assert(fc.property(fc.array(arbSignIn, { minLength: 2, maxLength: 12 }), (signIns) => {
      const methods = new MethodsOfSignIns();
      const seen = signIns.map((s) => methods.of(s));
      signIns.forEach((s, i) => {
        assert.deepEqual(seen[i]!.methods, methodsOf(s));
        assert.equal(methods.of(structuredClone(s)), seen[i], 'an equal sign-in gets the same object');
        signIns.forEach((t, j) => {
          if (seen[i] === seen[j]) assert.deepEqual(methodsOf(s), methodsOf(t));
          assert.equal(seen[i]!.id === seen[j]!.id, seen[i] === seen[j], 'one number per object');
        });
      });
    }), { numRuns: 500 });
  });
});
