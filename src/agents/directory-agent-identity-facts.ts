import { createDirectory } from '../directory/index.ts';
import type { Db } from '../store/index.ts';
import { highPrivilegePermissionsOf } from './agent-permissions.ts';
import type { AgentIdentityFacts, AgentIdentityFactsSource } from './agent-identity-facts.ts';

/**
 * The registry's facts about agent identities, read from the directory (migration 0009): owners
 * and sponsors as recorded, every permission the agent holds (inherited from its blueprint
 * included) checked against the high-privilege list, and the last token it got
 * (`lastSignInDateTime`, set by the token flows).
 */
export function directoryAgentIdentities(db: Db): AgentIdentityFactsSource {
  const dir = createDirectory(db);

  async function factsOf(ids: readonly string[] | undefined): Promise<AgentIdentityFacts[]> {
    if (ids?.length === 0) return [];
    const agents = await dir.agentIdentities.list((q) => (ids ? q.where('service_principals.id', 'in', [...ids]) : q)
      .orderBy('service_principals.display_name').orderBy('service_principals.id'));
    const agentIds = agents.map((a) => a.id);
    const [permissions, owners, sponsors] = await Promise.all([
      dir.agentIdentities.permissionsOf(agents),
      dir.objectLinks.countFor(agentIds, 'owners'),
      dir.objectLinks.countFor(agentIds, 'sponsors'),
    ]);
    return agents.map((agent) => ({
      id: agent.id,
      displayName: agent.displayName,
      accountEnabled: agent.accountEnabled,
      createdDateTime: agent.createdDateTime,
      ownerCount: owners.get(agent.id) ?? 0,
      sponsorCount: sponsors.get(agent.id) ?? 0,
      highPrivilegePermissions: highPrivilegePermissionsOf(permissions.get(agent.id) ?? []),
      lastSignInDateTime: agent.lastSignInDateTime,
    }));
  }

  return {
    list: () => factsOf(undefined),
    get: async (id) => (await factsOf([id]))[0],
  };
}
