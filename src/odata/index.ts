export { ODataError, type ODataErrorCode } from './odata-error.ts';
export type {
  ComparisonOperator,
  FilterNode,
  Literal,
  OrderByItem,
  PropertyRef,
  StringFunction,
} from './filter-ast.ts';
export { parseFilter, filterLimits } from './parse-filter.ts';
export { parseOrderBy } from './parse-order-by.ts';
export type { FieldMap, FieldSpec, FieldType } from './field-map.ts';
export { validateFilter } from './validate-filter.ts';
export {
  parseListQuery,
  type ListQuery,
  type ListQueryOptions,
  type QueryParameters,
} from './parse-list-query.ts';
export { compileFilter } from './compile-filter.ts';
export { applyFilter, applyListQuery, countQuery, pageOf } from './apply-list-query.ts';
export { nextLink } from './paging.ts';
export { selectProperties } from './select.ts';
