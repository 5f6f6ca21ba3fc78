import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Engine } from '../store/index.ts';
import type { FieldMap } from './field-map.ts';
import type {
  CompareNode,
  FilterNode,
  FunctionNode,
  InNode,
  LambdaNode,
  PropertyRef,
} from './filter-ast.ts';
import {
  bindLiteral,
  collectionElements,
  comparable,
  elementOperand,
  fieldOperand,
  textParameter,
  type Operand,
} from './sql-operand.ts';
import { rangeVariablePath } from './validate-filter.ts';

const sqlOperators = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/**
 * Compiles a validated filter (see validateFilter) to an SQL condition for SQLite or PostgreSQL.
 * Every literal is a bound parameter; identifiers come only from the FieldMap.
 *
 * Nulls follow OData, not SQL: `department ne 'x'` includes rows without a department, and
 * `not (…)` treats an unknown comparison as false before negating it (OData v4.01 part 2
 * §5.1.1.1: null compares unequal to every non-null value).
 */
export function compileFilter(
  node: FilterNode,
  fields: FieldMap,
  engine: Engine,
): RawBuilder<SqlBool> {
  return new FilterCompiler(fields, engine).node(node, undefined);
}

class FilterCompiler {
  readonly #fields: FieldMap;
  readonly #engine: Engine;

  constructor(fields: FieldMap, engine: Engine) {
    this.#fields = fields;
    this.#engine = engine;
  }

  node(node: FilterNode, element: Operand | undefined): RawBuilder<SqlBool> {
    switch (node.kind) {
      case 'and':
      case 'or': {
        const parts = node.operands.map((o) => this.node(o, element));
        return sql<SqlBool>`(${sql.join(parts, sql.raw(` ${node.kind} `))})`;
      }
      case 'not':
        return sql<SqlBool>`(not coalesce(${this.node(node.operand, element)}, false))`;
      case 'compare':
        return this.#compare(node, this.#operand(node.property, element));
      case 'in':
        return this.#in(node, this.#operand(node.property, element));
      case 'function':
        return this.#function(node, this.#operand(node.property, element));
      case 'lambda':
        return this.#lambda(node);
    }
  }

  #operand(property: PropertyRef, element: Operand | undefined): Operand {
    if (property.path === rangeVariablePath && element) return element;
    return fieldOperand(property.path, this.#spec(property.path), this.#engine);
  }

  #spec(name: string) {
    const spec = this.#fields[name];
    if (!spec) throw new Error(`compileFilter: '${name}' is not in the FieldMap; validate first`);
    return spec;
  }

  #compare(node: CompareNode, operand: Operand): RawBuilder<SqlBool> {
    const left = comparable(operand);
    if (node.value.kind === 'null') {
      return node.operator === 'eq'
        ? sql<SqlBool>`(${left} is null)`
        : sql<SqlBool>`(${left} is not null)`;
    }
    const right = bindLiteral(node.value, operand, this.#engine);
    if (node.operator === 'ne') return sql<SqlBool>`(${left} <> ${right} or ${left} is null)`;
    return sql<SqlBool>`(${left} ${sql.raw(sqlOperators[node.operator])} ${right})`;
  }

  #in(node: InNode, operand: Operand): RawBuilder<SqlBool> {
    const left = comparable(operand);
    const values = node.values
      .filter((v) => v.kind !== 'null')
      .map((v) => bindLiteral(v, operand, this.#engine));
    const hasNull = values.length < node.values.length;
    const inList = sql`${left} in (${sql.join(values)})`;
    if (values.length === 0) return sql<SqlBool>`(${left} is null)`;
    return hasNull ? sql<SqlBool>`(${inList} or ${left} is null)` : sql<SqlBool>`(${inList})`;
  }

  #function(node: FunctionNode, operand: Operand): RawBuilder<SqlBool> {
    // Substring arithmetic rather than LIKE: no wildcard escaping, and the same case rules on
    // both engines (SQLite's LIKE ignores ASCII case, PostgreSQL's does not).
    const text = node.value.kind === 'string' ? node.value.value : '';
    const left = comparable(operand);
    const right = operand.caseInsensitive
      ? sql`lower(${textParameter(text)})`
      : textParameter(text);
    switch (node.name) {
      case 'startswith':
        return sql<SqlBool>`(substr(${left}, 1, length(${right})) = ${right})`;
      case 'endswith':
        return sql<SqlBool>`(substr(${left}, length(${left}) - length(${right}) + 1) = ${right})`;
      case 'contains':
        return this.#engine === 'postgres'
          ? sql<SqlBool>`(strpos(${left}, ${right}) > 0)`
          : sql<SqlBool>`(instr(${left}, ${right}) > 0)`;
    }
  }

  #lambda(node: LambdaNode): RawBuilder<SqlBool> {
    const spec = this.#spec(node.collection.path);
    const elements = collectionElements(node.collection.path, spec, this.#engine);
    if (!node.predicate) return sql<SqlBool>`(exists (select 1 from ${elements}))`;
    const predicate = this.node(node.predicate, elementOperand(spec));
    if (node.quantifier === 'any') {
      return sql<SqlBool>`(exists (select 1 from ${elements} where ${predicate}))`;
    }
    const counterexample = sql`not coalesce(${predicate}, false)`;
    return sql<SqlBool>`(not exists (select 1 from ${elements} where ${counterexample}))`;
  }
}
