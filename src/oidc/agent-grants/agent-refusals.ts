import type { AgentIdentityView, AgentRefusal } from '../../directory/index.ts';
import { refusal, type AgentGrantRefusal } from './refusal.ts';

/**
 * A disabled agent, or an agent whose blueprint is disabled or gone, gets no token: disabling a
 * blueprint stops every agent created from it (design/agent-identity.md §1.2). Entra answers a
 * disabled application with unauthorized_client and AADSTS7000112; so does Limen, saying which.
 */
export function disabledAgentRefusal(view: AgentIdentityView, reason: AgentRefusal): AgentGrantRefusal {
  const agent = `The agent identity '${view.agent.displayName}' (${view.agent.appId})`;
  const blueprint = view.blueprint ? `'${view.blueprint.displayName}' (${view.blueprint.appId})` : view.agent.agentIdentityBlueprintId;
  const description = {
    agentDisabled: `${agent} is disabled.`,
    blueprintMissing: `${agent} has no blueprint: ${blueprint} no longer exists.`,
    blueprintPrincipalMissing: `${agent} acts through blueprint ${blueprint}, which has no blueprint principal in this tenant.`,
    blueprintDisabled: `${agent} acts through blueprint ${blueprint}, which is disabled, and with it every agent created from it.`,
  }[reason];
  return refusal('unauthorized_client', `AADSTS7000112: ${description}`, 'applicationDisabled');
}
