import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signInStatus } from './sign-in-errors.ts';
import { toGraphSignIn, toSignIn, toSignInRow } from './sign-in.ts';
import { timeOrderedId } from './time-ordered-id.ts';

test('a stored sign-in leaves its defaults out and reads back the same, member order included', () => {
  const app = toSignIn({ appId: 'app', servicePrincipalId: 'sp', status: signInStatus('success'), location: { city: 'Oslo' } });
  const row = toSignInRow(app);
  const stored = JSON.parse(row.data) as Record<string, unknown>;
  assert.equal(stored.userId, undefined);
  assert.equal(stored.riskDetail, undefined);
  assert.equal(stored.deviceDetail, undefined);
  assert.deepEqual(stored.location, app.location, 'a member off its default is kept whole');
  assert.equal(JSON.stringify(toGraphSignIn(row)), JSON.stringify(app));
  // Rows written with every member (before defaults were left out) read the same.
  assert.equal(JSON.stringify(toGraphSignIn({ data: JSON.stringify(app) })), JSON.stringify(app));
});

test('sign-in ids are version 7 UUIDs that sort by time', () => {
  const earlier = timeOrderedId(new Date('2026-01-01T10:00:00.000Z'));
  const later = timeOrderedId(new Date('2026-01-01T10:00:00.001Z'));
  assert.match(earlier, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(earlier < later);
  assert.notEqual(timeOrderedId(new Date(0)), timeOrderedId(new Date(0)));
});
