/**
 * The id lists of a policy, in one table that both the parser (what a list may hold) and
 * {@link references} (what the API must look up) read. Each list holds object ids (GUIDs) or the
 * special values Graph documents for that list; the resource pages are
 * conditionalAccessUsers, conditionalAccessApplications, conditionalAccessClientApplications,
 * conditionalAccessLocations and conditionalAccessGrantControls
 * (https://learn.microsoft.com/graph/api/resources/). Application lists take appIds, the
 * GUIDs Graph uses there; the corpora use nothing else, and display names are ambiguous.
 */
import { isGuid } from '../../directory/index.ts';
import { specialValues } from '../policy.ts';
import { canonical } from './enum-value.ts';
import { withArticle, describe, type Path, type Report } from './problem.ts';
import { readList } from './read-value.ts';

/** The directory object an id names; agent users are users, agent identities service principals. */
export type ReferenceKind =
  | 'user' | 'group' | 'directoryRoleTemplate' | 'application' | 'servicePrincipal'
  | 'namedLocation' | 'authenticationStrength' | 'termsOfUse';

export interface IdListRule {
  /** Where the list sits in a policy. */
  at: readonly string[];
  kind: ReferenceKind;
  /** Special values the list accepts besides ids, in Graph's spelling. */
  special: readonly string[];
  /** What an id in this list is, for messages. */
  noun: string;
}

const users = ['conditions', 'users'] as const;
const apps = ['conditions', 'applications'] as const;
const clients = ['conditions', 'clientApplications'] as const;
const agents = ['conditions', 'agents'] as const;
const locations = ['conditions', 'locations'] as const;
const [allUsers, noUsers, guests] = specialValues.users;
const [allApps, noApps, office365, adminPortals, agentResources] = specialValues.applications;
const [anyLocation, trusted] = specialValues.locations;

const rule = (at: readonly string[], kind: ReferenceKind, noun: string, special: readonly string[] = []): IdListRule =>
  ({ at, kind, noun, special });

export const idLists = {
  includeUsers: rule([...users, 'includeUsers'], 'user', 'user id', [allUsers, noUsers, guests]),
  excludeUsers: rule([...users, 'excludeUsers'], 'user', 'user id', [guests]),
  includeGroups: rule([...users, 'includeGroups'], 'group', 'group id'),
  excludeGroups: rule([...users, 'excludeGroups'], 'group', 'group id'),
  // Directory role *template* ids; Entra supports built-in roles only (research notes §1).
  includeRoles: rule([...users, 'includeRoles'], 'directoryRoleTemplate', 'role template id'),
  excludeRoles: rule([...users, 'excludeRoles'], 'directoryRoleTemplate', 'role template id'),
  includeApplications: rule([...apps, 'includeApplications'], 'application', 'application id (appId)', [allApps, noApps, office365, adminPortals, agentResources]),
  excludeApplications: rule([...apps, 'excludeApplications'], 'application', 'application id (appId)', [office365, adminPortals]),
  includeServicePrincipals: rule([...clients, 'includeServicePrincipals'], 'servicePrincipal', 'service principal id', specialValues.servicePrincipals),
  excludeServicePrincipals: rule([...clients, 'excludeServicePrincipals'], 'servicePrincipal', 'service principal id'),
  includeAgentIdServicePrincipals: rule([...clients, 'includeAgentIdServicePrincipals'], 'servicePrincipal', 'agent identity id', specialValues.agents),
  excludeAgentIdServicePrincipals: rule([...clients, 'excludeAgentIdServicePrincipals'], 'servicePrincipal', 'agent identity id'),
  includeAgentUsers: rule([...agents, 'includeAgentUsers'], 'user', 'agent user id', specialValues.agents),
  excludeAgentUsers: rule([...agents, 'excludeAgentUsers'], 'user', 'agent user id'),
  includeLocations: rule([...locations, 'includeLocations'], 'namedLocation', 'named location id', [anyLocation, trusted]),
  excludeLocations: rule([...locations, 'excludeLocations'], 'namedLocation', 'named location id', [trusted]),
  termsOfUse: rule(['grantControls', 'termsOfUse'], 'termsOfUse', 'terms of use agreement id'),
} as const satisfies Record<string, IdListRule>;

/** Whether `id` is one of the rule's special values (in Graph's spelling, as the parser stores them). */
export const isSpecial = (listRule: IdListRule, id: string): boolean => listRule.special.includes(id);

/** A GUID in Graph's (lower-case) spelling, or one of the list's special values in Graph's spelling. */
export function readIdList(value: unknown, path: Path, listRule: IdListRule, report: Report): string[] {
  const out: string[] = [];
  readList(value, path, report).forEach((item, i) => {
    const id = readId(item, [...path, i], listRule, report);
    if (id !== undefined && !out.includes(id)) out.push(id);
  });
  return out;
}

function readId(item: unknown, path: Path, listRule: IdListRule, report: Report): string | undefined {
  if (typeof item !== 'string') {
    report(path, 'wrongType', `Expected ${withArticle(listRule.noun)} (a string), found ${describe(item)}.`);
    return undefined;
  }
  const trimmed = item.trim();
  if (isGuid(trimmed)) return trimmed.toLowerCase();
  const special = canonical(listRule.special, trimmed);
  if (special !== undefined) return special;
  report(path, 'invalidId', idMessage(item, listRule.noun, listRule.special));
  return undefined;
}

/** Shared with single ids (authenticationStrength.id): says what was expected, and spots placeholders. */
export function idMessage(value: string, noun: string, special: readonly string[] = []): string {
  const expected = special.length === 0 ? `${withArticle(noun)} (a GUID)` : `${withArticle(noun)} (a GUID) or one of ${special.join(', ')}`;
  const placeholder = /^<.*>$|^\{\{.*\}\}$|^\$\{.*\}$/.test(value.trim())
    ? ' It looks like a template placeholder that was not replaced.'
    : '';
  return `${JSON.stringify(value)} is not ${expected}.${placeholder}`;
}
