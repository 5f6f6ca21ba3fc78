import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliClient, managementApi } from '../../directory/index.ts';
import { alice, apps, context, countryLocation, grant, ipLocation, policy, users } from '../../../test/support/ca-evaluation.ts';
import type { ConditionalAccessConditions } from '../policy.ts';
import { compilePolicies, evaluate, type CaAnalysisReason, type CaSignInContext, type CaSubject } from './index.ts';

const globalAdmin = '62e90394-69f5-4237-9190-012177145e10';
const admin: CaSubject = { kind: 'user', userId: 'u-admin', groupIds: ['g-it'], roleTemplateIds: [globalAdmin], userType: 'member' };
const guest: CaSubject = { kind: 'user', userId: 'u-guest', groupIds: [], roleTemplateIds: [], userType: 'guest', homeTenantId: 't-partner' };
const workload: CaSubject = { kind: 'servicePrincipal', servicePrincipalId: 'sp-batch', appId: 'app-batch', isAgent: false };
const agent: CaSubject = { kind: 'servicePrincipal', servicePrincipalId: 'sp-agent', appId: 'app-agent', isAgent: true, agentBlueprintId: 'sp-blueprint' };
const hrAgent: CaSubject = { ...agent, servicePrincipalId: 'sp-hr', customSecurityAttributes: { HR: { '@odata.type': '#microsoft.graph.customSecurityAttributeValue', Department: 'HR', Approved: true } } };
const confirmedCompromised = { riskLevel: 'high', riskState: 'confirmedCompromised', riskDetail: 'adminConfirmedUserCompromised' } as const;
const agentUser: CaSubject = { kind: 'user', userId: 'u-agent', groupIds: [], roleTemplateIds: [], userType: 'member', isAgentUser: true };

const locations = [
  ipLocation('loc-office', ['203.0.113.0/24'], true),
  ipLocation('loc-lab', ['2001:db8:1::/48']),
  countryLocation('loc-benelux', ['NL', 'BE', 'LU']),
  countryLocation('loc-us-or-unknown', ['US'], true),
];

const allGuestTypes = 'internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider';
const c = (conditions: Partial<ConditionalAccessConditions>) => conditions;

