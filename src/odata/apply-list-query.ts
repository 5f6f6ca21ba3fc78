import { sql, type SelectQueryBuilder } from 'kysely';
import type { Engine } from '../store/index.ts';
import { compileFilter } from './compile-filter.ts';
import type { FieldMap } from './field-map.ts';
import type { FilterNode } from './filter-ast.ts';
import type { ListQuery } from './parse-list-query.ts';
import { comparable, fieldOperand } from './sql-operand.ts';

/** Adds the filter's WHERE condition, if any. */
export function applyFilter<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  filter: FilterNode | undefined,
  fields: FieldMap,
  engine: Engine,
): SelectQueryBuilder<DB, TB, O> {
  return filter ? qb.where(compileFilter(filter, fields, engine)) : qb;
}

/**
 * Applies filter, order and page to a select. Fetches `top + 1` rows so the caller can tell
 * whether a next page exists (see nextLink); the page itself is the first `top`.
 *
 * Nulls sort first ascending and last descending on both engines, as OData specifies (v4.01
 * part 2 §5.1.5). The map's `id` field, when present, breaks ties so that pages never overlap.
 */
export function applyListQuery<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  listQuery: ListQuery,
  fields: FieldMap,
  engine: Engine,
): SelectQueryBuilder<DB, TB, O> {
  let query = applyFilter(qb, listQuery.filter, fields, engine);
  const order = [...listQuery.orderBy];
  if (fields.id && !order.some((item) => item.property === 'id')) {
    order.push({ property: 'id', direction: 'asc', position: 0 });
  }
  for (const item of order) {
    const spec = fields[item.property];
    if (!spec) throw new Error(`applyListQuery: '${item.property}' is not in the FieldMap`);
    const expression = comparable(fieldOperand(item.property, spec, engine));
    query = query.orderBy(expression, (ob) =>
      item.direction === 'asc' ? ob.asc().nullsFirst() : ob.desc().nullsLast(),
    );
  }
  return query.limit(listQuery.top + 1).offset(listQuery.skip);
}

/** `select count(*) as count` under the same filter, for `$count=true` (`@odata.count`). */
export function countQuery<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  listQuery: ListQuery,
  fields: FieldMap,
  engine: Engine,
) {
  // PostgreSQL's count is bigint; the store parses bigint to number, other drivers may not.
  return applyFilter(qb, listQuery.filter, fields, engine).select(
    sql<number | string | bigint>`count(*)`.as('count'),
  );
}

/** The page of rows to return: the first `top` of the `top + 1` fetched. */
export function pageOf<T>(rows: readonly T[], listQuery: ListQuery): T[] {
  return rows.slice(0, listQuery.top);
}
