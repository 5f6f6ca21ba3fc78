/**
 * The registry's overview numbers, after Entra's and Agent 365's agent overview pages: how many
 * agents, how many new or active lately, and how many need attention (no identity, no owner or
 * sponsor, too much privilege). Pure: the entries and the agent identities in, the numbers out.
 *
 * "Agents" are the registry's entries still present on their platform, plus the agent
 * identities no such entry links to (agents known only from the directory), so an agent is
 * counted once whichever way the tenant learnt of it.
 */
import type { AgentIdentityFacts } from './agent-identity-facts.ts';
import type { EntryFacts } from './registry.repository.ts';

export interface AgentRegistryOverview {
  /** Agents present: entries not removed, plus agent identities no entry links. */
  totalAgents: number;
  /** Created (on the platform, else first seen; identities: created) in the last 30 days. */
  createdLast30Days: number;
  /** Seen on their platform by a sync or import, or signed in, in the last 30 days. */
  activeLast30Days: number;
  /** With an agent identity. */
  managed: number;
  /** Registry-only: no agent identity linked (Microsoft's "unmanaged" agents). */
  unmanaged: number;
  /** Entries whose platform no longer lists them (not in the counts above). */
  removed: number;
  /** Agent identities with no owner; identities whose owners are unknown are not counted. */
  ownerless: number;
  /** Agent identities with no sponsor; likewise. */
  sponsorless: number;
  /** Agent identities with no owner or no sponsor. */
  ownerlessOrSponsorless: number;
  /** Agent identities holding a high-privilege permission (agents/high-privilege.ts). */
  overPrivileged: number;
  byPlatform: Array<{ platform: string; total: number; unmanaged: number }>;
  generatedDateTime: string;
}

const windowDays = 30;

export function agentRegistryOverview(
  entries: readonly EntryFacts[],
  identities: readonly AgentIdentityFacts[],
  now: Date,
): AgentRegistryOverview {
  const since = new Date(now.getTime() - windowDays * 86_400_000).toISOString();
  const recent = (time: string | null | undefined) => typeof time === 'string' && time >= since;
  const identityById = new Map(identities.map((i) => [i.id.toLowerCase(), i]));
  const present = entries.filter((e) => e.removed_date_time === null);
  const linked = new Set(present.flatMap((e) => (e.agent_identity_id ? [e.agent_identity_id.toLowerCase()] : [])));
  const directoryOnly = identities.filter((i) => !linked.has(i.id.toLowerCase()));

  const platforms = new Map<string, { platform: string; total: number; unmanaged: number }>();
  let createdRecently = 0;
  let activeRecently = 0;
  for (const e of present) {
    const identity = e.agent_identity_id ? identityById.get(e.agent_identity_id.toLowerCase()) : undefined;
    if (recent(e.created_date_time ?? e.first_seen_date_time)) createdRecently += 1;
    if (recent(e.last_seen_date_time) || recent(identity?.lastSignInDateTime)) activeRecently += 1;
    const p = platforms.get(e.platform) ?? { platform: e.platform, total: 0, unmanaged: 0 };
    p.total += 1;
    if (!e.agent_identity_id) p.unmanaged += 1;
    platforms.set(e.platform, p);
  }
  for (const i of directoryOnly) {
    if (recent(i.createdDateTime)) createdRecently += 1;
    if (recent(i.lastSignInDateTime)) activeRecently += 1;
  }
  if (directoryOnly.length) platforms.set('directory', { platform: 'directory', total: directoryOnly.length, unmanaged: 0 });

  // Every agent identity is an agent, linked to an entry or not; each counted once.
  const counted = [...identityById.values()];
  const unmanaged = present.filter((e) => !e.agent_identity_id).length;
  return {
    totalAgents: present.length + directoryOnly.length,
    createdLast30Days: createdRecently,
    activeLast30Days: activeRecently,
    managed: present.length - unmanaged + directoryOnly.length,
    unmanaged,
    removed: entries.length - present.length,
    ownerless: counted.filter((i) => i.ownerCount === 0).length,
    sponsorless: counted.filter((i) => i.sponsorCount === 0).length,
    ownerlessOrSponsorless: counted.filter((i) => i.ownerCount === 0 || i.sponsorCount === 0).length,
    overPrivileged: counted.filter((i) => i.highPrivilegePermissions.length > 0).length,
    byPlatform: [...platforms.values()].sort((a, b) => b.total - a.total || a.platform.localeCompare(b.platform)),
    generatedDateTime: now.toISOString(),
  };
}
