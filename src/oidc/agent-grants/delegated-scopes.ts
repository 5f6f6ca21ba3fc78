import { refusal } from './refusal.ts';

/**
 * The delegated scopes (`scp`) of an on-behalf-of token: what the request asks for, within what
 * the agent may use for this person at this resource. `available` is already that
 * intersection, computed from the directory (agent-read-model.ts agentScopesFor): the agent's
 * own delegated grants that cover the person (consented for everyone by an administrator, or by
 * the person), and the delegated scopes it inherits from its blueprint (an enumerated list is
 * the administrator's consent for every user; "all allowed" passes on the blueprint principal's
 * grants with their own consent), each still offered by the resource.
 *
 * `.default` (or no scope) asks for all of it. A named scope outside it is refused, never
 * silently dropped (refused widening): the caller learns that the agent cannot do it for this
 * person, and the token never looks broader in the request than it is.
 */
export function delegatedScopesFor(requested: readonly string[], available: readonly string[], resourceName: string): string[] {
  const all = requested.length === 0 || requested.includes('.default');
  if (all) {
    if (available.length === 0) {
      throw refusal('invalid_scope',
        `AADSTS65001: The agent holds no delegated permission at ${resourceName} on behalf of this user (no consent).`, 'consentRequired');
    }
    return [...available];
  }
  const missing = requested.filter((s) => !available.includes(s));
  if (missing.length > 0) {
    throw refusal('invalid_scope',
      `AADSTS65001: The agent may not use ${missing.map((s) => `'${s}'`).join(', ')} at ${resourceName} on behalf of this user: ` +
      'no consent for the agent or its blueprint, or the agent does not hold it. Limen does not widen a delegation.',
      'consentRequired');
  }
  return [...new Set(requested)];
}
