/**
 * The decision-only evaluation (replay's) against the full one, over random small tenants that
 * exercise every kind of condition, subject, target and grant: the decisions must be equal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { managementApi } from '../../directory/index.ts';
import { apps, countryLocation, ipLocation, methods, policy, strengthIds, users } from '../../../test/support/ca-evaluation.ts';
import type { ConditionalAccessConditions, ConditionalAccessGrantControls, ConditionalAccessPolicy } from '../policy.ts';
import { compilePolicies, evaluate, evaluateDecision, type CaSignInContext, type CaSubject, type CaTarget } from './index.ts';

const userIds = ['u1', 'u2'];
const groups = ['g1', 'g2'];
const roles = ['r1'];
const spIds = ['sp1', 'sp2'];
const appIds = ['a1', 'a2', managementApi.appId];
const platforms = ['windows', 'iOS', 'android', 'linux'] as const;
const locationIds = ['loc-ip', 'loc-nl', 'loc-unknown', 'AllTrusted', 'All'];
const locations = [ipLocation('loc-ip', ['203.0.113.0/24'], true), countryLocation('loc-nl', ['NL']), countryLocation('loc-unknown', ['GB'], true)];
// Countries are given with public addresses (or no address at all), so no run loads the country table.
const networks = [{}, { ipAddress: '203.0.113.5' }, { ipAddress: '81.2.69.160', country: 'GB' }, { ipAddress: '193.0.6.139', country: 'NL' }, { country: 'FR' }];
const risks = ['none', 'low', 'medium', 'high'] as const;

const some = <T>(values: readonly T[]) => fc.subarray([...values]);
/** Mostly `usual`: random conditions rarely all match, and a comparison where nothing applies proves little. */
const mostly = <T>(usual: T, other: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: other });
const allOr = (values: readonly string[]) => mostly<string[]>(['All'], fc.subarray([...values], { minLength: 1 }));
const fewOf = <T>(values: readonly T[]) => mostly<T[]>([], fc.subarray([...values], { minLength: 1, maxLength: Math.min(2, values.length) }));

const arbPolicy = fc.record({
  state: fc.constantFrom('enabled', 'enabled', 'disabled', 'enabledForReportingButNotEnforced') as fc.Arbitrary<ConditionalAccessPolicy['state']>,
  users: fc.option(fc.record({
    includeUsers: allOr([...userIds, 'GuestsOrExternalUsers', 'None']), excludeUsers: fewOf(userIds),
    includeGroups: some(groups), excludeGroups: fewOf(groups), includeRoles: some(roles), excludeRoles: fewOf(roles),
  }), { nil: null, freq: 6 }),
  agents: fc.option(fc.record({ includeAgentUsers: allOr(userIds), excludeAgentUsers: fewOf(userIds) }), { nil: undefined, freq: 3 }),
  clientApplications: fc.option(fc.record({
    includeServicePrincipals: allOr([...spIds, 'ServicePrincipalsInMyTenant']), excludeServicePrincipals: fewOf(spIds),
    includeAgentIdServicePrincipals: allOr(spIds), excludeAgentIdServicePrincipals: fewOf(spIds),
  }), { nil: undefined, freq: 3 }),
  applications: fc.oneof(
    { weight: 4, arbitrary: fc.record({ include: allOr([...appIds, 'MicrosoftAdminPortals', 'None']), exclude: fewOf([...appIds, 'MicrosoftAdminPortals']) }).map((a) => apps(a.include, { excludeApplications: a.exclude })) },
    { weight: 1, arbitrary: fc.constantFrom(apps([], { includeUserActions: ['urn:user:registersecurityinfo'] }), apps([], { includeAuthenticationContextClassReferences: ['c1'] })) },
  ),
  platforms: mostly(null, fc.record({ includePlatforms: allOr(platforms), excludePlatforms: fewOf(platforms) })),
  locations: mostly(null, fc.record({ includeLocations: allOr(locationIds), excludeLocations: fewOf(locationIds) })),
  clientAppTypes: allOr(['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other']),
  signInRiskLevels: mostly([], some(risks)),
  userRiskLevels: mostly([], some(risks)),
  devices: mostly(null, fc.constantFrom('device.isCompliant -eq True', 'device.trustType -eq "ServerAD"').chain((rule) =>
    fc.constantFrom('include', 'exclude').map((mode) => ({ deviceFilter: { mode, rule } })))),
  authenticationFlows: mostly(null, fc.constantFrom('deviceCodeFlow', 'authenticationTransfer').map((transferMethods) => ({ transferMethods }))),
  grant: fc.option(fc.record({
    operator: fc.constantFrom('AND', 'OR') as fc.Arbitrary<'AND' | 'OR'>,
    builtInControls: some(['block', 'mfa', 'compliantDevice', 'domainJoinedDevice', 'passwordChange', 'approvedApplication']),
    strength: fc.option(fc.constantFrom(strengthIds.mfa, strengthIds.phishingResistant, 'no-such-strength'), { nil: undefined }),
  }), { nil: null }),
}).map((p): ConditionalAccessPolicy => policy('x', {
  users: p.users && users(p.users),
  ...(p.agents ? { agents: p.agents } : {}),
  ...(p.clientApplications ? { clientApplications: p.clientApplications } : {}),
  applications: p.applications,
  platforms: p.platforms as ConditionalAccessConditions['platforms'],
  locations: p.locations,
  clientAppTypes: p.clientAppTypes as ConditionalAccessConditions['clientAppTypes'],
  signInRiskLevels: [...p.signInRiskLevels], userRiskLevels: [...p.userRiskLevels],
  devices: p.devices as ConditionalAccessConditions['devices'],
  authenticationFlows: p.authenticationFlows,
}, p.grant && {
  operator: p.grant.operator, builtInControls: p.grant.builtInControls as ConditionalAccessGrantControls['builtInControls'],
  customAuthenticationFactors: [], termsOfUse: [], ...(p.grant.strength ? { authenticationStrength: { id: p.grant.strength } } : {}),
}, { state: p.state }));

