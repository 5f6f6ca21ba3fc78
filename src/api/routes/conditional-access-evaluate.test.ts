import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { expectDenied, expectInvalid, expectStatus, startGraphServer, type GraphTestServer } from './graph-test-server.ts';

const whatIf = '/v1.0/identity/conditionalAccess/evaluate';
const globalAdministrator = '62e90394-69f5-4237-9190-012177145e10';
const app = '7d1a2b3c-0000-4000-8000-00000000a001';

for (const engine of testEngines()) {
  describe(`What If on ${engine}`, () => {
    let server: GraphTestServer;
    let breakGlassUser: string;
    let requireMfa: Record<string, unknown>;

    before(async () => {
      server = await startGraphServer(engine);
      const group = expectStatus(await server.post('/v1.0/groups', 'admin', { displayName: 'Break glass', mailEnabled: false, mailNickname: 'bg', securityEnabled: true }), 201);
      breakGlassUser = expectStatus(await server.post('/v1.0/users', 'admin', { accountEnabled: true, displayName: 'Break glass 1', userPrincipalName: 'bg1@limen.test' }), 201).id;
      expectStatus(await server.post(`/v1.0/groups/${group.id}/members/$ref`, 'admin', { '@odata.id': `https://limen.test/v1.0/directoryObjects/${breakGlassUser}` }), 204);
      const office = expectStatus(await server.post('/v1.0/identity/conditionalAccess/namedLocations', 'admin', {
        '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'Office', isTrusted: true,
        ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' }],
      }), 201);
      requireMfa = {
        displayName: 'Require MFA for all users', state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeUsers: ['All'], excludeGroups: [group.id] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      };
      expectStatus(await server.post('/v1.0/identity/conditionalAccess/policies', 'admin', requireMfa), 201);
      expectStatus(await server.post('/v1.0/identity/conditionalAccess/policies', 'admin', {
        displayName: 'Block admins outside the office', state: 'enabled',
        conditions: {
          users: { includeRoles: [globalAdministrator] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'],
          locations: { includeLocations: ['All'], excludeLocations: [office.id] },
        },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      }), 201);
      expectStatus(await server.post('/v1.0/identity/conditionalAccess/policies', 'admin', {
        displayName: 'Android needs a compliant device', state: 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'], platforms: { includePlatforms: ['android'] } },
        grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] },
      }), 201);
    });
    after(() => server.close());

    const ask = (userId: string, conditions: Record<string, unknown>, extra: Record<string, unknown> = {}) => server.post(whatIf, 'admin', {
      signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId },
      signInContext: { '@odata.type': '#microsoft.graph.applicationContext', includeApplications: [app] },
      signInConditions: { clientAppType: 'browser', devicePlatform: 'windows', ...conditions },
      ...extra,
    });
    const byName = (r: { value: Array<{ displayName: string }> }, name: string) => r.value.find((p) => p.displayName === name) as Record<string, unknown>;

    it('a password-only user: the report-only MFA policy applies and would need user action, but the sign-in is allowed', async () => {
      const r = expectStatus(await ask(server.users.plain, { ipAddress: '198.51.100.7', authenticationMethods: ['password'] }), 200);
      const mfa = byName(r, 'Require MFA for all users');
      assert.equal(mfa.policyApplies, true);
      assert.equal(mfa.analysisReasons, 'notSet');
      assert.equal(mfa.result, 'reportOnlyInterrupted');
      assert.equal(byName(r, 'Block admins outside the office').analysisReasons, 'users');
      assert.deepEqual(r.decision, { action: 'allow' });
    });

    it('the break-glass account is excluded by its group', async () => {
      const r = expectStatus(await ask(breakGlassUser, { ipAddress: '198.51.100.7' }), 200);
      assert.equal(byName(r, 'Require MFA for all users').analysisReasons, 'users');
    });

    it('a Global Administrator outside the office is blocked (53003); inside the trusted range the location does not match', async () => {
      const outside = expectStatus(await ask(server.users.admin, { ipAddress: '198.51.100.7', authenticationMethods: ['fido2'] }), 200);
      assert.equal(byName(outside, 'Block admins outside the office').result, 'failure');
      assert.equal(outside.decision.action, 'block');
      assert.equal(outside.decision.errorCode, 53003);
      const inside = expectStatus(await ask(server.users.admin, { ipAddress: '203.0.113.20', authenticationMethods: ['fido2'] }), 200);
      assert.equal(byName(inside, 'Block admins outside the office').analysisReasons, 'location');
      assert.equal(inside.decision.action, 'allow');
    });

    it('a condition the request does not supply does not match, as in Graph: no IP, no location match', async () => {
      const r = expectStatus(await ask(server.users.admin, {}), 200);
      assert.equal(byName(r, 'Block admins outside the office').policyApplies, false);
      const android = expectStatus(await ask(server.users.plain, { devicePlatform: 'android' }), 200);
      assert.equal(byName(android, 'Android needs a compliant device').policyApplies, true);
      assert.equal(android.decision.errorCode, 53000, 'Limen cannot see device compliance: it fails closed');
    });

    it('a draft that switches the MFA policy on shows the prompt a password-only user would get, and which strength would do', async () => {
      const stored = expectStatus(await server.get('/v1.0/identity/conditionalAccess/policies', 'admin'), 200).value
        .find((p: { displayName: string }) => p.displayName === 'Require MFA for all users');
      const r = expectStatus(await ask(server.users.plain, { ipAddress: '198.51.100.7', authenticationMethods: ['password'] }, {
        draftPolicies: [{ ...stored, state: 'enabled' }],
      }), 200);
      assert.equal(r.decision.action, 'prompt');
      assert.equal(r.decision.errorCode, 50076);
      assert.deepEqual(r.decision.requiredStrengths.map((s: { id: string }) => s.id), ['00000000-0000-0000-0000-000000000002']);
      const storedAfter = expectStatus(await server.get(`/v1.0/identity/conditionalAccess/policies/${stored.id}`, 'admin'), 200);
      assert.equal(storedAfter.state, 'enabledForReportingButNotEnforced', 'the draft changed nothing');
    });

    it('appliedPoliciesOnly lists only the policies that apply; bad input is a 400 naming the field', async () => {
      const r = expectStatus(await ask(server.users.plain, { ipAddress: '198.51.100.7' }, { appliedPoliciesOnly: true }), 200);
      assert.deepEqual(r.value.map((p: { displayName: string }) => p.displayName), ['Require MFA for all users']);
      assert.match(expectInvalid(await ask('00000000-0000-4000-8000-000000000000', {})), /signInIdentity\.userId/);
      assert.match(expectInvalid(await ask(server.users.plain, { devicePlatform: 'amiga' })), /devicePlatform/);
      assert.match(expectInvalid(await ask(server.users.plain, {}, { draftPolicies: [{ displayName: 'x', state: 'on' }] })), /state/);
      expectDenied(await server.post(whatIf, 'plain', { signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: server.users.plain }, signInContext: { '@odata.type': '#microsoft.graph.applicationContext', includeApplications: [app] } }));
    });
  });
}
