import type {
  ComparisonOperator,
  FilterNode,
  Literal,
  PropertyRef,
  StringFunction,
} from './filter-ast.ts';
import { tokenize, type Token } from './lexer.ts';
import { ODataError } from './odata-error.ts';

/**
 * Limits that keep a hostile filter from costing more than a normal one: no stack overflow in
 * the parser, no SQL expression deeper than SQLite's 1000-level limit, no parameter flood.
 */
export const filterLimits = { maxLength: 4096, maxDepth: 32, maxTerms: 200 } as const;

const comparisonOperators: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const stringFunctions: ReadonlySet<string> = new Set(['startswith', 'endswith', 'contains']);
/** OData canonical functions Graph does not offer on directory objects; named in the error. */
const unsupportedFunctions: ReadonlySet<string> = new Set(
  (
    'tolower toupper trim length indexof substring concat matchesPattern year month day hour ' +
    'minute second date time now round floor ceiling cast isof has'
  ).split(' '),
);

/**
 * Parses a `$filter` expression (the subset Graph supports on directory resources; see
 * https://learn.microsoft.com/graph/filter-query-parameter): comparisons, `in`, `and`/`or`/`not`,
 * parentheses, startswith/endswith/contains, and any/all lambdas on collections.
 * Throws ODataError naming the offending token and its 0-based position.
 */
export function parseFilter(text: string): FilterNode {
  if (text.length > filterLimits.maxLength) {
    throw new ODataError(
      `Invalid filter clause: the filter is longer than ${filterLimits.maxLength} characters.`,
    );
  }
  if (text.trim() === '') throw new ODataError('Invalid filter clause: the filter is empty.');
  return new FilterParser(tokenize(text, 'filter')).parse();
}

