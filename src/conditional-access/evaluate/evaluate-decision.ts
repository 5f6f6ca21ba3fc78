/**
 * The decision alone, for callers that act on nothing else (replay): the same decision
 * `evaluate` returns, at a fraction of the cost. Only enabled policies feed the decision, so
 * disabled and report-only ones are skipped, and no per-policy results (195 objects, their
 * reasons and control lists), sessions or status are built. The checks, grant outcomes and
 * `decide` are evaluate's own, so the two cannot drift apart.
 */
import type { CompiledPolicies } from './compile-policies.ts';
import { decide } from './decide.ts';
import type { EvaluateOptions } from './evaluate.ts';
import type { CaDecision } from './evaluation.ts';
import { grantOutcome, type GrantOutcome } from './policy-outcome.ts';
import type { CaSignInContext } from './sign-in-context.ts';
import { SignInFacts } from './sign-in-facts.ts';

export function evaluateDecision(compiled: CompiledPolicies, context: CaSignInContext, options: EvaluateOptions = {}): CaDecision {
  const facts = new SignInFacts(context, options.mode ?? 'signIn', options.countryOf, compiled.membership);
  const strengthMet = new Map<string, boolean>();
  const enforced: Array<{ id: string; outcome: GrantOutcome }> = [];
  next: for (const p of compiled.policies) {
    if (p.state !== 'enabled') continue;
    for (const check of p.checks) if (check(facts) !== undefined) continue next;
    enforced.push({ id: p.id, outcome: grantOutcome(p.grant, facts, strengthMet) });
  }
  return decide(enforced, facts);
}
