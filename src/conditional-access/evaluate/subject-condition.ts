/**
 * Who a policy is for. Three assignments, each for its own kind of subject:
 * - `users`: people, by user, group (transitive), built-in directory role template, or guest
 *   type; `All`, `None`, `GuestsOrExternalUsers`;
 * - `clientApplications`: workload identities (`includeServicePrincipals`,
 *   `ServicePrincipalsInMyTenant`) and agent identities (`includeAgentIdServicePrincipals`, `All`,
 *   or a blueprint id, which covers the agents derived from it);
 * - `agents`: agents' user accounts (`includeAgentUsers: ["All"]`).
 * Exclusions beat inclusions everywhere.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-users-groups
 * @see https://learn.microsoft.com/entra/identity/conditional-access/workload-identity
 * @see https://learn.microsoft.com/entra/identity/conditional-access/agent-id
 *
 * Limen's guests: a user with userType `guest` is what Entra calls an internal guest or a B2B
 * collaboration guest (Limen cannot tell them apart), so a guest-type selection naming either
 * covers them; `b2bCollaborationMember`, `b2bDirectConnectUser`, `otherExternalUser` and
 * `serviceProvider` cover nobody in Limen. Enumerated external tenants cover a guest only when
 * its home tenant is known and listed.
 */
import type { ConditionalAccessConditions, GuestsOrExternalUsers } from '../policy.ts';
import { flagSet, splitSpecial, type CaCompileProblem, type Check } from './check.ts';
import { attributeFilterOutcome, attributeReader, compileFilter } from './filter-condition.ts';
import type { MembershipIndex } from './membership-index.ts';
import type { CaServicePrincipalSubject, CaUserSubject } from './sign-in-context.ts';
import type { SignInFacts } from './sign-in-facts.ts';

type Matcher<S> = (subject: S, facts: SignInFacts) => boolean;

function compileGuests(g: GuestsOrExternalUsers | null | undefined): Matcher<CaUserSubject> | undefined {
  if (!g) return undefined;
  const types = flagSet(g.guestOrExternalUserTypes);
  if (!types.has('internalguest') && !types.has('b2bcollaborationguest')) return () => false;
  const tenants = g.externalTenants;
  const listed = String(tenants?.membershipKind).toLowerCase() === 'enumerated' ? new Set(tenants?.members ?? []) : undefined;
  return (s) => s.userType === 'guest' && (!listed || (s.homeTenantId !== undefined && listed.has(s.homeTenantId)));
}

/** Users, groups and roles go into the shared index; the check reads this policy's marks from it. */
function compileUsers(u: NonNullable<ConditionalAccessConditions['users']>, policy: number, index: MembershipIndex): Matcher<CaUserSubject> {
  const inc = splitSpecial(u.includeUsers, ['All', 'None', 'GuestsOrExternalUsers']);
  const exc = splitSpecial(u.excludeUsers, ['GuestsOrExternalUsers']);
  for (const [list, users, groups, roles] of [
    ['include', inc.ids, u.includeGroups, u.includeRoles], ['exclude', exc.ids, u.excludeGroups, u.excludeRoles],
  ] as const) {
    for (const id of users) index.add('user', id, policy, list);
    for (const id of groups ?? []) index.add('group', id, policy, list);
    for (const id of roles ?? []) index.add('role', id, policy, list);
  }
  const incGuests = compileGuests(u.includeGuestsOrExternalUsers);
  const excGuests = compileGuests(u.excludeGuestsOrExternalUsers);
  const includeAll = inc.flags.has('All');
  const incLegacyGuests = inc.flags.has('GuestsOrExternalUsers');
  const excLegacyGuests = exc.flags.has('GuestsOrExternalUsers');
  return (s, facts) => {
    const guest = s.userType === 'guest';
    const m = facts.membership;
    if (m.excluded[policy] === 1 || (excLegacyGuests && guest) || (excGuests?.(s, facts) ?? false)) return false;
    return includeAll || m.included[policy] === 1 || (incLegacyGuests && guest) || (incGuests?.(s, facts) ?? false);
  };
}

function compileAgentUsers(a: NonNullable<ConditionalAccessConditions['agents']>, policyId: string, problems: CaCompileProblem[]): Matcher<CaUserSubject> {
  const inc = splitSpecial(a.includeAgentUsers, ['All']);
  const exc = new Set(a.excludeAgentUsers ?? []);
  const filter = attributeFilterOutcome(compileFilter(a.agentFilter, policyId, 'agent user filter', problems));
  return (s) => !exc.has(s.userId) && !filter.excludes && (inc.flags.has('All') || inc.ids.has(s.userId) || filter.includes);
}

function compileWorkloads(c: NonNullable<ConditionalAccessConditions['clientApplications']>, policyId: string, problems: CaCompileProblem[]) {
  const inc = splitSpecial(c.includeServicePrincipals, ['ServicePrincipalsInMyTenant']);
  const exc = new Set(c.excludeServicePrincipals ?? []);
  const filter = compileFilter(c.servicePrincipalFilter, policyId, 'service principal filter', problems);
  // The filters read the subject's custom security attributes, so they are judged per subject.
  const outcome = (f: typeof filter, s: CaServicePrincipalSubject) => attributeFilterOutcome(f, attributeReader(s.customSecurityAttributes));
  // Limen is single-tenant and has no managed identities: every service principal is "in my tenant".
  const workloads: Matcher<CaServicePrincipalSubject> = (s) => {
    if (exc.has(s.servicePrincipalId)) return false;
    const f = outcome(filter, s);
    return !f.excludes && (inc.flags.has('ServicePrincipalsInMyTenant') || inc.ids.has(s.servicePrincipalId) || f.includes);
  };

  const agentInc = splitSpecial(c.includeAgentIdServicePrincipals, ['All']);
  const agentExc = new Set(c.excludeAgentIdServicePrincipals ?? []);
  const agentFilter = compileFilter(c.agentIdServicePrincipalFilter, policyId, 'agent identity filter', problems);
  const names = (s: CaServicePrincipalSubject, ids: ReadonlySet<string>) =>
    ids.has(s.servicePrincipalId) || (s.agentBlueprintId !== undefined && ids.has(s.agentBlueprintId));
  const agents: Matcher<CaServicePrincipalSubject> = (s) => {
    if (names(s, agentExc)) return false;
    const f = outcome(agentFilter, s);
    return !f.excludes && (agentInc.flags.has('All') || names(s, agentInc.ids) || f.includes);
  };
  return { workloads, agents };
}

export function compileSubjectCondition(
  c: ConditionalAccessConditions, policy: number, index: MembershipIndex, policyId: string, problems: CaCompileProblem[],
): Check {
  const users = c.users ? compileUsers(c.users, policy, index) : undefined;
  const agentUsers = c.agents ? compileAgentUsers(c.agents, policyId, problems) : undefined;
  const apps = c.clientApplications ? compileWorkloads(c.clientApplications, policyId, problems) : undefined;
  return (facts) => {
    const s = facts.context.subject;
    if (s.kind === 'user') {
      const matcher = s.isAgentUser ? agentUsers : users;
      return matcher?.(s, facts) ? undefined : 'users';
    }
    if (s.isAgent) return apps?.agents(s, facts) ? undefined : 'agentIdentities';
    return apps?.workloads(s, facts) ? undefined : 'workloadIdentities';
  };
}
