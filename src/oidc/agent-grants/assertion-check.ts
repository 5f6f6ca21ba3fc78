import type { AgentIdentityView } from '../../directory/index.ts';
import type { Db } from '../../store/index.ts';
import { useAgentAssertionOnce } from './assertion-use.ts';
import { LimenJwtError, type LimenJwtClaims, type LimenJwtVerifier } from './limen-jwt.ts';
import { refusal } from './refusal.ts';
import { agentAssertionResource, isAgentAssertionResource } from './token-types.ts';

/**
 * The agent's proof at the token exchange: an agent assertion (agent-assertion.ts) that Limen
 * signed, unexpired, for this very agent (`aud` its URN, `sub` its object id), issued to its own
 * blueprint (`client_id`), and never presented before. Entra checks the same of its T1 ("issued
 * to this agent's parent blueprint", design/agent-identity.md §2.2).
 *
 * A token that fails is refused with invalid_request, as RFC 8693 §2.2.2 requires for an invalid
 * subject or actor token, and logged as an invalid client assertion (AADSTS700027): the
 * assertion stands in for the credential the agent does not have. A verified assertion is used
 * up as it is presented, whatever happens to the rest of the request: it is good for one try.
 */
export async function checkAgentAssertion(
  verify: LimenJwtVerifier,
  db: Db,
  token: string,
  view: AgentIdentityView,
  role: 'subject' | 'actor',
): Promise<LimenJwtClaims> {
  const expected = agentAssertionResource(view.agent.appId);
  const invalid = (why: string) => refusal('invalid_request', `The ${role}_token is not a usable agent assertion: ${why}.`, 'invalidClientAssertion');
  let claims: LimenJwtClaims;
  try {
    claims = await verify(token);
  } catch (error) {
    if (!(error instanceof LimenJwtError)) throw error;
    throw invalid(error.problem === 'expired'
      ? 'it has expired (an assertion lives minutes: ask the blueprint for a new one)'
      : error.message);
  }
  const audiences = [claims.aud].flat();
  if (!audiences.includes(expected)) {
    const other = audiences.find(isAgentAssertionResource);
    throw invalid(other
      ? `it was issued for another agent (${other}), not for ${view.agent.appId}`
      : `its audience is ${audiences.join(', ')}; an agent assertion is issued to the blueprint with resource=${expected}`);
  }
  if (claims.client_id !== view.agent.agentIdentityBlueprintId || claims.sub !== view.agent.id) {
    throw invalid('it was not issued to this agent’s blueprint for this agent');
  }
  if (!(await useAgentAssertionOnce(db, claims.jti, claims.exp))) {
    throw invalid('it was already used, and each is good for one token exchange');
  }
  return claims;
}
