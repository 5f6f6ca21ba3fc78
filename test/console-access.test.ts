import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessOf } from '../console/src/auth/permissions.ts';
import { callerFromClaims, isAuthorized, requires } from '../src/api/authorization.ts';
import { Permission } from '../src/api/permissions.ts';
import { directoryRoles, managementScopes } from '../src/directory/index.ts';

/**
 * The admin center decides what to show from the token's scopes and roles (console/src/auth);
 * it must agree with the API's own decision for every role and every permission, or it would
 * offer what the API refuses or hide what it allows.
 */
const scp = managementScopes.map((s) => s.value).join(' ');

test('for every directory role and permission, the console and the API agree on what a delegated token may do', () => {
  for (const role of directoryRoles) {
    const access = accessOf({ scp, wids: [role.templateId] });
    const caller = callerFromClaims({ oid: 'u', tid: 't', sub: 'u', idtyp: 'user', scp, wids: [role.templateId] });
    for (const permission of Object.values(Permission)) {
      assert.equal(access.can(permission), isAuthorized(caller, requires(permission)), `${role.displayName}: ${permission}`);
    }
  }
});

test('no scope or no role, no permission', () => {
  const global = directoryRoles.find((r) => r.displayName === 'Global Administrator')!.templateId;
  assert.equal(accessOf({ scp, wids: [] }).permissions.size, 0);
  assert.equal(accessOf({ scp: undefined, wids: [global] }).permissions.size, 0);
  assert.deepEqual(accessOf({ scp, wids: [global] }).roles, ['Global Administrator']);
});
