import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { expectAudits, expectDenied, expectInvalid, expectNotFound, expectStatus, startGraphServer, type GraphTestServer } from './graph-test-server.ts';

const policies = '/v1.0/identity/conditionalAccess/policies';
const locations = '/v1.0/identity/conditionalAccess/namedLocations';

/** "Require MFA for all users", excluding the break-glass group, as an admin would write it. */
const requireMfa = (breakGlass: string, extra: Record<string, unknown> = {}) => ({
  displayName: 'CA001 Require MFA for all users',
  state: 'enabledForReportingButNotEnforced',
  conditions: {
    users: { includeUsers: ['All'], excludeGroups: [breakGlass] },
    applications: { includeApplications: ['All'] },
    clientAppTypes: ['All'],
  },
  grantControls: { operator: 'OR', builtInControls: ['MFA'] },
  ...extra,
});

for (const engine of testEngines()) {
  describe(`Conditional Access policies and named locations on ${engine}`, () => {
    let server: GraphTestServer;
    let breakGlass: string;
    before(async () => {
      server = await startGraphServer(engine);
      breakGlass = expectStatus(await server.post('/v1.0/groups', 'admin', {
        displayName: 'Break glass', mailEnabled: false, mailNickname: 'breakglass', securityEnabled: true,
      }), 201).id;
    });
    after(() => server.close());

    it('creates a policy in report-only, audited; enums come back in Graph’s spelling; it reads back the same', async () => {
      const [record] = await expectAudits(server, ['Add conditional access policy'], async () => {
        const created = expectStatus(await server.post(policies, 'admin', requireMfa(breakGlass)), 201);
        assert.equal(created['@odata.type'], '#microsoft.graph.conditionalAccessPolicy');
        assert.equal(created.state, 'enabledForReportingButNotEnforced');
        assert.deepEqual(created.conditions.clientAppTypes, ['all']);
        assert.deepEqual(created.grantControls.builtInControls, ['mfa']);
        assert.deepEqual(created.conditions.users.excludeGroups, [breakGlass]);
        const read = expectStatus(await server.get(`${policies}/${created.id}`, 'admin'), 200);
        assert.deepEqual({ ...read, '@odata.context': undefined }, { ...created, '@odata.context': undefined });
      });
      assert.equal(record!.category, 'Policy');
      const listed = expectStatus(await server.get(`${policies}?$filter=state eq 'enabledForReportingButNotEnforced'`, 'admin'), 200);
      assert.equal(listed.value.length, 1);
      expectDenied(await server.get(policies, 'plain'));
      expectDenied(await server.post(policies, 'helpdesk', requireMfa(breakGlass)));
    });

    it('an exported Entra policy is accepted as is: annotations, restore stubs and unknown beta members', async () => {
      const exported = {
        '@odata.context': 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies/$entity',
        '#microsoft.graph.restore': { title: 'restore', target: 'https://graph.microsoft.com/beta/…/restore' },
        id: '11111111-2222-3333-4444-555555555555',
        createdDateTime: '2025-01-01T00:00:00Z',
        partialEnablementStrategy: null,
        ...requireMfa(breakGlass, { displayName: 'CA002 exported' }),
        conditions: { ...requireMfa(breakGlass).conditions, 'signInRiskLevels@odata.type': '#Collection(microsoft.graph.riskLevel)', signInRiskLevels: [], times: null },
      };
      const created = expectStatus(await server.post(policies, 'admin', exported), 201);
      assert.notEqual(created.id, exported.id, 'Limen gives the policy its own id');
      assert.ok('partialEnablementStrategy' in created, 'unknown beta members are kept');
      assert.ok(!JSON.stringify(created).includes('restore'));
    });

    it('refuses bad input with a 400 naming each field in error.details, and stores nothing', async () => {
      const before = expectStatus(await server.get(policies, 'admin'), 200).value.length;
      const audits = await server.auditCount();
      for (const [body, target] of [
        [{ ...requireMfa(breakGlass), state: 'on' }, 'state'],
        [requireMfa('00000000-0000-4000-8000-000000000000'), 'conditions.users.excludeGroups[0]'],
        [{ ...requireMfa(breakGlass), grantControls: { operator: 'OR', builtInControls: ['compliantNetwork'] } }, 'grantControls.builtInControls[0]'],
        [{ ...requireMfa(breakGlass), conditions: { applications: { includeApplications: ['All'] } } }, 'conditions.users'],
      ] as const) {
        const r = await server.post(policies, 'admin', body);
        expectInvalid(r);
        assert.ok(r.json.error.details.some((d: { target: string }) => d.target === target), `${target} in ${JSON.stringify(r.json.error)}`);
      }
      assert.equal(expectStatus(await server.get(policies, 'admin'), 200).value.length, before);
      assert.equal(await server.auditCount(), audits);
    });

    it('PATCH merges into the policy and is audited with the old and new state; a bad PATCH changes nothing', async () => {
      const { id } = expectStatus(await server.post(policies, 'admin', requireMfa(breakGlass, { displayName: 'CA003 to switch on' })), 201);
      const [record] = await expectAudits(server, ['Update conditional access policy'], async () => {
        expectStatus(await server.patch(`${policies}/${id}`, 'admin', { state: 'enabled' }), 204);
      });
      assert.ok(record!.targetResources[0]!.modifiedProperties.some((p) => p.displayName === 'State' && p.newValue === '["enabled"]'));
      const after = expectStatus(await server.get(`${policies}/${id}`, 'admin'), 200);
      assert.equal(after.state, 'enabled');
      assert.deepEqual(after.conditions.users.excludeGroups, [breakGlass], 'members not sent are kept');
      expectInvalid(await server.patch(`${policies}/${id}`, 'admin', { conditions: { clientAppTypes: ['carrierPigeon'] } }));
      assert.deepEqual(expectStatus(await server.get(`${policies}/${id}`, 'admin'), 200).conditions.clientAppTypes, ['all']);
      expectNotFound(await server.patch(`${policies}/00000000-0000-4000-8000-000000000000`, 'admin', { state: 'disabled' }));
    });

    it('named locations: IPv4 and IPv6 ranges, countries; bad ranges refused; a trusted or used location is not deleted', async () => {
      const office = expectStatus(await server.post(locations, 'admin', {
        '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'Office', isTrusted: true,
        ipRanges: [
          { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' },
          { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/48' },
        ],
      }), 201);
      const countries = expectStatus(await server.post(locations, 'admin', {
        '@odata.type': '#microsoft.graph.countryNamedLocation', displayName: 'High-risk countries', countriesAndRegions: ['kp', 'IR'],
      }), 201);
      assert.deepEqual(countries.countriesAndRegions, ['KP', 'IR']);
      const tooWide = await server.post(locations, 'admin', {
        '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'Everything', ipRanges: [{ cidrAddress: '10.0.0.0/8' }],
      });
      assert.match(expectInvalid(tooWide), /\/8|prefix/);
      const policy = expectStatus(await server.post(policies, 'admin', requireMfa(breakGlass, {
        displayName: 'CA004 outside the office',
        conditions: { ...requireMfa(breakGlass).conditions, locations: { includeLocations: ['All'], excludeLocations: [office.id] } },
      })), 201);
      assert.match(expectInvalid(await server.delete(`${locations}/${office.id}`, 'admin')), /isTrusted/);
      expectStatus(await server.patch(`${locations}/${office.id}`, 'admin', { isTrusted: false }), 204);
      assert.match(expectInvalid(await server.delete(`${locations}/${office.id}`, 'admin')), /policy names this location/);
      expectStatus(await server.delete(`${policies}/${policy.id}`, 'admin'), 204);
      await expectAudits(server, ['Delete named location'], async () => {
        expectStatus(await server.delete(`${locations}/${office.id}`, 'admin'), 204);
      });
      expectNotFound(await server.get(`${locations}/${office.id}`, 'admin'));
    });

    it('a tenant holds at most 195 policies: the 196th is refused and not stored', async () => {
      const existing = expectStatus(await server.get(`${policies}?$top=999`, 'admin'), 200).value.length;
      for (let i = existing; i < 195; i++) {
        expectStatus(await server.post(policies, 'admin', requireMfa(breakGlass, { displayName: `Filler ${i}`, state: 'disabled' })), 201);
      }
      assert.match(expectInvalid(await server.post(policies, 'admin', requireMfa(breakGlass, { displayName: 'One too many' }))), /at most 195/);
      assert.equal(expectStatus(await server.get(`${policies}?$top=999`, 'admin'), 200).value.length, 195);
    });
  });
}
