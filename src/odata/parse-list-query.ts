import type { FilterNode, OrderByItem } from './filter-ast.ts';
import { resolveField, type FieldMap } from './field-map.ts';
import { ODataError } from './odata-error.ts';
import { decodeSkipToken, queryFingerprint } from './paging.ts';
import { parseFilter } from './parse-filter.ts';
import { parseOrderBy } from './parse-order-by.ts';
import { validateFilter } from './validate-filter.ts';

export type QueryParameters = Readonly<Record<string, string | string[] | undefined>>;

export interface ListQueryOptions {
  fields: FieldMap;
  /** Named in messages and bound into skip tokens; default `microsoft.graph.entity`. */
  entityType?: string;
  /** Properties `$select` may name; default the FieldMap's keys. */
  selectable?: readonly string[];
  /** Page size without `$top`; Graph's directory default is 100. */
  defaultTop?: number;
  /** Largest `$top`; Graph's directory maximum is 999. */
  maxTop?: number;
}

/** A validated list request, ready for applyListQuery. */
export interface ListQuery {
  filter: FilterNode | undefined;
  orderBy: OrderByItem[];
  /** Property names as the resource spells them; undefined means all. */
  select: string[] | undefined;
  top: number;
  /** Rows to skip, from `$skip` or `$skiptoken`. */
  skip: number;
  /** `$count=true`: the response carries `@odata.count`. */
  count: boolean;
  /** Binds skip tokens to this filter and order (see paging.ts). */
  fingerprint: string;
}

const supportedOptions = new Set([
  '$filter',
  '$orderby',
  '$select',
  '$top',
  '$skip',
  '$skiptoken',
  '$count',
]);
/** Known OData options this service does not implement; answered as unsupported, not unknown. */
const unsupportedOptions = new Set([
  '$search',
  '$expand',
  '$format',
  '$compute',
  '$apply',
  '$levels',
  '$index',
  '$schemaversion',
  '$deltatoken',
]);

/**
 * Validates the system query options of a list request against the resource's FieldMap. Options
 * without `$` are left to the route. OData option names are case-insensitive (OData v4.01 part 2
 * §5.1); repeating one is an error, as in Microsoft.OData.Core.
 */
export function parseListQuery(query: QueryParameters, options: ListQueryOptions): ListQuery {
  const entityType = options.entityType ?? 'microsoft.graph.entity';
  const maxTop = options.maxTop ?? 999;
  const raw = systemOptions(query);

  const filterText = raw.get('$filter');
  const filter =
    filterText === undefined
      ? undefined
      : validateFilter(parseFilter(filterText), options.fields, entityType);
  const orderByText = raw.get('$orderby');
  const orderBy =
    orderByText === undefined
      ? []
      : validateOrderBy(parseOrderBy(orderByText), options, entityType);
  const selectText = raw.get('$select');
  const select =
    selectText === undefined ? undefined : parseSelect(selectText, options, entityType);
  const top = parseTop(raw.get('$top'), options.defaultTop ?? Math.min(100, maxTop), maxTop);
  const count = parseCount(raw.get('$count'));
  const fingerprint = queryFingerprint(entityType, filter, orderBy);

  const skipText = raw.get('$skip');
  const skipToken = raw.get('$skiptoken');
  if (skipText !== undefined && skipToken !== undefined) {
    throw new ODataError("The query options '$skip' and '$skiptoken' cannot be used together.");
  }
  const skip =
    skipToken !== undefined ? decodeSkipToken(skipToken, fingerprint) : parseSkip(skipText);
  return { filter, orderBy, select, top, skip, count, fingerprint };
}

function systemOptions(query: QueryParameters): Map<string, string> {
  const options = new Map<string, string>();
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith('$') || value === undefined) continue;
    const name = key.toLowerCase();
    const shown = key.slice(0, 40);
    if (unsupportedOptions.has(name)) {
      throw new ODataError(
        `The query option '${shown}' is not supported on this resource.`,
        'Request_UnsupportedQuery',
      );
    }
    if (!supportedOptions.has(name)) {
      throw new ODataError(`The query parameter '${shown}' is not supported.`);
    }
    if (Array.isArray(value) || options.has(name)) {
      throw new ODataError(
        `Query option '${name}' was specified more than once, ` +
          'but it must be specified at most once.',
      );
    }
    options.set(name, value);
  }
  return options;
}

function validateOrderBy(
  items: OrderByItem[],
  options: ListQueryOptions,
  entityType: string,
): OrderByItem[] {
  return items.map((item) => {
    const found = resolveField(options.fields, item.property);
    if (!found) {
      throw new ODataError(
        `Could not find a property named '${item.property}' on type '${entityType}'.`,
      );
    }
    if (found.spec.sortable === false || found.spec.type === 'stringCollection') {
      throw new ODataError(
        `Sorting by property '${found.name}' is not supported.`,
        'Request_UnsupportedQuery',
      );
    }
    return { ...item, property: found.name };
  });
}

function parseSelect(
  text: string,
  options: ListQueryOptions,
  entityType: string,
): string[] | undefined {
  const names = text.split(',').map((name) => name.trim());
  if (names.includes('*')) return undefined;
  const selectable = options.selectable ?? Object.keys(options.fields);
  const chosen: string[] = [];
  for (const name of names) {
    const canonical = selectable.find(
      (candidate) => candidate.toLowerCase() === name.toLowerCase(),
    );
    if (name === '' || !canonical) {
      throw new ODataError(
        `Could not find a property named '${name.slice(0, 60)}' on type '${entityType}'.`,
      );
    }
    if (!chosen.includes(canonical)) chosen.push(canonical);
  }
  return chosen;
}

function parseTop(text: string | undefined, defaultTop: number, maxTop: number): number {
  if (text === undefined) return defaultTop;
  const top = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(top >= 1 && top <= maxTop)) {
    throw new ODataError(
      `Invalid page size specified: '${text.slice(0, 20)}'. ` +
        `Must be between 1 and ${maxTop} inclusive.`,
    );
  }
  return top;
}

function parseSkip(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d{1,15}$/.test(text)) {
    throw new ODataError(
      `Invalid value '${text.slice(0, 20)}' for $skip query option found. ` +
        'The $skip query option requires a non-negative integer value.',
    );
  }
  return Number(text);
}

function parseCount(text: string | undefined): boolean {
  if (text === undefined) return false;
  const lower = text.toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    throw new ODataError(
      `Invalid value '${text.slice(0, 20)}' for $count query option found. ` +
        "Valid values are 'true' and 'false'.",
    );
  }
  return lower === 'true';
}
