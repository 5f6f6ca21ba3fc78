/**
 * Replay reuses evaluations (replay-memo.ts); its report must be the one evaluating every
 * sign-in on its own gives. The reference here is that plain loop.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { apps, countryLocation, grant, ipLocation, policy, strengthIds } from '../../test/support/ca-evaluation.ts';
import { toSignIn, type SignIn, type SignInInput } from '../logs/sign-in.ts';
import { signInStatus } from '../logs/sign-in-errors.ts';
import { devicePlatformOf } from './device-platform.ts';
import { compilePolicies, countryOfIp, evaluate, type CaSignInContext, type CaSubject, type CompiledPolicies } from './evaluate/index.ts';
import { replay, type ReplayReport } from './replay.ts';
import { methodsOf } from './sign-in-methods.ts';

const locations = [ipLocation('loc-office', ['81.2.69.0/25'], true), countryLocation('loc-nl', ['NL'])];
const policies = [
  policy('mfa-everywhere', {}, grant({ strength: strengthIds.mfa })),
  policy('block-nl', { locations: { includeLocations: ['loc-nl'], excludeLocations: [] } }, grant('block')),
  policy('phishing-resistant-off-site', { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] }, applications: apps(['app-payroll']) },
    grant({ strength: strengthIds.phishingResistant })),
  policy('compliant-android', { platforms: { includePlatforms: ['android'], excludePlatforms: [] } }, grant('compliantDevice')),
  policy('no-desktop-mail', { clientAppTypes: ['mobileAppsAndDesktopClients'], applications: apps(['app-mail']) }, grant('block')),
  policy('report-only-block', {}, grant('block'), { state: 'enabledForReportingButNotEnforced' }),
  policy('block-workloads', { users: null, clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [] } }, grant('block')),
];

const aaGuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const step = (authenticationMethod: string, authenticationMethodDetail: string | null) => ({
  authenticationStepDateTime: '', authenticationMethod, authenticationMethodDetail, succeeded: true,
  authenticationStepResultDetail: '', authenticationStepRequirement: '',
});

/** Subjects as the simulate route gives them: one object per person, looked up once; `u-gone` no longer exists. */
function subjects(): (s: SignIn) => Promise<CaSubject | undefined> {
  const known = new Map<string, CaSubject>();
  return async (s) => {
    const key = s.userId ?? s.servicePrincipalId ?? '';
    if (key === 'u-gone') return undefined;
    if (!known.has(key)) {
      known.set(key, s.userId
        ? { kind: 'user', userId: s.userId, groupIds: s.userId === 'u-2' ? ['g-staff'] : [], roleTemplateIds: [], userType: s.userId === 'u-3' ? 'guest' : 'member' }
        : { kind: 'servicePrincipal', servicePrincipalId: key, appId: `app-of-${key}`, isAgent: false });
    }
    return known.get(key);
  };
}

/** The report as the first replay computed it: every sign-in rebuilt and evaluated on its own. */
async function oneByOne(compiled: CompiledPolicies, signIns: SignIn[], subjectOf: (s: SignIn) => Promise<CaSubject | undefined>): Promise<ReplayReport> {
  type Row = { key: string; name: string; blocked: number; challenged: number; unaffected: number };
  const tally = () => {
    const rows = new Map<string, Row>();
    return {
      add: (key: string, name: string, outcome: 'blocked' | 'challenged' | 'unaffected') => {
        if (!rows.has(key)) rows.set(key, { key, name, blocked: 0, challenged: 0, unaffected: 0 });
        rows.get(key)![outcome] += 1;
      },
      top: () => [...rows.values()].sort((a, b) => (b.blocked + b.challenged) - (a.blocked + a.challenged) || b.unaffected - a.unaffected).slice(0, 20),
    };
  };
  const [users, appTally, platforms, clients, countries] = [tally(), tally(), tally(), tally(), tally()];
  const report = { signIns: 0, skipped: 0, blocked: 0, challenged: 0, unaffected: 0, examples: [] as ReplayReport['examples'] };
  for (const signIn of signIns) {
    const subject = signIn.status.errorCode === 0 ? await subjectOf(signIn) : undefined;
    const appId = signIn.resourceId ?? signIn.appId;
    if (!subject || !appId) {
      report.skipped += 1;
      continue;
    }
    const platform = devicePlatformOf(signIn.userAgent ?? undefined);
    const context: CaSignInContext = {
      subject, target: { kind: 'application', appId }, interactive: signIn.isInteractive,
      ...(subject.kind === 'user' ? { clientAppType: signIn.isInteractive ? 'browser' : 'mobileAppsAndDesktopClients', session: { methods: methodsOf(signIn) } } : {}),
      ...(platform ? { devicePlatform: platform } : {}),
      ...(signIn.ipAddress ? { ipAddress: signIn.ipAddress } : {}),
    };
    const { decision, policies: results } = evaluate(compiled, context);
    const outcome = decision.action === 'allow' ? 'unaffected' : decision.action === 'block' ? 'blocked' : 'challenged';
    report.signIns += 1;
    report[outcome] += 1;
    users.add(subject.kind === 'user' ? subject.userId : subject.servicePrincipalId, signIn.userPrincipalName ?? signIn.servicePrincipalName ?? signIn.appDisplayName ?? '', outcome);
    appTally.add(appId, signIn.resourceDisplayName ?? signIn.appDisplayName ?? appId, outcome);
    platforms.add(platform ?? 'unknown', platform ?? 'unknown', outcome);
    clients.add(signIn.clientAppUsed ?? (subject.kind === 'servicePrincipal' ? 'Service principal' : 'unknown'), '', outcome);
    const country = signIn.location.countryOrRegion ?? (signIn.ipAddress ? countryOfIp(signIn.ipAddress) : undefined) ?? 'unknown';
    countries.add(country, country, outcome);
    if (outcome !== 'unaffected' && report.examples.length < 20) {
      report.examples.push({
        signInId: signIn.id, createdDateTime: signIn.createdDateTime, userPrincipalName: signIn.userPrincipalName, appDisplayName: signIn.appDisplayName,
        outcome, ...('errorCode' in decision ? { errorCode: decision.errorCode } : {}),
        policies: results.filter((p) => 'policyIds' in decision && decision.policyIds.includes(p.id)).map((p) => p.displayName),
      });
    }
  }
  const plain = (rows: Row[]) => rows.map(({ name: _n, ...r }) => r);
  return {
    ...report, byUser: users.top(), byApplication: appTally.top(),
    byPlatform: plain(platforms.top()), byClientApp: plain(clients.top()), byCountry: plain(countries.top()), examples: report.examples,
  };
}

