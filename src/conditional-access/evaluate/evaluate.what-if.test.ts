import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alice, countryLocation, ipLocation, policy } from '../../../test/support/ca-evaluation.ts';
import type { ConditionalAccessConditions } from '../policy.ts';
import { compilePolicies, evaluate, type CaAnalysisReason, type CaSignInContext } from './index.ts';

const locations = [ipLocation('loc-office', ['203.0.113.0/24'], true), countryLocation('loc-us', ['US'])];

/** What If's minimum: the user and the resource; nothing else is known unless given. */
const bare = (more: Partial<CaSignInContext> = {}): CaSignInContext => ({
  subject: alice, target: { kind: 'application', appId: 'app-payroll' }, interactive: true, ...more,
});

// [the rule, the policy's conditions, the What If request, [reason at sign-in, reason in What If]]
const table: Array<[string, Partial<ConditionalAccessConditions>, Partial<CaSignInContext>, [CaAnalysisReason, CaAnalysisReason]]> = [
  ['a plain "any location" matches a request without an address', { locations: { includeLocations: ['All'], excludeLocations: [] } }, {}, ['notSet', 'notSet']],
  ['"any location but trusted" needs the address in What If (at sign-in an unknown address is untrusted)',
    { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } }, {}, ['notSet', 'location']],
  ['a country location needs the address or the country in What If', { locations: { includeLocations: ['loc-us'], excludeLocations: [] } }, {}, ['location', 'location']],
  ['a country supplied is enough for a country location', { locations: { includeLocations: ['loc-us'], excludeLocations: [] } }, { country: 'US' }, ['notSet', 'notSet']],
  ['an IP location needs an address, not a country', { locations: { includeLocations: ['loc-office'], excludeLocations: [] } }, { country: 'US' }, ['location', 'location']],
  ['"all platforms" matches an unsupplied platform', { platforms: { includePlatforms: ['all'], excludePlatforms: [] } }, {}, ['notSet', 'notSet']],
  ['"all platforms but iOS" does not match an unsupplied platform in What If',
    { platforms: { includePlatforms: ['all'], excludePlatforms: ['iOS'] } }, {}, ['notSet', 'devicePlatform']],
  ['a risk condition does not match an unsupplied risk', { signInRiskLevels: ['high'] }, {}, ['signInRisk', 'signInRisk']],
  ['"none" risk matches at sign-in only (no detection means none)', { userRiskLevels: ['none'] }, {}, ['notSet', 'userRisk']],
  ['a device filter does not match an unsupplied device in What If',
    { devices: { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True' } } }, {}, ['notSet', 'devices']],
  ['a client app condition does not match an unsupplied client', { clientAppTypes: ['browser'] }, {}, ['clientApps', 'clientApps']],
  ["Graph's example: location US and high sign-in risk apply only when both are supplied",
    { locations: { includeLocations: ['loc-us'], excludeLocations: [] }, signInRiskLevels: ['high'] }, { country: 'US', signInRiskLevel: 'high' }, ['notSet', 'notSet']],
  ["Graph's example with only the risk supplied", { locations: { includeLocations: ['loc-us'], excludeLocations: [] }, signInRiskLevels: ['high'] },
    { signInRiskLevel: 'high' }, ['location', 'location']],
];

describe('What If: a condition the request does not supply does not match', () => {
  for (const [rule, conditions, request, [atSignIn, inWhatIf]] of table) {
    it(rule, () => {
      const compiled = compilePolicies([policy('p', conditions)], locations, []);
      assert.equal(evaluate(compiled, bare(request)).policies[0]?.analysisReasons, atSignIn, 'at sign-in');
      assert.equal(evaluate(compiled, bare(request), { mode: 'whatIf' }).policies[0]?.analysisReasons, inWhatIf, 'in What If');
    });
  }
  it('a disabled policy is reported as not enabled', () => {
    const compiled = compilePolicies([policy('p', {}, null, { state: 'disabled' })], [], []);
    const [r] = evaluate(compiled, bare(), { mode: 'whatIf' }).policies;
    assert.deepEqual([r?.policyApplies, r?.analysisReasons], [false, 'policyNotEnabled']);
  });
  it('an authentication context alone is a What If target', () => {
    const compiled = compilePolicies([policy('p', { applications: { includeApplications: [], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: ['c7'] } })], [], []);
    const [r] = evaluate(compiled, bare({ target: { kind: 'authenticationContext', authenticationContext: 'c7' } }), { mode: 'whatIf' }).policies;
    assert.equal(r?.policyApplies, true);
  });
});
