import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshStore, testEngines, type FreshStore } from '../../test/support/engines.ts';
import {
  DirectoryError, cliClient, consoleClient, createDirectory, ensureBuiltInApplications, ensureBuiltInConsent, ensureManagementPermissions, ensureTenant, managementApi, managementScopes, roleTemplateIds,
  userCreateSchema, type Directory,
} from './index.ts';

const newUser = (upn: string, displayName = upn.split('@')[0]!) =>
  userCreateSchema.parse({ accountEnabled: true, displayName, userPrincipalName: upn });

for (const engine of testEngines()) {
  describe(`directory on ${engine}`, () => {
    let fresh: FreshStore;
    let dir: Directory;
    before(async () => {
      fresh = await freshStore(engine);
      await ensureTenant(fresh.store.db);
      dir = createDirectory(fresh.store.db);
    });
    after(() => fresh.cleanup());

    test('an upgrade adds the management API permissions an older tenant lacks, and keeps the rest', async () => {
      const api = (await dir.applications.getByAppId(managementApi.appId))!;
      const [dropped, ...kept] = api.api.oauth2PermissionScopes;
      await dir.applications.update(api.id, { api: { ...api.api, oauth2PermissionScopes: kept } });
      assert.deepEqual(await ensureManagementPermissions(fresh.store.db), [dropped!.value]);
      const after = (await dir.applications.getByAppId(managementApi.appId))!;
      assert.deepEqual(new Set(after.api.oauth2PermissionScopes.map((s) => s.id)), new Set(api.api.oauth2PermissionScopes.map((s) => s.id)));
      assert.deepEqual(await ensureManagementPermissions(fresh.store.db), [], 'nothing more to add');
    });

    test('an upgrade adds the admin center to an older tenant, consented to every management scope', async () => {
      const sp = (await dir.servicePrincipals.getByAppId(consoleClient.appId))!;
      const api = (await dir.servicePrincipals.getByAppId(managementApi.appId))!;
      const consented = await dir.assignments.consentedScopes(sp.id, api.id, 'anyone');
      assert.deepEqual(new Set(consented), new Set(managementScopes.map((s) => s.value)), 'a new tenant has it');
      // An older tenant: no admin center yet.
      await dir.servicePrincipals.delete(sp.id); // and its grants
      await dir.applications.delete((await dir.applications.getByAppId(consoleClient.appId))!.id);
      assert.deepEqual(await ensureBuiltInApplications(fresh.store.db), [consoleClient.displayName]);
      const added = (await dir.servicePrincipals.getByAppId(consoleClient.appId))!;
      assert.deepEqual(new Set(await dir.assignments.consentedScopes(added.id, api.id, 'anyone')), new Set(consented));
      assert.deepEqual(await ensureBuiltInApplications(fresh.store.db), [], 'nothing more to add');
    });

    test('an upgrade adds new management scopes to the CLI’s and the admin center’s tenant-wide consent, and leaves a revoked grant revoked', async () => {
      const api = (await dir.servicePrincipals.getByAppId(managementApi.appId))!;
      const cli = (await dir.servicePrincipals.getByAppId(cliClient.appId))!;
      const console_ = (await dir.servicePrincipals.getByAppId(consoleClient.appId))!;
      // An older tenant: the CLI's grant predates two scopes; the admin revoked the console's.
      const [cliGrant] = await dir.assignments.listPermissionGrants({ clientId: cli.id, resourceId: api.id });
      const all = managementScopes.map((x) => x.value);
      await dir.assignments.setPermissionGrantScope(cliGrant!.id, all.slice(2).join(' '));
      for (const g of await dir.assignments.listPermissionGrants({ clientId: console_.id, resourceId: api.id })) await dir.assignments.revokePermissionGrant(g.id);
      assert.deepEqual(await ensureBuiltInConsent(fresh.store.db), [`${cliClient.displayName}: ${all.slice(0, 2).join(' ')}`]);
      assert.deepEqual(new Set(await dir.assignments.consentedScopes(cli.id, api.id, 'anyone')), new Set(all));
      assert.deepEqual(await dir.assignments.listPermissionGrants({ clientId: console_.id, resourceId: api.id }), [], 'still revoked');
      assert.deepEqual(await ensureBuiltInConsent(fresh.store.db), [], 'nothing more to add');
    });

    test('a user is found by id and by userPrincipalName in any letter case', async () => {
      const u = await dir.users.create(newUser('Ada.Lovelace@example.org', 'Ada Lovelace'));
      assert.equal((await dir.users.get(u.id))?.displayName, 'Ada Lovelace');
      assert.equal((await dir.users.get('ada.lovelace@EXAMPLE.org'))?.id, u.id);
    });

    test('a second user with the same userPrincipalName is refused as a conflict', async () => {
      await dir.users.create(newUser('dup@example.org'));
      await assert.rejects(dir.users.create(newUser('DUP@example.org')), (e) => e instanceof DirectoryError && e.kind === 'conflict');
    });

    test('an update returns the old and the new version, and changes only what was sent', async () => {
      const u = await dir.users.create(newUser('grace@example.org'));
      const { before: old, after: now } = await dir.users.update(u.id, { jobTitle: 'Admiral', accountEnabled: false });
      assert.equal(old.jobTitle, null);
      assert.equal(now.jobTitle, 'Admiral');
      assert.equal(now.accountEnabled, false);
      assert.equal((await dir.users.get(u.id))?.displayName, 'grace');
    });

    test('a user cannot become their own manager through a chain of managers', async () => {
      const a = await dir.users.create(newUser('a@example.org'));
      const b = await dir.users.create(newUser('b@example.org'));
      await dir.users.setManager(b.id, a.id);
      await assert.rejects(dir.users.setManager(a.id, b.id), /own manager/);
      assert.equal((await dir.users.getManager(b.id))?.id, a.id);
    });

    test('nested groups give transitive membership both ways, and a cycle is refused', async () => {
      const staff = await dir.groups.create({ displayName: 'Staff', securityEnabled: true, mailEnabled: false, groupTypes: [] });
      const team = await dir.groups.create({ displayName: 'Team', securityEnabled: true, mailEnabled: false, groupTypes: [] });
      const u = await dir.users.create(newUser('member@example.org'));
      await dir.groups.addMember(team.id, u.id);
      await dir.groups.addMember(staff.id, team.id);
      assert.deepEqual((await dir.groups.memberOf(u.id)).map((g) => g.id), [team.id]);
      assert.deepEqual((await dir.groups.transitiveMemberOf(u.id)).map((g) => g.id).sort(), [staff.id, team.id].sort());
      const members = await dir.groups.transitiveMembers(staff.id);
      assert.deepEqual(members.map((m) => m['@odata.type']).sort(), ['#microsoft.graph.group', '#microsoft.graph.user']);
      await assert.rejects(dir.groups.addMember(team.id, staff.id), /cycle/);
      await assert.rejects(dir.groups.addMember(team.id, u.id), (e) => e instanceof DirectoryError && e.kind === 'conflict');
    });

    test('deleting a user removes their memberships and role assignments', async () => {
      const g = await dir.groups.create({ displayName: 'G', securityEnabled: true, mailEnabled: false, groupTypes: [] });
      const u = await dir.users.create(newUser('leaver@example.org'));
      await dir.groups.addMember(g.id, u.id);
      await dir.assignments.createRoleAssignment({ roleDefinitionId: roleTemplateIds.userAdministrator, principalId: u.id, directoryScopeId: '/' });
      await dir.users.delete(u.id);
      assert.deepEqual(await dir.groups.members(g.id), []);
      assert.deepEqual(await dir.assignments.listRoleAssignments({ principalId: u.id }), []);
    });

    test('a directory role held through a group counts for its members', async () => {
      const admins = await dir.groups.create({ displayName: 'Admins', securityEnabled: true, mailEnabled: false, groupTypes: [] });
      const u = await dir.users.create(newUser('admin@example.org'));
      await dir.groups.addMember(admins.id, u.id);
      await dir.assignments.createRoleAssignment({ roleDefinitionId: roleTemplateIds.securityReader, principalId: admins.id, directoryScopeId: '/' });
      assert.deepEqual(await dir.assignments.directoryRoleIdsOf(u.id), [roleTemplateIds.securityReader]);
    });

    test('a client secret is shown once and only its hash is kept', async () => {
      const app = await dir.applications.create({ displayName: 'Payroll', signInAudience: 'AzureADMyOrg' });
      const cred = await dir.applications.addPassword(app.id, { displayName: 'ci' });
      assert.equal(cred.secretText?.length, 43);
      assert.equal(cred.hint, cred.secretText?.slice(0, 3));
      const stored = await fresh.store.db.selectFrom('application_secrets').selectAll().execute();
      assert.ok(stored.every((s) => !s.secret_hash.includes(cred.secretText!)));
      assert.equal((await dir.applications.get(app.id))?.passwordCredentials[0]?.secretText, null);
      assert.equal((await dir.applications.activeSecretHashes(app.appId)).length, 1);
    });

    test('an app role on the management API can be assigned to a service principal and read back by value', async () => {
      const app = await dir.applications.create({ displayName: 'Reporter', signInAudience: 'AzureADMyOrg' });
      const sp = await dir.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
      const graph = (await dir.servicePrincipals.getByAppId(managementApi.appId))!;
      const role = graph.appRoles.find((r) => r.value === 'User.Read.All')!;
      await dir.assignments.assignAppRole({ principalId: sp.id, resourceId: graph.id, appRoleId: role.id });
      assert.deepEqual(await dir.assignments.appRoleValuesOf(sp.id, graph.id), ['User.Read.All']);
      await assert.rejects(
        dir.assignments.assignAppRole({ principalId: sp.id, resourceId: graph.id, appRoleId: '11111111-1111-4111-8111-111111111111' }),
        /not found/,
      );
    });

    test('an application-only app role cannot be assigned to a group, so it never reaches apps through membership', async () => {
      const graph = (await dir.servicePrincipals.getByAppId(managementApi.appId))!;
      const role = graph.appRoles.find((r) => r.value === 'Directory.ReadWrite.All')!;
      const group = await dir.groups.create({ displayName: 'Automation', securityEnabled: true, mailEnabled: false, groupTypes: [] });
      await assert.rejects(
        dir.assignments.assignAppRole({ principalId: group.id, resourceId: graph.id, appRoleId: role.id }),
        /Application principals only/,
      );
    });

    test('the tenant is created once, whatever the number of starts', async () => {
      const again = await ensureTenant(fresh.store.db);
      assert.equal(again.created, false);
      assert.equal((await dir.applications.list()).filter((a) => a.appId === managementApi.appId).length, 1);
    });
  });
}
