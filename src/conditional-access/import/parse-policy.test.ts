import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInControls, clientAppTypes, policyStates } from '../policy.ts';
import { parsePolicy, type ParsedPolicy } from './parse-policy.ts';
import type { Problem, ProblemCode } from './problem.ts';

const globalAdministrator = '62e90394-69f5-4237-9190-012177145e10';
const groupId = '8072f500-ee01-4cc9-accc-230f11be2d5e';
const strengthMfa = '00000000-0000-0000-0000-000000000002';

/** A small valid POST body; each test changes one thing. */
function minimal(): Record<string, unknown> {
  return {
    displayName: 'Admins need MFA',
    state: 'enabled',
    conditions: {
      users: { includeRoles: [globalAdministrator] },
      applications: { includeApplications: ['All'] },
      clientAppTypes: ['all'],
    },
    grantControls: { operator: 'OR', builtInControls: ['mfa'] },
  };
}

/** The minimal body with `value` at the dotted `path` (`undefined` deletes it). */
function withValue(path: string, value: unknown, body = minimal()): Record<string, unknown> {
  const keys = path.split('.');
  let node = body;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return body;
}

function valueAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], root);
}

function parsed(body: unknown, keepIds = false): ParsedPolicy {
  const result = parsePolicy(body, { keepIds });
  assert.ok(result.ok, `expected no problems, got ${JSON.stringify(result.ok ? [] : result.problems, null, 2)}`);
  return result.value;
}

function problemsOf(body: unknown, keepIds = false): Problem[] {
  const result = parsePolicy(body, { keepIds });
  assert.ok(!result.ok, 'expected problems, the policy parsed');
  return result.problems;
}

