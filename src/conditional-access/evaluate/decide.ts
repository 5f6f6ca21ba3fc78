/**
 * The decision across the applicable enforced policies (notes §2, "Several policies"): their
 * requirements add up; an enforced block wins at once (AADSTS53003); otherwise the unmet
 * controls are taken in Microsoft's fixed order (MFA → compliant device → hybrid join → approved
 * app → app protection → password change → terms of use → custom controls) and the first decides:
 * a control the user can meet by signing in is prompted for, any other fails the request with
 * its code. As in Entra, a user who lacks MFA and a compliant device is asked for MFA first and
 * refused for the device after; `requirements` lists both, so the caller can tell.
 * With nothing applicable or everything met, the token is issued (default allow).
 */
import type { AuthenticationStrengthPolicy } from '../../authn/index.ts';
import type { CaDecision, CaGrantControl, CaRequirement } from './evaluation.ts';
import { controlErrorCodes, controlOrder } from './grant-controls.ts';
import type { GrantOutcome } from './policy-outcome.ts';
import type { SignInFacts } from './sign-in-facts.ts';

export function decide(enforced: ReadonlyArray<{ id: string; outcome: GrantOutcome }>, facts: SignInFacts): CaDecision {
  const subject = facts.context.subject;
  const workload = subject.kind === 'servicePrincipal';
  const byControl = new Map<CaGrantControl, CaRequirement>();
  const strengths = new Map<string, AuthenticationStrengthPolicy>();
  const require = (control: CaGrantControl, promptable: boolean, policyId: string) => {
    const existing = byControl.get(control);
    if (existing) {
      existing.promptable &&= promptable;
      if (!existing.policyIds.includes(policyId)) existing.policyIds.push(policyId);
    } else byControl.set(control, { control, errorCode: controlErrorCodes[control], promptable, policyIds: [policyId] });
  };

  for (const { id, outcome } of enforced) {
    if (outcome.kind === 'blocked') require('block', false, id);
    else if (outcome.kind !== 'satisfied') {
      for (const p of outcome.pending) {
        require(p.control.control, p.status === 'promptable', id);
        if (p.status === 'promptable' && p.control.strength) strengths.set(p.control.strength.id, p.control.strength);
      }
    }
  }
  if (byControl.size === 0) return { action: 'allow' };

  const requirements = [...byControl.values()].sort((a, b) => controlOrder[a.control] - controlOrder[b.control]);
  for (const r of requirements) {
    // Workloads can only be blocked, with 53003; so can a subject that cannot be prompted at all.
    if (workload || (!r.promptable && controlErrorCodes[r.control] === 50076) || (!r.promptable && r.control === 'passwordChange')) r.errorCode = 53003;
  }
  const first = requirements[0]!;
  const group = requirements.filter((r) => controlOrder[r.control] === controlOrder[first.control]);
  const controls = group.map((r) => r.control);
  const policyIds = [...new Set(group.flatMap((r) => r.policyIds))];
  if (group.every((r) => r.promptable)) {
    return {
      action: facts.context.interactive ? 'prompt' : 'interactionRequired',
      errorCode: first.errorCode, controls, policyIds, requirements,
      requiredStrengths: controls.some((c) => c === 'mfa' || c === 'authenticationStrength') ? [...strengths.values()] : [],
    };
  }
  const failing = group.find((r) => !r.promptable) ?? first;
  return { action: 'block', errorCode: failing.errorCode, controls, policyIds, requirements };
}
