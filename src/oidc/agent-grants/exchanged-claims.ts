import type { UnknownObject } from 'oidc-provider';
import type { AgentIdentityView, User } from '../../directory/index.ts';
import type { ActClaim } from './act-chain.ts';

/**
 * The claims of a token issued by the token exchange, as Entra Agent ID shapes its agent tokens
 * (design/agent-identity.md §2.5) plus RFC 8693's `act`:
 * - `azp`/`appid`: the actor, the agent's appId; `xms_par_app_azp`: its blueprint's appId (for
 *   logs and audits; a resource should not authorize on it, Entra says the same);
 * - `xms_act_fct` / `xms_sub_fct`: facets of actor and subject, `11` = agent identity;
 * - `limen_agent_blueprint_id`: the blueprint's appId, by Limen's name for it (Graph's
 *   agentIdentity.agentIdentityBlueprintId), for resources that read Limen's own claims.
 * Computed by the grant handler and handed to oidc-provider's extraTokenClaims by token
 * (`exchangedClaims`), so the token's JWT is built and signed by oidc-provider like any other.
 */
export const exchangedClaims = new WeakMap<object, UnknownObject>();

const agentFacet = '11';

function common(view: AgentIdentityView, tenantId: string) {
  const blueprintAppId = view.agent.agentIdentityBlueprintId;
  return {
    tid: tenantId,
    azp: view.agent.appId,
    appid: view.agent.appId,
    ver: '2.0',
    xms_par_app_azp: blueprintAppId,
    xms_act_fct: agentFacet,
    limen_agent_blueprint_id: blueprintAppId,
  };
}

/** Autonomous: the agent is the subject (`sub` = `oid` = its object id), app-only, with its app roles. */
export function autonomousClaims(view: AgentIdentityView, tenantId: string, roles: readonly string[]): UnknownObject {
  return {
    ...common(view, tenantId),
    oid: view.agent.id,
    idtyp: 'app',
    xms_sub_fct: agentFacet,
    ...(roles.length ? { roles: [...roles] } : {}),
  };
}

/** On behalf of a person: the person is the subject, the agent the current actor (`act`). */
export function onBehalfOfClaims(
  view: AgentIdentityView,
  tenantId: string,
  person: { user: User; amr: readonly string[]; roles: readonly string[]; wids: readonly string[] },
  scp: readonly string[],
  act: ActClaim,
): UnknownObject {
  return {
    ...common(view, tenantId),
    oid: person.user.id,
    idtyp: 'user',
    name: person.user.displayName,
    preferred_username: person.user.userPrincipalName,
    scp: scp.join(' '),
    ...(person.roles.length ? { roles: [...person.roles] } : {}),
    ...(person.wids.length ? { wids: [...person.wids] } : {}),
    // The person's sign-in methods travel with the delegation, so the next hop's Conditional
    // Access sees what they proved (RFC 8176 values).
    ...(person.amr.length ? { amr: [...person.amr] } : {}),
    act,
  };
}
