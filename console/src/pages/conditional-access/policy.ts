/**
 * A Conditional Access policy as Graph returns it, and its plain-language summary: who, what,
 * under which conditions, and what is granted or required (Entra's policy list reads the same).
 */

export const policiesPath = '/identity/conditionalAccess/policies';

export type PolicyState = 'enabled' | 'enabledForReportingButNotEnforced' | 'disabled';

type Filter = { mode: string; rule: string } | null;
type Guests = { guestOrExternalUserTypes?: string; externalTenants?: { membershipKind?: string; members?: string[] } | null } | null;

export interface Policy {
  id: string;
  displayName: string;
  state: PolicyState;
  description?: string | null;
  createdDateTime?: string | null;
  modifiedDateTime?: string | null;
  conditions?: {
    users?: {
      includeUsers?: string[]; excludeUsers?: string[]; includeGroups?: string[]; excludeGroups?: string[];
      includeRoles?: string[]; excludeRoles?: string[]; includeGuestsOrExternalUsers?: Guests; excludeGuestsOrExternalUsers?: Guests;
    } | null;
    applications?: {
      includeApplications?: string[]; excludeApplications?: string[]; includeUserActions?: string[];
      includeAuthenticationContextClassReferences?: string[]; applicationFilter?: Filter;
    } | null;
    clientApplications?: {
      includeServicePrincipals?: string[]; excludeServicePrincipals?: string[]; servicePrincipalFilter?: Filter;
      includeAgentIdServicePrincipals?: string[]; excludeAgentIdServicePrincipals?: string[]; agentIdServicePrincipalFilter?: Filter;
    } | null;
    agents?: { includeAgentUsers?: string[]; excludeAgentUsers?: string[]; agentFilter?: Filter } | null;
    clientAppTypes?: string[];
    platforms?: { includePlatforms?: string[]; excludePlatforms?: string[] } | null;
    locations?: { includeLocations?: string[]; excludeLocations?: string[] } | null;
    signInRiskLevels?: string[];
    userRiskLevels?: string[];
    servicePrincipalRiskLevels?: string[];
    agentIdRiskLevels?: string | null;
    insiderRiskLevels?: string | null;
    devices?: { deviceFilter?: Filter } | null;
    authenticationFlows?: { transferMethods?: string } | null;
  };
  grantControls?: {
    operator?: string; builtInControls?: string[]; customAuthenticationFactors?: string[]; termsOfUse?: string[];
    authenticationStrength?: { id: string; displayName?: string } | null;
  } | null;
  sessionControls?: Record<string, unknown> | null;
}

export const stateLabels: Record<PolicyState, string> = {
  enabled: 'On',
  enabledForReportingButNotEnforced: 'Report-only',
  disabled: 'Off',
};

export const stateColors = { enabled: 'success', enabledForReportingButNotEnforced: 'warning', disabled: 'informative' } as const;

const wellKnownRoles: Record<string, string> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
};

const controlNames: Record<string, string> = {
  block: 'block access',
  mfa: 'require multifactor authentication',
  compliantDevice: 'require a compliant device',
  domainJoinedDevice: 'require a hybrid joined device',
  approvedApplication: 'require an approved client app',
  compliantApplication: 'require an app protection policy',
  passwordChange: 'require a password change',
  riskRemediation: 'require risk remediation',
};

export const clientAppNames: Record<string, string> = {
  all: 'any client', browser: 'browser', mobileAppsAndDesktopClients: 'mobile and desktop app', exchangeActiveSync: 'Exchange ActiveSync',
  easSupported: 'Exchange ActiveSync', other: 'other (legacy)',
};
export const platformNames: Record<string, string> = {
  all: 'any platform', android: 'Android', iOS: 'iOS', windows: 'Windows', macOS: 'macOS', linux: 'Linux', windowsPhone: 'Windows Phone',
};
const transferNames: Record<string, string> = { deviceCodeFlow: 'device code flow', authenticationTransfer: 'authentication transfer' };
const appGroups: Record<string, string> = {
  All: 'every app', None: 'no app', Office365: 'Office 365', MicrosoftAdminPortals: 'the admin portals', AllAgentIdResources: 'every agent resource',
};

