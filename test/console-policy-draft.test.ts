import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patchFromDraft } from '../console/src/pages/conditional-access/policy.ts';

/** The Conditional Access JSON view's save: PATCH merges, so what the admin deleted is sent as null. */
test('a property deleted from the draft is sent as null, at every depth where both sides are objects; arrays and kept values go as they are', () => {
  const stored = {
    displayName: 'P', description: 'old', state: 'enabled',
    conditions: { users: { includeUsers: ['All'], excludeUsers: ['u1'] }, platforms: { includePlatforms: ['all'] }, clientAppTypes: ['all'] },
    sessionControls: { signInFrequency: { value: 4, type: 'hours', isEnabled: true } },
  };
  const draft = {
    displayName: 'P', state: 'enabled',
    conditions: { users: { includeUsers: ['All'] }, clientAppTypes: ['browser'] },
  };
  assert.deepEqual(patchFromDraft(stored, draft), {
    displayName: 'P', description: null, state: 'enabled',
    conditions: { users: { includeUsers: ['All'], excludeUsers: null }, platforms: null, clientAppTypes: ['browser'] },
    sessionControls: null,
  });
  assert.deepEqual(patchFromDraft(stored, stored), stored, 'an unchanged draft changes nothing');
});
