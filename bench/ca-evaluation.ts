/**
 * Conditional Access evaluation cost, on one core, in this process: 195 policies (Entra's limit
 * per tenant) modelled on the Cloudshield-io Conditional Access Framework (MIT; personas for
 * everyone, admins, users, guests, break-glass, service accounts and agents, 42 policies),
 * repeated with their own exclusion groups and apps until there are 195, most enabled and a
 * fifth report-only; and a member in 300 groups (transitive) signing in with password + TOTP.
 * Reports the median and p99 time of one `evaluate()` (every token request) and of one
 * `compilePolicies()` (every policy change), each call timed on its own.
 *
 *   node bench/ca-evaluation.ts            # 5 s per figure
 *   BENCH_SECONDS=10 node bench/ca-evaluation.ts
 */
import { fileURLToPath } from 'node:url';
import type { AuthenticationStrengthPolicy } from '../src/authn/index.ts';
import { managementApi } from '../src/directory/index.ts';
import { compilePolicies, evaluate, type CaSignInContext } from '../src/conditional-access/evaluate/index.ts';
import type {
  ConditionalAccessConditions, ConditionalAccessGrantControls, ConditionalAccessPolicy, ConditionalAccessSessionControls, NamedLocation,
} from '../src/conditional-access/policy.ts';

const mfa = '00000000-0000-0000-0000-000000000002';
const phishingResistant = '00000000-0000-0000-0000-000000000004';
const breakGlassStrength = '6e301588-db43-4d12-a79b-b2b2cc6cfad5';
const adminOrTapStrength = '6f1ed154-c9eb-4217-9cbe-e3d690bdc8ce';
/** The 15 privileged role templates the framework's admin policies list. */
const adminRoles = [
  '62e90394-69f5-4237-9190-012177145e10', '194ae4cb-b126-40b2-bd5b-6091b380977d', 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  '29232cdf-9323-42fd-ade2-1d097af3e4de', 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'b0f54661-2d74-4c50-afa3-1ec803f12efe', 'fe930be7-5e62-47db-91af-98c3a49a38b1', 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', '158c047a-c907-4556-b7ef-446551a6b5f7', '966707d0-3269-4727-9be2-8c3a10f19b9d',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'e8611ab8-c189-46e8-94e1-60213ab1f814', 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
];
const allGuestTypes = 'internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider';

type Shape = {
  name: string;
  conditions: Partial<ConditionalAccessConditions>;
  grant?: Partial<ConditionalAccessGrantControls> | null;
  session?: ConditionalAccessSessionControls;
};

const none = { includeUsers: [] as string[], excludeUsers: [] as string[], includeGroups: [] as string[], excludeGroups: [] as string[], includeRoles: [] as string[], excludeRoles: [] as string[] };
const allApps = { includeApplications: ['All'], excludeApplications: [] as string[], includeUserActions: [] as string[], includeAuthenticationContextClassReferences: [] as string[] };
const unmanaged = { deviceFilter: { mode: 'exclude' as const, rule: 'device.deviceOwnership -eq "Company" -and device.isCompliant -eq True' } };
const block = { builtInControls: ['block' as const] };
const strength = (id: string) => ({ authenticationStrength: { id } });
const sif = (hours: number) => ({ signInFrequency: { isEnabled: true, type: 'hours' as const, value: hours, frequencyInterval: 'timeBased' as const } });
const neverPersist = { persistentBrowser: { isEnabled: true, mode: 'never' as const } };