class FilterParser {
  readonly #tokens: Token[];
  #index = 0;
  #terms = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parse(): FilterNode {
    const node = this.#or(0);
    const rest = this.#peek();
    if (rest.type !== 'eof') this.#unexpected(rest, "'and', 'or' or the end of the filter");
    return node;
  }

  #or(depth: number): FilterNode {
    const operands = [this.#and(depth)];
    while (this.#isWord('or')) {
      this.#next();
      operands.push(this.#and(depth));
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  #and(depth: number): FilterNode {
    const operands = [this.#unary(depth)];
    while (this.#isWord('and')) {
      this.#next();
      operands.push(this.#unary(depth));
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  #unary(depth: number): FilterNode {
    if (depth > filterLimits.maxDepth) {
      throw new ODataError(
        `Invalid filter clause: the filter nests more than ${filterLimits.maxDepth} levels deep.`,
      );
    }
    if (this.#isWord('not')) {
      this.#next();
      return { kind: 'not', operand: this.#unary(depth + 1) };
    }
    return this.#primary(depth);
  }

  #primary(depth: number): FilterNode {
    const token = this.#peek();
    if (token.type === 'punct' && token.text === '(') {
      this.#next();
      const inner = this.#or(depth + 1);
      this.#expectPunct(')');
      return inner;
    }
    if (token.type !== 'identifier') this.#unexpected(token, 'a property name or function');
    if (this.#peek(1).type === 'punct' && this.#peek(1).text === '(') return this.#function();
    this.#countTerm();
    const property = this.#propertyPath();
    if (this.#isPunct('/')) return this.#lambda(property, depth);
    return this.#comparison(property);
  }

  #function(): FilterNode {
    const nameToken = this.#next();
    const name = nameToken.text;
    if (!stringFunctions.has(name)) {
      if (unsupportedFunctions.has(name)) {
        throw new ODataError(
          `Invalid filter clause: the function '${name}' is not supported.`,
          'Request_UnsupportedQuery',
        );
      }
      this.#unexpected(nameToken, 'a property name or startswith, endswith, contains');
    }
    this.#countTerm();
    this.#expectPunct('(');
    if (this.#peek().type !== 'identifier') {
      this.#unexpected(this.#peek(), `a property name as the first argument of ${name}`);
    }
    const property = this.#propertyPath();
    this.#expectPunct(',');
    const value = this.#literal();
    this.#expectPunct(')');
    return { kind: 'function', name: name as StringFunction, property, value };
  }

  /** After `path/`: `any(x: …)`, `all(x: …)` or `any()`. */
  #lambda(collection: PropertyRef, depth: number): FilterNode {
    this.#next();
    const quantifierToken = this.#next();
    const quantifier = quantifierToken.text;
    if (quantifierToken.type !== 'identifier' || (quantifier !== 'any' && quantifier !== 'all')) {
      return this.#unexpected(quantifierToken, "'any' or 'all'");
    }
    this.#expectPunct('(');
    if (quantifier === 'any' && this.#isPunct(')')) {
      this.#next();
      return { kind: 'lambda', quantifier, collection, variable: undefined, predicate: undefined };
    }
    const variableToken = this.#next();
    if (variableToken.type !== 'identifier') {
      this.#unexpected(variableToken, 'a range variable name');
    }
    this.#expectPunct(':');
    const predicate = this.#or(depth + 1);
    this.#expectPunct(')');
    return { kind: 'lambda', quantifier, collection, variable: variableToken.text, predicate };
  }

  #comparison(property: PropertyRef): FilterNode {
    const operatorToken = this.#next();
    const operator = operatorToken.text;
    if (operatorToken.type === 'identifier' && comparisonOperators.has(operator)) {
      const value = this.#literal();
      return { kind: 'compare', operator: operator as ComparisonOperator, property, value };
    }
    if (operatorToken.type === 'identifier' && operator === 'in') {
      this.#expectPunct('(');
      const values = [this.#literal()];
      while (this.#isPunct(',')) {
        this.#next();
        this.#countTerm();
        values.push(this.#literal());
      }
      this.#expectPunct(')');
      return { kind: 'in', property, values };
    }
    return this.#unexpected(operatorToken, 'an operator (eq, ne, gt, ge, lt, le or in)');
  }

  /** `a`, `a/b/c`; stops before `/any(` and `/all(` so the caller can read the lambda. */
  #propertyPath(): PropertyRef {
    const first = this.#next();
    const segments = [first.text];
    while (this.#isPunct('/') && this.#peek(1).type === 'identifier' && !this.#isLambdaAhead()) {
      this.#next();
      segments.push(this.#next().text);
    }
    return { path: segments.join('/'), position: first.position };
  }

  #isLambdaAhead(): boolean {
    const word = this.#peek(1).text;
    const after = this.#peek(2);
    return (word === 'any' || word === 'all') && after.type === 'punct' && after.text === '(';
  }

  #literal(): Literal {
    const token = this.#next();
    if (token.type === 'literal') return token.literal;
    if (token.type === 'identifier') {
      const position = token.position;
      if (token.text === 'true' || token.text === 'false') {
        return { kind: 'boolean', value: token.text === 'true', position };
      }
      if (token.text === 'null') return { kind: 'null', position };
      throw new ODataError(
        `Invalid filter clause: expected a literal value at position ${position} but found ` +
          `'${clip(token.text)}'; comparing two properties is not supported.`,
        'Request_UnsupportedQuery',
      );
    }
    return this.#unexpected(token, 'a literal value');
  }

  #countTerm(): void {
    this.#terms += 1;
    if (this.#terms > filterLimits.maxTerms) {
      throw new ODataError(
        `Invalid filter clause: the filter has more than ${filterLimits.maxTerms} terms.`,
      );
    }
  }

  #expectPunct(text: string): void {
    const token = this.#next();
    if (token.type !== 'punct' || token.text !== text) this.#unexpected(token, `'${text}'`);
  }

  #isPunct(text: string): boolean {
    const token = this.#peek();
    return token.type === 'punct' && token.text === text;
  }

  #isWord(text: string): boolean {
    const token = this.#peek();
    return token.type === 'identifier' && token.text === text;
  }

  #peek(ahead = 0): Token {
    const last = this.#tokens[this.#tokens.length - 1]!;
    return this.#tokens[this.#index + ahead] ?? last;
  }

  #next(): Token {
    const token = this.#peek();
    if (token.type !== 'eof') this.#index += 1;
    return token;
  }

  #unexpected(token: Token, expected: string): never {
    const found =
      token.type === 'eof'
        ? `the filter ends at position ${token.position}`
        : `unexpected token '${clip(token.text)}' at position ${token.position}`;
    throw new ODataError(`Invalid filter clause: ${found}; expected ${expected}.`);
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
