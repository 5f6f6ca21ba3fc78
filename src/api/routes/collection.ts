import { z } from 'zod';
import {
  countQuery,
  nextLink,
  pageOf,
  parseListQuery,
  selectProperties,
  type FieldMap,
  type ListQuery,
} from '../../odata/index.ts';
import type { ApiContext } from '../api-state.ts';
import { directoryObjectFields } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';
import { listInMemory } from './in-memory-list.ts';

/** A Graph resource: any plain object (interfaces have no index signature). */
type Resource = object;
const asRecord = (r: Resource) => r as Record<string, unknown>;

/**
 * `…/v1.0/$metadata#users`, `#users(id,displayName)` with $select, `/$entity` for one object:
 * the shape of Graph's `@odata.context` (https://learn.microsoft.com/graph/query-parameters).
 */
export function contextUrl(
  deps: GraphDeps,
  fragment: string,
  options: { select?: readonly string[] | undefined; entity?: boolean } = {},
): string {
  const select = options.select ? `(${options.select.join(',')})` : '';
  return `${graphBase(deps)}/$metadata#${fragment}${select}${options.entity ? '/$entity' : ''}`;
}

/**
 * Graph's collection response: `@odata.context`, `@odata.count` ($count=true), `value` (with
 * $select applied) and `@odata.nextLink` when more rows exist. `fetched` holds up to `top + 1`
 * rows (applyListQuery fetches one extra), which is how a next page is detected.
 */
export function collectionBody<T extends Resource>(
  ctx: ApiContext,
  deps: GraphDeps,
  listQuery: ListQuery,
  fragment: string,
  fetched: readonly T[],
  count?: number,
) {
  const link = nextLink(
    `${graphBase(deps)}${ctx.path.replace(/^\/v1\.0/i, '')}`,
    ctx.query,
    listQuery,
    listQuery.top,
    fetched.length,
  );
  return {
    '@odata.context': contextUrl(deps, fragment, { select: listQuery.select }),
    ...(count === undefined ? {} : { '@odata.count': count }),
    value: pageOf(fetched, listQuery).map((item) =>
      selectProperties(asRecord(item), listQuery.select),
    ),
    ...(link ? { '@odata.nextLink': link } : {}),
  };
}

/** One object, Graph-shaped: its `@odata.context` and the `$select`ed properties. */
export function entityBody<T extends Resource>(
  deps: GraphDeps,
  fragment: string,
  resource: T,
  select?: readonly string[],
) {
  return {
    '@odata.context': contextUrl(deps, fragment, { select, entity: true }),
    ...selectProperties(asRecord(resource), select),
  };
}

/** Query schema of a GET on one object: `$select` only; other parameters are ignored. */
export const entityQuery = z.object({ $select: z.string().optional() });

/** The `$select` of a GET on one object, validated like a collection's. */
export function entitySelect(
  query: { $select?: string | undefined },
  fields: FieldMap,
  entityType: string,
  selectable?: readonly string[],
): string[] | undefined {
  if (query.$select === undefined) return undefined;
  return parseListQuery({ $select: query.$select }, { fields, entityType, selectable }).select;
}

/** A count from the store, whatever numeric type the driver returns it as. */
export function countValue(row: { count: number | string | bigint } | undefined): number {
  return Number(row?.count ?? 0);
}

/**
 * `@odata.count` for a directory table under the request's filter, or undefined when `$count`
 * was not asked for. The directory has no filtered count yet; this reads the table, nothing more.
 */
export async function tableCount(
  deps: GraphDeps,
  table: 'users' | 'groups' | 'applications' | 'service_principals' | 'risky_users' | 'risky_service_principals',
  listQuery: ListQuery,
  fields: FieldMap,
): Promise<number | undefined> {
  if (!listQuery.count) return undefined;
  const query = countQuery(deps.db.selectFrom(table), listQuery, fields, deps.engine);
  return countValue(await query.executeTakeFirst());
}

/** A collection answered from a list in memory (relations, built-ins): same shape and options. */
export function inMemoryCollectionBody<T extends Resource>(
  ctx: ApiContext,
  deps: GraphDeps,
  listQuery: ListQuery,
  fragment: string,
  items: readonly T[],
  fields: FieldMap,
) {
  const { fetched, count } = listInMemory(items, listQuery, fields);
  const total = listQuery.count ? count : undefined;
  return collectionBody(ctx, deps, listQuery, fragment, fetched, total);
}

/** A `directoryObjects` collection (members, memberOf…), answered from memory. */
export function directoryObjectsBody(
  ctx: ApiContext,
  deps: GraphDeps,
  listQuery: ListQuery,
  items: readonly object[],
) {
  const fields = directoryObjectFields;
  return inMemoryCollectionBody(ctx, deps, listQuery, 'directoryObjects', items, fields);
}
