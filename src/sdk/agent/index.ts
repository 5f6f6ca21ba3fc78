/**
 * `limen/agent`: tokens for AI agents from Limen, for agent builders. Depends on nothing of the
 * server. See docs/concepts/agent-tokens.md.
 */
export { AgentTokenClient, agentAssertionResource, type AgentToken, type AgentTokenClientOptions, type TokenRequest } from './agent-token-client.ts';
export type { BlueprintCredential } from './blueprint-credential.ts';
export { ConditionalAccessError, LimenTokenError } from './errors.ts';
