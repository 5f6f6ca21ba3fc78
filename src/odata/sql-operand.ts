import { sql, type RawBuilder } from 'kysely';
import type { Engine } from '../store/index.ts';
import { assertSafeField, type FieldSpec, type FieldType } from './field-map.ts';
import type { Literal } from './filter-ast.ts';

/** A property as an SQL value, with what the compiler needs to compare it correctly. */
export interface Operand {
  sql: RawBuilder<unknown>;
  type: Exclude<FieldType, 'stringCollection'>;
  caseInsensitive: boolean;
  /**
   * How true/false are stored: 0/1 integer columns (and SQLite's json_extract, which turns JSON
   * booleans into 0/1), or the text 'true'/'false' PostgreSQL's `#>>` yields for JSON booleans.
   */
  booleans: 'integer' | 'text';
}

/** The alias of a lambda's collection elements inside its EXISTS subquery. */
const elementAlias = 'limen_el';

export function fieldOperand(name: string, spec: FieldSpec, engine: Engine): Operand {
  assertSafeField(name, spec);
  if (spec.type === 'stringCollection') throw new Error(`'${name}' is a collection, not a scalar`);
  const column = sql.ref(spec.column);
  const path = spec.jsonPath ?? [];
  const caseInsensitive = spec.caseInsensitive === true;
  if (path.length === 0) {
    return { sql: column, type: spec.type, caseInsensitive, booleans: 'integer' };
  }
  const missing = spec.type === 'string' && spec.whenMissing !== undefined ? sql.lit(spec.whenMissing) : undefined;
  // A number is read only where the JSON value is a number: on SQLite any text sorts above
  // every number, on PostgreSQL a cast of stray text would fail the whole query.
  if (engine === 'sqlite') {
    const sqlitePath = sql.lit(sqliteJsonPath(path));
    const extracted = sql`json_extract(${column}, ${sqlitePath})`;
    const isNumber = sql`json_type(${column}, ${sqlitePath}) in ('integer', 'real')`;
    const value =
      spec.type === 'number' ? sql`(case when ${isNumber} then ${extracted} end)` : extracted;
    return { sql: missing ? sql`coalesce(${value}, ${missing})` : value, type: spec.type, caseInsensitive, booleans: 'integer' };
  }
  const pgPath = sql.lit(postgresJsonPath(path));
  const text = sql`(${column}::jsonb #>> ${pgPath})`;
  const isNumber = sql`jsonb_typeof(${column}::jsonb #> ${pgPath}) = 'number'`;
  const value =
    spec.type === 'number' ? sql`(case when ${isNumber} then ${text}::numeric end)` : text;
  return { sql: missing ? sql`coalesce(${value}, ${missing})` : value, type: spec.type, caseInsensitive, booleans: 'text' };
}

/** A row source of the collection's elements, one `value` column of text, as `limen_el`. */
export function collectionElements(
  name: string,
  spec: FieldSpec,
  engine: Engine,
): RawBuilder<unknown> {
  assertSafeField(name, spec);
  const column = sql.ref(spec.column);
  const path = spec.jsonPath ?? [];
  const alias = sql.id(elementAlias);
  if (engine === 'sqlite') {
    // json_each fails on malformed JSON; a bad row then simply has no elements.
    const json = sql`(case when json_valid(${column}) then ${column} else '[]' end)`;
    return path.length === 0
      ? sql`json_each(${json}) as ${alias}`
      : sql`json_each(${json}, ${sql.lit(sqliteJsonPath(path))}) as ${alias}`;
  }
  const json =
    path.length === 0
      ? sql`${column}::jsonb`
      : sql`(${column}::jsonb #> ${sql.lit(postgresJsonPath(path))})`;
  // jsonb_array_elements_text fails on a non-array; treat anything else as empty.
  const array = sql`case when jsonb_typeof(${json}) = 'array' then ${json} else '[]'::jsonb end`;
  return sql`jsonb_array_elements_text(${array}) as ${alias}(value)`;
}

export function elementOperand(collection: FieldSpec): Operand {
  return {
    sql: sql.ref(`${elementAlias}.value`),
    type: 'string',
    caseInsensitive: collection.caseInsensitive === true,
    booleans: 'integer',
  };
}

/** The operand as compared: lower-cased when the property compares case-insensitively. */
export function comparable(operand: Operand): RawBuilder<unknown> {
  return operand.caseInsensitive ? sql`lower(${operand.sql})` : operand.sql;
}

/** A literal as a bound parameter, in the representation the operand is stored in. */
export function bindLiteral(
  literal: Literal,
  operand: Operand,
  engine: Engine,
): RawBuilder<unknown> {
  switch (literal.kind) {
    case 'string':
    case 'guid':
    case 'dateTime':
    case 'date':
      return operand.caseInsensitive
        ? sql`lower(${textParameter(literal.value)})`
        : sql`${literal.value}`;
    case 'number':
      // PostgreSQL types a bare parameter after the column: 1.5 against an integer column would
      // fail to parse as integer. numeric compares with every number type.
      return engine === 'postgres' ? sql`cast(${literal.value} as numeric)` : sql`${literal.value}`;
    case 'boolean':
      if (operand.booleans === 'text') return sql`${literal.value ? 'true' : 'false'}`;
      return sql`${literal.value ? 1 : 0}`;
    case 'null':
      return sql`null`;
  }
}

/** A string parameter with its type stated, for function arguments PostgreSQL cannot infer. */
export function textParameter(value: string): RawBuilder<unknown> {
  return sql`cast(${value} as text)`;
}

function sqliteJsonPath(path: readonly string[]): string {
  return `$.${path.join('.')}`;
}

function postgresJsonPath(path: readonly string[]): string {
  return `{${path.join(',')}}`;
}
