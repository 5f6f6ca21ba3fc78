/**
 * The syntax tree of a `$filter`, as parsed: no knowledge of any resource yet. `validateFilter`
 * checks it against a FieldMap (names resolved, literals coerced to the property's type) and the
 * compiler only ever sees validated trees.
 */
export type FilterNode = LogicalNode | NotNode | CompareNode | InNode | FunctionNode | LambdaNode;

export interface LogicalNode {
  kind: 'and' | 'or';
  /** Two or more; `a and b and c` is one node, which keeps trees shallow. */
  operands: FilterNode[];
}

export interface NotNode {
  kind: 'not';
  operand: FilterNode;
}

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export interface CompareNode {
  kind: 'compare';
  operator: ComparisonOperator;
  property: PropertyRef;
  value: Literal;
}

export interface InNode {
  kind: 'in';
  property: PropertyRef;
  values: Literal[];
}

export type StringFunction = 'startswith' | 'endswith' | 'contains';

export interface FunctionNode {
  kind: 'function';
  name: StringFunction;
  property: PropertyRef;
  value: Literal;
}

/** `groupTypes/any(c: c eq 'Unified')`; `any()` without a body means "not empty". */
export interface LambdaNode {
  kind: 'lambda';
  quantifier: 'any' | 'all';
  collection: PropertyRef;
  variable: string | undefined;
  predicate: FilterNode | undefined;
}

/** A property path as written (`status/errorCode`), or a lambda's range variable (`c`). */
export interface PropertyRef {
  path: string;
  position: number;
}

export type Literal =
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; raw: string; position: number }
  | { kind: 'boolean'; value: boolean; position: number }
  | { kind: 'null'; position: number }
  | { kind: 'guid'; value: string; position: number }
  /** `value` is normalised to `toISOString()` form, the form the store writes timestamps in. */
  | { kind: 'dateTime'; value: string; raw: string; position: number }
  | { kind: 'date'; value: string; position: number };

export interface OrderByItem {
  property: string;
  direction: 'asc' | 'desc';
  position: number;
}
