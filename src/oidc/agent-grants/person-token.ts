import type { AgentIdentityView, Directory, User } from '../../directory/index.ts';
import type { Resource } from '../resources.ts';
import { mayAct, type Actor } from './act-chain.ts';
import { LimenJwtError, type LimenJwtClaims, type LimenJwtVerifier } from './limen-jwt.ts';
import { refusal } from './refusal.ts';
import { isAgentAssertionResource } from './token-types.ts';

/** A person's access token, checked, and the person as the directory has them now. */
export interface PersonToken {
  claims: LimenJwtClaims & { idtyp?: unknown; amr?: unknown; act?: unknown; may_act?: unknown };
  user: User;
  /** RFC 8176 methods of the person's sign-in, as the token carries them (for Conditional Access). */
  amr: string[];
}

/**
 * The names a token for the agent's blueprint may carry as `aud`: the blueprint is the API a
 * person's token for an agent is requested for (`api://<blueprint>/access_agent`, say), as Entra
 * requires the user's token to be for the blueprint (design/agent-identity.md §2.3). Agent
 * identities are not resources (they have no application), so a token cannot be "for the agent".
 */
export function blueprintAudiences(view: AgentIdentityView, resource: Resource | undefined): Set<string> {
  const appId = view.agent.agentIdentityBlueprintId;
  return new Set([appId, `api://${appId}`, ...(view.blueprint?.identifierUris ?? []), ...(resource ? [resource.audience, ...resource.prefixes] : [])]);
}

/**
 * The subject token of an on-behalf-of exchange (RFC 8693 §2.1): a person's access token that
 * Limen signed, unexpired, for this agent's blueprint, naming a person who still exists, is
 * enabled and has not had their sign-in sessions revoked since, and (RFC 8693 §4.4) allowing this
 * agent to act if it says who may. Refused with invalid_request (RFC 8693 §2.2.2), logged with
 * Entra's code for an on-behalf-of assertion that fails (AADSTS50013) or for the person's state.
 */
export async function checkPersonToken(
  verify: LimenJwtVerifier,
  directory: Directory,
  token: string,
  view: AgentIdentityView,
  blueprint: Resource | undefined,
  actor: Actor,
): Promise<PersonToken> {
  const invalid = (why: string) => refusal('invalid_request', `AADSTS50013: The subject_token is not usable: ${why}.`, 'invalidAssertion');
  let claims: PersonToken['claims'];
  try {
    claims = await verify(token);
  } catch (error) {
    if (!(error instanceof LimenJwtError)) throw error;
    throw invalid(error.message);
  }
  const audiences = [claims.aud].flat();
  if (audiences.some(isAgentAssertionResource)) {
    throw invalid('it is an agent assertion; on behalf of a person the subject_token is their access token and the assertion is the actor_token');
  }
  if (claims.idtyp !== 'user') throw invalid('it is not a person’s token (idtyp is not user)');
  const accepted = blueprintAudiences(view, blueprint);
  if (!audiences.some((a) => accepted.has(a))) {
    throw invalid(`its audience (${audiences.join(', ')}) is not this agent’s blueprint (${view.agent.agentIdentityBlueprintId}); ` +
      'a person’s token for an agent is requested for its blueprint’s API');
  }
  if (!mayAct(claims.may_act, actor)) throw invalid('its may_act claim does not allow this agent to act for its subject (RFC 8693 §4.4)');

  const user = await directory.users.get(claims.sub);
  if (!user) throw refusal('invalid_request', 'AADSTS50034: The subject_token names a user that does not exist in the directory.', 'userNotFound');
  if (!user.accountEnabled) throw refusal('invalid_request', 'AADSTS50057: The user account of the subject_token is disabled.', 'userDisabled');
  // Tokens issued before revokeSignInSessions are void, as findAccount holds for refresh tokens.
  if (claims.iat < Math.floor(Date.parse(user.signInSessionsValidFromDateTime) / 1000)) {
    throw refusal('invalid_request', 'AADSTS50013: The subject_token was issued before the user’s sign-in sessions were revoked.', 'expiredOrRevokedGrant');
  }
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((m): m is string => typeof m === 'string') : [];
  return { claims, user, amr };
}
