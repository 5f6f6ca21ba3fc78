import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInStrengths, type AuthenticationStrengthPolicy } from '../../authn/index.ts';
import { apps, context, grant, methods, policy, strengthIds, users } from '../../../test/support/ca-evaluation.ts';
import type { ConditionalAccessPolicy } from '../policy.ts';
import { compilePolicies, evaluate, type CaDecision, type CaSignInContext, type CaSubject } from './index.ts';

const passkey = { modes: ['fido2' as const], passkey: { passkeyType: 'deviceBound' as const } };
const workload: CaSubject = { kind: 'servicePrincipal', servicePrincipalId: 'sp-batch', appId: 'app-batch', isAgent: false };
const agent: CaSubject = { kind: 'servicePrincipal', servicePrincipalId: 'sp-agent', appId: 'app-agent', isAgent: true };
const agentUser: CaSubject = { kind: 'user', userId: 'u-agent', groupIds: [], roleTemplateIds: [], userType: 'member', isAgentUser: true };
const allServicePrincipals = { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [] };
const breakGlass: AuthenticationStrengthPolicy = {
  id: '6e301588-db43-4d12-a79b-b2b2cc6cfad5', createdDateTime: '2026-08-03T19:29:58Z', modifiedDateTime: '2026-08-03T19:29:58Z',
  displayName: 'BreakGlass', description: '', policyType: 'custom', requirementsSatisfied: 'mfa', allowedCombinations: ['fido2'], combinationConfigurations: [],
};

function run(policies: ConditionalAccessPolicy[], request: Partial<CaSignInContext> = {}) {
  return evaluate(compilePolicies(policies, [], [breakGlass]), context(request));
}

/** The decision, reduced to what the sign-in acts on. */
function summary(d: CaDecision) {
  if (d.action === 'allow') return 'allow';
  const strengths = d.action === 'block' || d.requiredStrengths.length === 0 ? '' : ` [${d.requiredStrengths.map((s) => s.displayName).join(' + ')}]`;
  return `${d.action} ${d.errorCode}${strengths}`;
}

