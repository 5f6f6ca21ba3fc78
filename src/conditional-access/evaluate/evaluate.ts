/**
 * Evaluates compiled policies against one request: pure, synchronous, no I/O except the country
 * table's first load. Run at every token request and by What If.
 *
 * Per policy (notes §2): disabled → `notEnabled`; otherwise the checks in order, the first
 * that fails naming the What If reason; an applicable policy's grant controls give its result.
 * Report-only policies are evaluated and logged (`reportOnly*`) but never enforced: only enabled
 * policies feed the decision, the session controls and `conditionalAccessStatus`.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-policies
 * @see https://learn.microsoft.com/entra/identity/conditional-access/what-if-tool
 */
import type { CompiledPolicies } from './compile-policies.ts';
import { decide } from './decide.ts';
import type { CaAnalysisReason, CaEvaluation, CaPolicyEvaluation, CaSessionControls } from './evaluation.ts';
import type { IpNumber } from './ip-address.ts';
import { grantOutcome, resultOf, unmetControlsOf, type GrantOutcome } from './policy-outcome.ts';
import { mergeSessionControls } from './session-controls.ts';
import type { CaSignInContext } from './sign-in-context.ts';
import { SignInFacts, type EvaluationMode } from './sign-in-facts.ts';

export interface EvaluateOptions {
  /** `signIn` (default) or `whatIf`: what a fact the context does not supply means (see EvaluationMode). */
  mode?: EvaluationMode;
  /** The country of a public address; default: the offline table (country-of-ip.ts). */
  countryOf?: (ip: IpNumber) => string | undefined;
}

export function evaluate(compiled: CompiledPolicies, context: CaSignInContext, options: EvaluateOptions = {}): CaEvaluation {
  const facts = new SignInFacts(context, options.mode ?? 'signIn', options.countryOf, compiled.membership);
  const strengthMet = new Map<string, boolean>();
  const policies: CaPolicyEvaluation[] = [];
  const enforced: Array<{ id: string; outcome: GrantOutcome }> = [];
  const sessions: CaSessionControls[] = [];

  for (const p of compiled.policies) {
    if (p.state === 'disabled') {
      policies.push({
        id: p.id, displayName: p.displayName, state: p.state, policyApplies: false, analysisReasons: 'policyNotEnabled',
        result: 'notEnabled', enforcedGrantControls: [], enforcedSessionControls: [], unmetControls: [],
      });
      continue;
    }
    let reason: CaAnalysisReason | undefined;
    for (const check of p.checks) {
      reason = check(facts);
      if (reason) break;
    }
    const applies = reason === undefined;
    const outcome = applies ? grantOutcome(p.grant, facts, strengthMet) : undefined;
    const reportOnly = p.state === 'enabledForReportingButNotEnforced';
    if (applies && !reportOnly) {
      enforced.push({ id: p.id, outcome: outcome! });
      sessions.push(p.session.controls);
    }
    policies.push({
      id: p.id, displayName: p.displayName, state: p.state, policyApplies: applies, analysisReasons: reason ?? 'notSet',
      result: resultOf(reportOnly, applies, outcome), enforcedGrantControls: p.grant?.logNames ?? [],
      enforcedSessionControls: p.session.logNames, unmetControls: outcome ? unmetControlsOf(outcome) : [],
    });
  }

  const decision = decide(enforced, facts);
  const conditionalAccessStatus = enforced.length === 0 ? 'notApplied'
    : enforced.every((e) => e.outcome.kind === 'satisfied') ? 'success' : 'failure';
  const risk = context.subject.risk;
  return { policies, conditionalAccessStatus, decision, sessionControls: mergeSessionControls(sessions), ...(risk ? { risk } : {}) };
}
