/**
 * Properties of the evaluator over random small tenants: a few users, groups, roles, apps,
 * platforms and locations, so random policies and requests overlap often enough to matter.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { managementApi } from '../../directory/index.ts';
import { apps, countryLocation, ipLocation, methods, policy, strengthIds, users } from '../../../test/support/ca-evaluation.ts';
import type { ConditionalAccessGrantControls, ConditionalAccessPolicy } from '../policy.ts';
import { compilePolicies, evaluate, type CaEvaluation, type CaSignInContext } from './index.ts';

const userIds = ['u1', 'u2', 'u3'];
const groups = ['g1', 'g2', 'g3'];
const roles = ['r1', 'r2'];
const appIds = ['a1', 'a2', managementApi.appId];
const platforms = ['windows', 'iOS', 'android'] as const;
const locationIds = ['loc-trusted', 'loc-nl', 'AllTrusted'];
const locations = [ipLocation('loc-trusted', ['203.0.113.0/24'], true), countryLocation('loc-nl', ['NL'])];
// Countries are given with public addresses, so no property run loads the country table.
const networks = [{ ipAddress: '203.0.113.5' }, { ipAddress: '81.2.69.160', country: 'GB' }, { ipAddress: '193.0.6.139', country: 'NL' }];

const subset = <T>(values: readonly T[]) => fc.subarray([...values]);
/** Mostly `usual`, sometimes `other`: random conditions rarely all match, and a property where no policy applies proves nothing. */
const mostly = <T>(usual: T, other: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: other });
const allOr = (values: readonly string[]): fc.Arbitrary<string[]> => mostly<string[]>(['All'], fc.subarray([...values], { minLength: 1 }));
const fewOf = <T>(values: readonly T[]): fc.Arbitrary<T[]> => mostly<T[]>([], fc.subarray([...values], { minLength: 1, maxLength: 2 }));

const arbPolicy = fc.record({
  state: fc.constantFrom('enabled', 'disabled', 'enabledForReportingButNotEnforced') as fc.Arbitrary<ConditionalAccessPolicy['state']>,
  users: fc.record({
    includeUsers: mostly<string[]>(['All'], subset([...userIds, 'GuestsOrExternalUsers'])), excludeUsers: fewOf(userIds),
    includeGroups: subset(groups), excludeGroups: fewOf(groups), includeRoles: subset(roles), excludeRoles: fewOf(roles),
  }),
  apps: fc.record({ include: allOr([...appIds, 'MicrosoftAdminPortals']), exclude: fewOf([...appIds, 'MicrosoftAdminPortals']) }),
  platforms: mostly(null, fc.record({ includePlatforms: allOr(platforms), excludePlatforms: fewOf(platforms) })),
  locations: mostly(null, fc.record({ includeLocations: allOr(locationIds), excludeLocations: fewOf(locationIds) })),
  clientAppTypes: allOr(['browser', 'mobileAppsAndDesktopClients', 'other']),
  signInRiskLevels: fewOf(['medium', 'high']),
  grant: fc.option(fc.record({
    operator: fc.constantFrom('AND', 'OR') as fc.Arbitrary<'AND' | 'OR'>,
    builtInControls: subset(['block', 'mfa', 'compliantDevice', 'domainJoinedDevice', 'passwordChange']),
    strength: fc.option(fc.constantFrom(strengthIds.mfa, strengthIds.phishingResistant), { nil: undefined }),
  }), { nil: null }),
  signInHours: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
  persistentBrowser: fc.option(fc.constantFrom('always', 'never') as fc.Arbitrary<'always' | 'never'>, { nil: undefined }),
}).map((p): ConditionalAccessPolicy => policy('x', {
    users: users(p.users), applications: apps(p.apps.include, { excludeApplications: p.apps.exclude }),
    platforms: p.platforms as ConditionalAccessPolicy['conditions']['platforms'], locations: p.locations,
    clientAppTypes: p.clientAppTypes as ConditionalAccessPolicy['conditions']['clientAppTypes'],
    signInRiskLevels: p.signInRiskLevels as ConditionalAccessPolicy['conditions']['signInRiskLevels'],
  }, p.grant && {
    operator: p.grant.operator, builtInControls: p.grant.builtInControls as ConditionalAccessGrantControls['builtInControls'],
    customAuthenticationFactors: [], termsOfUse: [], ...(p.grant.strength ? { authenticationStrength: { id: p.grant.strength } } : {}),
  }, {
    state: p.state,
    sessionControls: {
      ...(p.signInHours ? { signInFrequency: { isEnabled: true, type: 'hours' as const, value: p.signInHours, frequencyInterval: 'timeBased' as const } } : {}),
      ...(p.persistentBrowser ? { persistentBrowser: { isEnabled: true, mode: p.persistentBrowser } } : {}),
    },
  }));

