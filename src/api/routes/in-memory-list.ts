/**
 * OData over a list already in memory: built-in role definitions, and relations the directory
 * returns whole (memberOf, directReports, assignments). Semantics follow src/odata's SQL compiler
 * so a filter means the same thing on every collection: strings marked caseInsensitive compare
 * lower-cased, null compares unequal to every value (OData v4.01 part 2 §5.1.1.1), `not` treats
 * an unknown comparison as false before negating it.
 */
import type { FieldMap, FieldSpec, FilterNode, ListQuery, Literal } from '../../odata/index.ts';

/** validateFilter renames a lambda's range variable to this path (src/odata/validate-filter.ts). */
const rangeVariable = '$this';

type Item = Record<string, unknown>;

/** Filters, counts, orders (id breaks ties) and pages `items`; returns up to `top + 1`. */
export function listInMemory<T extends object>(
  items: readonly T[],
  listQuery: ListQuery,
  fields: FieldMap,
): { fetched: T[]; count: number } {
  const filter = listQuery.filter;
  const matching = filter
    ? items.filter((item) => test(filter, item as Item, fields, undefined) === true)
    : [...items];
  const order = [...listQuery.orderBy];
  if (fields.id && !order.some((o) => o.property === 'id')) {
    order.push({ property: 'id', direction: 'asc', position: 0 });
  }
  matching.sort((a, b) => {
    for (const { property, direction } of order) {
      const spec = fields[property];
      const result = compareValues(
        normalise(valueAt(a as Item, property), spec),
        normalise(valueAt(b as Item, property), spec),
      );
      if (result !== 0) return direction === 'asc' ? result : -result;
    }
    return 0;
  });
  const start = listQuery.skip;
  return { fetched: matching.slice(start, start + listQuery.top + 1), count: matching.length };
}

interface Element {
  value: unknown;
  spec: FieldSpec | undefined;
}

/** true, false, or undefined for SQL's unknown. */
function test(
  node: FilterNode,
  item: Item,
  fields: FieldMap,
  element: Element | undefined,
): boolean | undefined {
  const specOf = (path: string) => (path === rangeVariable ? element?.spec : fields[path]);
  const read = (path: string) =>
    normalise(path === rangeVariable ? element?.value : valueAt(item, path), specOf(path));
  switch (node.kind) {
    case 'and': {
      const results = node.operands.map((o) => test(o, item, fields, element));
      if (results.includes(false)) return false;
      return results.includes(undefined) ? undefined : true;
    }
    case 'or': {
      const results = node.operands.map((o) => test(o, item, fields, element));
      if (results.includes(true)) return true;
      return results.includes(undefined) ? undefined : false;
    }
    case 'not':
      return !(test(node.operand, item, fields, element) ?? false);
    case 'compare': {
      const value = read(node.property.path);
      if (node.value.kind === 'null') {
        return node.operator === 'eq' ? value === null : value !== null;
      }
      const literal = normalise(literalValue(node.value), specOf(node.property.path));
      if (value === null) return node.operator === 'ne' ? true : undefined;
      const order = compareValues(value, literal);
      switch (node.operator) {
        case 'eq': return order === 0;
        case 'ne': return order !== 0;
        case 'gt': return order > 0;
        case 'ge': return order >= 0;
        case 'lt': return order < 0;
        case 'le': return order <= 0;
      }
      return undefined;
    }
    case 'in': {
      const value = read(node.property.path);
      const spec = specOf(node.property.path);
      return node.values.some((v) =>
        v.kind === 'null'
          ? value === null
          : value !== null && compareValues(value, normalise(literalValue(v), spec)) === 0,
      );
    }
    case 'function': {
      const value = read(node.property.path);
      const text = normalise(literalValue(node.value), specOf(node.property.path));
      if (typeof value !== 'string' || typeof text !== 'string') return undefined;
      if (node.name === 'startswith') return value.startsWith(text);
      if (node.name === 'endswith') return value.endsWith(text);
      return value.includes(text);
    }
    case 'lambda': {
      const collection = valueAt(item, node.collection.path);
      const elements = Array.isArray(collection) ? collection : [];
      const predicate = node.predicate;
      if (!predicate) return elements.length > 0;
      const spec = fields[node.collection.path];
      const check = (value: unknown) => test(predicate, item, fields, { value, spec }) === true;
      return node.quantifier === 'any' ? elements.some(check) : elements.every(check);
    }
  }
}

/** `status/errorCode` reads item.status.errorCode. */
function valueAt(item: Item, path: string): unknown {
  let value: unknown = item;
  for (const segment of path.split('/')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Item)[segment];
  }
  return value ?? null;
}

function literalValue(literal: Literal): unknown {
  return literal.kind === 'null' ? null : literal.value;
}

/**
 * Comparable form: lower-cased where case is ignored (and for GUIDs, which validateFilter
 * lower-cases); ISO 8601 UTC timestamps stay strings, which sort as times.
 */
function normalise(value: unknown, spec: FieldSpec | undefined): unknown {
  if (value === undefined) return null;
  if (typeof value === 'string' && (spec?.caseInsensitive || spec?.type === 'guid')) {
    return value.toLowerCase();
  }
  return value;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