// [the rule, the policies, the request, the decision, each policy's result]
const table: Array<[string, ConditionalAccessPolicy[], Partial<CaSignInContext>, string, string[]]> = [
  ['no applicable policy: the token is issued', [policy('p', { users: users({ includeUsers: ['u-bob'] }) })], {}, 'allow', ['notApplied']],
  ['a password and an authenticator app code meet "require MFA"', [policy('p')], { session: { methods: methods('password', 'softwareOath') } }, 'allow', ['success']],
  ['a password alone does not: the user is asked for MFA (50076) with the MFA strength', [policy('p')], {}, 'prompt 50076 [Multifactor authentication]', ['failure']],
  ['a Temporary Access Pass meets the MFA strength', [policy('p', {}, grant({ strength: strengthIds.mfa }))],
    { session: { methods: methods('temporaryAccessPassOneTime') } }, 'allow', ['success']],
  ['a Temporary Access Pass does not meet phishing-resistant MFA', [policy('p', {}, grant({ strength: strengthIds.phishingResistant }))],
    { session: { methods: methods('temporaryAccessPassOneTime') } }, 'prompt 50076 [Phishing-resistant MFA]', ['failure']],
  ['a passkey meets phishing-resistant MFA', [policy('p', {}, grant({ strength: strengthIds.phishingResistant }))],
    { session: { methods: passkey } }, 'allow', ['success']],
  ['a custom strength resolves by id', [policy('p', {}, grant({ strength: breakGlass.id }))], {}, 'prompt 50076 [BreakGlass]', ['failure']],
  ['requirements add up: only the strengths not yet met are asked for',
    [policy('p-mfa'), policy('p-pr', {}, grant({ strength: strengthIds.phishingResistant }))],
    { session: { methods: methods('password', 'softwareOath') } }, 'prompt 50076 [Phishing-resistant MFA]', ['success', 'failure']],
  ['requirements add up: every unmet strength must be met',
    [policy('p-mfa'), policy('p-pr', {}, grant({ strength: strengthIds.phishingResistant }))], {},
    'prompt 50076 [Multifactor authentication + Phishing-resistant MFA]', ['failure', 'failure']],
  ['a strength id that names no strength fails closed', [policy('p', {}, grant({ strength: 'no-such-strength' }))],
    { session: { methods: passkey } }, 'block 53003', ['failure']],
  ['block wins over every grant', [policy('p-mfa'), policy('p-block', {}, grant('block'))],
    { session: { methods: methods('password', 'softwareOath') } }, 'block 53003', ['success', 'failure']],
  ['an unknown device is not compliant (53000)', [policy('p', {}, grant('compliantDevice'))], {}, 'block 53000', ['failure']],
  ['a device the directory knows as compliant is', [policy('p', {}, grant('compliantDevice'))], { device: { isCompliant: true } }, 'allow', ['success']],
  ['an unknown device is not hybrid joined (53001)', [policy('p', {}, grant('domainJoinedDevice'))], {}, 'block 53001', ['failure']],
  ['a device with trust type ServerAD is hybrid joined', [policy('p', {}, grant('domainJoinedDevice'))], { device: { trustType: 'ServerAD' } }, 'allow', ['success']],
  ['an approved client app cannot be verified (53002)', [policy('p', {}, grant('approvedApplication'))], {}, 'block 53002', ['failure']],
  ['an app protection policy cannot be verified (53005)', [policy('p', {}, grant('compliantApplication'))], {}, 'block 53005', ['failure']],
  ['OR: a compliant device alone satisfies "compliant device or MFA"', [policy('p', {}, grant('compliantDevice', 'mfa'))],
    { device: { isCompliant: true } }, 'allow', ['success']],
  ['OR: without a compliant device the user is offered MFA', [policy('p', {}, grant('compliantDevice', 'mfa'))], {}, 'prompt 50076 [Multifactor authentication]', ['failure']],
  ['AND: MFA is asked for first, in Microsoft\'s order', [policy('p', {}, grant('AND', 'compliantDevice', 'mfa'))], {},
    'prompt 50076 [Multifactor authentication]', ['failure']],
  ['AND: with MFA done the device still fails (53000)', [policy('p', {}, grant('AND', 'compliantDevice', 'mfa'))],
    { session: { methods: methods('password', 'softwareOath') } }, 'block 53000', ['failure']],
  ['password change comes after MFA', [policy('p', { userRiskLevels: ['high'] }, grant('AND', 'mfa', 'passwordChange'))],
    { userRiskLevel: 'high' }, 'prompt 50076 [Multifactor authentication]', ['failure']],
  ['with MFA done the user must change the password (50135)', [policy('p', { userRiskLevels: ['high'] }, grant('AND', 'mfa', 'passwordChange'))],
    { userRiskLevel: 'high', session: { methods: methods('password', 'softwareOath') } }, 'prompt 50135', ['failure']],
  ['a changed password and MFA meet the risk policy', [policy('p', { userRiskLevels: ['high'] }, grant('AND', 'mfa', 'passwordChange'))],
    { userRiskLevel: 'high', session: { methods: methods('password', 'softwareOath'), passwordChanged: true } }, 'allow', ['success']],
  ['risk remediation cannot be done in Limen: blocked', [policy('p', { userRiskLevels: ['high'] }, grant('AND', 'riskRemediation', { strength: strengthIds.mfa }))],
    { userRiskLevel: 'high', session: { methods: methods('password', 'softwareOath') } }, 'block 53003', ['failure']],
  ['terms of use fail closed', [policy('p', {}, { ...grant(), termsOfUse: ['tou-1'] })], {}, 'block 53003', ['failure']],
  ['a custom control fails closed (50158)', [policy('p', {}, { ...grant(), customAuthenticationFactors: ['RequireDuoMfa'] })], {}, 'block 50158', ['failure']],
  ['a refresh token cannot prompt: interaction required (50076)', [policy('p')], { interactive: false }, 'interactionRequired 50076 [Multifactor authentication]', ['failure']],
  ['a policy with only session controls is satisfied', [policy('p', {}, null, { sessionControls: { signInFrequency: { isEnabled: true, type: 'hours', value: 4 } } })],
    {}, 'allow', ['success']],
  ['a disabled policy is not enabled and changes nothing', [policy('p', {}, grant('block'), { state: 'disabled' })], {}, 'allow', ['notEnabled']],
  ['report-only: a block is logged as a failure, never enforced', [policy('p', {}, grant('block'), { state: 'enabledForReportingButNotEnforced' })],
    {}, 'allow', ['reportOnlyFailure']],
  ['report-only: an unmet MFA would interrupt the user', [policy('p', {}, grant('mfa'), { state: 'enabledForReportingButNotEnforced' })],
    {}, 'allow', ['reportOnlyInterrupted']],
  ['report-only: a met MFA is a success', [policy('p', {}, grant('mfa'), { state: 'enabledForReportingButNotEnforced' })],
    { session: { methods: methods('password', 'softwareOath') } }, 'allow', ['reportOnlySuccess']],
  ['report-only: a non-compliant device is a failure', [policy('p', {}, grant('compliantDevice'), { state: 'enabledForReportingButNotEnforced' })],
    {}, 'allow', ['reportOnlyFailure']],
  ['report-only: a policy that does not apply', [policy('p', { applications: apps(['app-crm']) }, grant('block'), { state: 'enabledForReportingButNotEnforced' })],
    {}, 'allow', ['reportOnlyNotApplied']],
  ['a workload identity can be blocked', [policy('p', { users: null, clientApplications: allServicePrincipals }, grant('block'))],
    { subject: workload, interactive: false }, 'block 53003', ['failure']],
  ['a workload policy asking for MFA fails closed: workloads can only be blocked (53003)',
    [policy('p', { users: null, clientApplications: allServicePrincipals }, grant('mfa'))], { subject: workload, interactive: false }, 'block 53003', ['failure']],
  ['a workload policy asking for a compliant device fails closed too (53003, not 53000)',
    [policy('p', { users: null, clientApplications: allServicePrincipals }, grant('compliantDevice'))], { subject: workload, interactive: false }, 'block 53003', ['failure']],
  ['a risky agent identity is blocked',
    [policy('p', { users: users({ includeUsers: ['None'] }), clientApplications: { includeServicePrincipals: [], excludeServicePrincipals: [], includeAgentIdServicePrincipals: ['All'] }, agentIdRiskLevels: 'high' }, grant('block'))],
    { subject: agent, agentIdRiskLevel: 'high', interactive: false }, 'block 53003', ['failure']],
  ['an agent user cannot be prompted: MFA fails closed (53003)',
    [policy('p', { users: users({ includeUsers: ['None'] }), agents: { includeAgentUsers: ['All'], excludeAgentUsers: [] } }, grant('mfa'))],
    { subject: agentUser }, 'block 53003', ['failure']],
];