async function* each(signIns: SignIn[]): AsyncGenerator<SignIn> {
  yield* signIns;
}

const arbSignIn: fc.Arbitrary<SignInInput> = fc.record({
  who: fc.constantFrom('u-1', 'u-2', 'u-3', 'u-gone', 'sp-1'),
  failed: fc.constantFrom(false, false, false, true),
  app: fc.constantFrom<[string | null, string | null]>(['app-payroll', null], ['app-mail', null], [null, 'app-payroll'], [null, null]),
  interactive: fc.boolean(),
  userAgent: fc.constantFrom(null, '', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'Mozilla/5.0 (Linux; Android 14)', 'curl/8.0'),
  ipAddress: fc.constantFrom(null, '', '81.2.69.1', '81.2.69.100', '81.2.69.200', '193.0.6.139', '193.0.6.1', '::ffff:81.2.69.7', '2001:67c:2e8::1', '10.0.0.1', 'nope'),
  steps: fc.constantFrom([], [step('Password', null)], [step('Password', null), step('OATH verification code', null)],
    [step('Passkey (device-bound)', `key (AAGUID ${aaGuid(1)})`)], [step('Temporary Access Pass', 'One-time use')]),
  country: fc.constantFrom(undefined, undefined, 'FR'),
}).map((s): SignInInput => ({
  ...(s.who.startsWith('sp') ? { servicePrincipalId: s.who, servicePrincipalName: s.who } : { userId: s.who, userPrincipalName: `${s.who}@contoso.test` }),
  appId: s.app[0], resourceId: s.app[1], appDisplayName: s.app[0], isInteractive: s.interactive, userAgent: s.userAgent, ipAddress: s.ipAddress,
  clientAppUsed: s.interactive ? 'Browser' : null, authenticationDetails: [...s.steps],
  ...(s.failed ? { status: signInStatus('userLocked') } : {}),
  ...(s.country ? { location: { countryOrRegion: s.country } } : {}),
}));

describe('replay', () => {
  const compiled = compilePolicies(policies, locations, []);

  it('reports what evaluating every sign-in on its own reports', async () => {
    await fc.assert(fc.asyncProperty(fc.array(arbSignIn, { minLength: 20, maxLength: 80 }), async (inputs) => {
      const signIns = inputs.map((input, i) => toSignIn(input, new Date(Date.UTC(2026, 10, 1) + i * 1000)));
      assert.deepEqual(await replay(compiled, each(signIns), subjects()), await oneByOne(compiled, signIns, subjects()));
    }), { numRuns: 300 });
  });

  it('reports the same when more methods lists are seen than the memo numbers (it starts over)', async () => {
    // A passkey with its own AAGUID on every sign-in: 70,000 distinct lists of methods, past the 65,536 the memo numbers.
    // One person, from the office first and last and from the Netherlands in between: were the numbers to run over
    // into the address's bits, a late office sign-in would take an early Dutch one's verdict.
    const signIns = Array.from({ length: 70_000 }, (_, i) => toSignIn({
      userId: 'u-1', appId: 'app-payroll', ipAddress: i === 0 || i >= 35_000 ? '81.2.69.1' : '193.0.6.1',
      authenticationDetails: [step(i % 5 ? 'Passkey (synced)' : 'Passkey (device-bound)', `key (AAGUID ${aaGuid(i)})`)],
    }, new Date(Date.UTC(2026, 10, 1) + i * 1000)));
    assert.deepEqual(await replay(compiled, each(signIns), subjects()), await oneByOne(compiled, signIns, subjects()));
  });
});