// [the rule, the policy's conditions, the request (over Alice's browser sign-in to app-payroll), the first condition not met ('notSet': applies)]
const table: Array<[string, Partial<ConditionalAccessConditions>, Partial<CaSignInContext>, CaAnalysisReason]> = [
  // Users, groups, roles, guests
  ['All users covers a member', c({}), {}, 'notSet'],
  ['a user listed by id is covered', c({ users: users({ includeUsers: ['u-alice'] }) }), {}, 'notSet'],
  ['a user not listed is not covered', c({ users: users({ includeUsers: ['u-bob'] }) }), {}, 'users'],
  ['excluding the user beats All users', c({ users: users({ includeUsers: ['All'], excludeUsers: ['u-alice'] }) }), {}, 'users'],
  ['a group the user is in directly is covered', c({ users: users({ includeGroups: ['g-staff'] }) }), {}, 'notSet'],
  ['a group the user is in through nesting is covered (the context carries transitive ids)', c({ users: users({ includeGroups: ['g-parent'] }) }), {}, 'notSet'],
  ['excluding a group beats including the user by id', c({ users: users({ includeUsers: ['u-alice'], excludeGroups: ['g-parent'] }) }), {}, 'users'],
  ['a role template the user holds is covered', c({ users: users({ includeRoles: [globalAdmin] }) }), { subject: admin }, 'notSet'],
  ['a role template the user lacks is not', c({ users: users({ includeRoles: [globalAdmin] }) }), {}, 'users'],
  ['excluding a role beats All users', c({ users: users({ includeUsers: ['All'], excludeRoles: [globalAdmin] }) }), { subject: admin }, 'users'],
  ['None covers nobody', c({ users: users({ includeUsers: ['None'] }) }), {}, 'users'],
  ['legacy GuestsOrExternalUsers covers a guest', c({ users: users({ includeUsers: ['GuestsOrExternalUsers'] }) }), { subject: guest }, 'notSet'],
  ['legacy GuestsOrExternalUsers does not cover a member', c({ users: users({ includeUsers: ['GuestsOrExternalUsers'] }) }), {}, 'users'],
  ['guest types naming B2B collaboration guests cover a Limen guest',
    c({ users: users({ includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest', externalTenants: { membershipKind: 'all' } } }) }),
    { subject: guest }, 'notSet'],
  ['guest types naming only direct-connect users cover no Limen guest',
    c({ users: users({ includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bDirectConnectUser' } }) }), { subject: guest }, 'users'],
  ['excluding every guest type removes a guest from All users',
    c({ users: users({ includeUsers: ['All'], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: allGuestTypes } }) }), { subject: guest }, 'users'],
  ['excluding every guest type leaves members in',
    c({ users: users({ includeUsers: ['All'], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: allGuestTypes } }) }), {}, 'notSet'],
  ['enumerated external tenants cover a guest from a listed tenant',
    c({ users: users({ includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest', externalTenants: { membershipKind: 'enumerated', members: ['t-partner'] } } }) }),
    { subject: guest }, 'notSet'],
  ['enumerated external tenants do not cover a guest from another tenant',
    c({ users: users({ includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest', externalTenants: { membershipKind: 'enumerated', members: ['t-other'] } } }) }),
    { subject: guest }, 'users'],
  ['a policy for workloads only does not cover a user', c({ users: null, clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [] } }), {}, 'users'],

  // Workload identities, agents, agent users
  ['a user policy does not cover a service principal', c({}), { subject: workload }, 'workloadIdentities'],
  ['ServicePrincipalsInMyTenant covers a service principal',
    c({ users: users({ includeUsers: ['None'] }), clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [] } }),
    { subject: workload }, 'notSet'],
  ['excluding the service principal beats ServicePrincipalsInMyTenant',
    c({ clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: ['sp-batch'] } }),
    { subject: workload }, 'workloadIdentities'],
  ['ServicePrincipalsInMyTenant does not cover an agent identity',
    c({ clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [] } }), { subject: agent }, 'agentIdentities'],
  ['all agent identities cover an agent',
    c({ clientApplications: { includeServicePrincipals: [], excludeServicePrincipals: [], includeAgentIdServicePrincipals: ['All'] } }), { subject: agent }, 'notSet'],
  ['naming the blueprint covers the agents derived from it',
    c({ clientApplications: { includeServicePrincipals: [], excludeServicePrincipals: [], includeAgentIdServicePrincipals: ['sp-blueprint'] } }), { subject: agent }, 'notSet'],
  ['excluding the blueprint beats all agent identities',
    c({ clientApplications: { includeServicePrincipals: [], excludeServicePrincipals: [], includeAgentIdServicePrincipals: ['All'], excludeAgentIdServicePrincipals: ['sp-blueprint'] } }),
    { subject: agent }, 'agentIdentities'],
  ['an agent filter on custom security attributes excludes nothing from an agent without attributes',
    c({ clientApplications: { includeServicePrincipals: [], excludeServicePrincipals: [], includeAgentIdServicePrincipals: ['All'],
      agentIdServicePrincipalFilter: { mode: 'exclude', rule: 'CustomSecurityAttribute.Agents_Status -contains "ApprovedAgent"' } } }),
    { subject: agent }, 'notSet'],
  ['an exclude-mode agent filter removes the agent whose attributes match (names in any case)',
    c({ clientApplications: { includeServicePrincipals: [], excludeServicePrincipals: [], includeAgentIdServicePrincipals: ['All'],
      agentIdServicePrincipalFilter: { mode: 'exclude', rule: 'CustomSecurityAttribute.HR_department -eq "HR" -and CustomSecurityAttribute.HR_approved -eq "true"' } } }),
    { subject: hrAgent }, 'agentIdentities'],
  ['an exclude-mode agent filter keeps the agent whose attributes do not all match',
    c({ clientApplications: { includeServicePrincipals: [], excludeServicePrincipals: [], includeAgentIdServicePrincipals: ['All'],
      agentIdServicePrincipalFilter: { mode: 'exclude', rule: 'CustomSecurityAttribute.HR_department -eq "HR" -and CustomSecurityAttribute.HR_approved -eq "true"' } } }),
    { subject: { ...hrAgent, customSecurityAttributes: { hr: { department: 'HR', approved: false } } } }, 'notSet'],
  ['an include-mode agent filter selects agents by a multi-valued attribute',
    c({ clientApplications: { includeServicePrincipals: [], excludeServicePrincipals: [],
      agentIdServicePrincipalFilter: { mode: 'include', rule: 'CustomSecurityAttribute.Agents_Status -contains "ApprovedAgent"' } } }),
    { subject: { ...agent, customSecurityAttributes: { Agents: { Status: ['Pilot', 'ApprovedAgent'] } } } }, 'notSet'],
  ['All users does not cover an agent user', c({}), { subject: agentUser }, 'users'],
  ['all agent users cover an agent user', c({ users: users({ includeUsers: ['None'] }), agents: { includeAgentUsers: ['All'], excludeAgentUsers: [] } }), { subject: agentUser }, 'notSet'],

  // Target resources, app groups, user actions, authentication contexts
  ['an application listed by appId is covered', c({ applications: apps(['app-payroll']) }), {}, 'notSet'],
  ['an application not listed is not', c({ applications: apps(['app-crm']) }), {}, 'application'],
  ['excluding the application beats All', c({ applications: apps(['All'], { excludeApplications: ['app-payroll'] }) }), {}, 'application'],
  ['None covers no application', c({ applications: apps(['None']) }), {}, 'application'],
  ['Office365 contains no Limen application', c({ applications: apps(['Office365']) }), {}, 'application'],
  ['excluding Office365 excludes no Limen application', c({ applications: apps(['All'], { excludeApplications: ['Office365'] }) }), {}, 'notSet'],
  ['MicrosoftAdminPortals contains the management API', c({ applications: apps(['MicrosoftAdminPortals']) }),
    { target: { kind: 'application', appId: managementApi.appId } }, 'notSet'],
  ['MicrosoftAdminPortals contains the Limen CLI', c({ applications: apps(['MicrosoftAdminPortals']) }),
    { target: { kind: 'application', appId: cliClient.appId } }, 'notSet'],
  ['MicrosoftAdminPortals does not contain an ordinary application', c({ applications: apps(['MicrosoftAdminPortals']) }), {}, 'application'],
  ['excluding MicrosoftAdminPortals removes the management API from All', c({ applications: apps(['All'], { excludeApplications: ['MicrosoftAdminPortals'] }) }),
    { target: { kind: 'application', appId: managementApi.appId } }, 'application'],
  ['AllAgentIdResources covers an agent acting as a resource', c({ applications: apps(['AllAgentIdResources']) }),
    { target: { kind: 'application', appId: 'app-agent', isAgentResource: true } }, 'notSet'],
  ['AllAgentIdResources does not cover an ordinary resource', c({ applications: apps(['AllAgentIdResources']) }), {}, 'application'],
  ['an application filter in include mode selects nothing without attributes',
    c({ applications: apps([], { applicationFilter: { mode: 'include', rule: 'CustomSecurityAttribute.Apps_Tier -eq "Sensitive"' } }) }), {}, 'application'],
  ['a user-action policy covers registering security info', c({ applications: apps([], { includeUserActions: ['urn:user:registersecurityinfo'] }) }),
    { target: { kind: 'userAction', userAction: 'urn:user:registersecurityinfo' } }, 'notSet'],
  ['a user-action policy does not cover a token for an application', c({ applications: apps([], { includeUserActions: ['urn:user:registersecurityinfo'] }) }), {}, 'userActions'],
  ['an All-resources policy does not cover a user action', c({}), { target: { kind: 'userAction', userAction: 'urn:user:registerdevice' } }, 'application'],
  ['an authentication-context policy covers a token request asking for that context',
    c({ applications: apps([], { includeAuthenticationContextClassReferences: ['c1'] }) }),
    { target: { kind: 'application', appId: 'app-payroll', authenticationContexts: ['c1'] } }, 'notSet'],
  ['an authentication-context policy does not cover a request without it',
    c({ applications: apps([], { includeAuthenticationContextClassReferences: ['c1'] }) }), {}, 'authenticationContext'],

  // Client apps
  ['a browser-only policy covers a browser', c({ clientAppTypes: ['browser'] }), {}, 'notSet'],
  ['a browser-only policy does not cover a desktop client', c({ clientAppTypes: ['browser'] }), { clientAppType: 'mobileAppsAndDesktopClients' }, 'clientApps'],
  ['a legacy-authentication policy covers "other clients"', c({ clientAppTypes: ['exchangeActiveSync', 'other'] }), { clientAppType: 'other' }, 'notSet'],
  ['"All" in any case covers every client', c({ clientAppTypes: ['All' as 'all'] }), { clientAppType: 'mobileAppsAndDesktopClients' }, 'notSet'],
  ['an unknown client matches only all', c({ clientAppTypes: ['browser'] }), { clientAppType: undefined }, 'clientApps'],

  // Device platforms
  ['an Android-only policy does not cover Windows', c({ platforms: { includePlatforms: ['android'], excludePlatforms: [] } }), {}, 'devicePlatform'],
  ['excluding iOS beats all platforms', c({ platforms: { includePlatforms: ['all'], excludePlatforms: ['iOS'] } }), { devicePlatform: 'iOS' }, 'devicePlatform'],
  ['an unknown platform is covered by "all platforms but the known ones"',
    c({ platforms: { includePlatforms: ['all'], excludePlatforms: ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux'] } }),
    { devicePlatform: undefined }, 'notSet'],
  ['a known platform is not covered by "all platforms but the known ones"',
    c({ platforms: { includePlatforms: ['all'], excludePlatforms: ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux'] } }), {}, 'devicePlatform'],
  ['an unknown platform does not match a specific platform', c({ platforms: { includePlatforms: ['windows'], excludePlatforms: [] } }), { devicePlatform: undefined }, 'devicePlatform'],

  // Locations
  ['any location but trusted ones covers an untrusted address', c({ locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } }), {}, 'notSet'],
  ['any location but trusted ones does not cover a trusted IPv4 address',
    c({ locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } }), { ipAddress: '203.0.113.7', country: undefined }, 'location'],
  ['an IPv4-mapped IPv6 address counts as its IPv4 address',
    c({ locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } }), { ipAddress: '::ffff:203.0.113.7', country: undefined }, 'location'],
  ['an IPv6 range covers an address inside it', c({ locations: { includeLocations: ['loc-lab'], excludeLocations: [] } }), { ipAddress: '2001:db8:1:ff::5' }, 'notSet'],
  ['an IPv6 range does not cover an address outside it', c({ locations: { includeLocations: ['loc-lab'], excludeLocations: [] } }), { ipAddress: '2001:db8:2::5' }, 'location'],
  ['AllTrusted does not cover an untrusted range', c({ locations: { includeLocations: ['AllTrusted'], excludeLocations: [] } }), { ipAddress: '2001:db8:1::5' }, 'location'],
  ['a country location covers a listed country', c({ locations: { includeLocations: ['loc-benelux'], excludeLocations: [] } }), { country: 'NL' }, 'notSet'],
  ['a country location does not cover another country', c({ locations: { includeLocations: ['loc-benelux'], excludeLocations: [] } }), {}, 'location'],
  ['the country comes from the address when the context has none',
    c({ locations: { includeLocations: ['loc-benelux'], excludeLocations: [] } }), { ipAddress: '193.0.6.139', country: undefined }, 'notSet'],
  ['a private address has an unknown country, covered only with "include unknown"',
    c({ locations: { includeLocations: ['loc-us-or-unknown'], excludeLocations: [] } }), { ipAddress: '10.1.2.3', country: undefined }, 'notSet'],
  ['an unknown country is not in a plain country list',
    c({ locations: { includeLocations: ['loc-benelux'], excludeLocations: [] } }), { ipAddress: '10.1.2.3', country: undefined }, 'location'],
  ['a location id that does not exist covers nothing', c({ locations: { includeLocations: ['loc-gone'], excludeLocations: [] } }), {}, 'location'],

  // Risk
  ['a high sign-in risk policy covers a high-risk sign-in', c({ signInRiskLevels: ['high'] }), { signInRiskLevel: 'high' }, 'notSet'],
  ['a high sign-in risk policy does not cover a medium one', c({ signInRiskLevels: ['high'] }), { signInRiskLevel: 'medium' }, 'signInRisk'],
  ['with no risk reported the risk is none', c({ signInRiskLevels: ['medium', 'high'] }), {}, 'signInRisk'],
  ['a user risk policy covers a risky user', c({ userRiskLevels: ['high'] }), { userRiskLevel: 'high' }, 'notSet'],
  ['a user risk policy does not cover a user without risk', c({ userRiskLevels: ['high'] }), {}, 'userRisk'],
  ['agent risk as a flags string covers a risky agent',
    c({ users: users({ includeUsers: ['None'] }), clientApplications: { includeServicePrincipals: [], excludeServicePrincipals: [], includeAgentIdServicePrincipals: ['All'] }, agentIdRiskLevels: 'medium,high' }),
    { subject: agent, agentIdRiskLevel: 'high' }, 'notSet'],
  ['agent risk does not cover an agent at low risk',
    c({ clientApplications: { includeServicePrincipals: [], excludeServicePrincipals: [], includeAgentIdServicePrincipals: ['All'] }, agentIdRiskLevels: 'medium,high' }),
    { subject: agent, agentIdRiskLevel: 'low' }, 'agentIdRisk'],
  ['service principal risk covers a risky workload',
    c({ clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [] }, servicePrincipalRiskLevels: ['high'] }),
    { subject: workload, servicePrincipalRiskLevel: 'high' }, 'notSet'],
  ['a user risk policy covers a user an administrator confirmed compromised (the subject’s risk)', c({ userRiskLevels: ['high'] }),
    { subject: { ...alice, risk: confirmedCompromised } }, 'notSet'],
  ['a user risk level the request states wins over the subject’s', c({ userRiskLevels: ['high'] }),
    { subject: { ...alice, risk: confirmedCompromised }, userRiskLevel: 'low' }, 'userRisk'],
  ['service principal risk covers a workload confirmed compromised (the subject’s risk)',
    c({ clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [] }, servicePrincipalRiskLevels: ['high'] }),
    { subject: { ...workload, risk: confirmedCompromised } }, 'notSet'],

  // Authentication flows
  ['a device-code policy covers the device code flow', c({ authenticationFlows: { transferMethods: 'deviceCodeFlow' } }), { authenticationFlow: 'deviceCodeFlow' }, 'notSet'],
  ['a device-code policy does not cover an ordinary sign-in', c({ authenticationFlows: { transferMethods: 'deviceCodeFlow' } }), {}, 'authenticationFlow'],
  ['both transfer methods as a flags string cover authentication transfer',
    c({ authenticationFlows: { transferMethods: 'deviceCodeFlow,authenticationTransfer' } }), { authenticationFlow: 'authenticationTransfer' }, 'notSet'],

  // Device filters
  ['an exclude filter for compliant devices removes a compliant device',
    c({ devices: { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True' } } }), { device: { isCompliant: true } }, 'devices'],
  ['an exclude filter for compliant devices keeps an unknown device',
    c({ devices: { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True' } } }), {}, 'notSet'],
  ['an include filter with a positive operator does not select an unknown device',
    c({ devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -eq "ServerAD"' } } }), {}, 'devices'],
  ['an include filter with a negative operator selects an unknown device',
    c({ devices: { deviceFilter: { mode: 'include', rule: 'device.extensionAttribute1 -ne "SAW"' } } }), {}, 'notSet'],
  ['an unparseable filter fails closed: the policy applies',
    c({ devices: { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True -and (' } } }), { device: { isCompliant: true } }, 'notSet'],

  // The first condition not met is the one reported
  ['users are checked before platforms', c({ users: users({ includeUsers: ['u-bob'] }), platforms: { includePlatforms: ['android'], excludePlatforms: [] } }), {}, 'users'],
  ['platforms are checked before locations',
    c({ platforms: { includePlatforms: ['android'], excludePlatforms: [] }, locations: { includeLocations: ['loc-benelux'], excludeLocations: [] } }), {}, 'devicePlatform'],
  ['client apps are checked before risk', c({ clientAppTypes: ['other'], signInRiskLevels: ['high'] }), {}, 'clientApps'],
];

describe('whether a policy applies to a sign-in', () => {
  for (const [rule, conditions, request, reason] of table) {
    it(rule, () => {
      const compiled = compilePolicies([policy('p', conditions)], locations, []);
      const [result] = evaluate(compiled, context(request)).policies;
      assert.equal(result?.analysisReasons, reason);
      assert.equal(result?.policyApplies, reason === 'notSet');
      assert.equal(result?.result, reason === 'notSet' ? 'failure' : 'notApplied'); // password alone never meets the MFA grant
    });
  }
});

describe('compiling', () => {
  it('reports what it cannot honour as written', () => {
    const compiled = compilePolicies([
      policy('p-loc', { locations: { includeLocations: ['loc-gone'], excludeLocations: [] } }),
      policy('p-strength', {}, grant({ strength: 'no-such-strength' })),
      policy('p-workload', { clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [] } }, grant('mfa')),
      policy('p-time', { times: { included: 'weekdays' } }),
    ], [], []);
    assert.deepEqual(compiled.problems.map((p) => p.policyId), ['p-loc', 'p-strength', 'p-workload', 'p-time']);
  });
});
