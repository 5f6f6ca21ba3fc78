import type { OrderByItem } from './filter-ast.ts';
import { tokenize, type Token } from './lexer.ts';
import { ODataError } from './odata-error.ts';

const maxItems = 8;

/**
 * Parses `$orderby`: comma-separated property paths, each optionally followed by `asc` or `desc`
 * (OData v4.01 part 2, "URL Conventions" §5.1.5).
 */
export function parseOrderBy(text: string): OrderByItem[] {
  if (text.trim() === '') throw new ODataError('Invalid orderby clause: the clause is empty.');
  const tokens = tokenize(text, 'orderby');
  const items: OrderByItem[] = [];
  let index = 0;
  const peek = (): Token => tokens[index] ?? tokens[tokens.length - 1]!;
  const next = (): Token => tokens[index++] ?? tokens[tokens.length - 1]!;
  const fail = (token: Token, expected: string): never => {
    const found =
      token.type === 'eof'
        ? `the clause ends at position ${token.position}`
        : `unexpected token '${token.text.slice(0, 40)}' at position ${token.position}`;
    throw new ODataError(`Invalid orderby clause: ${found}; expected ${expected}.`);
  };

  for (;;) {
    const first = next();
    if (first.type !== 'identifier') fail(first, 'a property name');
    const segments = [first.text];
    while (peek().text === '/') {
      next();
      const segment = next();
      if (segment.type !== 'identifier') fail(segment, 'a property name after /');
      segments.push(segment.text);
    }
    let direction: 'asc' | 'desc' = 'asc';
    if (peek().text === 'asc' || peek().text === 'desc') direction = next().text as 'asc' | 'desc';
    items.push({ property: segments.join('/'), direction, position: first.position });
    if (items.length > maxItems) {
      throw new ODataError(
        `Invalid orderby clause: at most ${maxItems} sort properties are allowed.`,
      );
    }
    const separator = next();
    if (separator.type === 'eof') return items;
    if (separator.text !== ',') fail(separator, "',', 'asc', 'desc' or the end of the clause");
  }
}
