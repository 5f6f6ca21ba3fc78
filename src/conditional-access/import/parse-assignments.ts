/**
 * Who and what a policy is about: `conditions.users`, `.applications`, `.clientApplications`
 * (workload and agent identities) and the beta `.agents` block (agent users). Id lists follow
 * the rules of id-lists.ts; guest types are a flags enum kept as Graph's comma-separated string.
 */
import { isGuid } from '../../directory/index.ts';
import {
  guestOrExternalUserTypes, userActions,
  type ConditionalAccessApplications, type ConditionalAccessClientApplications, type ConditionalAccessConditions,
  type ConditionalAccessUsers, type GuestsOrExternalUsers,
} from '../policy.ts';
import { canonical, readEnum, readFlags } from './enum-value.ts';
import { membershipKinds } from './graph-enums.ts';
import { idLists, readIdList } from './id-lists.ts';
import { parseFilterRule } from './parse-filter-rule.ts';
import { describe, type Path, type Report } from './problem.ts';
import { configuresNothing, readList, readObject, unknownMembers } from './read-value.ts';

export function parseUsers(value: unknown, path: Path, report: Report): ConditionalAccessUsers | null {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const list = (name: keyof typeof idLists & keyof ConditionalAccessUsers) =>
    readIdList(source[name], [...path, name], idLists[name], report);
  return {
    includeUsers: list('includeUsers'),
    excludeUsers: list('excludeUsers'),
    includeGroups: list('includeGroups'),
    excludeGroups: list('excludeGroups'),
    includeRoles: list('includeRoles'),
    excludeRoles: list('excludeRoles'),
    includeGuestsOrExternalUsers: parseGuests(source.includeGuestsOrExternalUsers, [...path, 'includeGuestsOrExternalUsers'], report),
    excludeGuestsOrExternalUsers: parseGuests(source.excludeGuestsOrExternalUsers, [...path, 'excludeGuestsOrExternalUsers'], report),
    ...unknownMembers(source, usersKnown),
  };
}
const usersKnown = [
  'includeUsers', 'excludeUsers', 'includeGroups', 'excludeGroups', 'includeRoles', 'excludeRoles',
  'includeGuestsOrExternalUsers', 'excludeGuestsOrExternalUsers',
];

/** conditionalAccessGuestsOrExternalUsers; no user type and no tenants is "not configured". */
function parseGuests(value: unknown, path: Path, report: Report): GuestsOrExternalUsers | null {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const types = readFlags(source.guestOrExternalUserTypes, [...path, 'guestOrExternalUserTypes'], guestOrExternalUserTypes, 'guest or external user type', report);
  const externalTenants = parseExternalTenants(source.externalTenants, [...path, 'externalTenants'], report);
  const rest = unknownMembers(source, ['guestOrExternalUserTypes', 'externalTenants']);
  if (types === null && externalTenants === null && configuresNothing(rest)) return null;
  if (types === null) report([...path, 'guestOrExternalUserTypes'], 'required', 'Name at least one guest or external user type, e.g. "b2bCollaborationGuest".');
  return { guestOrExternalUserTypes: types ?? '', externalTenants, ...rest };
}

/** conditionalAccessExternalTenants: all tenants, or the tenant ids listed in `members`. */
function parseExternalTenants(value: unknown, path: Path, report: Report): GuestsOrExternalUsers['externalTenants'] {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const kind = readEnum(source.membershipKind, [...path, 'membershipKind'], membershipKinds, 'membership kind', report);
  if (kind === undefined && (source.membershipKind === undefined || source.membershipKind === null)) {
    report([...path, 'membershipKind'], 'required', 'External tenants need a membershipKind: all or enumerated.');
  }
  const out: NonNullable<GuestsOrExternalUsers['externalTenants']> = { membershipKind: kind ?? 'all' };
  if (source.members !== undefined || kind === 'enumerated') {
    const given = readList(source.members, [...path, 'members'], report);
    if (kind === 'enumerated' && given.length === 0) {
      report([...path, 'members'], 'required', 'Enumerated external tenants need at least one tenant id.');
    }
    out.members = [];
    given.forEach((m, i) => {
      if (typeof m === 'string' && isGuid(m.trim())) out.members?.push(m.trim().toLowerCase());
      else report([...path, 'members', i], 'invalidId', `${describe(m)} is not a tenant id (a GUID).`);
    });
  }
  Object.assign(out, unknownMembers(source, ['membershipKind', 'members']));
  return out;
}

