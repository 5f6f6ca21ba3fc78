import type { AgentIdentityView } from '../../directory/index.ts';
import type { AgentSignIn } from '../../logs/index.ts';

/**
 * The sign-in log's `agent` section (Graph beta agentic.agentSignIn, plus Limen's members; see
 * logs/sign-in.ts) for the three kinds of agent token request. Agents are logged as service
 * principal sign-ins, people acting through them as non-interactive user sign-ins, as Entra
 * Agent ID logs them (design/agent-identity.md §3, "Sign-in logs").
 */
const common = (view: AgentIdentityView) => ({
  agentIdentityId: view.agent.id,
  sponsorIds: view.sponsors.map((s) => s.id),
});

/** Step 1: the blueprint (its principal signs in) asks for an assertion naming one of its agents. */
export const blueprintAssertionSection = (view: AgentIdentityView): AgentSignIn => ({
  agentType: 'agentIdentityBlueprintPrincipal',
  agentSubjectType: 'agentIdentityBlueprintPrincipal',
  agentSubjectParentId: null,
  parentAppId: null,
  ...common(view),
});

/** Step 2, autonomous: the agent is actor and subject; its parent is the blueprint. */
export const autonomousSection = (view: AgentIdentityView): AgentSignIn => ({
  agentType: 'agenticAppInstance',
  agentSubjectType: 'agenticAppInstance',
  agentSubjectParentId: view.blueprint?.id ?? null,
  parentAppId: view.agent.agentIdentityBlueprintId,
  ...common(view),
});

/** Step 2, on behalf of a person: the agent acts, the person is the subject (unknown until their token checks out). */
export const onBehalfOfSection = (view: AgentIdentityView, userId: string | undefined): AgentSignIn => ({
  agentType: 'agenticAppInstance',
  agentSubjectType: 'notAgentic',
  agentSubjectParentId: null,
  parentAppId: view.agent.agentIdentityBlueprintId,
  ...common(view),
  ...(userId ? { onBehalfOfUserId: userId } : {}),
});