describe('the decision and each policy\'s result', () => {
  for (const [rule, policies, request, decision, results] of table) {
    it(rule, () => {
      const e = run(policies, request);
      assert.equal(summary(e.decision), decision);
      assert.deepEqual(e.policies.map((p) => p.result), results);
    });
  }
});

describe('the sign-in\'s conditionalAccessStatus', () => {
  const cases: Array<[string, ConditionalAccessPolicy[], Partial<CaSignInContext>, string]> = [
    ['notApplied when no enforced policy applies', [policy('p', { users: users({ includeUsers: ['u-bob'] }) }), policy('r', {}, grant('block'), { state: 'enabledForReportingButNotEnforced' })], {}, 'notApplied'],
    ['success when every applicable enforced policy is met', [policy('p')], { session: { methods: methods('password', 'softwareOath') } }, 'success'],
    ['failure when one is not', [policy('p'), policy('q', {}, grant('compliantDevice'))], { session: { methods: methods('password', 'softwareOath') } }, 'failure'],
  ];
  for (const [rule, policies, request, status] of cases) it(rule, () => assert.equal(run(policies, request).conditionalAccessStatus, status));
});

describe('what the decision tells the sign-in', () => {
  it('a block names the blocking policies', () => {
    const d = run([policy('p-mfa'), policy('p-block', {}, grant('block'))]).decision;
    assert.equal(d.action, 'block');
    assert.deepEqual(d.action === 'block' && d.policyIds, ['p-block']);
  });
  it('a prompt lists every unmet control, the later ones too, so the caller knows the device will still fail', () => {
    const d = run([policy('p', {}, grant('AND', 'compliantDevice', 'mfa'))]).decision;
    assert.deepEqual(d.action !== 'allow' && d.requirements.map((r) => [r.control, r.errorCode, r.promptable]), [
      ['mfa', 50076, true], ['compliantDevice', 53000, false],
    ]);
  });
  it('the required strengths are the strength objects themselves', () => {
    const d = run([policy('p', {}, grant({ strength: strengthIds.phishingResistant }))]).decision;
    assert.deepEqual(d.action === 'prompt' && d.requiredStrengths, [builtInStrengths[2]]);
  });
});

