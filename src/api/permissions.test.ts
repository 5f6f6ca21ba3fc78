import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { delegatedOnlyPermissions, directoryRoles, managementAppRoles, managementScopes } from '../directory/index.ts';
import { DirectoryRole, Permission, directoryRolePermissions } from './permissions.ts';

describe('permissions and the management API', () => {
  it('every permission a route can demand of an app is an app role of the management API', () => {
    const appRoles = new Set(managementAppRoles.map((role) => role.value));
    // User.Read and UserAuthenticationMethod.ReadWrite are delegated only in Graph: there is no
    // signed-in user to act on in app-only calls.
    const application = Object.values(Permission).filter((p) => !(delegatedOnlyPermissions as readonly string[]).includes(p));
    const missing = application.filter((permission) => !appRoles.has(permission));
    assert.deepEqual(missing, [], `not app roles of the management API: ${missing.join(', ')}`);
  });

  it('every permission is also a delegated scope of the management API', () => {
    const scopes = new Set(managementScopes.map((scope) => scope.value));
    const missing = Object.values(Permission).filter((permission) => !scopes.has(permission));
    assert.deepEqual(missing, [], `not scopes of the management API: ${missing.join(', ')}`);
  });

  it("every directory role is one of the directory's built-in roles, and has permissions", () => {
    const known = new Set(directoryRoles.map((role) => role.templateId));
    for (const [name, id] of Object.entries(DirectoryRole)) {
      assert.ok(known.has(id), `${name} (${id}) is not a built-in directory role`);
      assert.ok(directoryRolePermissions[id], `${name} has no permissions`);
    }
    assert.equal(Object.keys(DirectoryRole).length, directoryRoles.length);
  });
});
