import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportDocument, exportNamedLocationDocument, exportPolicy } from './export-policy.ts';
import { parseNamedLocation } from './parse-named-location.ts';
import { parsePolicy, type ParsedPolicy } from './parse-policy.ts';

/** A policy that uses most of the resource, beta members included. */
const rich = {
  id: '13602404-082a-4ffc-a34b-4ebf8fd31c02',
  displayName: 'Guests: MFA every 4 hours',
  state: 'enabledForReportingButNotEnforced',
  createdDateTime: '2026-06-11T09:00:12.1516195Z',
  modifiedDateTime: null,
  templateId: null,
  partialEnablementStrategy: null,
  conditions: {
    users: {
      includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest,internalGuest', externalTenants: { membershipKind: 'enumerated', members: ['72f988bf-86f1-41af-91ab-2d7cd011db47'] } },
      excludeGroups: ['8072f500-ee01-4cc9-accc-230f11be2d5e'],
    },
    applications: { includeApplications: ['All'], excludeApplications: ['00000002-0000-0ff1-ce00-000000000000'] },
    clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
    platforms: { includePlatforms: ['all'], excludePlatforms: ['iOS'] },
    locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted', '1128ed64-2d60-4ada-8f11-25289b92ba6f'] },
    signInRiskLevels: ['medium', 'high'],
    insiderRiskLevels: 'elevated',
    devices: { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True' } },
    authenticationFlows: { transferMethods: 'deviceCodeFlow' },
    agentContext: { includeAgentContexts: ['agentUserSessionsInitiatedFromEndpoints'], excludeAgentContexts: [] },
  },
  grantControls: { operator: 'AND', builtInControls: ['mfa'], termsOfUse: ['7c5e1f8a-8b4e-4d8a-9a5e-3f2b6c1d0e9f'], authenticationStrength: null },
  sessionControls: {
    signInFrequency: { isEnabled: true, type: 'hours', value: 4, authenticationType: 'primaryAndSecondaryAuthentication', frequencyInterval: 'timeBased' },
    continuousAccessEvaluation: { mode: 'strictLocation' },
  },
};

function parse(input: unknown): ParsedPolicy {
  const result = parsePolicy(input, { keepIds: true });
  assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.problems));
  return result.value;
}

describe('exportPolicy', () => {
  it('writes Graph JSON with the resource\'s @odata.type', () => {
    const out = exportPolicy(parse(rich));
    assert.equal(out['@odata.type'], '#microsoft.graph.conditionalAccessPolicy');
    assert.equal(out.displayName, rich.displayName);
  });

  it('says which kind of external tenants a policy names, as a Graph write requires', () => {
    const out = JSON.parse(JSON.stringify(exportPolicy(parse(rich))));
    assert.equal(out.conditions.users.includeGuestsOrExternalUsers.externalTenants['@odata.type'], '#microsoft.graph.conditionalAccessEnumeratedExternalTenants');
  });

  it('parse → export → parse gives the same policy, beta members included', () => {
    const first = parse(rich);
    const again = parse(JSON.parse(JSON.stringify(exportPolicy(first))));
    assert.deepEqual(again, first);
    assert.deepEqual(again.conditions.agentContext, rich.conditions.agentContext);
    assert.deepEqual(again.sessionControls?.continuousAccessEvaluation, { mode: 'strictLocation' });
  });

  it('does not share objects with the stored policy', () => {
    const policy = parse(rich);
    const out = exportPolicy(policy) as { conditions: { clientAppTypes: string[] } };
    out.conditions.clientAppTypes.push('other');
    assert.deepEqual(policy.conditions.clientAppTypes, ['browser', 'mobileAppsAndDesktopClients']);
  });
});

describe('exportDocument', () => {
  it('writes a Graph list response', () => {
    const out = exportDocument([parse(rich)]);
    assert.equal(out['@odata.context'], 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies');
    assert.equal((out.value as unknown[]).length, 1);
  });

  it('takes the caller\'s own metadata URL', () => {
    const context = 'https://limen.example/graph/v1.0/$metadata#identity/conditionalAccess/policies';
    assert.equal(exportDocument([], { context })['@odata.context'], context);
  });

  it('writes named locations as a Graph list, each with its @odata.type', () => {
    const result = parseNamedLocation({ displayName: 'Lab', ipRanges: ['192.0.2.0/24'] });
    assert.ok(result.ok);
    const out = exportNamedLocationDocument([result.value]);
    assert.match(String(out['@odata.context']), /namedLocations$/);
    assert.deepEqual(out.value, [{
      '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'Lab', isTrusted: false,
      ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.0.2.0/24' }],
    }]);
  });
});
