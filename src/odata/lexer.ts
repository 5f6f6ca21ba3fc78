import type { Literal } from './filter-ast.ts';
import { ODataError } from './odata-error.ts';

/**
 * Splits an OData expression into tokens. Literal forms follow OData ABNF (OData v4.01 part 2,
 * "URL Conventions" §5.1.1 and the ABNF's primitiveLiteral): strings in single quotes with `''`
 * for a quote, GUIDs and DateTimeOffsets unquoted, numbers, and the keywords true/false/null
 * (which stay identifiers here; the parser decides what a bare word means).
 */
export type Token =
  | { type: 'punct'; text: '(' | ')' | ',' | ':' | '/'; position: number }
  | { type: 'identifier'; text: string; position: number }
  | { type: 'literal'; text: string; literal: Literal; position: number }
  | { type: 'eof'; text: ''; position: number };

const guidPattern =
  /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![\w-])/y;
const dateTimePattern = new RegExp(
  String.raw`(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?` +
    String.raw`(Z|[+-]\d{2}:\d{2})(?![\w:.-])`,
  'iy',
);
const datePattern = /(\d{4})-(\d{2})-(\d{2})(?![\w:.-])/y;
const numberPattern = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const zonelessDateTimePattern = /\d{4}-\d{2}-\d{2}T[\d:.]+/iy;
const identifierPattern = /[A-Za-z_][A-Za-z0-9_]*/y;

/** `clause` names the option in messages: "Invalid filter clause: …". */
export function tokenize(text: string, clause: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (detail: string): never => {
    throw new ODataError(`Invalid ${clause} clause: ${detail}`);
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t') {
      i += 1;
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === ':' || ch === '/') {
      tokens.push({ type: 'punct', text: ch, position: i });
      i += 1;
    } else if (ch === "'") {
      const end = readString(text, i) ?? fail(`unterminated string literal at position ${i}`);
      const raw = text.slice(i, end);
      const value = raw.slice(1, -1).replaceAll("''", "'");
      tokens.push({
        type: 'literal',
        text: raw,
        literal: { kind: 'string', value, position: i },
        position: i,
      });
      i = end;
    } else {
      const token = readWord(text, i, fail);
      tokens.push(token);
      i += token.text.length;
    }
  }
  tokens.push({ type: 'eof', text: '', position: text.length });
  return tokens;
}

/** Index just past the closing quote, or undefined when the string never closes. */
function readString(text: string, start: number): number | undefined {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === "'") {
      if (text[i + 1] !== "'") return i + 1;
      i += 2;
    } else {
      i += 1;
    }
  }
  return undefined;
}

function readWord(text: string, position: number, fail: (detail: string) => never): Token {
  const guid = matchAt(guidPattern, text, position);
  if (guid) {
    const literal: Literal = { kind: 'guid', value: guid[0].toLowerCase(), position };
    return { type: 'literal', text: guid[0], literal, position };
  }
  const dateTime = matchAt(dateTimePattern, text, position);
  if (dateTime) {
    const value =
      dateTimeValue(dateTime) ??
      fail(`'${dateTime[0]}' at position ${position} is not a valid date and time`);
    const literal: Literal = { kind: 'dateTime', value, raw: dateTime[0], position };
    return { type: 'literal', text: dateTime[0], literal, position };
  }
  const zoneless = matchAt(zonelessDateTimePattern, text, position);
  if (zoneless) {
    fail(
      `'${zoneless[0]}' at position ${position} has no time zone; ` +
        'end it with Z or an offset such as +02:00',
    );
  }
  const date = matchAt(datePattern, text, position);
  if (date) {
    if (!isValidDate(Number(date[1]), Number(date[2]), Number(date[3]))) {
      fail(`'${date[0]}' at position ${position} is not a valid date`);
    }
    return {
      type: 'literal',
      text: date[0],
      literal: { kind: 'date', value: date[0], position },
      position,
    };
  }
  const number = matchAt(numberPattern, text, position);
  if (number) {
    const value = Number(number[0]);
    if (!Number.isFinite(value)) {
      fail(`the number '${number[0]}' at position ${position} is out of range`);
    }
    const literal: Literal = { kind: 'number', value, raw: number[0], position };
    return { type: 'literal', text: number[0], literal, position };
  }
  const identifier = matchAt(identifierPattern, text, position);
  if (identifier) return { type: 'identifier', text: identifier[0], position };
  return fail(`unexpected character '${text[position]}' at position ${position}`);
}

function matchAt(pattern: RegExp, text: string, position: number): RegExpExecArray | null {
  pattern.lastIndex = position;
  return pattern.exec(text);
}

/** The instant in `toISOString()` form, or undefined for impossible dates such as 02-30. */
function dateTimeValue(match: RegExpExecArray): string | undefined {
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as number[];
  if (!isValidDate(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59) {
    return undefined;
  }
  const offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : parseOffset(zone);
  if (offsetMinutes === undefined) return undefined;
  // Date.UTC maps years 0-99 to 1900-1999, so set the full year explicitly.
  const instant = new Date(0);
  instant.setUTCFullYear(year!, month! - 1, day!);
  // Sub-millisecond digits are dropped: the store keeps millisecond precision.
  instant.setUTCHours(
    hour!,
    minute! - offsetMinutes,
    second!,
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  return instant.toISOString();
}

function parseOffset(zone: string): number | undefined {
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function isValidDate(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && daysInMonth !== undefined && day >= 1 && day <= daysInMonth;
}
