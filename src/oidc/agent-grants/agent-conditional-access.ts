/**
 * Conditional Access on an agent's token exchange (docs/concepts/agent-tokens.md), with the
 * evaluator every sign-in uses (design/architecture.md: a token-exchange request "builds the
 * context and calls the same evaluator").
 *
 * - The agent is a service principal subject marked as an agent identity, with its blueprint
 *   principal's object id (a policy that names the blueprint in includeAgentIdServicePrincipals
 *   covers its agents, as Entra's do) and its custom security attributes (for
 *   agentIdServicePrincipalFilter). The only grant control for agents is block (the evaluator
 *   turns anything else into 53003), and the request is never interactive.
 * - On behalf of a person, the person's policies apply too, evaluated as for a refresh: the person
 *   is not present, so a policy that wants more than their sign-in proved (the methods of the
 *   subject token's `amr`) refuses with the 50076 family, and the client must send them to sign in.
 * Report-only policies are evaluated and logged, never enforced (evaluate.ts).
 * @see https://learn.microsoft.com/entra/identity/conditional-access/agent-id
 */
import {
  agentSubject as caAgentSubject,
  devicePlatformOf, evaluate, type CaEvaluation, type CaServicePrincipalSubject, type CaSignInContext, type CaTarget,
} from '../../conditional-access/index.ts';
import type { AgentIdentityView, User } from '../../directory/index.ts';
import { createRiskRepository } from '../../identity-protection/index.ts';
import type { SignInInput } from '../../logs/index.ts';
import { caLogFields, compiledPoliciesOf, tokenRefusal, userSubjectOf, type CaDeps } from '../conditional-access.ts';
import { methodsOfSession } from '../requested-strength.ts';

export interface ExchangeRequestFacts {
  ip: string;
  userAgent: string | undefined;
}

/** The agent as Conditional Access sees it, with its risk (Graph's riskyServicePrincipal record of the agent). */
async function agentSubject(deps: CaDeps, view: AgentIdentityView): Promise<{ subject: CaServicePrincipalSubject; riskLevel: CaSignInContext['agentIdRiskLevel'] }> {
  const risk = await deps.cache.get(`conditional-access:agent-risk:${view.agent.id}`, () =>
    createRiskRepository(deps.db).riskOf('servicePrincipal', view.agent.id));
  const level = risk?.riskLevel;
  return {
    subject: caAgentSubject(view, risk),
    riskLevel: level === 'low' || level === 'medium' || level === 'high' ? level : undefined,
  };
}

/**
 * Evaluates the exchange. Returns the sign-in log's Conditional Access fields (both evaluations'
 * applied policies, on behalf of a person) and, when the token may not be issued, the refusal to
 * throw (invalid_grant, `AADSTS53003: Access has been blocked by Conditional Access policies
 * (<names>).` or the person's 50076 family), after the fields are recorded.
 */
export async function evaluateAgentExchange(
  deps: CaDeps,
  request: ExchangeRequestFacts,
  view: AgentIdentityView,
  target: CaTarget,
  onBehalfOf: { user: User; amr: readonly string[] } | undefined,
): Promise<{ log: Partial<SignInInput>; refusal: Error | undefined }> {
  const compiled = await compiledPoliciesOf(deps);
  if (compiled.policies.length === 0) return { log: {}, refusal: undefined };
  const where = request.ip ? { ipAddress: request.ip } : {};
  const { subject, riskLevel } = await agentSubject(deps, view);
  const agent = evaluate(compiled, { subject, target, ...where, ...(riskLevel ? { agentIdRiskLevel: riskLevel } : {}), interactive: false });
  const evaluations: CaEvaluation[] = [agent];
  let refused = tokenRefusal(agent);
  if (!refused && onBehalfOf) {
    const platform = devicePlatformOf(request.userAgent);
    const person = evaluate(compiled, {
      subject: await userSubjectOf(deps, onBehalfOf.user), target, clientAppType: 'mobileAppsAndDesktopClients',
      ...(platform ? { devicePlatform: platform } : {}), ...where,
      session: { methods: methodsOfSession(onBehalfOf.amr) }, interactive: false,
    });
    evaluations.push(person);
    refused = tokenRefusal(person);
  }
  return { log: mergedLogFields(evaluations), refusal: refused };
}

/** One sign-in record for both evaluations: every applied policy once, the worst status. */
function mergedLogFields(evaluations: CaEvaluation[]): Partial<SignInInput> {
  const fields = evaluations.map((e) => caLogFields(e, { appliedOnly: true }));
  const statuses = fields.map((f) => f.conditionalAccessStatus);
  const policies = new Map(fields.flatMap((f) => f.appliedConditionalAccessPolicies ?? []).map((p) => [p.id, p]));
  // The person's risk is the one an administrator looks for on a sign-in made on their behalf.
  const risk = [...fields].reverse().find((f) => f.riskLevelAggregated);
  return {
    ...(risk ? { riskLevelAggregated: risk.riskLevelAggregated, riskState: risk.riskState, riskDetail: risk.riskDetail } : {}),
    conditionalAccessStatus: statuses.includes('failure') ? 'failure' : statuses.includes('success') ? 'success' : 'notApplied',
    appliedConditionalAccessPolicies: [...policies.values()],
  };
}
