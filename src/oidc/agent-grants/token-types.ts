/**
 * The names Limen's agent token flow speaks (docs/concepts/agent-tokens.md): RFC 8693 token
 * exchange with its token type URIs (§3), and the RFC 8707 resource indicator that names one
 * agent identity in a blueprint's request for an agent assertion.
 */

/** RFC 8693 §2.1. */
export const tokenExchangeGrantType = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** RFC 8693 §3: an OAuth access token, the only type Limen issues. */
export const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
/** RFC 8693 §3: any JWT; Limen's access tokens are JWTs (RFC 9068), so it names them too. */
export const jwtTokenType = 'urn:ietf:params:oauth:token-type:jwt';

/** The token types a subject or actor token may be declared as. */
export const acceptedInputTokenTypes: ReadonlySet<string> = new Set([accessTokenType, jwtTokenType]);

const agentResourcePrefix = 'urn:limen:agent:';

/** The resource indicator (and `aud`) of an assertion for the agent identity with this appId. */
export const agentAssertionResource = (agentAppId: string): string => `${agentResourcePrefix}${agentAppId}`;

/** Whether a resource indicator is an agent assertion's (`urn:limen:agent:…`), well formed or not. */
export const isAgentAssertionResource = (indicator: string): boolean => indicator.toLowerCase().startsWith(agentResourcePrefix);

/** The agent appId an agent assertion resource names, or undefined when it names none. */
export function agentAppIdOf(indicator: string): string | undefined {
  if (!isAgentAssertionResource(indicator)) return undefined;
  const appId = indicator.slice(agentResourcePrefix.length);
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId) ? appId : undefined;
}