const arbPolicies = fc.array(arbPolicy, { minLength: 1, maxLength: 6 })
  .map((ps) => ps.map((p, i): ConditionalAccessPolicy => ({ ...p, id: `p${i}`, displayName: `p${i}` })));

const arbContext: fc.Arbitrary<CaSignInContext> = fc.record({
  userId: fc.constantFrom(...userIds), groupIds: subset(groups), roleTemplateIds: subset(roles), guest: fc.boolean(),
  appId: fc.constantFrom(...appIds, 'a4'),
  clientAppType: fc.option(fc.constantFrom('browser', 'mobileAppsAndDesktopClients', 'other') as fc.Arbitrary<'browser'>, { nil: undefined }),
  devicePlatform: fc.option(fc.constantFrom(...platforms), { nil: undefined }),
  network: fc.constantFrom(...networks),
  signInRiskLevel: fc.option(fc.constantFrom('low', 'medium', 'high') as fc.Arbitrary<'low'>, { nil: undefined }),
  modes: fc.constantFrom(methods(), methods('password'), methods('password', 'softwareOath'), methods('fido2'), methods('temporaryAccessPassOneTime')),
  device: fc.option(fc.record({ isCompliant: fc.boolean(), trustType: fc.constantFrom('AzureAD', 'ServerAD') as fc.Arbitrary<'AzureAD'> }), { nil: undefined }),
  passwordChanged: fc.boolean(),
  interactive: fc.boolean(),
}).map((c): CaSignInContext => ({
  subject: { kind: 'user', userId: c.userId, groupIds: c.groupIds, roleTemplateIds: c.roleTemplateIds, userType: c.guest ? 'guest' : 'member' },
  target: { kind: 'application', appId: c.appId },
  ...(c.clientAppType ? { clientAppType: c.clientAppType } : {}),
  ...(c.devicePlatform ? { devicePlatform: c.devicePlatform } : {}),
  ...c.network,
  ...(c.signInRiskLevel ? { signInRiskLevel: c.signInRiskLevel } : {}),
  ...(c.device ? { device: c.device } : {}),
  session: { methods: c.modes, passwordChanged: c.passwordChanged },
  interactive: c.interactive,
}));

const run = (policies: ConditionalAccessPolicy[], context: CaSignInContext, mode: 'signIn' | 'whatIf' = 'signIn') =>
  evaluate(compilePolicies(policies, locations, []), context, { mode });

/** 2: the request will fail (now or after the prompts); 1: it needs the user; 0: it goes through. */
function severity(e: CaEvaluation): number {
  const d = e.decision;
  if (d.action === 'allow') return 0;
  return d.action === 'block' || d.requirements.some((r) => !r.promptable) ? 2 : 1;
}
const controlsRequired = (e: CaEvaluation) => new Set(e.decision.action === 'allow' ? [] : e.decision.requirements.map((r) => r.control));
const enforcement = (e: CaEvaluation) => ({ decision: e.decision, status: e.conditionalAccessStatus, session: e.sessionControls });

/** The session is restricted no less by `a` than by `b`. */
function sessionAtLeastAsStrict(a: CaEvaluation, b: CaEvaluation): boolean {
  const fa = a.sessionControls.signInFrequency;
  const fb = b.sessionControls.signInFrequency;
  const frequency = !fb || (fa !== undefined && (fa.everyTime || (!fb.everyTime && (fa.maxAgeSeconds ?? Infinity) <= (fb.maxAgeSeconds ?? Infinity))));
  const browser = b.sessionControls.persistentBrowser !== 'never' || a.sessionControls.persistentBrowser === 'never';
  return frequency && browser;
}

/** One more exclusion on policy `index`: the subject's user, one of its groups or roles, the app, the platform, or a location. */
const arbExclusion = fc.record({ index: fc.nat(), kind: fc.constantFrom('user', 'group', 'role', 'app', 'platform', 'location'), pick: fc.nat() });