describe('grant and session controls as sign-in logs name them', () => {
  it('grant controls in Microsoft\'s order, block first', () => {
    const e = run([
      policy('a', {}, grant('compliantDevice', 'mfa')), policy('b', {}, grant('block')), policy('c', {}, grant({ strength: strengthIds.mfa })),
      policy('d', {}, { ...grant('domainJoinedDevice'), customAuthenticationFactors: ['RequireDuoMfa'] }),
    ]);
    assert.deepEqual(e.policies.map((p) => p.enforcedGrantControls), [
      ['Mfa', 'RequireCompliantDevice'], ['Block'], ['RequireAuthenticationStrength'], ['RequireDomainJoinedDevice', 'RequireDuoMfa'],
    ]);
  });
  it('a disabled policy enforces nothing', () => {
    assert.deepEqual(run([policy('p', {}, grant('block'), { state: 'disabled' })]).policies[0]?.enforcedGrantControls, []);
  });
  it('session controls by their log names', () => {
    const e = run([policy('p', {}, null, { sessionControls: {
      signInFrequency: { isEnabled: true, type: 'hours', value: 4, frequencyInterval: 'timeBased' },
      persistentBrowser: { isEnabled: true, mode: 'never' }, applicationEnforcedRestrictions: { isEnabled: true },
      continuousAccessEvaluation: { mode: 'strictLocation' }, disableResilienceDefaults: true,
    } })]);
    assert.deepEqual(e.policies[0]?.enforcedSessionControls, [
      'SignInFrequency', 'PersistentBrowserSessionMode', 'AppEnforcedRestrictions', 'ContinuousAccessEvaluation', 'DisableResilienceDefaults',
    ]);
  });
});

describe('session controls for the caller to enforce', () => {
  const sif = (value: number, type: 'hours' | 'days') => ({ signInFrequency: { isEnabled: true, type, value, frequencyInterval: 'timeBased' as const } });
  it('the shortest sign-in frequency wins', () => {
    const e = run([policy('a', {}, null, { sessionControls: sif(1, 'days') }), policy('b', {}, null, { sessionControls: sif(4, 'hours') })]);
    assert.deepEqual(e.sessionControls.signInFrequency, { everyTime: false, maxAgeSeconds: 4 * 3600 });
  });
  it('every time beats any period', () => {
    const e = run([
      policy('a', {}, null, { sessionControls: sif(4, 'hours') }),
      policy('b', {}, null, { sessionControls: { signInFrequency: { isEnabled: true, frequencyInterval: 'everyTime' } } }),
    ]);
    assert.deepEqual(e.sessionControls.signInFrequency, { everyTime: true });
  });
  it('a persistent browser "never" beats "always"', () => {
    const e = run([
      policy('a', {}, null, { sessionControls: { persistentBrowser: { isEnabled: true, mode: 'never' } } }),
      policy('b', {}, null, { sessionControls: { persistentBrowser: { isEnabled: true, mode: 'always' } } }),
    ]);
    assert.equal(e.sessionControls.persistentBrowser, 'never');
  });
  it('report-only and non-applicable policies set no session control', () => {
    const e = run([
      policy('a', {}, null, { state: 'enabledForReportingButNotEnforced', sessionControls: sif(1, 'hours') }),
      policy('b', { applications: apps(['app-crm']) }, null, { sessionControls: sif(1, 'hours') }),
    ]);
    assert.deepEqual(e.sessionControls, {});
  });
});
