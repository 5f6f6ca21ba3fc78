import type { ConditionalAccessPolicy } from '../../conditional-access/index.ts';
import { formatProblem, parsePolicy, type Problem } from '../../conditional-access/import/index.ts';
import { ApiError } from '../api-error.ts';

/**
 * The importer's problems as Graph's error body: the first few in the message, every one in
 * `details` with its JSON path as `target`, so a client can point at each field.
 */
export function problemsError(problems: readonly Problem[], noun: 'Policy' | 'Named location'): ApiError {
  const shown = problems.slice(0, 3).map((p) => formatProblem(p, noun));
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more in details)` : '';
  return new ApiError('Request_BadRequest', `${shown.join('; ')}${more}.`.replace(/\.\.$/, '.'), {
    details: problems.slice(0, 100).map((p) => ({ code: p.code, message: p.message, target: p.path })),
  });
}

/**
 * Draft policies in a What If or replay request: parsed as a POST body would be (a 400 names
 * each problem under `draftPolicies[i]`), with an id to report them by; `asEnabled` evaluates
 * them as if switched on.
 */
export function parseDraftPolicies(drafts: readonly unknown[], options: { asEnabled?: boolean } = {}): ConditionalAccessPolicy[] {
  const now = new Date().toISOString();
  return drafts.map((draft, i) => {
    const parsed = parsePolicy(draft, { keepIds: true, path: ['draftPolicies', i] });
    if (!parsed.ok) throw problemsError(parsed.problems, 'Policy');
    return {
      ...parsed.value, id: parsed.value.id ?? `draft-${i}`, createdDateTime: now, modifiedDateTime: null,
      ...(options.asEnabled ? { state: 'enabled' } : {}),
    } as ConditionalAccessPolicy;
  });
}
