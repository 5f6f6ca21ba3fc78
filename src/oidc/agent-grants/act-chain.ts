import { refusal } from './refusal.ts';

/**
 * RFC 8693 §4.1 `act`: who acts for the token's subject. Each delegation wraps the previous
 * actor, so a token passed from agent to agent records the whole chain, the current actor
 * outermost: `{ sub: B, client_id: B-app, act: { sub: A, client_id: A-app } }`. Only the
 * outermost actor is current; the nested ones are history, not authority (RFC 8693 §4.1).
 */
export interface ActClaim {
  sub: string;
  client_id: string;
  act?: ActClaim;
}

/** The actor of an exchange: the agent identity (object id) and its client id (appId). */
export interface Actor {
  sub: string;
  clientId: string;
}

/**
 * How many actors an `act` claim names (0 when absent). Limen's own tokens are the only input,
 * but the claim is checked as untrusted: an object with a string `sub` at every level, looked
 * at no deeper than `limit + 1` levels.
 */
export function actDepth(act: unknown, limit: number): number {
  let depth = 0;
  let current = act;
  while (current !== undefined) {
    if (typeof current !== 'object' || current === null || typeof (current as { sub?: unknown }).sub !== 'string') {
      throw refusal('invalid_request', 'The subject token’s act claim is malformed (RFC 8693 §4.1).', 'invalidAssertion');
    }
    depth += 1;
    if (depth > limit) break;
    current = (current as { act?: unknown }).act;
  }
  return depth;
}

/**
 * The `act` of a token issued to `actor` on behalf of the subject of a token that carried
 * `prior` (its own act, if any). Refused when the chain would be deeper than `maxDepth`.
 */
export function delegatedAct(actor: Actor, prior: unknown, maxDepth: number): ActClaim {
  const depth = actDepth(prior, maxDepth) + 1;
  if (depth > maxDepth) {
    throw refusal('invalid_request',
      `The delegation chain would be ${depth} actors deep; Limen allows at most ${maxDepth} (RFC 8693 §4.1 act).`, 'invalidRequest');
  }
  return { sub: actor.sub, client_id: actor.clientId, ...(prior === undefined ? {} : { act: prior as ActClaim }) };
}

/**
 * RFC 8693 §4.4 `may_act`: when the subject token says who may act for its subject, the actor
 * must be that party (named by `sub`, the agent's object id, or `client_id`, its appId).
 */
export function mayAct(mayActClaim: unknown, actor: Actor): boolean {
  if (mayActClaim === undefined) return true;
  if (typeof mayActClaim !== 'object' || mayActClaim === null) return false;
  const { sub, client_id: clientId } = mayActClaim as { sub?: unknown; client_id?: unknown };
  return (sub !== undefined || clientId !== undefined)
    && (sub === undefined || sub === actor.sub)
    && (clientId === undefined || clientId === actor.clientId);
}