function withExclusion(policies: ConditionalAccessPolicy[], context: CaSignInContext, x: { index: number; kind: string; pick: number }) {
  const copy = structuredClone(policies);
  const p = copy[x.index % copy.length]!;
  const c = p.conditions;
  const s = context.subject;
  if (s.kind !== 'user' || context.target.kind !== 'application') return copy;
  const choose = <T>(list: readonly T[]) => list[x.pick % list.length]!;
  switch (x.kind) {
    case 'user': c.users!.excludeUsers.push(s.userId); break;
    case 'group': c.users!.excludeGroups.push(choose(groups)); break;
    case 'role': c.users!.excludeRoles.push(choose(roles)); break;
    case 'app': c.applications.excludeApplications.push(choose([...appIds, 'MicrosoftAdminPortals'])); break;
    case 'platform': c.platforms = { includePlatforms: c.platforms?.includePlatforms ?? ['all'], excludePlatforms: [...(c.platforms?.excludePlatforms ?? []), choose(platforms)] }; break;
    default: c.locations = { includeLocations: c.locations?.includeLocations ?? ['All'], excludeLocations: [...(c.locations?.excludeLocations ?? []), choose(locationIds)] };
  }
  return copy;
}

const numRuns = 1000;

describe('properties of the evaluator', () => {
  it('adding an exclusion never makes a subject more restricted', () => {
    fc.assert(fc.property(arbPolicies, arbContext, arbExclusion, (policies, context, x) => {
      const before = run(policies, context);
      const after = run(withExclusion(policies, context, x), context);
      assert.ok(severity(after) <= severity(before), 'no more severe');
      for (const control of controlsRequired(after)) assert.ok(controlsRequired(before).has(control), `${control} was already required`);
      assert.ok(sessionAtLeastAsStrict(before, after), 'session no stricter');
      const i = x.index % policies.length;
      assert.ok(!after.policies[i]!.policyApplies || before.policies[i]!.policyApplies, 'the policy applies to no one new');
    }), { numRuns });
  });

  it('a disabled policy never changes the decision', () => {
    fc.assert(fc.property(arbPolicies, arbPolicy, arbContext, fc.nat(), (policies, extra, context, at) => {
      const disabled = { ...extra, id: 'extra', displayName: 'extra', state: 'disabled' as const };
      const more = policies.toSpliced(at % (policies.length + 1), 0, disabled);
      assert.deepEqual(enforcement(run(more, context)), enforcement(run(policies, context)));
    }), { numRuns });
  });

  it('a report-only policy never changes enforcement', () => {
    fc.assert(fc.property(arbPolicies, arbPolicy, arbContext, fc.nat(), (policies, extra, context, at) => {
      const reportOnly = { ...extra, id: 'extra', displayName: 'extra', state: 'enabledForReportingButNotEnforced' as const };
      const more = policies.toSpliced(at % (policies.length + 1), 0, reportOnly);
      assert.deepEqual(enforcement(run(more, context)), enforcement(run(policies, context)));
    }), { numRuns });
  });

  it('adding a policy never makes a block go away (nor any requirement)', () => {
    fc.assert(fc.property(arbPolicies, arbPolicy, arbContext, fc.nat(), (policies, extra, context, at) => {
      const more = policies.toSpliced(at % (policies.length + 1), 0, { ...extra, id: 'extra', displayName: 'extra' });
      const before = run(policies, context);
      const after = run(more, context);
      if (before.decision.action === 'block' && before.decision.controls.includes('block')) {
        assert.ok(after.decision.action === 'block' && after.decision.controls.includes('block'), 'a blocking policy still blocks');
      }
      assert.ok(severity(after) >= severity(before), 'no less severe');
      for (const control of controlsRequired(before)) assert.ok(controlsRequired(after).has(control), `${control} is still required`);
      assert.ok(sessionAtLeastAsStrict(after, before), 'session no looser');
    }), { numRuns });
  });

  it('What If applies a policy only where sign-in would', () => {
    fc.assert(fc.property(arbPolicies, arbContext, (policies, context) => {
      const signIn = run(policies, context);
      const whatIf = run(policies, context, 'whatIf');
      whatIf.policies.forEach((p, i) => assert.ok(!p.policyApplies || signIn.policies[i]!.policyApplies, p.id));
    }), { numRuns });
  });
});
