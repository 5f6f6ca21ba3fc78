/**
 * A whole import file of policies: one policy, a Graph list or an array (see document-items.ts).
 * Each policy is parsed on its own; the problems name it by position and displayName.
 */
import { documentItems, itemOf } from './document-items.ts';
import { parsePolicy, type ParseOptions, type ParsedPolicy } from './parse-policy.ts';
import type { Problem } from './problem.ts';

export interface ParsedPolicyDocument {
  /** The policies that parsed without a problem, in document order. */
  policies: ParsedPolicy[];
  /** Everything wrong, for every policy; empty when the whole document imports. */
  problems: Problem[];
}

/** `input`: bytes of a file, JSON text, or an already parsed JSON value. */
export function parsePolicyDocument(input: unknown, options: Omit<ParseOptions, 'path'> = {}): ParsedPolicyDocument {
  const { items, problems } = documentItems(input, 'policy');
  const policies: ParsedPolicy[] = [];
  items.forEach((item, index) => {
    const parsed = parsePolicy(item, options);
    if (parsed.ok) policies.push(parsed.value);
    else for (const problem of parsed.problems) problems.push({ item: itemOf(index, item), ...problem });
  });
  return { policies, problems };
}
