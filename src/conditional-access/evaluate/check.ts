/**
 * One compiled condition of a policy: given the request, undefined when it matches, else the
 * What If reason naming it. A policy applies when every check of it matches (Entra: "all
 * configured assignments and conditions must be met"); the first failing one is the reason.
 */
import type { CaAnalysisReason } from './evaluation.ts';
import type { SignInFacts } from './sign-in-facts.ts';

export type Check = (facts: SignInFacts) => CaAnalysisReason | undefined;

/** Something a policy asks for that Limen cannot evaluate as written; the API shows these to the admin. */
export interface CaCompileProblem {
  policyId?: string;
  locationId?: string;
  message: string;
}

/**
 * Splits an include/exclude list into its special values (compared case-insensitively, as
 * corpora write `"All"` and `"all"`) and its ids (compared exactly: Graph ids are lower-case GUIDs).
 */
export function splitSpecial<S extends string>(values: readonly string[] | null | undefined, specials: readonly S[]) {
  const flags = new Set<S>();
  const ids = new Set<string>();
  const lower = new Map(specials.map((s) => [s.toLowerCase(), s]));
  for (const v of values ?? []) {
    const special = lower.get(v.toLowerCase());
    if (special) flags.add(special);
    else ids.add(v);
  }
  return { flags, ids };
}

/** Graph flags enums arrive as "a,b" strings (and sometimes as arrays): a lower-case Set without `none`/`unknownFutureValue`. */
export function flagSet(value: string | readonly string[] | null | undefined): Set<string> {
  const parts = typeof value === 'string' ? value.split(',') : (value ?? []);
  const set = new Set(parts.map((p) => p.trim().toLowerCase()).filter((p) => p !== '' && p !== 'none' && p !== 'unknownfuturevalue'));
  return set;
}

/** Three-valued OR (undefined: the request does not say). */
export function anyOf(values: Iterable<boolean | undefined>): boolean | undefined {
  let unknown = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}