describe('parsePolicy normalises what Graph treats as the same', () => {
  const rows: Array<[rule: string, path: string, input: unknown, expected: unknown]> = [
    ['enum values are case-insensitive and come back in Graph spelling', 'conditions.clientAppTypes', ['All', 'BROWSER'], ['all', 'browser']],
    ['a platform written "ios" is Graph\'s "iOS"', 'conditions.platforms', { includePlatforms: ['ios', 'MacOS'] }, { includePlatforms: ['iOS', 'macOS'], excludePlatforms: [] }],
    ['the state is case-insensitive', 'state', 'EnabledForReportingButNotEnforced', 'enabledForReportingButNotEnforced'],
    ['risk levels are case-insensitive', 'conditions.userRiskLevels', ['High', 'MEDIUM'], ['high', 'medium']],
    ['values that are the same after canonicalisation are kept once', 'conditions.clientAppTypes', ['browser', 'Browser', 'other'], ['browser', 'other']],
    ['special values in id lists are case-insensitive', 'conditions.users.includeUsers', ['all'], ['All']],
    ['AllTrusted is a special location value', 'conditions.locations', { includeLocations: ['all'], excludeLocations: ['alltrusted'] }, { includeLocations: ['All'], excludeLocations: ['AllTrusted'] }],
    ['Office365 and MicrosoftAdminPortals are application special values', 'conditions.applications.excludeApplications', ['office365', 'MICROSOFTADMINPORTALS'], ['Office365', 'MicrosoftAdminPortals']],
    ['GUIDs are stored in Graph\'s lower case', 'conditions.users.excludeGroups', [groupId.toUpperCase()], [groupId]],
    ['user actions are case-insensitive', 'conditions.applications.includeUserActions', ['URN:USER:REGISTERSECURITYINFO'], ['urn:user:registersecurityinfo']],
    ['authentication contexts are c1 to c99, lower case', 'conditions.applications.includeAuthenticationContextClassReferences', ['C1', 'c99'], ['c1', 'c99']],
    ['a flags string may have any case and spaces; it is stored in the enum\'s order', 'conditions.users.includeGuestsOrExternalUsers', { guestOrExternalUserTypes: ' B2bCollaborationGuest, internalGuest ', externalTenants: { membershipKind: 'All' } }, { guestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest', externalTenants: { membershipKind: 'all' } }],
    ['a flags enum may be a list', 'conditions.authenticationFlows', { transferMethods: ['authenticationTransfer', 'deviceCodeFlow'] }, { transferMethods: 'deviceCodeFlow,authenticationTransfer' }],
    ['insider risk levels are a flags string', 'conditions.insiderRiskLevels', 'Elevated,minor', 'minor,elevated'],
    ['agent risk levels are a flags string', 'conditions.agentIdRiskLevels', ['HIGH', 'medium'], 'medium,high'],
    ['an empty flags string is not configured', 'conditions.agentIdRiskLevels', '', null],
    ['a null list is []', 'conditions.users.excludeUsers', null, []],
    ['a missing list is []', 'conditions.signInRiskLevels', undefined, []],
    ['missing clientAppTypes are []', 'conditions.clientAppTypes', undefined, []],
    ['platforms with both lists empty are not configured', 'conditions.platforms', { includePlatforms: [], excludePlatforms: null }, null],
    ['empty locations are not configured', 'conditions.locations', {}, null],
    ['devices without a filter are not configured', 'conditions.devices', { deviceFilter: null }, null],
    ['authentication flows without a transfer method are not configured', 'conditions.authenticationFlows', { transferMethods: '' }, null],
    ['guests without a user type or tenants are not configured', 'conditions.users.excludeGuestsOrExternalUsers', { guestOrExternalUserTypes: '', externalTenants: null }, null],
    ['an agents block targeting nobody is not configured', 'conditions.agents', { includeAgentUsers: [], excludeAgentUsers: [], agentFilter: null }, null],
    ['session controls that are all null are not configured', 'sessionControls', { signInFrequency: null, persistentBrowser: null, cloudAppSecurity: null }, null],
    ['grant controls with no control are not configured', 'grantControls', { operator: 'OR', builtInControls: [] }, null],
    ['the grant operator is case-insensitive', 'grantControls.operator', 'or', 'OR'],
    ['an authentication strength given by id alone stays an id', 'grantControls', { operator: 'OR', authenticationStrength: { id: strengthMfa } }, { operator: 'OR', builtInControls: [], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: { id: strengthMfa } }],
    ['a full authentication strength is kept whole', 'grantControls.authenticationStrength', { id: strengthMfa, displayName: 'Multifactor authentication', allowedCombinations: ['fido2'] }, { id: strengthMfa, displayName: 'Multifactor authentication', allowedCombinations: ['fido2'] }],
    ['external tenant ids are stored lower case', 'conditions.users.includeGuestsOrExternalUsers', { guestOrExternalUserTypes: 'b2bDirectConnectUser', externalTenants: { membershipKind: 'enumerated', members: ['3D46DBDA-8382-466A-856D-EB00CBC6B910'] } }, { guestOrExternalUserTypes: 'b2bDirectConnectUser', externalTenants: { membershipKind: 'enumerated', members: ['3d46dbda-8382-466a-856d-eb00cbc6b910'] } }],
    ['a filter keeps its rule text as given', 'conditions.devices', { deviceFilter: { mode: 'Exclude', rule: 'device.isCompliant -eq True' } }, { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True' } }],
  ];
  for (const [rule, path, input, expected] of rows) {
    it(rule, () => {
      assert.deepEqual(valueAt(parsed(withValue(path, input)), path), expected);
    });
  }

  it('fills every list Graph requires, so readers never meet undefined', () => {
    const policy = parsed(minimal());
    assert.deepEqual(policy.conditions.users, {
      includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [globalAdministrator], excludeRoles: [],
      includeGuestsOrExternalUsers: null, excludeGuestsOrExternalUsers: null,
    });
    assert.deepEqual(policy.conditions.applications, {
      includeApplications: ['All'], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [], applicationFilter: null,
    });
    assert.deepEqual(policy.grantControls, { operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null });
    assert.equal(policy.sessionControls, null);
    assert.equal(policy.conditions.clientApplications, null);
  });

  it('accepts every policy state, client app type and built-in control Graph lists', () => {
    for (const state of policyStates) assert.equal(parsed(withValue('state', state)).state, state);
    assert.deepEqual(parsed(withValue('conditions.clientAppTypes', [...clientAppTypes])).conditions.clientAppTypes, [...clientAppTypes]);
    const lone = builtInControls.filter((c) => !['block', 'passwordChange', 'riskRemediation'].includes(c));
    assert.deepEqual(parsed(withValue('grantControls.builtInControls', lone)).grantControls?.builtInControls, lone);
  });

  it('drops @odata annotations, property annotations and action stubs at any depth', () => {
    const body = minimal();
    Object.assign(body, {
      '@odata.context': 'https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies/$entity',
      '@odata.type': '#microsoft.graph.conditionalAccessPolicy',
      'state@odata.type': '#microsoft.graph.conditionalAccessPolicyState',
      '#microsoft.graph.restore': { title: 'microsoft.graph.restore', target: 'https://graph.microsoft.com/beta/…' },
      agentContext: { '@odata.type': '#microsoft.graph.conditionalAccessAgentContext', includeAgentContexts: ['x'], 'includeAgentContexts@odata.type': '#Collection(String)' },
    });
    withValue('conditions.users.@odata.type', '#microsoft.graph.conditionalAccessUsers', body);
    withValue('conditions.users.includeRoles@odata.type', '#Collection(String)', body);
    const policy = parsed(body);
    const text = JSON.stringify(policy);
    assert.doesNotMatch(text, /@odata|#microsoft/);
    assert.deepEqual(policy.agentContext, { includeAgentContexts: ['x'] });
  });

  it('keeps members it does not know, verbatim, at every level (beta fields survive)', () => {
    const body = minimal();
    body.partialEnablementStrategy = null;
    withValue('conditions.agentContext', { includeAgentContexts: ['agentUserSessionsInitiatedFromEndpoints'], excludeAgentContexts: [] }, body);
    withValue('conditions.times', null, body);
    withValue('conditions.users.includeAgentTypes', ['x'], body);
    withValue('conditions.applications.globalSecureAccess', { trafficProfiles: 'internet' }, body);
    withValue('grantControls.futureControl', { id: 'y' }, body);
    withValue('sessionControls.cloudAppSecurity', { isEnabled: true, cloudAppSecurityType: 'monitorOnly' }, body);
    withValue('sessionControls.signInFrequency', { isEnabled: true, type: 'hours', value: 4, futureSetting: 1 }, body);
    const policy = parsed(body);
    assert.equal(policy.partialEnablementStrategy, null);
    assert.deepEqual(policy.conditions.agentContext, { includeAgentContexts: ['agentUserSessionsInitiatedFromEndpoints'], excludeAgentContexts: [] });
    assert.equal(policy.conditions.times, null);
    assert.deepEqual(policy.conditions.users?.includeAgentTypes, ['x']);
    assert.deepEqual(policy.conditions.applications.globalSecureAccess, { trafficProfiles: 'internet' });
    assert.deepEqual(policy.grantControls?.futureControl, { id: 'y' });
    assert.deepEqual(policy.sessionControls?.cloudAppSecurity, { isEnabled: true, cloudAppSecurityType: 'monitorOnly' });
    assert.equal(policy.sessionControls?.signInFrequency?.futureSetting, 1);
  });

  it('ignores the read-only members of a create body', () => {
    const body = { ...minimal(), id: 'not even a guid', createdDateTime: 'yesterday', modifiedDateTime: null, deletedDateTime: null };
    const policy = parsed(body);
    for (const name of ['id', 'createdDateTime', 'modifiedDateTime', 'deletedDateTime']) assert.equal(name in policy, false, name);
  });

  it('keeps the read-only members when asked (keepIds), checked', () => {
    const id = '13602404-082A-4FFC-A34B-4EBF8FD31C02';
    const policy = parsed({ ...minimal(), id, createdDateTime: '2026-06-11T09:00:12.1516195Z', modifiedDateTime: null, deletedDateTime: null }, true);
    assert.equal(policy.id, id.toLowerCase());
    assert.equal(policy.createdDateTime, '2026-06-11T09:00:12.1516195Z');
    assert.equal(policy.modifiedDateTime, null);
    assert.equal(policy.deletedDateTime, null);
  });

  it('keeps templateId and description only when given', () => {
    const plain = parsed(minimal());
    assert.equal('templateId' in plain, false);
    assert.equal('description' in plain, false);
    const full = parsed({ ...minimal(), templateId: null, description: 'Why this exists' });
    assert.equal(full.templateId, null);
    assert.equal(full.description, 'Why this exists');
  });

  it('a workload identity policy needs clientApplications instead of users', () => {
    const body = withValue('conditions.users', undefined);
    withValue('conditions.clientApplications', { includeServicePrincipals: ['ServicePrincipalsInMyTenant'] }, body);
    withValue('grantControls.builtInControls', ['block'], body);
    const policy = parsed(body);
    assert.equal(policy.conditions.users, null);
    assert.deepEqual(policy.conditions.clientApplications?.includeServicePrincipals, ['ServicePrincipalsInMyTenant']);
  });

  it('accepts the documented control combinations', () => {
    const passwordChange = withValue('grantControls', { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] });
    withValue('conditions.userRiskLevels', ['high'], passwordChange);
    parsed(passwordChange);
    parsed(withValue('grantControls', { operator: 'AND', builtInControls: ['riskRemediation'], authenticationStrength: { id: strengthMfa } }));
    parsed(withValue('grantControls', { operator: 'OR', builtInControls: ['block'] }));
  });

  it('accepts sign-in frequencies at the ends of their ranges, and everyTime without a value', () => {
    for (const [type, value] of [['hours', 1], ['hours', 23], ['days', 1], ['days', 365]] as const) {
      parsed(withValue('sessionControls.signInFrequency', { isEnabled: true, type, value, frequencyInterval: 'timeBased' }));
    }
    const everyTime = parsed(withValue('sessionControls.signInFrequency', { isEnabled: true, frequencyInterval: 'EveryTime', authenticationType: 'primaryAndSecondaryAuthentication' }));
    assert.deepEqual(everyTime.sessionControls?.signInFrequency, {
      isEnabled: true, type: null, value: null, authenticationType: 'primaryAndSecondaryAuthentication', frequencyInterval: 'everyTime',
    });
    parsed(withValue('sessionControls.signInFrequency', { isEnabled: false, type: 'hours', value: 99 }));
  });

  it('does not change the input it was given', () => {
    const body = { ...minimal(), '@odata.type': '#microsoft.graph.conditionalAccessPolicy' };
    const before = structuredClone(body);
    parsed(body);
    assert.deepEqual(body, before);
  });
});

describe('parsePolicy names every problem by its JSON path, in plain words', () => {
  const long = 'x'.repeat(257);
  const rows: Array<[problem: string, body: () => unknown, expected: { path: string; code: ProblemCode; message: RegExp }]> = [
    ['a policy is a JSON object', () => [minimal()], { path: '', code: 'wrongType', message: /A policy is a JSON object, found a list/ }],
    ['displayName is required', () => withValue('displayName', undefined), { path: 'displayName', code: 'required', message: /needs a displayName/ }],
    ['displayName must not be blank', () => withValue('displayName', '   '), { path: 'displayName', code: 'required', message: /non-empty string/ }],
    ['displayName has at most 256 characters', () => withValue('displayName', long), { path: 'displayName', code: 'outOfRange', message: /at most 256 characters, this one has 257/ }],
    ['state is required', () => withValue('state', undefined), { path: 'state', code: 'required', message: /enabled, disabled, enabledForReportingButNotEnforced/ }],
    ['state must be a Graph state', () => withValue('state', 'on'), { path: 'state', code: 'unknownEnumValue', message: /"on" is not a policy state\. Allowed values: enabled, disabled, enabledForReportingButNotEnforced\./ }],
    ['conditions are required', () => withValue('conditions', undefined), { path: 'conditions', code: 'required', message: /needs conditions/ }],
    ['conditions.applications is required', () => withValue('conditions.applications', null), { path: 'conditions.applications', code: 'required', message: /must name the applications/ }],
    ['users or clientApplications is required', () => withValue('conditions.users', undefined), { path: 'conditions.users', code: 'required', message: /users \(conditions\.users\) or workload identities/ }],
    ['a list must be a list', () => withValue('conditions.users.includeUsers', 'All'), { path: 'conditions.users.includeUsers', code: 'wrongType', message: /Expected a list \(JSON array\), found "All"/ }],
    ['a bad enum names the allowed values', () => withValue('conditions.clientAppTypes', ['all', 'desktop']), { path: 'conditions.clientAppTypes[1]', code: 'unknownEnumValue', message: /"desktop" is not a client app type\. Allowed values: all, browser, mobileAppsAndDesktopClients, exchangeActiveSync, easSupported, other\./ }],
    ['a deprecated client app type says what replaced it', () => withValue('conditions.clientAppTypes', ['modern']), { path: 'conditions.clientAppTypes[0]', code: 'unknownEnumValue', message: /deprecated.*mobileAppsAndDesktopClients/ }],
    ['the "compliantNetwork" control of the wild is not silently dropped', () => withValue('grantControls.builtInControls', ['mfa', 'compliantNetwork']), { path: 'grantControls.builtInControls[1]', code: 'unknownEnumValue', message: /no "compliantNetwork" grant control.*named location.*Allowed values: block, mfa, compliantDevice/ }],
    ['a platform outside the enum', () => withValue('conditions.platforms', { includePlatforms: ['ios', 'chromeOS'] }), { path: 'conditions.platforms.includePlatforms[1]', code: 'unknownEnumValue', message: /"chromeOS" is not a device platform/ }],
    ['service principal risk has no "hidden"', () => withValue('conditions.servicePrincipalRiskLevels', ['hidden']), { path: 'conditions.servicePrincipalRiskLevels[0]', code: 'unknownEnumValue', message: /Allowed values: low, medium, high, none, unknownFutureValue/ }],
    ['a user id must be a GUID or a special value', () => withValue('conditions.users.includeUsers', [groupId, 'None', 'ada@contoso.com']), { path: 'conditions.users.includeUsers[2]', code: 'invalidId', message: /"ada@contoso\.com" is not a user id \(a GUID\) or one of All, None, GuestsOrExternalUsers\./ }],
    ['excluded users take GuestsOrExternalUsers but not All', () => withValue('conditions.users.excludeUsers', ['All']), { path: 'conditions.users.excludeUsers[0]', code: 'invalidId', message: /or one of GuestsOrExternalUsers\./ }],
    ['a template placeholder is recognised as one', () => withValue('conditions.users.excludeGroups', ['<BreakGlassGroup>']), { path: 'conditions.users.excludeGroups[0]', code: 'invalidId', message: /not a group id \(a GUID\)\. It looks like a template placeholder/ }],
    ['roles are named by template id, not display name', () => withValue('conditions.users.includeRoles', ['Global Administrator']), { path: 'conditions.users.includeRoles[0]', code: 'invalidId', message: /not a role template id \(a GUID\)/ }],
    ['applications are named by appId, not display name', () => withValue('conditions.applications.includeApplications', ['Microsoft Teams']), { path: 'conditions.applications.includeApplications[0]', code: 'invalidId', message: /not an application id \(appId\) \(a GUID\) or one of All, None, Office365/ }],
    ['excluded locations take AllTrusted but not All', () => withValue('conditions.locations', { includeLocations: ['All'], excludeLocations: ['All'] }), { path: 'conditions.locations.excludeLocations[0]', code: 'invalidId', message: /or one of AllTrusted\./ }],
    ['terms of use are agreement ids', () => withValue('grantControls', { operator: 'OR', termsOfUse: ['tou'] }), { path: 'grantControls.termsOfUse[0]', code: 'invalidId', message: /terms of use agreement id/ }],
    ['ids in a list must be strings', () => withValue('conditions.users.includeGroups', [42]), { path: 'conditions.users.includeGroups[0]', code: 'wrongType', message: /Expected a group id \(a string\), found 42/ }],
    ['authentication contexts stop at c99', () => withValue('conditions.applications.includeAuthenticationContextClassReferences', ['c100']), { path: 'conditions.applications.includeAuthenticationContextClassReferences[0]', code: 'invalidValue', message: /c1 to c99/ }],
    ['user actions are the two Graph lists', () => withValue('conditions.applications.includeUserActions', ['urn:user:resetpassword']), { path: 'conditions.applications.includeUserActions[0]', code: 'unknownEnumValue', message: /urn:user:registersecurityinfo, urn:user:registerdevice/ }],
    ['a flags string with an unknown flag names the flag', () => withValue('conditions.users.includeGuestsOrExternalUsers', { guestOrExternalUserTypes: 'internalGuest,partners' }), { path: 'conditions.users.includeGuestsOrExternalUsers.guestOrExternalUserTypes', code: 'unknownEnumValue', message: /"partners" is not a guest or external user type/ }],
    ['a flags list with an unknown flag names its index', () => withValue('conditions.authenticationFlows', { transferMethods: ['deviceCodeFlow', 'qr'] }), { path: 'conditions.authenticationFlows.transferMethods[1]', code: 'unknownEnumValue', message: /"qr" is not a transfer method/ }],
    ['guests with tenants need a user type', () => withValue('conditions.users.includeGuestsOrExternalUsers', { externalTenants: { membershipKind: 'all' } }), { path: 'conditions.users.includeGuestsOrExternalUsers.guestOrExternalUserTypes', code: 'required', message: /at least one guest or external user type/ }],
    ['enumerated external tenants list their tenant ids', () => withValue('conditions.users.includeGuestsOrExternalUsers', { guestOrExternalUserTypes: 'b2bDirectConnectUser', externalTenants: { membershipKind: 'enumerated' } }), { path: 'conditions.users.includeGuestsOrExternalUsers.externalTenants.members', code: 'required', message: /at least one tenant id/ }],
    ['an external tenant is named by its tenant id', () => withValue('conditions.users.includeGuestsOrExternalUsers', { guestOrExternalUserTypes: 'b2bDirectConnectUser', externalTenants: { membershipKind: 'enumerated', members: ['contoso.com'] } }), { path: 'conditions.users.includeGuestsOrExternalUsers.externalTenants.members[0]', code: 'invalidId', message: /"contoso\.com" is not a tenant id/ }],
    ['a filter needs a mode', () => withValue('conditions.devices', { deviceFilter: { rule: 'device.isCompliant -eq True' } }), { path: 'conditions.devices.deviceFilter.mode', code: 'required', message: /include or exclude/ }],
    ['a filter needs a rule', () => withValue('conditions.applications.applicationFilter', { mode: 'include' }), { path: 'conditions.applications.applicationFilter.rule', code: 'required', message: /needs a rule/ }],
    ['grant controls need an operator', () => withValue('grantControls.operator', undefined), { path: 'grantControls.operator', code: 'required', message: /AND \(require all\) or OR \(require one\)/ }],
    ['the operator is AND or OR', () => withValue('grantControls.operator', 'XOR'), { path: 'grantControls.operator', code: 'unknownEnumValue', message: /Allowed values: AND, OR\./ }],
    ['block stands alone', () => withValue('grantControls.builtInControls', ['block', 'mfa']), { path: 'grantControls.builtInControls', code: 'conflict', message: /"block" cannot be combined/ }],
    ['passwordChange needs mfa under AND', () => withValue('grantControls', { operator: 'OR', builtInControls: ['mfa', 'passwordChange'] }, withValue('conditions.userRiskLevels', ['high'])), { path: 'grantControls.builtInControls', code: 'conflict', message: /"passwordChange" must be combined with "mfa" under the operator AND/ }],
    ['passwordChange needs userRiskLevels', () => withValue('grantControls', { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] }), { path: 'conditions.userRiskLevels', code: 'conflict', message: /must set userRiskLevels/ }],
    ['passwordChange needs All applications', () => withValue('conditions.applications.includeApplications', ['Office365'], withValue('grantControls', { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] }, withValue('conditions.userRiskLevels', ['high']))), { path: 'conditions.applications', code: 'conflict', message: /include All applications and exclude none/ }],
    ['passwordChange and riskRemediation are not used together', () => withValue('grantControls', { operator: 'AND', builtInControls: ['mfa', 'passwordChange', 'riskRemediation'], authenticationStrength: { id: strengthMfa } }, withValue('conditions.userRiskLevels', ['high'])), { path: 'grantControls.builtInControls', code: 'conflict', message: /cannot be used in the same policy/ }],
    ['riskRemediation needs an authentication strength under AND', () => withValue('grantControls', { operator: 'AND', builtInControls: ['riskRemediation'] }), { path: 'grantControls.builtInControls', code: 'conflict', message: /"riskRemediation" must be combined with an authenticationStrength/ }],
    ['an authentication strength is named by id', () => withValue('grantControls.authenticationStrength', { displayName: 'MFA' }), { path: 'grantControls.authenticationStrength.id', code: 'required', message: /named by its id/ }],
    ['an authentication strength id is a GUID', () => withValue('grantControls.authenticationStrength', { id: 'mfa' }), { path: 'grantControls.authenticationStrength.id', code: 'invalidId', message: /"mfa" is not an authentication strength id \(a GUID\)/ }],
    ['sign-in frequency in hours stops at 23', () => withValue('sessionControls.signInFrequency', { isEnabled: true, type: 'hours', value: 24 }), { path: 'sessionControls.signInFrequency.value', code: 'outOfRange', message: /in hours must be a whole number from 1 to 23, found 24/ }],
    ['sign-in frequency in days stops at 365', () => withValue('sessionControls.signInFrequency', { isEnabled: true, type: 'days', value: 366 }), { path: 'sessionControls.signInFrequency.value', code: 'outOfRange', message: /from 1 to 365, found 366/ }],
    ['sign-in frequency starts at 1', () => withValue('sessionControls.signInFrequency', { isEnabled: true, type: 'days', value: 0 }), { path: 'sessionControls.signInFrequency.value', code: 'outOfRange', message: /found 0/ }],
    ['sign-in frequency is a whole number', () => withValue('sessionControls.signInFrequency', { isEnabled: true, type: 'hours', value: 1.5 }), { path: 'sessionControls.signInFrequency.value', code: 'outOfRange', message: /whole number/ }],
    ['a time-based sign-in frequency needs a type', () => withValue('sessionControls.signInFrequency', { isEnabled: true, value: 4 }), { path: 'sessionControls.signInFrequency.type', code: 'required', message: /hours or days/ }],
    ['a time-based sign-in frequency needs a value', () => withValue('sessionControls.signInFrequency', { isEnabled: true, type: 'hours' }), { path: 'sessionControls.signInFrequency.value', code: 'required', message: /needs a value/ }],
    ['everyTime takes no value', () => withValue('sessionControls.signInFrequency', { isEnabled: true, frequencyInterval: 'everyTime', type: 'hours', value: 1 }), { path: 'sessionControls.signInFrequency.value', code: 'conflict', message: /"everyTime" takes no type or value/ }],
    ['a session control says whether it is enabled', () => withValue('sessionControls.persistentBrowser', { mode: 'never' }), { path: 'sessionControls.persistentBrowser.isEnabled', code: 'required', message: /true or false/ }],
    ['persistent browser mode is always or never', () => withValue('sessionControls.persistentBrowser', { isEnabled: true, mode: 'sometimes' }), { path: 'sessionControls.persistentBrowser.mode', code: 'unknownEnumValue', message: /Allowed values: always, never\./ }],
    ['templateId is a GUID', () => withValue('templateId', 'CA-template'), { path: 'templateId', code: 'invalidId', message: /not a template id/ }],
    ['an object member must be an object', () => withValue('conditions.platforms', ['iOS']), { path: 'conditions.platforms', code: 'wrongType', message: /Expected an object, found a list/ }],
  ];
  for (const [problem, body, expected] of rows) {
    it(problem, () => {
      const problems = problemsOf(body());
      assert.equal(problems.length, 1, `expected one problem, got ${JSON.stringify(problems, null, 2)}`);
      const [found] = problems;
      assert.equal(found?.path, expected.path);
      assert.equal(found?.code, expected.code);
      assert.match(found?.message ?? '', expected.message);
    });
  }

  it('a kept id must be a GUID and a kept timestamp a date', () => {
    const problems = problemsOf({ ...minimal(), id: 'CA001', createdDateTime: 'yesterday' }, true);
    assert.deepEqual(problems.map((p) => [p.path, p.code]), [['id', 'invalidId'], ['createdDateTime', 'invalidValue']]);
  });

  it('reports every problem of a policy, not just the first', () => {
    const body = withValue('state', 'on', withValue('conditions.clientAppTypes', ['desktop'], withValue('grantControls.builtInControls', ['compliantNetwork'])));
    assert.deepEqual(problemsOf(body).map((p) => p.path), ['state', 'conditions.clientAppTypes[0]', 'grantControls.builtInControls[0]']);
  });

  it('prefixes the paths with the caller\'s path, for a policy inside a larger body', () => {
    const result = parsePolicy(withValue('state', 'on'), { path: ['value', 3] });
    assert.ok(!result.ok);
    assert.equal(result.problems[0]?.path, 'value[3].state');
  });
});