function count(items: readonly string[] | undefined, noun: string, plural = `${noun}s`): string | undefined {
  if (!items?.length) return undefined;
  return `${items.length} ${items.length === 1 ? noun : plural}`;
}

function list(parts: Array<string | undefined>, and = 'and'): string {
  const shown = parts.filter((p): p is string => !!p);
  if (shown.length <= 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} ${and} ${shown.at(-1)}`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const guestTypes = (g: unknown) => (g && typeof g === 'object' ? String((g as { guestOrExternalUserTypes?: unknown }).guestOrExternalUserTypes ?? '') : '');
/** Guests and external users, as the legacy special value or the typed object. */
function guestsOf(legacy: boolean, g: unknown): string | undefined {
  if (!legacy && !guestTypes(g)) return undefined;
  const types = guestTypes(g).split(',').filter(Boolean);
  const tenants = (g as { externalTenants?: { membershipKind?: string; members?: string[] } } | null)?.externalTenants;
  const from = tenants?.membershipKind === 'enumerated' ? ` from ${count(tenants.members, 'tenant')}` : '';
  return legacy || types.length >= 6 ? `guests and external users${from}` : `${count(types, 'kind')} of guest${from}`;
}

/** Users, groups, roles and guests the policy applies to, with its exclusions: "" when it names none. */
export function usersOf(p: Policy): string {
  const u = p.conditions?.users;
  if (!u) return '';
  let who: string;
  if (u.includeUsers?.includes('All')) who = 'All users';
  else if (u.includeUsers?.includes('None')) who = 'No one';
  else {
    who = capital(list([
      guestsOf(!!u.includeUsers?.includes('GuestsOrExternalUsers'), u.includeGuestsOrExternalUsers),
      count(u.includeUsers?.filter((x) => x !== 'GuestsOrExternalUsers'), 'user'),
      count(u.includeGroups, 'group'),
      u.includeRoles?.length ? u.includeRoles.map((r) => wellKnownRoles[r] ?? 'a directory role').filter((v, i, a) => a.indexOf(v) === i).join(', ') : undefined,
    ]) || 'No one');
  }
  const excluded = list([
    guestsOf(!!u.excludeUsers?.includes('GuestsOrExternalUsers'), u.excludeGuestsOrExternalUsers),
    count(u.excludeUsers?.filter((x) => x !== 'GuestsOrExternalUsers'), 'user'), count(u.excludeGroups, 'group'), count(u.excludeRoles, 'role'),
  ]);
  return excluded ? `${who}, except ${excluded}` : who;
}

const filterOf = (f: { mode?: string; rule?: string } | null | undefined) => (f?.rule ? ` ${f.mode === 'exclude' ? 'not ' : ''}matching ${f.rule}` : '');

/** Workload and agent identities the policy applies to: "" when it names none. */
export function identitiesOf(p: Policy): string {
  const ca = p.conditions?.clientApplications;
  const agentUsers = p.conditions?.agents;
  const parts: string[] = [];
  if (ca?.includeServicePrincipals?.length) {
    parts.push(`${ca.includeServicePrincipals.includes('ServicePrincipalsInMyTenant') ? 'every workload identity' : count(ca.includeServicePrincipals, 'workload identity', 'workload identities')}${
      ca.excludeServicePrincipals?.length ? ` except ${count(ca.excludeServicePrincipals, 'workload identity', 'workload identities')}` : ''}${filterOf(ca.servicePrincipalFilter)}`);
  }
  if (ca?.includeAgentIdServicePrincipals?.length) {
    parts.push(`${ca.includeAgentIdServicePrincipals.includes('All') ? 'every agent identity' : count(ca.includeAgentIdServicePrincipals, 'agent identity', 'agent identities')}${
      ca.excludeAgentIdServicePrincipals?.length ? ` except ${count(ca.excludeAgentIdServicePrincipals, 'agent', 'agents')}` : ''}${filterOf(ca.agentIdServicePrincipalFilter)}`);
  }
  if (agentUsers?.includeAgentUsers?.length) {
    parts.push(`${agentUsers.includeAgentUsers.includes('All') ? 'every agent user' : count(agentUsers.includeAgentUsers, 'agent user')}${
      agentUsers.excludeAgentUsers?.length ? ` except ${count(agentUsers.excludeAgentUsers, 'agent user')}` : ''}${filterOf(agentUsers.agentFilter)}`);
  }
  return capital(list(parts));
}

export function whoOf(p: Policy): string {
  const users = usersOf(p);
  const identities = identitiesOf(p);
  if (!identities) return users || 'No one';
  // An agent or workload policy names no users (includeUsers ["None"] at most).
  return !users || users === 'No one' ? identities : `${users} and ${identities.charAt(0).toLowerCase()}${identities.slice(1)}`;
}

export function whatOf(p: Policy): string {
  const a = p.conditions?.applications ?? {};
  if (a.includeUserActions?.length) {
    return list(a.includeUserActions.map((x) => x === 'urn:user:registersecurityinfo' ? 'registering security information' : x === 'urn:user:registerdevice' ? 'registering or joining devices' : x));
  }
  if (a.includeAuthenticationContextClassReferences?.length) return `authentication context ${a.includeAuthenticationContextClassReferences.join(', ')}`;
  const apps = a.includeApplications ?? [];
  const special = apps.find((x) => appGroups[x]);
  let what = special === 'All' || special === 'None' ? appGroups[special]!
    : list([...apps.filter((x) => appGroups[x]).map((x) => appGroups[x]), count(apps.filter((x) => !appGroups[x]), 'app')]) || 'no app';
  const excluded = a.excludeApplications ?? [];
  if (excluded.length) what += `, except ${list([...excluded.filter((x) => appGroups[x]).map((x) => appGroups[x]), count(excluded.filter((x) => !appGroups[x]), 'app')])}`;
  return what + filterOf(a.applicationFilter);
}

const levels = (l: readonly string[] | string | null | undefined) => (typeof l === 'string' ? l.split(',') : l ?? []).map((x) => x.trim()).filter(Boolean);

export function conditionsOf(p: Policy): string[] {
  const c = p.conditions ?? {};
  const out: string[] = [];
  if (c.platforms?.includePlatforms?.length) {
    const inc = c.platforms.includePlatforms.includes('all') ? 'any platform' : list(c.platforms.includePlatforms.map((x) => platformNames[x] ?? x), 'or');
    out.push(`on ${inc}${c.platforms.excludePlatforms?.length ? ` except ${list(c.platforms.excludePlatforms.map((x) => platformNames[x] ?? x))}` : ''}`);
  }
  if (c.locations?.includeLocations?.length) {
    const inc = c.locations.includeLocations.includes('All') ? 'any location' : c.locations.includeLocations.includes('AllTrusted') ? 'trusted locations' : count(c.locations.includeLocations, 'named location');
    const ex = c.locations.excludeLocations ?? [];
    const exc = ex.length ? ` except ${list([ex.includes('AllTrusted') ? 'trusted locations' : undefined, count(ex.filter((x) => x !== 'AllTrusted'), 'named location')])}` : '';
    out.push(`from ${inc}${exc}`);
  }
  if (c.clientAppTypes?.length && !c.clientAppTypes.includes('all')) out.push(`with ${list(c.clientAppTypes.map((x) => clientAppNames[x] ?? x), 'or')} clients`);
  if (c.signInRiskLevels?.length) out.push(`sign-in risk ${c.signInRiskLevels.join('/')}`);
  if (c.userRiskLevels?.length) out.push(`user risk ${c.userRiskLevels.join('/')}`);
  if (c.servicePrincipalRiskLevels?.length) out.push(`workload identity risk ${c.servicePrincipalRiskLevels.join('/')}`);
  if (levels(c.agentIdRiskLevels).length) out.push(`agent risk ${levels(c.agentIdRiskLevels).join('/')}`);
  if (levels(c.insiderRiskLevels).length) out.push(`insider risk ${levels(c.insiderRiskLevels).join('/')}`);
  if (c.devices?.deviceFilter) out.push(`devices${filterOf(c.devices.deviceFilter)}`);
  if (c.authenticationFlows?.transferMethods) out.push(`through ${list(levels(c.authenticationFlows.transferMethods).map((x) => transferNames[x] ?? x), 'or')}`);
  return out;
}

/** The grant controls alone: "block access", "require … or require …", "grant access". */
export function grantControlsOf(p: Policy): string {
  const g = p.grantControls;
  const parts = (g?.builtInControls ?? []).map((c) => controlNames[c] ?? c);
  if (g?.authenticationStrength) parts.push(`require the ${g.authenticationStrength.displayName ?? 'chosen'} authentication strength`);
  if (g?.termsOfUse?.length) parts.push('require accepting the terms of use');
  if (g?.customAuthenticationFactors?.length) parts.push(`require ${count(g.customAuthenticationFactors, 'custom control')}`);
  return parts.length === 0 ? 'grant access' : parts.join(g?.operator === 'AND' ? ' and ' : ' or ');
}

type SessionControl = { isEnabled?: boolean; [key: string]: unknown };

/** Session controls in plain words, e.g. ["sign in again every 4 hours", "never a persistent browser session"]. */
export function sessionOf(p: Policy): string[] {
  const out: string[] = [];
  for (const [key, raw] of Object.entries(p.sessionControls ?? {})) {
    if (raw === null || raw === undefined || raw === false) continue;
    const v = (typeof raw === 'object' ? raw : {}) as SessionControl;
    if (typeof raw === 'object' && 'isEnabled' in v && v.isEnabled === false) continue;
    switch (key) {
      case 'signInFrequency':
        out.push(v.frequencyInterval === 'everyTime' ? 'sign in again every time' : `sign in again every ${v.value as number} ${v.value === 1 ? String(v.type).replace(/s$/, '') : String(v.type)}`);
        break;
      case 'persistentBrowser': out.push(v.mode === 'always' ? 'always a persistent browser session' : 'never a persistent browser session'); break;
      case 'applicationEnforcedRestrictions': out.push('app-enforced restrictions'); break;
      case 'cloudAppSecurity': out.push(`Defender for Cloud Apps (${(v.cloudAppSecurityType as string | undefined) ?? 'configured'})`); break;
      case 'continuousAccessEvaluation': out.push(`continuous access evaluation ${(v.mode as string | undefined) ?? ''}`.trim()); break;
      case 'disableResilienceDefaults': if (raw === true) out.push('resilience defaults off'); break;
      case 'secureSignInSession': out.push('token protection'); break;
      default: out.push(key);
    }
  }
  return out;
}

export function grantOf(p: Policy): string {
  const session = sessionOf(p);
  return `${grantControlsOf(p)}${session.length ? `; session: ${session.join(', ')}` : ''}`;
}

/** "All users, on every app, from any location: require multifactor authentication." */
export function summaryOf(p: Policy): string {
  const conditions = conditionsOf(p);
  return `${whoOf(p)}, signing in to ${whatOf(p)}${conditions.length ? `, ${conditions.join(', ')}` : ''}: ${grantOf(p)}.`;
}

/** The policy as a document to edit, import or replay: without the server's id and timestamps. */
export function editable(p: Policy): Omit<Policy, 'id' | 'createdDateTime' | 'modifiedDateTime'> {
  const { id: _id, createdDateTime: _c, modifiedDateTime: _m, ...rest } = p as Policy & Record<string, unknown>;
  delete (rest as Record<string, unknown>)['@odata.context'];
  return rest;
}

export const newPolicyTemplate = {
  displayName: 'Require MFA for all users',
  state: 'enabledForReportingButNotEnforced',
  conditions: {
    users: { includeUsers: ['All'], excludeUsers: [] },
    applications: { includeApplications: ['All'] },
    clientAppTypes: ['all'],
  },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The PATCH body for a draft of a stored policy. PATCH merges into what is stored (as Graph's
 * does), so a property the admin deleted from the JSON would silently stay: it is sent as null,
 * at every depth where both sides are objects. Nothing else changes.
 */
export function patchFromDraft(stored: Record<string, unknown>, draft: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { ...draft };
  for (const [key, before] of Object.entries(stored)) {
    if (!(key in draft)) body[key] = null;
    else if (isPlainObject(before) && isPlainObject(draft[key])) body[key] = patchFromDraft(before, draft[key]);
  }
  return body;
}
