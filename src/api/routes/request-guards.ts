import type { Middleware } from 'koa';
import { DirectoryError } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter, ApiState } from '../api-state.ts';
import { directoryErrorToApi } from './directory-error.ts';

/** PostgreSQL's SQLSTATE for text it cannot store, such as a NUL character (U+0000). */
const invalidByteSequence = '22021';
/** PostgreSQL's SQLSTATE for a unique constraint violation. */
const uniqueViolation = '23505';

const nulNotAllowed = () =>
  new ApiError(
    'BadRequest',
    'The request contains a NUL character (U+0000), which is not allowed.',
  );

/**
 * A route module that must come first: it wraps every Graph route after it.
 * - Refuses a NUL character in the path or query: PostgreSQL cannot store or compare one, so it
 *   would otherwise surface as a 500 on one engine and not the other.
 * - Maps every DirectoryError, reads and writes alike, so a refusal deep in a repository is a
 *   Graph error and never a 500.
 * - Maps PostgreSQL's refusal of a NUL character that came in a JSON body to the same 400.
 */
export function graphRequestGuards(router: ApiRouter): void {
  const middleware: Middleware<ApiState> = async (ctx, next) => {
    if (hasNul(ctx.path) || hasNul(ctx.querystring)) throw nulNotAllowed();
    try {
      await next();
    } catch (error) {
      if (error instanceof DirectoryError) throw directoryErrorToApi(error);
      const code = (error as { code?: unknown } | null)?.code;
      if (code === invalidByteSequence) throw nulNotAllowed();
      // A uniqueness race lost to a concurrent request (the checks in the directory read first):
      // the same answer the check itself would have given.
      if (code === uniqueViolation || code === 'ERR_SQLITE_ERROR' && /UNIQUE constraint failed/.test(String(error))) {
        throw new ApiError('Request_MultipleObjectsWithSameKeyValue', 'Another object with the same value for a unique property already exists.');
      }
      throw error;
    }
  };
  router.use(middleware);
}

/** True when the raw (percent-encoded) text holds a NUL, encoded or not. */
function hasNul(raw: string): boolean {
  return raw.includes('\u0000') || /%00/i.test(raw);
}
