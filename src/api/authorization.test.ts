import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './api-error.ts';
import {
  authorize,
  callerFromClaims,
  isAuthorized,
  requires,
  type Caller,
} from './authorization.ts';
import {
  authenticationMethodsReportRoles,
  DirectoryRole,
  Permission,
  directoryRolePermissions,
  permissionsGranting,
  type DirectoryRoleId,
} from './permissions.ts';

const user = (role: DirectoryRoleId, scopes = Object.values(Permission)): Caller =>
  callerFromClaims({
    oid: 'u',
    tid: 't',
    sub: 's',
    idtyp: 'user',
    scp: scopes.join(' '),
    wids: [role],
  });

/** What a user holding `role` (and every scope) may do, per permission. */
const can = (role: DirectoryRoleId, permission: Permission) =>
  isAuthorized(user(role), requires(permission));

describe('callerFromClaims', () => {
  it('reads an app-only token', () => {
    const caller = callerFromClaims({
      oid: 'sp',
      tid: 't',
      sub: 'sp',
      azp: 'app',
      idtyp: 'app',
      roles: ['User.Read.All'],
      scp: 'ignored',
    });
    assert.deepEqual(caller, {
      kind: 'app',
      id: 'sp',
      tenantId: 't',
      appId: 'app',
      roles: ['User.Read.All'],
      scopes: [],
      directoryRoleIds: [],
    });
  });

  it('reads a delegated token, ignoring app roles a user token may carry', () => {
    const caller = callerFromClaims({
      oid: 'u',
      tid: 't',
      sub: 's',
      appid: 'app',
      scp: 'User.Read.All  Group.Read.All',
      roles: ['X'],
    });
    assert.equal(caller.kind, 'user');
    assert.deepEqual(caller.scopes, ['User.Read.All', 'Group.Read.All']);
    assert.deepEqual(caller.roles, []);
    assert.equal(caller.appId, 'app');
  });
});

describe('the directory role table', () => {
  it('Global Administrator can do everything', () => {
    for (const permission of Object.values(Permission)) {
      assert.ok(can(DirectoryRole.GlobalAdministrator, permission), permission);
    }
  });

  it('readers can read and never write', () => {
    for (const role of [
      DirectoryRole.GlobalReader,
      DirectoryRole.SecurityReader,
      DirectoryRole.ReportsReader,
    ]) {
      for (const permission of Object.values(Permission)) {
        if (!/\.Read(\.|$)/.test(permission)) {
          assert.equal(can(role, permission), false, `${role} ${permission}`);
        }
      }
    }
    assert.ok(can(DirectoryRole.GlobalReader, Permission.RoleManagementReadDirectory));
    assert.ok(can(DirectoryRole.SecurityReader, Permission.AuditLogReadAll));
    assert.ok(can(DirectoryRole.ReportsReader, Permission.AuditLogReadAll));
    assert.equal(can(DirectoryRole.ReportsReader, Permission.UserReadAll), false);
  });

  it('Security Reader cannot write users', () => {
    assert.ok(can(DirectoryRole.SecurityReader, Permission.UserReadAll));
    assert.equal(can(DirectoryRole.SecurityReader, Permission.UserReadWriteAll), false);
  });

  it('Helpdesk Administrator reads users and resets passwords, but cannot write users', () => {
    assert.ok(can(DirectoryRole.HelpdeskAdministrator, Permission.UserReadAll));
    assert.ok(can(DirectoryRole.HelpdeskAdministrator, Permission.UserPasswordProfileReadWriteAll));
    assert.ok(can(DirectoryRole.HelpdeskAdministrator, Permission.UserRevokeSessionsAll));
    assert.equal(can(DirectoryRole.HelpdeskAdministrator, Permission.UserReadWriteAll), false);
  });

  it('each administrator writes its own area only', () => {
    assert.ok(can(DirectoryRole.UserAdministrator, Permission.UserReadWriteAll));
    assert.ok(can(DirectoryRole.UserAdministrator, Permission.GroupMemberReadWriteAll));
    assert.equal(
      can(DirectoryRole.UserAdministrator, Permission.RoleManagementReadWriteDirectory),
      false,
    );
    assert.ok(can(DirectoryRole.GroupsAdministrator, Permission.GroupReadWriteAll));
    assert.equal(can(DirectoryRole.GroupsAdministrator, Permission.UserReadWriteAll), false);
    assert.ok(can(DirectoryRole.ApplicationAdministrator, Permission.ApplicationReadWriteAll));
    assert.ok(
      can(DirectoryRole.CloudApplicationAdministrator, Permission.AppRoleAssignmentReadWriteAll),
    );
    assert.equal(
      can(DirectoryRole.ApplicationAdministrator, Permission.RoleManagementReadWriteDirectory),
      false,
    );
    assert.ok(
      can(DirectoryRole.PrivilegedRoleAdministrator, Permission.RoleManagementReadWriteDirectory),
    );
    assert.ok(
      can(
        DirectoryRole.ConditionalAccessAdministrator,
        Permission.PolicyReadWriteConditionalAccess,
      ),
    );
    assert.ok(
      can(DirectoryRole.SecurityAdministrator, Permission.PolicyReadWriteConditionalAccess),
    );
    assert.equal(
      can(DirectoryRole.ConditionalAccessAdministrator, Permission.UserReadWriteAll),
      false,
    );
    assert.ok(
      can(
        DirectoryRole.AuthenticationAdministrator,
        Permission.UserAuthenticationMethodReadWriteAll,
      ),
    );
    assert.ok(
      can(
        DirectoryRole.PrivilegedAuthenticationAdministrator,
        Permission.UserAuthenticationMethodReadWriteAll,
      ),
    );
    assert.ok(
      can(
        DirectoryRole.AuthenticationPolicyAdministrator,
        Permission.PolicyReadWriteAuthenticationMethod,
      ),
    );
    assert.equal(
      can(
        DirectoryRole.AuthenticationPolicyAdministrator,
        Permission.UserAuthenticationMethodReadWriteAll,
      ),
      false,
    );
    assert.ok(can(DirectoryRole.AgentIdAdministrator, Permission.AgentIdentityReadWriteAll));
    assert.ok(can(DirectoryRole.AgentIdDeveloper, Permission.AgentIdentityBlueprintCreate));
    assert.equal(
      can(DirectoryRole.AgentIdDeveloper, Permission.AgentIdentityBlueprintReadWriteAll),
      false,
    );
  });

  it('every role in the table is a known template id', () => {
    assert.deepEqual(
      Object.keys(directoryRolePermissions).sort(),
      Object.values(DirectoryRole).sort(),
    );
  });
});

