import type { StringFunction } from './filter-ast.ts';

/**
 * How a Graph property maps onto the store, per resource. Keys are Graph property paths as they
 * appear in `$filter`/`$orderby` (`displayName`, `status/errorCode`, `initiatedBy/user/id`).
 * Column names and JSON paths come only from this map, never from the request.
 */
export type FieldMap = Readonly<Record<string, FieldSpec>>;

export type FieldType = 'string' | 'guid' | 'boolean' | 'number' | 'dateTime' | 'stringCollection';

export interface FieldSpec {
  /** A column (`display_name`), optionally qualified (`users.display_name`). */
  column: string;
  /**
   * When set, the value lives inside `column`, a JSON text column, at this path
   * (`['status', 'errorCode']`). Segments must be plain identifiers.
   */
  jsonPath?: readonly string[];
  type: FieldType;
  /** Default true. Graph documents per property whether $filter is supported. */
  filterable?: boolean;
  /** Default true. */
  sortable?: boolean;
  /**
   * Compare with lower() on both sides. Directory strings such as userPrincipalName and
   * displayName compare case-insensitively in Graph.
   */
  caseInsensitive?: boolean;
  /**
   * For a string in `jsonPath`: the value a row means when the JSON leaves the member out (stored
   * forms that drop defaults, like the sign-in log's), so `eq` on the default finds those rows.
   */
  whenMissing?: string;
  /** String functions allowed on this property; default all three. */
  functions?: readonly StringFunction[];
}

const columnPattern = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
const jsonSegmentPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Guards the invariant the compiler relies on when it inlines JSON paths as SQL literals (so
 * expression indexes can match): every name in the map is a plain identifier. A violation is a
 * programming error, reported as a plain Error.
 */
export function assertSafeField(name: string, spec: FieldSpec): void {
  if (!columnPattern.test(spec.column)) {
    throw new Error(`FieldMap '${name}': column '${spec.column}' is not a plain identifier`);
  }
  for (const segment of spec.jsonPath ?? []) {
    if (!jsonSegmentPattern.test(segment)) {
      throw new Error(
        `FieldMap '${name}': JSON path segment '${segment}' is not a plain identifier`,
      );
    }
  }
}

/**
 * The map's own spelling of a property. Graph matches property names case-insensitively
 * (`$filter=displayname eq 'x'` works), so lookups do too.
 */
export function resolveField(
  fields: FieldMap,
  path: string,
): { name: string; spec: FieldSpec } | undefined {
  const exact = Object.hasOwn(fields, path) ? fields[path] : undefined;
  if (exact) return { name: path, spec: exact };
  const lower = path.toLowerCase();
  for (const [name, spec] of Object.entries(fields)) {
    if (name.toLowerCase() === lower) return { name, spec };
  }
  return undefined;
}

/** EDM type names, as Graph's error messages spell them. */
export const edmTypeName: Readonly<Record<FieldType, string>> = {
  string: 'Edm.String',
  guid: 'Edm.Guid',
  boolean: 'Edm.Boolean',
  number: 'Edm.Int32',
  dateTime: 'Edm.DateTimeOffset',
  stringCollection: 'Collection(Edm.String)',
};
