/**
 * One applicable policy's grant controls against the request, and the result the sign-in log
 * records for it.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-report-only
 *
 * - `satisfied`: every control met (AND) or one met (OR), or the policy has only session controls;
 * - `blocked`: the policy blocks;
 * - `interrupted`: not yet satisfied, but prompting the user can satisfy it (report-only: "user
 *   action required");
 * - `failed`: satisfying it needs a control this request cannot meet (report-only failure).
 * With OR, the pending controls are the first promptable one (offering it suffices), or all of
 * them when none is promptable; with AND, every unmet control.
 */
import type { CaGrantControl, CaPolicyResult } from './evaluation.ts';
import { controlStatus, type CompiledControl, type CompiledGrant, type ControlStatus } from './grant-controls.ts';
import type { SignInFacts } from './sign-in-facts.ts';

export interface PendingControl { control: CompiledControl; status: Exclude<ControlStatus, 'met'> }

export type GrantOutcome =
  | { kind: 'satisfied' }
  | { kind: 'blocked' }
  | { kind: 'interrupted' | 'failed'; pending: PendingControl[] };

export function grantOutcome(grant: CompiledGrant | undefined, facts: SignInFacts, strengthMet: Map<string, boolean>): GrantOutcome {
  if (!grant) return { kind: 'satisfied' };
  if (grant.block) return { kind: 'blocked' };
  if (grant.controls.length === 0) return { kind: 'satisfied' };
  const unmet: PendingControl[] = [];
  for (const control of grant.controls) {
    const status = controlStatus(control, facts, strengthMet);
    if (status === 'met') {
      if (grant.operator === 'OR') return { kind: 'satisfied' };
    } else unmet.push({ control, status });
  }
  if (unmet.length === 0) return { kind: 'satisfied' };
  const firstPromptable = unmet.find((u) => u.status === 'promptable');
  if (grant.operator === 'OR') return firstPromptable ? { kind: 'interrupted', pending: [firstPromptable] } : { kind: 'failed', pending: unmet };
  return { kind: unmet.every((u) => u.status === 'promptable') ? 'interrupted' : 'failed', pending: unmet };
}

export function unmetControlsOf(outcome: GrantOutcome): CaGrantControl[] {
  if (outcome.kind === 'blocked') return ['block'];
  return outcome.kind === 'satisfied' ? [] : outcome.pending.map((p) => p.control.control);
}

export function resultOf(reportOnly: boolean, applies: boolean, outcome: GrantOutcome | undefined): CaPolicyResult {
  if (!applies || !outcome) return reportOnly ? 'reportOnlyNotApplied' : 'notApplied';
  if (!reportOnly) return outcome.kind === 'satisfied' ? 'success' : 'failure';
  switch (outcome.kind) {
    case 'satisfied': return 'reportOnlySuccess';
    case 'interrupted': return 'reportOnlyInterrupted';
    default: return 'reportOnlyFailure';
  }
}
