import type { ComparisonOperator, FilterNode, Literal, PropertyRef } from './filter-ast.ts';
import {
  edmTypeName,
  resolveField,
  type FieldMap,
  type FieldSpec,
  type FieldType,
} from './field-map.ts';
import { ODataError } from './odata-error.ts';

/** The path a validated tree uses for a lambda's range variable; no FieldMap key starts with $. */
export const rangeVariablePath = '$this';

interface Scope {
  variable: string;
  element: FieldSpec;
}

/**
 * Checks a parsed filter against a resource's FieldMap and returns it normalised: property
 * paths spelled as in the map, range variables renamed to `$this`, literals converted to the
 * property's type (a quoted GUID becomes a guid, a date becomes midnight UTC).
 */
export function validateFilter(node: FilterNode, fields: FieldMap, entityType: string): FilterNode {
  return new FilterValidator(fields, entityType).node(node, undefined);
}

class FilterValidator {
  readonly #fields: FieldMap;
  readonly #entityType: string;

  constructor(fields: FieldMap, entityType: string) {
    this.#fields = fields;
    this.#entityType = entityType;
  }

  node(node: FilterNode, scope: Scope | undefined): FilterNode {
    switch (node.kind) {
      case 'and':
      case 'or':
        return { kind: node.kind, operands: node.operands.map((o) => this.node(o, scope)) };
      case 'not':
        return { kind: 'not', operand: this.node(node.operand, scope) };
      case 'compare': {
        const { ref, spec } = this.#scalar(node.property, scope);
        const value = this.#coerce(node.value, spec, node.operator, ref.path);
        return { kind: 'compare', operator: node.operator, property: ref, value };
      }
      case 'in': {
        const { ref, spec } = this.#scalar(node.property, scope);
        const values = node.values.map((v) => this.#coerce(v, spec, 'in', ref.path));
        return { kind: 'in', property: ref, values };
      }
      case 'function': {
        const { ref, spec } = this.#scalar(node.property, scope);
        if (spec.type !== 'string' || node.value.kind !== 'string') {
          throw new ODataError(
            `No function signature for the function with name '${node.name}' matches the ` +
              `specified arguments. The function signatures considered are: ` +
              `${node.name}(Edm.String Nullable=true, Edm.String Nullable=true).`,
          );
        }
        if (spec.functions && !spec.functions.includes(node.name)) {
          throw new ODataError(
            `The function '${node.name}' is not supported on property '${ref.path}'.`,
            'Request_UnsupportedQuery',
          );
        }
        return { kind: 'function', name: node.name, property: ref, value: node.value };
      }
      case 'lambda':
        return this.#lambda(node, scope);
    }
  }

  #lambda(node: Extract<FilterNode, { kind: 'lambda' }>, scope: Scope | undefined): FilterNode {
    if (scope) {
      throw new ODataError('Invalid filter clause: nested lambda expressions are not supported.');
    }
    const { name, spec } = this.#field(node.collection);
    if (spec.type !== 'stringCollection') {
      throw new ODataError(
        `'${node.quantifier}' can only be used on a collection property; '${name}' is ` +
          `${edmTypeName[spec.type]}.`,
      );
    }
    this.#assertFilterable(name, spec);
    const collection = { path: name, position: node.collection.position };
    if (!node.variable || !node.predicate) return { ...node, collection };
    const element: FieldSpec = { ...spec, type: 'string', jsonPath: undefined };
    const predicate = this.node(node.predicate, { variable: node.variable, element });
    return { ...node, collection, predicate };
  }

