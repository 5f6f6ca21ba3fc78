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

  /**
   * Longest lifetime (exp minus iat, else nbf) of a workload token Limen accepts for a federated
   * identity credential (federation/workload-token.ts). Such a token is a bearer credential for
   * the app: a long-lived one is as good as a client secret to whoever copies it. Kubernetes
   * projected service account tokens live an hour by default (Azure workload identity asks for
   * one hour), GitHub Actions' minutes, cloud identity tokens an hour; a day leaves room for an
   * issuer configured generously and refuses a token made to be kept.
   * @default 86400
   */
  federatedTokenMaxLifetimeSeconds: 24 * 3600,

  /**
   * Clock difference tolerated between Limen and a federated credential's issuer when checking a
   * workload token's exp, nbf and iat. The issuer is another system with its own clock.
   * @default 60
   */
  federatedTokenClockSkewSeconds: 60,

  /**
   * Fixed lifetime of a refresh token a single-page app got: a code redeemed without a client
   * credential through one of the app's SPA redirect URIs (refresh-token-binding.ts). Counted from
   * the sign-in that issued the first token; each rotation gets what is left, never more, as
   * Entra's do (AADSTS700084): a token kept in browser storage is only good for a day, then the
   * app signs in again (silently while the Limen session lasts). Desktop, mobile and confidential
   * clients keep the configured sliding lifetime (`refreshTokenTtlSeconds`).
   * @default 86400
   */
  singlePageAppRefreshTokenLifetimeSeconds: 24 * 3600,
} as const;

export type OidcDefaults = typeof oidcDefaults;
