/**
 * TanStack Query over the management API. Query keys are ['graph', <path under /v1.0 with its
 * query string>], so after a change a page invalidates what it touched by path prefix
 * (`invalidateGraph(client, '/users')`).
 */
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useGraph } from '../app-context.tsx';
import type { Collection } from './graph.ts';

/** The key part of a path or an absolute nextLink: what follows /v1.0. */
export function graphPath(pathOrUrl: string): string {
  return pathOrUrl.replace(/^https?:\/\/[^/]+\/v1\.0/i, '');
}

export function graphKey(pathOrUrl: string): readonly ['graph', string] {
  return ['graph', graphPath(pathOrUrl)];
}

/** Refetches every cached response under `prefix` (e.g. '/users/123' or '/users'). */
export function invalidateGraph(client: QueryClient, prefix: string): Promise<void> {
  return client.invalidateQueries({
    predicate: (query) => query.queryKey[0] === 'graph' && typeof query.queryKey[1] === 'string' && query.queryKey[1].startsWith(prefix),
  });
}

/** One resource (or any GET) by path; `staleTime: 0` refetches whenever a component using it mounts. */
export function useGraphQuery<T>(path: string | undefined, options: { enabled?: boolean; staleTime?: number } = {}) {
  const graph = useGraph();
  return useQuery({
    queryKey: graphKey(path ?? ''),
    queryFn: ({ signal }) => graph<T>(path!, { signal }),
    enabled: path !== undefined && options.enabled !== false,
    ...(options.staleTime !== undefined ? { staleTime: options.staleTime } : {}),
  });
}

/** The OData options of a list request (Graph's names, without the `$`). */
export interface ListParams {
  filter?: string;
  orderBy?: string;
  top?: number;
  select?: readonly string[];
  /** Ask for `@odata.count` (the total matching the filter). */
  count?: boolean;
}

export function listPath(path: string, params: ListParams): string {
  const query = new URLSearchParams();
  if (params.top) query.set('$top', String(params.top));
  if (params.filter) query.set('$filter', params.filter);
  if (params.orderBy) query.set('$orderby', params.orderBy);
  if (params.select?.length) query.set('$select', params.select.join(','));
  if (params.count) query.set('$count', 'true');
  const text = query.toString().replace(/%24/g, '$');
  return text ? `${path}?${text}` : path;
}

/**
 * A server-paged list: the first page from `path` and `params`, the next ones by following
 * `@odata.nextLink` (Graph's opaque $skiptoken), the previous ones from the links already
 * followed. Changing the params starts again at the first page. The previous page stays on
 * screen while the next one loads.
 */
export function useGraphList<T>(path: string, params: ListParams, options: { enabled?: boolean } = {}) {
  const graph = useGraph();
  const first = listPath(path, params);
  const [pages, setPages] = useState<{ first: string; links: string[] }>({ first, links: [] });
  const links = pages.first === first ? pages.links : [];
  if (pages.first !== first) setPages({ first, links: [] });
  const url = links.at(-1) ?? first;
  const query = useQuery({
    queryKey: graphKey(url),
    queryFn: ({ signal }) => graph<Collection<T>>(url, { signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled !== false,
  });
  const nextLink = query.isPlaceholderData ? undefined : query.data?.['@odata.nextLink'];
  return {
    query,
    rows: query.data?.value,
    /** Total matching rows, when `count` was asked for. */
    count: query.data?.['@odata.count'],
    pageIndex: links.length,
    pageSize: params.top ?? 100,
    hasNext: nextLink !== undefined,
    hasPrevious: links.length > 0,
    next: () => { if (nextLink) setPages({ first, links: [...links, nextLink] }); },
    previous: () => setPages({ first, links: links.slice(0, -1) }),
  };
}

export type GraphList<T> = ReturnType<typeof useGraphList<T>>;