/** One shape per framework policy; `k` gives each copy its own exclusion group and apps. */
function shapes(k: number): Shape[] {
  const exclude = [`grp-breakglass`, `grp-exclude-${k}`];
  const everyone = { ...none, includeUsers: ['All'], excludeGroups: exclude };
  const admins = { ...none, includeRoles: adminRoles, excludeGroups: exclude };
  const guests = { ...none, excludeGroups: exclude, includeGuestsOrExternalUsers: { guestOrExternalUserTypes: allGuestTypes, externalTenants: { membershipKind: 'all' as const } } };
  const users = { ...everyone, excludeRoles: adminRoles };
  const serviceAccounts = { ...none, includeGroups: ['grp-service-accounts'], excludeGroups: exclude };
  const agentsOnly = { ...none, includeUsers: ['None'] };
  const allAgents = { includeServicePrincipals: [], excludeServicePrincipals: [], includeAgentIdServicePrincipals: ['All'] };
  const action = (a: string) => ({ ...allApps, includeApplications: [], includeUserActions: [a] });
  const platform = (p: string) => ({ includePlatforms: [p], excludePlatforms: [] }) as ConditionalAccessConditions['platforms'];
  return [
    { name: 'Global-AnyApp-StrengthMFA', conditions: { users: everyone }, grant: strength(mfa) },
    { name: 'Global-RegisterSecurityInfo-StrengthMFA', conditions: { users: { ...everyone, excludeGuestsOrExternalUsers: guests.includeGuestsOrExternalUsers }, applications: action('urn:user:registersecurityinfo') }, grant: strength(mfa) },
    { name: 'Global-HighUserRisk-RiskRemediation', conditions: { users: everyone, userRiskLevels: ['high'] }, grant: { operator: 'AND', builtInControls: ['riskRemediation'], ...strength(phishingResistant) }, session: { signInFrequency: { isEnabled: true, frequencyInterval: 'everyTime' } } },
    { name: 'Global-HighSignInRisk-BLOCK', conditions: { users: everyone, signInRiskLevels: ['high'] }, grant: block },
    { name: 'Global-AdminPortals-StrengthMFA', conditions: { users: everyone, applications: { ...allApps, includeApplications: ['MicrosoftAdminPortals'] } }, grant: strength(mfa) },
    { name: 'Global-Unmanaged-SigninFrequency', conditions: { users: everyone, devices: unmanaged }, grant: null, session: sif(1) },
    { name: 'Global-Unmanaged-PersistentBrowser', conditions: { users: everyone, clientAppTypes: ['browser'], devices: unmanaged }, grant: null, session: neverPersist },
    { name: 'Global-LegacyAuthentication-BLOCK', conditions: { users: everyone, clientAppTypes: ['exchangeActiveSync', 'other'] }, grant: block },
    { name: 'Global-AuthenticationTransfer-BLOCK', conditions: { users: everyone, authenticationFlows: { transferMethods: 'authenticationTransfer' } }, grant: block },
    { name: 'Global-DeviceCodeFlow-BLOCK', conditions: { users: everyone, authenticationFlows: { transferMethods: 'deviceCodeFlow' } }, grant: block },
    { name: 'Global-UnknownPlatforms-BLOCK', conditions: { users: everyone, platforms: { includePlatforms: ['all'], excludePlatforms: ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux'] } }, grant: block },
    { name: 'Global-HighRiskCountries-BLOCK', conditions: { users: everyone, locations: { includeLocations: ['loc-high-risk-countries'], excludeLocations: [] } }, grant: block },
    { name: 'Global-RegisterOrJoin-StrengthMFA', conditions: { users: everyone, applications: action('urn:user:registerdevice') }, grant: strength(mfa) },
    { name: 'Global-Office365-Browser-Unmanaged-AppEnforced', conditions: { users: everyone, clientAppTypes: ['browser'], devices: unmanaged, applications: { ...allApps, includeApplications: [`app-mail-${k}`, `app-files-${k}`] } }, grant: null, session: { applicationEnforcedRestrictions: { isEnabled: true } } },
    { name: 'Admins-AnyApp-PhishingResistantMFA', conditions: { users: admins }, grant: strength(phishingResistant) },
    { name: 'Admins-RegisterSecurityInfo-PhishingResistantOrTAP', conditions: { users: admins, applications: action('urn:user:registersecurityinfo') }, grant: strength(adminOrTapStrength) },
    { name: 'Admins-SigninFrequency', conditions: { users: admins }, grant: null, session: sif(9) },
    { name: 'Admins-PersistentBrowser', conditions: { users: admins, clientAppTypes: ['browser'] }, grant: null, session: neverPersist },
    { name: 'Admins-DisableResilience', conditions: { users: admins }, grant: null, session: { disableResilienceDefaults: true } },
    ...(['windows', 'macOS', 'android', 'iOS'] as const).map((p): Shape => ({ name: `Users-${p}-RequireCompliantDevice`, conditions: { users, platforms: platform(p) }, grant: { builtInControls: ['compliantDevice'] } })),
    ...(['android', 'iOS'] as const).map((p): Shape => ({ name: `Users-${p}-Unmanaged-AppProtection`, conditions: { users, platforms: platform(p), clientAppTypes: ['mobileAppsAndDesktopClients'] }, grant: { builtInControls: ['compliantApplication'] } })),
    { name: 'Guests-StrengthMFA', conditions: { users: guests }, grant: strength(mfa) },
    { name: 'Guests-HighUserRisk-BLOCK', conditions: { users: guests, userRiskLevels: ['high'] }, grant: block },
    { name: 'Guests-SigninFrequency', conditions: { users: guests }, grant: null, session: sif(12) },
    { name: 'Guests-PersistentBrowser', conditions: { users: guests, clientAppTypes: ['browser'] }, grant: null, session: neverPersist },
    { name: 'Guests-NoneGuestApps-BLOCK', conditions: { users: guests, applications: { ...allApps, excludeApplications: [`app-guest-portal-${k}`, 'Office365'] } }, grant: block },
    { name: 'Guests-AdminPortals-BLOCK', conditions: { users: guests, applications: { ...allApps, includeApplications: ['MicrosoftAdminPortals'] } }, grant: block },
    { name: 'BreakGlass-StrengthBreakGlass', conditions: { users: { ...none, includeGroups: ['grp-breakglass'] } }, grant: strength(breakGlassStrength) },
    { name: 'BreakGlass-SigninFrequency', conditions: { users: { ...none, includeGroups: ['grp-breakglass'] } }, grant: null, session: sif(4) },
    { name: 'BreakGlass-PersistentBrowser', conditions: { users: { ...none, includeGroups: ['grp-breakglass'] } }, grant: null, session: neverPersist },
    { name: 'ServiceAccounts-StrengthMFA', conditions: { users: serviceAccounts, locations: { includeLocations: ['All'], excludeLocations: [] } }, grant: strength(mfa) },
    { name: 'ServiceAccounts-ContinuousAccessEvaluation', conditions: { users: serviceAccounts }, grant: null, session: { continuousAccessEvaluation: { mode: 'strictLocation' } } },
    { name: 'ServiceAccounts-UntrustedLocations-BLOCK', conditions: { users: serviceAccounts, locations: { includeLocations: ['All'], excludeLocations: ['loc-allowed-countries', 'loc-allowed-networks'] } }, grant: block },
    { name: 'Agents-HighRiskAgent-BLOCK', conditions: { users: agentsOnly, clientApplications: allAgents, agentIdRiskLevels: 'high' }, grant: block },
    { name: 'Agents-AllAgentResources-BLOCK', conditions: { users: agentsOnly, clientApplications: allAgents, applications: { ...allApps, includeApplications: ['AllAgentIdResources'] } }, grant: block },
    { name: 'Agents-AgentUsers-RequireCompliantDevice', conditions: { users: agentsOnly, agents: { includeAgentUsers: ['All'], excludeAgentUsers: [] } }, grant: { builtInControls: ['compliantDevice'] } },
    { name: 'Agents-AgentUsers-RiskyAgents-BLOCK', conditions: { users: agentsOnly, agents: { includeAgentUsers: ['All'], excludeAgentUsers: [] }, agentIdRiskLevels: 'medium,high' }, grant: block },
    { name: 'Agents-AgentUsers-NoneCompliantNetworks-BLOCK', conditions: { users: agentsOnly, agents: { includeAgentUsers: ['All'], excludeAgentUsers: [] }, locations: { includeLocations: ['All'], excludeLocations: ['loc-allowed-networks'] } }, grant: block },
  ];
}

export function frameworkPolicies(count = 195): ConditionalAccessPolicy[] {
  const policies: ConditionalAccessPolicy[] = [];
  for (let k = 0; policies.length < count; k++) {
    for (const shape of shapes(k)) {
      if (policies.length === count) break;
      const n = policies.length;
      policies.push({
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        displayName: `CA${String(n).padStart(3, '0')}-${shape.name}-v1.0`,
        state: n % 5 === 4 ? 'enabledForReportingButNotEnforced' : 'enabled',
        createdDateTime: '2026-08-01T00:00:00Z', modifiedDateTime: null,
        conditions: {
          users: null, applications: allApps, clientAppTypes: ['all'], signInRiskLevels: [], userRiskLevels: [], platforms: null, locations: null,
          ...shape.conditions,
        },
        grantControls: shape.grant === null ? null : { operator: 'OR', builtInControls: [], customAuthenticationFactors: [], termsOfUse: [], ...shape.grant },
        sessionControls: shape.session ?? null,
      });
    }
  }
  return policies;
}

function octets(i: number): string {
  return `${(i >>> 24) & 255}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
}

export const frameworkLocations: NamedLocation[] = [
  {
    '@odata.type': '#microsoft.graph.countryNamedLocation', id: 'loc-high-risk-countries', displayName: 'HIGH RISK COUNTRIES',
    createdDateTime: '2026-08-03T16:27:11Z', modifiedDateTime: '2026-08-03T16:27:11Z', includeUnknownCountriesAndRegions: false, countryLookupMethod: 'clientIpAddress',
    countriesAndRegions: ['AF', 'DZ', 'BY', 'CN', 'CU', 'EG', 'ER', 'ET', 'IR', 'IQ', 'LB', 'LY', 'ML', 'MM', 'NE', 'NG', 'KP', 'PK', 'RU', 'SO', 'SS', 'SD', 'SY', 'TN', 'VE', 'YE', 'ZW'],
  },
  {
    '@odata.type': '#microsoft.graph.countryNamedLocation', id: 'loc-allowed-countries', displayName: 'ALLOWED COUNTRIES - SERVICE ACCOUNTS',
    createdDateTime: '2026-07-31T04:12:03Z', modifiedDateTime: '2026-07-31T04:12:03Z', countriesAndRegions: ['NL'], includeUnknownCountriesAndRegions: false, countryLookupMethod: 'clientIpAddress',
  },
  {
    // Entra's maximum: 2,000 ranges in one location.
    '@odata.type': '#microsoft.graph.ipNamedLocation', id: 'loc-allowed-networks', displayName: 'ALLOWED NETWORKS - SERVICE ACCOUNTS',
    createdDateTime: '2026-08-09T12:39:54Z', modifiedDateTime: '2026-08-09T12:39:54Z', isTrusted: true,
    ipRanges: Array.from({ length: 2000 }, (_, i) => ({ '@odata.type': '#microsoft.graph.iPv4CidrRange' as const, cidrAddress: `${octets((100 << 24) + i * 4096)}/20` })),
  },
];

const customStrength = (id: string, displayName: string, allowedCombinations: string[]): AuthenticationStrengthPolicy => ({
  id, displayName, description: displayName, policyType: 'custom', requirementsSatisfied: 'mfa', allowedCombinations, combinationConfigurations: [],
  createdDateTime: '2026-08-03T19:29:58Z', modifiedDateTime: '2026-08-03T19:29:58Z',
});
export const frameworkStrengths = [
  customStrength(breakGlassStrength, 'BreakGlass', ['fido2']),
  customStrength(adminOrTapStrength, 'Phishing-resistant MFA or TAP', ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'temporaryAccessPassOneTime', 'temporaryAccessPassMultiUse']),
];

/** A member in 300 groups, in a browser on a compliant company device: one request per resource and platform, taken in turn. */
function requests(): CaSignInContext[] {
  const groupIds = new Set(Array.from({ length: 300 }, (_, i) => `grp-member-${i}`));
  const subject = { kind: 'user' as const, userId: 'u-member', groupIds, roleTemplateIds: ['fdd7a751-b60b-444a-984c-02652fe8fa1c'], userType: 'member' as const };
  const session = { methods: { modes: ['password', 'softwareOath'] as const } };
  return (['windows', 'macOS', 'iOS'] as const).flatMap((devicePlatform) => ['app-payroll', 'app-mail-3', managementApi.appId].map((appId): CaSignInContext => ({
    subject, target: { kind: 'application', appId }, clientAppType: 'browser', devicePlatform, ipAddress: '81.2.69.160', country: 'GB',
    device: { isCompliant: true, deviceOwnership: 'Company', trustType: 'AzureAD' }, session, interactive: true,
  })));
}

function percentiles(samples: Float64Array, n: number) {
  const sorted = samples.subarray(0, n).sort();
  return { median: sorted[Math.floor(n / 2)]! * 1000, p99: sorted[Math.min(n - 1, Math.floor(n * 0.99))]! * 1000 };
}

/** Times `once` for about `seconds`, each call on its own; medians and p99 in microseconds. */
function timed(seconds: number, once: (i: number) => unknown) {
  const samples = new Float64Array(500_000);
  for (let i = 0; i < 1000; i++) once(i); // warm up the JIT
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (n < samples.length && performance.now() < end) {
    const t = performance.now();
    once(n);
    samples[n] = performance.now() - t;
    n += 1;
  }
  return { ...percentiles(samples, n), samples: n };
}

export interface CaFigure { name: string; medianMicroseconds: number; p99Microseconds: number; samples: number }

export function caEvaluationFigures(seconds: number): CaFigure[] {
  const policies = frameworkPolicies();
  const compiled = compilePolicies(policies, frameworkLocations, frameworkStrengths);
  const contexts = requests();
  const check = evaluate(compiled, contexts[0]!);
  if (check.policies.length !== 195 || check.decision.action !== 'allow') throw new Error(`unexpected bench evaluation: ${JSON.stringify(check.decision)}`);

  const rows: CaFigure[] = [];
  const row = (name: string, t: ReturnType<typeof timed>) => rows.push({ name, medianMicroseconds: t.median, p99Microseconds: t.p99, samples: t.samples });
  row('evaluate(): 195 policies, user in 300 groups', timed(seconds, (i) => evaluate(compiled, contexts[i % contexts.length]!)));
  const withoutCountry = contexts.map((c) => ({ ...c, country: undefined }));
  row('evaluate(): same, country looked up from the address', timed(seconds, (i) => evaluate(compiled, withoutCountry[i % withoutCountry.length]!)));
  row('compilePolicies(): 195 policies, 3 named locations (2,000 ranges)', timed(seconds, () => compilePolicies(policies, frameworkLocations, frameworkStrengths)));
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const rows = caEvaluationFigures(seconds);
  process.stdout.write(`\nConditional Access on one core (in process, ${seconds} s each)\n\n| operation | median µs | p99 µs | calls timed |\n|---|---:|---:|---:|\n`);
  for (const r of rows) process.stdout.write(`| ${r.name} | ${r.medianMicroseconds.toFixed(1)} | ${r.p99Microseconds.toFixed(1)} | ${r.samples} |\n`);
}
