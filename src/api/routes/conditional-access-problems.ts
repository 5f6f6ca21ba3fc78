import { formatProblem, type Problem } from '../../conditional-access/import/index.ts';
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