describe('authorize', () => {
  it('a delegated call needs both the scope and a role', () => {
    const noScope = user(DirectoryRole.GlobalAdministrator, []);
    assert.equal(isAuthorized(noScope, requires(Permission.UserReadAll)), false);
    const noRole = callerFromClaims({
      oid: 'u',
      tid: 't',
      sub: 's',
      idtyp: 'user',
      scp: 'User.Read.All',
    });
    assert.equal(isAuthorized(noRole, requires(Permission.UserReadAll)), false);
  });

  it('a route may open itself to extra directory roles', () => {
    const reader = user(DirectoryRole.ReportsReader);
    const requirement = {
      ...requires(Permission.UserReadAll),
      directoryRoles: [DirectoryRole.ReportsReader],
    };
    assert.equal(isAuthorized(reader, requires(Permission.UserReadAll)), false);
    assert.ok(isAuthorized(reader, requirement));
  });

  it('an app-only route requirement does not open to delegated callers', () => {
    const requirement = { appRoles: [Permission.AuditLogReadAll] };
    assert.equal(isAuthorized(user(DirectoryRole.GlobalAdministrator), requirement), false);
  });

  it("denial is a 403 Authorization_RequestDenied in Graph's words", () => {
    const caller = callerFromClaims({ oid: 'a', tid: 't', sub: 'a', idtyp: 'app', roles: [] });
    assert.throws(
      () => authorize(caller, requires(Permission.UserReadAll)),
      (error: unknown) =>
        error instanceof ApiError &&
        error.status === 403 &&
        error.code === 'Authorization_RequestDenied' &&
        error.message === 'Insufficient privileges to complete the operation.',
    );
  });

  it('lists every permission that grants one, as Graph documents per API', () => {
    assert.deepEqual(permissionsGranting(Permission.UserRead).length, 5);
    assert.deepEqual(permissionsGranting(Permission.UserReadAll).sort(), [
      'Directory.Read.All',
      'Directory.ReadWrite.All',
      'User.Read.All',
      'User.ReadWrite.All',
    ]);
  });
});

describe('routes Graph limits to named roles (onlyDirectoryRoles)', () => {
  const report = { ...requires(Permission.AuditLogReadAll), onlyDirectoryRoles: authenticationMethodsReportRoles };
  it('serves the named roles, and an app holding the permission', () => {
    for (const role of [DirectoryRole.ReportsReader, DirectoryRole.SecurityReader, DirectoryRole.GlobalReader, DirectoryRole.GlobalAdministrator]) {
      assert.ok(isAuthorized(user(role), report), role);
    }
    const app = callerFromClaims({ oid: 'a', tid: 't', sub: 'a', idtyp: 'app', roles: [Permission.AuditLogReadAll] });
    assert.ok(isAuthorized(app, report));
  });
  it('refuses a role that grants the permission but is not named, and a named role without the scope', () => {
    assert.ok(isAuthorized(user(DirectoryRole.ApplicationAdministrator), requires(Permission.AuditLogReadAll)), 'it may read sign-in logs');
    assert.ok(!isAuthorized(user(DirectoryRole.ApplicationAdministrator), report));
    assert.ok(!isAuthorized(user(DirectoryRole.ReportsReader, [Permission.UserReadAll]), report));
  });
});
