import { createHash } from 'node:crypto';
import type { FilterNode, OrderByItem } from './filter-ast.ts';
import { ODataError } from './odata-error.ts';

/**
 * Graph pages with `@odata.nextLink` carrying an opaque `$skiptoken`
 * (https://learn.microsoft.com/graph/paging). Ours encodes the row offset plus a fingerprint of
 * the query (resource, filter, order), so a token cannot be replayed against another query.
 * It is not a secret or a capability: anyone may page with $skip; the fingerprint only stops a
 * client from silently mixing pages of two different result sets.
 */
export function queryFingerprint(
  entityType: string,
  filter: FilterNode | undefined,
  orderBy: readonly OrderByItem[],
): string {
  // Positions are where a token sat in the text; two spellings of one query share a fingerprint.
  const canonical = JSON.stringify([entityType, filter ?? null, orderBy], (key, value: unknown) =>
    key === 'position' ? undefined : value,
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

interface SkipToken {
  offset: number;
  fingerprint: string;
}

export function encodeSkipToken(token: SkipToken): string {
  return Buffer.from(JSON.stringify({ o: token.offset, f: token.fingerprint })).toString(
    'base64url',
  );
}

/** The offset the token stands for; ODataError when it is malformed or belongs to another query. */
export function decodeSkipToken(text: string, fingerprint: string): number {
  const invalid = new ODataError('Invalid $skiptoken: it is malformed or has been altered.');
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid;
  const { o, f } = parsed as { o?: unknown; f?: unknown };
  if (!Number.isSafeInteger(o) || (o as number) < 0 || typeof f !== 'string') throw invalid;
  if (f !== fingerprint) {
    throw new ODataError(
      'Invalid $skiptoken: it belongs to a different query; request the first page again.',
    );
  }
  return o as number;
}

export interface PageQuery {
  skip: number;
  fingerprint: string;
}

/**
 * The `@odata.nextLink` for a page, or undefined on the last page. Callers fetch `pageSize + 1`
 * rows (applyListQuery does) and pass how many came back: one more than the page means there is
 * a next page. Every other query option is carried over verbatim; `$skip` is folded into the
 * token's offset.
 */
export function nextLink(
  baseUrl: string,
  query: Readonly<Record<string, string | string[] | undefined>>,
  listQuery: PageQuery,
  pageSize: number,
  returned: number,
): string | undefined {
  if (returned <= pageSize) return undefined;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    const lower = key.toLowerCase();
    if (value === undefined || lower === '$skip' || lower === '$skiptoken') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      parts.push(`${encodeQueryKey(key)}=${encodeURIComponent(item)}`);
    }
  }
  const token = encodeSkipToken({
    offset: listQuery.skip + pageSize,
    fingerprint: listQuery.fingerprint,
  });
  parts.push(`$skiptoken=${token}`);
  return `${baseUrl}?${parts.join('&')}`;
}

/** Keeps the `$` of system query options readable, as Graph's own links do. */
function encodeQueryKey(key: string): string {
  return key.startsWith('$') ? `$${encodeURIComponent(key.slice(1))}` : encodeURIComponent(key);
}