export function parseApplications(value: unknown, path: Path, report: Report): ConditionalAccessApplications {
  const source = readObject(value, path, report) ?? {};
  return {
    includeApplications: readIdList(source.includeApplications, [...path, 'includeApplications'], idLists.includeApplications, report),
    excludeApplications: readIdList(source.excludeApplications, [...path, 'excludeApplications'], idLists.excludeApplications, report),
    includeUserActions: readUserActions(source.includeUserActions, [...path, 'includeUserActions'], report),
    includeAuthenticationContextClassReferences: readAuthenticationContexts(source.includeAuthenticationContextClassReferences, [...path, 'includeAuthenticationContextClassReferences'], report),
    applicationFilter: parseFilterRule(source.applicationFilter, [...path, 'applicationFilter'], report),
    ...unknownMembers(source, ['includeApplications', 'excludeApplications', 'includeUserActions', 'includeAuthenticationContextClassReferences', 'applicationFilter']),
  };
}

function readUserActions(value: unknown, path: Path, report: Report): string[] {
  const out: string[] = [];
  readList(value, path, report).forEach((item, i) => {
    const action = typeof item === 'string' ? canonical(userActions, item) : undefined;
    if (action === undefined) report([...path, i], 'unknownEnumValue', `${describe(item)} is not a user action. Allowed values: ${userActions.join(', ')}.`);
    else if (!out.includes(action)) out.push(action);
  });
  return out;
}

/**
 * Authentication contexts are the reserved ids c1 … c99
 * (https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-cloud-apps#authentication-context).
 */
function readAuthenticationContexts(value: unknown, path: Path, report: Report): string[] {
  const out: string[] = [];
  readList(value, path, report).forEach((item, i) => {
    const id = typeof item === 'string' ? item.trim().toLowerCase() : '';
    if (!/^c([1-9]|[1-9][0-9])$/.test(id)) report([...path, i], 'invalidValue', `${describe(item)} is not an authentication context id (c1 to c99).`);
    else if (!out.includes(id)) out.push(id);
  });
  return out;
}

export function parseClientApplications(value: unknown, path: Path, report: Report): ConditionalAccessClientApplications | null {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const list = (name: 'includeServicePrincipals' | 'excludeServicePrincipals' | 'includeAgentIdServicePrincipals' | 'excludeAgentIdServicePrincipals') =>
    readIdList(source[name], [...path, name], idLists[name], report);
  return {
    includeServicePrincipals: list('includeServicePrincipals'),
    excludeServicePrincipals: list('excludeServicePrincipals'),
    servicePrincipalFilter: parseFilterRule(source.servicePrincipalFilter, [...path, 'servicePrincipalFilter'], report),
    includeAgentIdServicePrincipals: list('includeAgentIdServicePrincipals'),
    excludeAgentIdServicePrincipals: list('excludeAgentIdServicePrincipals'),
    agentIdServicePrincipalFilter: parseFilterRule(source.agentIdServicePrincipalFilter, [...path, 'agentIdServicePrincipalFilter'], report),
    ...unknownMembers(source, [
      'includeServicePrincipals', 'excludeServicePrincipals', 'servicePrincipalFilter',
      'includeAgentIdServicePrincipals', 'excludeAgentIdServicePrincipals', 'agentIdServicePrincipalFilter',
    ]),
  };
}

/** The beta `agents` block (agent users); seen in exports, not yet on a docs page (research notes §1). */
export function parseAgents(value: unknown, path: Path, report: Report): ConditionalAccessConditions['agents'] {
  const source = readObject(value, path, report);
  if (source === null) return null;
  const agents = {
    includeAgentUsers: readIdList(source.includeAgentUsers, [...path, 'includeAgentUsers'], idLists.includeAgentUsers, report),
    excludeAgentUsers: readIdList(source.excludeAgentUsers, [...path, 'excludeAgentUsers'], idLists.excludeAgentUsers, report),
    agentFilter: parseFilterRule(source.agentFilter, [...path, 'agentFilter'], report),
    ...unknownMembers(source, ['includeAgentUsers', 'excludeAgentUsers', 'agentFilter']),
  };
  return configuresNothing(agents) ? null : agents;
}
