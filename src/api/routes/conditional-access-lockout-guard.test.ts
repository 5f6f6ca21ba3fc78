import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { createPasskeyRepository, hashPassword } from '../../authn/index.ts';
import { createDirectory } from '../../directory/index.ts';
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
}
