import type { ClientMetadata } from 'oidc-provider';
import type { AgentIdentity } from '../../directory/index.ts';
import { corsOriginsProperty, servicePrincipalIdProperty } from '../client-metadata.ts';
import { tokenExchangeGrantType } from './token-types.ts';

/**
 * An agent identity as an OAuth client: its appId is the client_id of its token exchange, and it
 * can do nothing else. It has no credentials of its own (its blueprint holds them, Entra Agent
 * ID's model): it is a public client (RFC 6749 §2.1, token_endpoint_auth_method `none`) whose
 * proof is the one-use agent assertion it presents as a subject or actor token. So it gets the
 * token exchange grant only: no redirect URIs, no authorization code, no device code, no
 * refresh tokens, and never client credentials, which a public client must not get.
 *
 * A disabled agent (or one whose blueprint is disabled) is still served, so its exchange is
 * refused with the reason (AADSTS7000112) in the answer and in the sign-in log, not as an
 * unknown client.
 */
export function agentClientMetadata(agent: AgentIdentity): ClientMetadata {
  return {
    client_id: agent.appId,
    client_name: agent.displayName,
    application_type: 'web',
    redirect_uris: [],
    post_logout_redirect_uris: [],
    response_types: [],
    grant_types: [tokenExchangeGrantType],
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: 'ES256',
    [servicePrincipalIdProperty]: agent.id,
    [corsOriginsProperty]: [],
  } as ClientMetadata;
}