  /** A property a comparison or function may use: a scalar field, or the range variable. */
  #scalar(ref: PropertyRef, scope: Scope | undefined): { ref: PropertyRef; spec: FieldSpec } {
    if (scope) {
      const [head, ...rest] = ref.path.split('/');
      if (head !== scope.variable) this.#rejectOutsideScope(ref, scope);
      if (rest.length > 0) {
        throw new ODataError(
          `'${scope.variable}' is a string; it has no property '${rest.join('/')}'.`,
        );
      }
      return { ref: { path: rangeVariablePath, position: ref.position }, spec: scope.element };
    }
    const { name, spec } = this.#field(ref);
    this.#assertFilterable(name, spec);
    return { ref: { path: name, position: ref.position }, spec };
  }

  #field(ref: PropertyRef): { name: string; spec: FieldSpec } {
    const found = resolveField(this.#fields, ref.path);
    if (!found) {
      throw new ODataError(
        `Could not find a property named '${ref.path}' on type '${this.#entityType}'.`,
      );
    }
    return found;
  }

  #assertFilterable(name: string, spec: FieldSpec): void {
    if (spec.filterable === false) {
      throw new ODataError(
        `Unsupported or invalid query filter clause specified for property '${name}' of ` +
          `resource '${resourceName(this.#entityType)}'.`,
        'Request_UnsupportedQuery',
      );
    }
  }

  #rejectOutsideScope(ref: PropertyRef, scope: Scope): never {
    throw new ODataError(
      `Only the range variable '${scope.variable}' can be used inside a lambda expression; ` +
        `found '${ref.path}' at position ${ref.position}.`,
      'Request_UnsupportedQuery',
    );
  }

  #coerce(
    value: Literal,
    spec: FieldSpec,
    operator: ComparisonOperator | 'in',
    path: string,
  ): Literal {
    if (value.kind === 'null') {
      if (operator === 'eq' || operator === 'ne' || operator === 'in') return value;
      throw new ODataError(
        `null can only be compared with 'eq' or 'ne' (position ${value.position}).`,
      );
    }
    if (spec.type === 'boolean' && operator !== 'eq' && operator !== 'ne' && operator !== 'in') {
      throw new ODataError(
        `The operator '${operator}' cannot be applied to Edm.Boolean property '${path}'.`,
      );
    }
    const coerced = coerceLiteral(value, spec.type);
    if (coerced) return coerced;
    if (spec.type === 'guid' && value.kind === 'string') {
      throw new ODataError(
        `'${value.value.slice(0, 40)}' is not a valid Edm.Guid value for property '${path}'.`,
      );
    }
    throw new ODataError(
      `A binary operator with incompatible types was detected. Found operand types ` +
        `'${edmTypeName[spec.type]}' and '${literalTypeName(value)}' for operator kind ` +
        `'${operatorKindName[operator]}'.`,
    );
  }
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The literal in the property's type, or undefined when it cannot be one. */
function coerceLiteral(value: Literal, type: FieldType): Literal | undefined {
  switch (type) {
    case 'string':
      return value.kind === 'string' ? value : undefined;
    case 'guid':
      // Graph accepts ids quoted (`id eq '…'`) as well as bare.
      if (value.kind === 'guid') return value;
      if (value.kind === 'string' && guidPattern.test(value.value)) {
        return { kind: 'guid', value: value.value.toLowerCase(), position: value.position };
      }
      return undefined;
    case 'boolean':
      return value.kind === 'boolean' ? value : undefined;
    case 'number':
      return value.kind === 'number' ? value : undefined;
    case 'dateTime':
      if (value.kind === 'dateTime') return value;
      if (value.kind === 'date') {
        const iso = `${value.value}T00:00:00.000Z`;
        return { kind: 'dateTime', value: iso, raw: value.value, position: value.position };
      }
      return undefined;
    case 'stringCollection':
      return undefined;
  }
}

function literalTypeName(value: Literal): string {
  switch (value.kind) {
    case 'string':
      return 'Edm.String';
    case 'number':
      return Number.isInteger(value.value) ? 'Edm.Int32' : 'Edm.Double';
    case 'boolean':
      return 'Edm.Boolean';
    case 'guid':
      return 'Edm.Guid';
    case 'dateTime':
      return 'Edm.DateTimeOffset';
    case 'date':
      return 'Edm.Date';
    case 'null':
      return 'null';
  }
}

const operatorKindName: Readonly<Record<ComparisonOperator | 'in', string>> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
  in: 'In',
};

/** `microsoft.graph.user` → `User`, as Graph names resources in its messages. */
export function resourceName(entityType: string): string {
  const last = entityType.split('.').pop() ?? entityType;
  return last.charAt(0).toUpperCase() + last.slice(1);
}
