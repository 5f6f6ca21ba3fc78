/**
 * The oidc context's protocol defaults that are fixed by design rather than configured per
 * deployment (those are in config/defaults.ts), each with why it has its value. Code reads them
 * from here, never as a literal at the call site.
 */
export const oidcDefaults = {
  /**
   * Lifetime in seconds of an agent assertion, the token a blueprint gets for one of its agents
   * (docs/concepts/agent-tokens.md, step 1). It is only good for one token exchange a moment
   * later, so it lives minutes, as Entra's token exchange token (T1) does.
   * @default 300
   */
  agentAssertionTtlSeconds: 300,

  /**
   * How many actors deep the `act` claim of an exchanged token may nest (RFC 8693 §4.1: each
   * on-behalf-of exchange wraps the previous actor). A person's token passed from agent to agent
   * grows one level per hop; a longer chain is refused, so a token cannot wander through an
   * unbounded mesh of agents, each adding its own reach. 1 allows an agent acting for a person
   * directly; 3 allows two more agents to pass it on.
   * @default 3
   */
  maxActChainDepth: 3,
} as const;

export type OidcDefaults = typeof oidcDefaults;