const arbPolicies = fc.array(arbPolicy, { minLength: 1, maxLength: 8 })
  .map((ps) => ps.map((p, i): ConditionalAccessPolicy => ({ ...p, id: `p${i}`, displayName: `p${i}` })));

const arbSubject: fc.Arbitrary<CaSubject> = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    userId: fc.constantFrom(...userIds), groupIds: some(groups), roleTemplateIds: some(roles), guest: fc.boolean(), agent: fc.constantFrom(false, false, false, true),
  }).map((u): CaSubject => ({
    kind: 'user', userId: u.userId, groupIds: u.groupIds, roleTemplateIds: u.roleTemplateIds, userType: u.guest ? 'guest' : 'member',
    ...(u.agent ? { isAgentUser: true } : {}),
  })) },
  { weight: 1, arbitrary: fc.record({ id: fc.constantFrom(...spIds), isAgent: fc.boolean() })
    .map((s): CaSubject => ({ kind: 'servicePrincipal', servicePrincipalId: s.id, appId: `app-of-${s.id}`, isAgent: s.isAgent })) },
);

const arbTarget: fc.Arbitrary<CaTarget> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ appId: fc.constantFrom(...appIds, 'a4'), contexts: fc.option(fc.constant(['c1']), { nil: undefined }) })
    .map((t): CaTarget => ({ kind: 'application', appId: t.appId, ...(t.contexts ? { authenticationContexts: t.contexts } : {}) })) },
  { weight: 1, arbitrary: fc.constantFrom<CaTarget>({ kind: 'userAction', userAction: 'urn:user:registersecurityinfo' }, { kind: 'authenticationContext', authenticationContext: 'c1' }) },
);

const arbContext: fc.Arbitrary<CaSignInContext> = fc.record({
  subject: arbSubject,
  target: arbTarget,
  clientAppType: fc.option(fc.constantFrom('browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other') as fc.Arbitrary<'browser'>, { nil: undefined }),
  devicePlatform: fc.option(fc.constantFrom(...platforms), { nil: undefined }),
  network: fc.constantFrom(...networks),
  signInRiskLevel: fc.option(fc.constantFrom(...risks), { nil: undefined }),
  userRiskLevel: fc.option(fc.constantFrom(...risks), { nil: undefined }),
  authenticationFlow: fc.option(fc.constantFrom('deviceCodeFlow', 'authenticationTransfer') as fc.Arbitrary<'deviceCodeFlow'>, { nil: undefined }),
  device: fc.option(fc.record({ isCompliant: fc.boolean(), trustType: fc.constantFrom('AzureAD', 'ServerAD') as fc.Arbitrary<'AzureAD'> }), { nil: undefined }),
  modes: fc.constantFrom(methods(), methods('password'), methods('password', 'softwareOath'), methods('fido2'), methods('temporaryAccessPassOneTime')),
  passwordChanged: fc.boolean(),
  interactive: fc.boolean(),
}).map((c): CaSignInContext => ({
  subject: c.subject, target: c.target, interactive: c.interactive, ...c.network,
  ...(c.clientAppType ? { clientAppType: c.clientAppType } : {}),
  ...(c.devicePlatform ? { devicePlatform: c.devicePlatform } : {}),
  ...(c.signInRiskLevel ? { signInRiskLevel: c.signInRiskLevel } : {}),
  ...(c.userRiskLevel ? { userRiskLevel: c.userRiskLevel } : {}),
  ...(c.authenticationFlow ? { authenticationFlow: c.authenticationFlow } : {}),
  ...(c.device ? { device: c.device } : {}),
  session: { methods: c.modes, passwordChanged: c.passwordChanged },
}));

describe('the decision-only evaluation', () => {
  it('decides exactly as the full evaluation, at sign-in and in What If', () => {
    let decided = 0;
    let all = 0;
    fc.assert(fc.property(arbPolicies, fc.array(arbContext, { minLength: 1, maxLength: 4 }), fc.constantFrom('signIn', 'whatIf'), (policies, contexts, mode) => {
      // One compiled set for several contexts, as replay uses it.
      const compiled = compilePolicies(policies, locations, []);
      for (const context of contexts) {
        const full = evaluate(compiled, context, { mode: mode as 'signIn' });
        assert.deepEqual(evaluateDecision(compiled, context, { mode: mode as 'signIn' }), full.decision);
        all += 1;
        if (full.decision.action !== 'allow') decided += 1;
      }
    }), { numRuns: 2000 });
    // The comparison means something only if many of the decisions are not a plain allow.
    assert.ok(decided > all / 7, `${decided} of ${all} decisions other than allow`);
  });
});
