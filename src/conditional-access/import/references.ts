/**
 * The directory objects a policy names, so the API can report those that do not exist before
 * it stores the policy (an imported policy naming a group that is not in this tenant would
 * silently target nobody). Special values (All, Office365, AllTrusted…) are not references.
 */
import { idLists, isSpecial, type ReferenceKind } from './id-lists.ts';
import type { ParsedPolicy } from './parse-policy.ts';
import { formatPath } from './problem.ts';
import { isObject } from './read-value.ts';

export type { ReferenceKind } from './id-lists.ts';

export interface Reference {
  kind: ReferenceKind;
  /** Lower-case GUID, as the parser stores it. */
  id: string;
  /** Where the policy names it: `conditions.users.excludeGroups[0]`. */
  path: string;
}

/** Every reference in document order: each id list of id-lists.ts, then the authentication strength. */
export function references(policy: ParsedPolicy): Reference[] {
  const out: Reference[] = [];
  for (const rule of Object.values(idLists)) {
    const list = valueAt(policy, rule.at);
    if (!Array.isArray(list)) continue;
    list.forEach((id: unknown, i) => {
      if (typeof id === 'string' && !isSpecial(rule, id)) out.push({ kind: rule.kind, id, path: formatPath([...rule.at, i]) });
    });
  }
  const strength = policy.grantControls?.authenticationStrength;
  if (strength && strength.id !== '') {
    out.push({ kind: 'authenticationStrength', id: strength.id, path: 'grantControls.authenticationStrength.id' });
  }
  return out;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return node;
}
