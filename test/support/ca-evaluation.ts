/**
 * Small builders for Conditional Access policies and sign-in contexts, so evaluator tests read
 * as the policy they describe: `policy('p', { users: users({ includeGroups: ['g-staff'] }) }, grant('mfa'))`.
 */
import type { MethodsUsed } from '../../src/authn/index.ts';
import type { CaSignInContext, CaUserSubject } from '../../src/conditional-access/evaluate/index.ts';
import type {
  ConditionalAccessApplications, ConditionalAccessConditions, ConditionalAccessGrantControls, ConditionalAccessPolicy,
  ConditionalAccessUsers, NamedLocation,
} from '../../src/conditional-access/policy.ts';

export const strengthIds = {
  mfa: '00000000-0000-0000-0000-000000000002',
  passwordless: '00000000-0000-0000-0000-000000000003',
  phishingResistant: '00000000-0000-0000-0000-000000000004',
} as const;

export const users = (u: Partial<ConditionalAccessUsers>): ConditionalAccessUsers => ({
  includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], ...u,
});

export const apps = (includeApplications: string[], more: Partial<ConditionalAccessApplications> = {}): ConditionalAccessApplications => ({
  includeApplications, excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [], ...more,
});

/** Grant controls: built-in control names, or `{ strength: id }`; `'AND'` / `'OR'` anywhere sets the operator. */
export function grant(...controls: Array<string | { strength: string }>): ConditionalAccessGrantControls {
  const operator = controls.includes('AND') ? 'AND' : 'OR';
  const strength = controls.find((c): c is { strength: string } => typeof c === 'object');
  return {
    operator,
    builtInControls: controls.filter((c): c is string => typeof c === 'string' && c !== 'AND' && c !== 'OR') as ConditionalAccessGrantControls['builtInControls'],
    customAuthenticationFactors: [], termsOfUse: [],
    ...(strength ? { authenticationStrength: { id: strength.strength } } : {}),
  };
}

/** An enabled policy for all users and all resources, with the given conditions and grant. */
export function policy(
  id: string, conditions: Partial<ConditionalAccessConditions> = {}, grantControls: ConditionalAccessGrantControls | null = grant('mfa'),
  more: Partial<ConditionalAccessPolicy> = {},
): ConditionalAccessPolicy {
  return {
    id, displayName: id, state: 'enabled', createdDateTime: '2026-01-01T00:00:00Z', modifiedDateTime: null,
    conditions: {
      users: users({ includeUsers: ['All'] }), applications: apps(['All']), clientAppTypes: ['all'], signInRiskLevels: [], userRiskLevels: [],
      ...conditions,
    },
    grantControls, sessionControls: null, ...more,
  };
}

export function ipLocation(id: string, cidrs: string[], isTrusted = false): NamedLocation {
  return {
    '@odata.type': '#microsoft.graph.ipNamedLocation', id, displayName: id, createdDateTime: '2026-01-01T00:00:00Z',
    modifiedDateTime: '2026-01-01T00:00:00Z', isTrusted,
    ipRanges: cidrs.map((cidrAddress) => ({
      '@odata.type': cidrAddress.includes(':') ? '#microsoft.graph.iPv6CidrRange' as const : '#microsoft.graph.iPv4CidrRange' as const, cidrAddress,
    })),
  };
}

export function countryLocation(id: string, countries: string[], includeUnknownCountriesAndRegions = false): NamedLocation {
  return {
    '@odata.type': '#microsoft.graph.countryNamedLocation', id, displayName: id, createdDateTime: '2026-01-01T00:00:00Z',
    modifiedDateTime: '2026-01-01T00:00:00Z', countriesAndRegions: countries, includeUnknownCountriesAndRegions, countryLookupMethod: 'clientIpAddress',
  };
}

export const alice: CaUserSubject = { kind: 'user', userId: 'u-alice', groupIds: ['g-staff', 'g-parent'], roleTemplateIds: [], userType: 'member' };

export const methods = (...modes: MethodsUsed['modes']): MethodsUsed => ({ modes });

/** Alice, in a browser on Windows from a GB address, signed in with a password, to the payroll app. */
export function context(more: Partial<CaSignInContext> = {}): CaSignInContext {
  return {
    subject: alice, target: { kind: 'application', appId: 'app-payroll' }, clientAppType: 'browser', devicePlatform: 'windows',
    ipAddress: '81.2.69.160', country: 'GB', session: { methods: methods('password') }, interactive: true, ...more,
  };
}
