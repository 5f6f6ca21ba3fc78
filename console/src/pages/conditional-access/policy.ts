/**
 * A Conditional Access policy as Graph returns it, and its plain-language summary: who, what,
 * under which conditions, and what is granted or required (Entra's policy list reads the same).
 */

export const policiesPath = '/identity/conditionalAccess/policies';

export type PolicyState = 'enabled' | 'enabledForReportingButNotEnforced' | 'disabled';

export interface Policy {
  id: string;
  displayName: string;
  state: PolicyState;
  createdDateTime?: string | null;
  modifiedDateTime?: string | null;
  conditions?: {
    users?: {
      includeUsers?: string[]; excludeUsers?: string[]; includeGroups?: string[]; excludeGroups?: string[];
      includeRoles?: string[]; excludeRoles?: string[]; includeGuestsOrExternalUsers?: unknown; excludeGuestsOrExternalUsers?: unknown;
    } | null;
    applications?: {
      includeApplications?: string[]; excludeApplications?: string[]; includeUserActions?: string[];
      includeAuthenticationContextClassReferences?: string[];
    } | null;
    clientApplications?: { includeServicePrincipals?: string[]; excludeServicePrincipals?: string[] } | null;
    clientAppTypes?: string[];
    platforms?: { includePlatforms?: string[]; excludePlatforms?: string[] } | null;
    locations?: { includeLocations?: string[]; excludeLocations?: string[] } | null;
    signInRiskLevels?: string[];
    userRiskLevels?: string[];
    servicePrincipalRiskLevels?: string[];
    insiderRiskLevels?: string | null;
    devices?: { deviceFilter?: { mode: string; rule: string } | null } | null;
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

function count(items: readonly string[] | undefined, noun: string): string | undefined {
  if (!items?.length) return undefined;
  return `${items.length} ${noun}${items.length === 1 ? '' : 's'}`;
}

function list(parts: Array<string | undefined>): string {
  const shown = parts.filter((p): p is string => !!p);
  if (shown.length <= 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

export function whoOf(p: Policy): string {
  const u = p.conditions?.users ?? {};
  const sp = p.conditions?.clientApplications;
  if (sp?.includeServicePrincipals?.length) {
    return sp.includeServicePrincipals.includes('ServicePrincipalsInMyTenant') ? 'Every workload identity' : `${count(sp.includeServicePrincipals, 'workload identity')}`;
  }
  let who: string;
  if (u.includeUsers?.includes('All')) who = 'All users';
  else if (u.includeUsers?.includes('None')) who = 'No one';
  else {
    who = list([
      u.includeUsers?.includes('GuestsOrExternalUsers') || u.includeGuestsOrExternalUsers ? 'guests and external users' : undefined,
      count(u.includeUsers?.filter((x) => x !== 'GuestsOrExternalUsers'), 'user'),
      count(u.includeGroups, 'group'),
      u.includeRoles?.length ? u.includeRoles.map((r) => wellKnownRoles[r] ?? 'a directory role').filter((v, i, a) => a.indexOf(v) === i).join(', ') : undefined,
    ]) || 'No one';
    who = who.charAt(0).toUpperCase() + who.slice(1);
  }
  const excluded = list([count(u.excludeUsers, 'user'), count(u.excludeGroups, 'group'), count(u.excludeRoles, 'role')]);
  return excluded ? `${who}, except ${excluded}` : who;
}

export function whatOf(p: Policy): string {
  const a = p.conditions?.applications ?? {};
  if (a.includeUserActions?.length) {
    return a.includeUserActions.map((x) => x === 'urn:user:registersecurityinfo' ? 'registering security information' : x === 'urn:user:registerdevice' ? 'registering or joining devices' : x).join(', ');
  }
  if (a.includeAuthenticationContextClassReferences?.length) return `authentication context ${a.includeAuthenticationContextClassReferences.join(', ')}`;
  const apps = a.includeApplications ?? [];
  let what = apps.includes('All') ? 'every app'
    : apps.includes('None') ? 'no app'
      : apps.includes('Office365') ? 'Office 365'
        : apps.includes('MicrosoftAdminPortals') ? 'the admin portals'
          : count(apps, 'app') ?? 'no app';
  if (a.excludeApplications?.length) what += `, except ${count(a.excludeApplications, 'app')}`;
  return what;
}

export function conditionsOf(p: Policy): string[] {
  const c = p.conditions ?? {};
  const out: string[] = [];
  if (c.platforms?.includePlatforms?.length) {
    out.push(`on ${c.platforms.includePlatforms.includes('all') ? 'any platform' : c.platforms.includePlatforms.join(', ')}${c.platforms.excludePlatforms?.length ? ` except ${c.platforms.excludePlatforms.join(', ')}` : ''}`);
  }
  if (c.locations?.includeLocations?.length) {
    const inc = c.locations.includeLocations.includes('All') ? 'any location' : c.locations.includeLocations.includes('AllTrusted') ? 'trusted locations' : count(c.locations.includeLocations, 'named location');
    const exc = c.locations.excludeLocations?.length ? ` except ${c.locations.excludeLocations.includes('AllTrusted') ? 'trusted locations' : count(c.locations.excludeLocations, 'named location')}` : '';
    out.push(`from ${inc}${exc}`);
  }
  if (c.clientAppTypes?.length && !c.clientAppTypes.includes('all')) out.push(`with ${c.clientAppTypes.join(', ')} clients`);
  if (c.signInRiskLevels?.length) out.push(`sign-in risk ${c.signInRiskLevels.join('/')}`);
  if (c.userRiskLevels?.length) out.push(`user risk ${c.userRiskLevels.join('/')}`);
  if (c.servicePrincipalRiskLevels?.length) out.push(`workload identity risk ${c.servicePrincipalRiskLevels.join('/')}`);
  if (c.insiderRiskLevels) out.push(`insider risk ${c.insiderRiskLevels}`);
  if (c.devices?.deviceFilter) out.push(`devices ${c.devices.deviceFilter.mode === 'exclude' ? 'not ' : ''}matching ${c.devices.deviceFilter.rule}`);
  if (c.authenticationFlows?.transferMethods) out.push(`through ${c.authenticationFlows.transferMethods}`);
  return out;
}

export function grantOf(p: Policy): string {
  const g = p.grantControls;
  const parts = (g?.builtInControls ?? []).map((c) => controlNames[c] ?? c);
  if (g?.authenticationStrength) parts.push(`require the ${g.authenticationStrength.displayName ?? 'chosen'} authentication strength`);
  if (g?.termsOfUse?.length) parts.push('require accepting the terms of use');
  const session = Object.entries(p.sessionControls ?? {}).filter(([, v]) => v && typeof v === 'object' && (v as { isEnabled?: boolean }).isEnabled !== false).map(([k]) => k);
  let grant = parts.length === 0 ? 'grant access' : parts.join(g?.operator === 'AND' ? ' and ' : ' or ');
  if (session.length) grant += `; session: ${session.join(', ')}`;
  return grant;
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
