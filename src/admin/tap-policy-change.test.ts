import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultTapPolicy, tapPolicyTargets, type TapPolicy } from '../authn/index.ts';
import { coverUserWithTapPolicy, tapPolicyGaps } from './tap-policy-change.ts';

const names: Record<string, string> = { all_users: 'all users', admins: "group 'Admins'", interns: "group 'Interns'" };
const groupName = (id: string) => names[id] ?? id;
const policy = (p: Partial<TapPolicy>): TapPolicy => ({ ...defaultTapPolicy(), state: 'enabled', ...p });
const group = (id: string) => ({ targetType: 'group' as const, id, isRegistrationRequired: false });

describe('what bootstrap-admin user --enable-tap changes in the Temporary Access Pass policy', () => {
  test('a policy that covers the user has no gaps', () => {
    assert.deepEqual(tapPolicyGaps(policy({}), ['admins'], groupName), []);
  });

  test('a disabled policy is enabled, and nothing else changes', () => {
    const before = policy({ state: 'disabled' });
    assert.deepEqual(tapPolicyGaps(before, [], groupName), ['the policy is disabled']);
    const { policy: after, changes } = coverUserWithTapPolicy(before, [], groupName);
    assert.deepEqual(changes, ['enabled the policy']);
    assert.deepEqual(after, { ...before, state: 'enabled' });
  });

  test('only the exclusions that apply to the user are removed (exclusion wins over inclusion)', () => {
    const before = policy({ excludeTargets: [{ targetType: 'group', id: 'admins' }, { targetType: 'group', id: 'interns' }] });
    assert.deepEqual(tapPolicyGaps(before, ['admins'], groupName), ["it excludes group 'Admins'"]);
    const { policy: after, changes } = coverUserWithTapPolicy(before, ['admins'], groupName);
    assert.deepEqual(changes, ["removed the exclusion of group 'Admins'"]);
    assert.deepEqual(after.excludeTargets.map((t) => t.id), ['interns']);
    assert.ok(tapPolicyTargets(after, ['admins']));
  });

  test('a user no inclusion reaches is covered by including all users, as Graph targets groups only', () => {
    const before = policy({ includeTargets: [group('interns')] });
    assert.deepEqual(tapPolicyGaps(before, ['admins'], groupName), ['none of its include targets covers the user']);
    const { policy: after, changes } = coverUserWithTapPolicy(before, ['admins'], groupName);
    assert.deepEqual(changes, ['included all users']);
    assert.deepEqual(after.includeTargets.map((t) => t.id), ['interns', 'all_users']);
  });

  test('an exclusion of all users is removed like any other that applies', () => {
    const before = policy({ state: 'disabled', excludeTargets: [{ targetType: 'group', id: 'all_users' }] });
    const { policy: after, changes } = coverUserWithTapPolicy(before, [], groupName);
    assert.deepEqual(changes, ['enabled the policy', 'removed the exclusion of all users']);
    assert.ok(tapPolicyTargets(after, []));
  });
});
