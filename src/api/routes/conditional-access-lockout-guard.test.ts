import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { createPasskeyRepository, hashPassword } from '../../authn/index.ts';
import { createDirectory, userCreateSchema } from '../../directory/index.ts';
import { expectAudits, expectInvalid, expectStatus, startGraphServer, type GraphTestServer } from './graph-test-server.ts';

const policies = '/v1.0/identity/conditionalAccess/policies';
const policy = (state: string, controls: string[], displayName = `Everyone: ${controls.join(', ')}`) => ({
  displayName, state,
  conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
  grantControls: { operator: 'OR', builtInControls: controls },
});

for (const engine of testEngines()) {
  describe(`the Conditional Access lockout guard on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
      // The administrator making changes signs in with a password today.
      await createDirectory(server.db).users.setPasswordHash(server.users.admin, await hashPassword('admin password 1'));
    });
    after(() => server.close());

    const count = async () => expectStatus(await server.get(`${policies}?$top=999`, 'admin'), 200).value.length;

    it('refuses to enable "require MFA" for everyone while the administrator making it has only a password, and stores nothing', async () => {
      const audits = await server.auditCount();
      const message = expectInvalid(await server.post(policies, 'admin', policy('enabled', ['mfa'])));
      assert.match(message, /would lock you \(admin@limen\.test\) out/);
      assert.match(message, /report-only/);
      assert.equal(await count(), 0);
      assert.equal(await server.auditCount(), audits);
    });

    it('the same policy in report-only mode is saved: it is never enforced', async () => {
      expectStatus(await server.post(policies, 'admin', policy('enabledForReportingButNotEnforced', ['mfa'])), 201);
    });

    it('switching it on through PATCH is refused the same way', async () => {
      const [stored] = expectStatus(await server.get(policies, 'admin'), 200).value;
      assert.match(expectInvalid(await server.patch(`${policies}/${stored.id}`, 'admin', { state: 'enabled' })), /would lock you/);
      assert.equal(expectStatus(await server.get(`${policies}/${stored.id}`, 'admin'), 200).state, 'enabledForReportingButNotEnforced');
    });

    it('once the administrator has a passkey, "require MFA" is allowed; "block everyone" still is not', async () => {
      await createPasskeyRepository(server.db).add({
        id: 'admin-key', userId: server.users.admin, credentialId: 'admin-key-credential', publicKey: new Uint8Array(65), signCount: 0,
        displayName: 'Desk key', aaGuid: '00000000-0000-0000-0000-000000000000', model: null, attestationFormat: 'none',
        attestationLevel: 'notAttested', attestationCertificates: [], transports: ['usb'], backupEligible: false, backupState: false,
        createdDateTime: new Date().toISOString(), lastUsedDateTime: null,
      });
      const [stored] = expectStatus(await server.get(policies, 'admin'), 200).value;
      expectStatus(await server.patch(`${policies}/${stored.id}`, 'admin', { state: 'enabled' }), 204);
      assert.match(expectInvalid(await server.post(policies, 'admin', policy('enabled', ['block']))), /would lock you/);
    });

    it('overrideLockoutGuard=true saves it anyway, and the audit record says what the guard said', async () => {
      const [record] = await expectAudits(server, ['Add conditional access policy'], async () => {
        expectStatus(await server.post(`${policies}?overrideLockoutGuard=true`, 'admin', policy('enabled', ['block'], 'Block everyone (on purpose)')), 201);
      });
      assert.match(record!.additionalDetails.find((d) => d.key === 'lockoutGuardOverridden')?.value ?? '', /would lock you/);
    });
  });

  describe(`emergency access accounts and the guard's warnings on ${engine}`, () => {
    let server: GraphTestServer;
    let breakglass: string;
    const accounts = '/v1.0/identity/conditionalAccess/emergencyAccessAccounts';
    const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${id}` });
    before(async () => {
      server = await startGraphServer(engine);
      const dir = createDirectory(server.db);
      await dir.users.setPasswordHash(server.users.admin, await hashPassword('admin password 1'));
      // The administrator can satisfy MFA (a passkey); the break-glass account has only a password.
      await createPasskeyRepository(server.db).add({
        id: 'admin-key', userId: server.users.admin, credentialId: 'admin-key-credential', publicKey: new Uint8Array(65), signCount: 0,
        displayName: 'Desk key', aaGuid: '00000000-0000-0000-0000-000000000000', model: null, attestationFormat: 'none',
        attestationLevel: 'notAttested', attestationCertificates: [], transports: ['usb'], backupEligible: false, backupState: false,
        createdDateTime: new Date().toISOString(), lastUsedDateTime: null,
      });
      breakglass = (await dir.users.create(userCreateSchema.parse({ accountEnabled: true, displayName: 'Break glass', userPrincipalName: 'breakglass@limen.test' }))).id;
      await dir.users.setPasswordHash(breakglass, await hashPassword('a long break-glass passphrase'));
    });
    after(() => server.close());
    const count = async () => expectStatus(await server.get(`${policies}?$top=999`, 'admin'), 200).value.length;

    it('an admin marks an emergency access account by $ref; it is listed and the change audited', async () => {
      await expectAudits(server, ['Add emergency access account'], async () => {
        expectStatus(await server.post(`${accounts}/$ref`, 'admin', ref(breakglass)), 204);
      });
      const listed = expectStatus(await server.get(accounts, 'admin'), 200).value;
      assert.deepEqual(listed.map((u: { userPrincipalName: string }) => u.userPrincipalName), ['breakglass@limen.test']);
    });

    it('marking an unknown user is a 404 and marking one twice a 400, and neither changes anything', async () => {
      const audits = await server.auditCount();
      expectStatus(await server.post(`${accounts}/$ref`, 'admin', ref('6d0a4a5e-0000-4000-8000-000000000000')), 404);
      assert.match(expectInvalid(await server.post(`${accounts}/$ref`, 'admin', ref(breakglass))), /already an emergency access account/);
      assert.equal(await server.auditCount(), audits);
      assert.equal(expectStatus(await server.get(accounts, 'admin'), 200).value.length, 1);
    });

    it('only a Conditional Access writer may mark one', async () => {
      expectStatus(await server.post(`${accounts}/$ref`, 'plain', ref(server.users.plain)), 403);
    });

    it('refuses "require MFA for everyone" while it would lock out the emergency access account, naming it; excluding the account lets it save', async () => {
      const message = expectInvalid(await server.post(policies, 'admin', policy('enabled', ['mfa'])));
      assert.match(message, /emergency access account breakglass@limen\.test/);
      assert.equal(await count(), 0);
      const excluded = { ...policy('enabled', ['mfa']), conditions: { ...policy('enabled', ['mfa']).conditions, users: { includeUsers: ['All'], excludeUsers: [breakglass] } } };
      const saved = await server.post(policies, 'admin', excluded);
      expectStatus(saved, 201);
      assert.equal(saved.headers.get('warning'), null, 'a policy that excludes the account draws no warning');
    });

    it('a report-only policy that applies to the emergency access account is saved with a Warning header naming it, kept in the audit record', async () => {
      const [record] = await expectAudits(server, ['Add conditional access policy'], async () => {
        const saved = await server.post(policies, 'admin', policy('enabledForReportingButNotEnforced', ['mfa'], 'Report-only MFA'));
        expectStatus(saved, 201);
        assert.match(saved.headers.get('warning') ?? '', /^299 - ".*'Report-only MFA' applies to the emergency access account breakglass@limen\.test/);
      });
      assert.ok(record!.additionalDetails.some((d) => d.key === 'lockoutGuardWarning'));
    });

    it('blocking all users from all resources with no exclusions draws a warning even in report-only mode', async () => {
      const saved = await server.post(policies, 'admin', policy('enabledForReportingButNotEnforced', ['block'], 'Block everything')); 
      expectStatus(saved, 201);
      assert.match(saved.headers.get('warning') ?? '', /blocks all users from all resources and excludes nobody/);
    });

    it('a name outside ASCII cannot break the header: it is escaped', async () => {
      const saved = await server.post(policies, 'admin', policy('enabledForReportingButNotEnforced', ['block'], 'Bloquer l’accès'));
      expectStatus(saved, 201);
      assert.match(saved.headers.get('warning') ?? '', /Bloquer l\\u2019acc\\u00e8s/);
    });

    it('the import report lists the same warnings', async () => {
      const report = expectStatus(await server.post('/v1.0/identity/conditionalAccess/import', 'admin', {
        policies: [policy('enabledForReportingButNotEnforced', ['block'], 'Imported block')], dryRun: true,
      }), 200);
      assert.ok(report.warnings.some((w: { item: { displayName: string }; message: string }) => w.item.displayName === 'Imported block' && /excludes nobody/.test(w.message)));
    });

    it('judges people with their risk: blocking high user risk is refused while the emergency access account is confirmed compromised', async () => {
      const risky = '/v1.0/identityProtection/riskyUsers';
      expectStatus(await server.post(`${risky}/confirmCompromised`, 'admin', { userIds: [breakglass] }), 204);
      const blockRisky = { ...policy('enabled', ['block'], 'Block high-risk users'), conditions: { ...policy('enabled', ['block']).conditions, userRiskLevels: ['high'] } };
      assert.match(expectInvalid(await server.post(policies, 'admin', blockRisky)), /emergency access account breakglass@limen\.test/);
      expectStatus(await server.post(`${risky}/dismiss`, 'admin', { userIds: [breakglass] }), 204);
      expectStatus(await server.post(policies, 'admin', { ...blockRisky, state: 'disabled' }), 201);
    });

    it('once the account is no longer marked, the guard no longer protects it', async () => {
      await expectAudits(server, ['Remove emergency access account'], async () => {
        expectStatus(await server.delete(`${accounts}/${breakglass}/$ref`, 'admin'), 204);
      });
      expectStatus(await server.delete(`${accounts}/${breakglass}/$ref`, 'admin'), 404);
      expectStatus(await server.post(policies, 'admin', policy('enabled', ['mfa'], 'MFA for all, break glass included')), 201);
    });
  });
}
