import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicy, type ParsedPolicy } from './parse-policy.ts';
import { references } from './references.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function parse(input: unknown): ParsedPolicy {
  const result = parsePolicy(input);
  assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.problems));
  return result.value;
}

describe('references', () => {
  it('lists every directory object a policy names, with its kind and JSON path, and no special value', () => {
    const policy = parse({
      displayName: 'Everything',
      state: 'disabled',
      conditions: {
        users: {
          includeUsers: ['All', id(1)], excludeUsers: ['GuestsOrExternalUsers', id(2)],
          includeGroups: [id(3)], excludeGroups: [id(4)], includeRoles: [id(5)], excludeRoles: [id(6)],
        },
        applications: { includeApplications: ['Office365', id(7)], excludeApplications: [id(8)] },
        clientApplications: {
          includeServicePrincipals: ['ServicePrincipalsInMyTenant', id(9)], excludeServicePrincipals: [id(10)],
          includeAgentIdServicePrincipals: ['All'], excludeAgentIdServicePrincipals: [id(11)],
        },
        agents: { includeAgentUsers: ['All'], excludeAgentUsers: [id(12)] },
        locations: { includeLocations: ['All', id(13)], excludeLocations: ['AllTrusted', id(14)] },
      },
      grantControls: { operator: 'AND', builtInControls: ['mfa'], termsOfUse: [id(15)], authenticationStrength: { id: id(16) } },
    });
    assert.deepEqual(references(policy), [
      { kind: 'user', id: id(1), path: 'conditions.users.includeUsers[1]' },
      { kind: 'user', id: id(2), path: 'conditions.users.excludeUsers[1]' },
      { kind: 'group', id: id(3), path: 'conditions.users.includeGroups[0]' },
      { kind: 'group', id: id(4), path: 'conditions.users.excludeGroups[0]' },
      { kind: 'directoryRoleTemplate', id: id(5), path: 'conditions.users.includeRoles[0]' },
      { kind: 'directoryRoleTemplate', id: id(6), path: 'conditions.users.excludeRoles[0]' },
      { kind: 'application', id: id(7), path: 'conditions.applications.includeApplications[1]' },
      { kind: 'application', id: id(8), path: 'conditions.applications.excludeApplications[0]' },
      { kind: 'servicePrincipal', id: id(9), path: 'conditions.clientApplications.includeServicePrincipals[1]' },
      { kind: 'servicePrincipal', id: id(10), path: 'conditions.clientApplications.excludeServicePrincipals[0]' },
      { kind: 'servicePrincipal', id: id(11), path: 'conditions.clientApplications.excludeAgentIdServicePrincipals[0]' },
      { kind: 'user', id: id(12), path: 'conditions.agents.excludeAgentUsers[0]' },
      { kind: 'namedLocation', id: id(13), path: 'conditions.locations.includeLocations[1]' },
      { kind: 'namedLocation', id: id(14), path: 'conditions.locations.excludeLocations[1]' },
      { kind: 'termsOfUse', id: id(15), path: 'grantControls.termsOfUse[0]' },
      { kind: 'authenticationStrength', id: id(16), path: 'grantControls.authenticationStrength.id' },
    ]);
  });

  it('a policy of special values names nothing', () => {
    const policy = parse({
      displayName: 'Block legacy auth', state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['exchangeActiveSync', 'other'] },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    assert.deepEqual(references(policy), []);
  });
});
