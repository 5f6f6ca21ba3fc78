/**
 * What the registry needs to know of agent identities — enough to link an agent to one, and to
 * count the overview's ownerless, sponsorless, over-privileged and active agents — behind a
 * small interface, so the registry does not depend on how the directory models them.
 */
import type { Db } from '../store/index.ts';
import { directoryAgentIdentities } from './directory-agent-identity-facts.ts';

export interface AgentIdentityFacts {
  /** The agent identity's object id (its service principal id). */
  id: string;
  displayName: string;
  accountEnabled: boolean;
  createdDateTime: string | null;
  /** null: not known. */
  ownerCount: number | null;
  sponsorCount: number | null;
  /** The high-privilege permissions (see high-privilege.ts) it holds, as app roles or delegated grants. */
  highPrivilegePermissions: string[];
  /** Its last successful sign-in (token request), if any. */
  lastSignInDateTime: string | null;
}

export interface AgentIdentityFactsSource {
  /** Every agent identity of the tenant. */
  list(): Promise<AgentIdentityFacts[]>;
  /** One agent identity, or undefined when no agent identity has this id. */
  get(id: string): Promise<AgentIdentityFacts | undefined>;
}

/** How a route obtains the facts, over its database handle (a transaction when it writes). */
export type AgentIdentityFactsLoader = (db: Db) => AgentIdentityFactsSource;

/** The loader the API uses: the directory's agent identities (directory-agent-identity-facts.ts). */
export const loadAgentIdentityFacts: AgentIdentityFactsLoader = directoryAgentIdentities;
