/**
 * The rule language of Conditional Access filters (`devices.deviceFilter`, `applicationFilter`,
 * `servicePrincipalFilter`, `agentIdServicePrincipalFilter`): the dynamic-membership syntax,
 * e.g. `device.isCompliant -eq True -and device.trustType -eq "ServerAD"`.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-condition-filters-for-devices
 * @see https://learn.microsoft.com/entra/identity/users/groups-dynamic-membership
 *
 * Comparisons ignore case, as in dynamic membership rules. A property the object does not have
 * is null, and Entra's table for unregistered devices follows from that: a positive operator
 * (-eq, -startsWith, -contains, -in…) on null is false, a negative one (-ne, -notContains…) is
 * true. `-and` binds tighter than `-or`; `-not` tighter than both. `-match` (regular expressions)
 * is not supported: filters do not list it, and an admin's pattern run on every sign-in is a
 * denial-of-service risk.
 */

export type FilterValue = string | boolean | readonly string[] | null | undefined;
/** Reads a property by its lower-cased path (`device.iscompliant`); null or undefined when absent. */
export type PropertyReader = (path: string) => FilterValue;
export type FilterRule = (read: PropertyReader) => boolean;

export class FilterRuleError extends Error {
  override name = 'FilterRuleError';
}

type Operand = string | null | readonly string[];
type Comparison = (actual: string | readonly string[], operand: Operand) => boolean;

const positive: Record<string, Comparison> = {
  '-eq': (a, v) => (typeof a === 'string' ? a === v : typeof v === 'string' && a.includes(v)),
  '-startswith': (a, v) => typeof v === 'string' && (typeof a === 'string' ? a.startsWith(v) : a.some((x) => x.startsWith(v))),
  '-endswith': (a, v) => typeof v === 'string' && (typeof a === 'string' ? a.endsWith(v) : a.some((x) => x.endsWith(v))),
  // A substring of a string; on a collection (physicalIds, systemLabels) a whole element.
  '-contains': (a, v) => typeof v === 'string' && (typeof a === 'string' ? a.includes(v) : a.includes(v)),
  '-in': (a, v) => Array.isArray(v) && (typeof a === 'string' ? v.includes(a) : a.some((x) => v.includes(x))),
};
const negativeOf: Record<string, string> = {
  '-ne': '-eq', '-notstartswith': '-startswith', '-notendswith': '-endswith', '-notcontains': '-contains', '-notin': '-in',
};

function normalise(value: FilterValue): string | readonly string[] | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value.toLowerCase();
  return value.map((v) => v.toLowerCase());
}

/** One comparison: positive operators are false on a missing property, negative ones true. */
function compare(path: string, operator: string, operand: Operand): FilterRule {
  const negated = negativeOf[operator];
  const test = positive[negated ?? operator];
  if (!test) throw new FilterRuleError(`unsupported operator ${operator}`);
  return (read) => {
    const actual = normalise(read(path));
    // `-eq null` / `-ne null` ask whether the property is set at all.
    const holds = operand === null ? actual === null : actual !== null && test(actual, operand);
    return negated ? !holds : holds;
  };
}

const tokenPattern = /\s*(?:(\()|(\))|(\[)|(\])|(,)|"((?:[^"\\`]|[\\`].)*)"|'((?:[^'\\`]|[\\`].)*)'|(-?[A-Za-z0-9_][\w.]*))/y;

type Token = { kind: '(' | ')' | '[' | ']' | ',' } | { kind: 'string'; value: string } | { kind: 'word'; value: string };

function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < rule.length) {
    if (/^\s*$/.test(rule.slice(tokenPattern.lastIndex))) break;
    const at = tokenPattern.lastIndex;
    const m = tokenPattern.exec(rule);
    if (!m) throw new FilterRuleError(`unexpected character at ${at}: ${rule.slice(at, at + 10)}`);
    if (m[1]) tokens.push({ kind: '(' });
    else if (m[2]) tokens.push({ kind: ')' });
    else if (m[3]) tokens.push({ kind: '[' });
    else if (m[4]) tokens.push({ kind: ']' });
    else if (m[5]) tokens.push({ kind: ',' });
    else if (m[6] !== undefined || m[7] !== undefined) tokens.push({ kind: 'string', value: (m[6] ?? m[7] ?? '').replace(/[\\`](.)/g, '$1') });
    else tokens.push({ kind: 'word', value: m[8] ?? '' });
  }
  return tokens;
}

/** Parses a filter rule once, into a predicate over an object's properties. Throws FilterRuleError. */
export function parseFilterRule(rule: string): FilterRule {
  const tokens = tokenize(rule);
  let i = 0;
  const peekWord = () => {
    const t = tokens[i];
    return t?.kind === 'word' ? t.value.toLowerCase() : undefined;
  };
  const expect = (kind: Token['kind']) => {
    if (tokens[i]?.kind !== kind) throw new FilterRuleError(`expected ${kind} at token ${i}`);
    i += 1;
  };

  function operand(): Operand {
    const t = tokens[i];
    if (t?.kind === 'string') { i += 1; return t.value.toLowerCase(); }
    if (t?.kind === 'word' && !t.value.startsWith('-')) {
      i += 1;
      return t.value.toLowerCase() === 'null' ? null : t.value.toLowerCase();
    }
    if (t?.kind === '[') {
      i += 1;
      const values: string[] = [];
      while (tokens[i]?.kind !== ']') {
        const v = tokens[i];
        if (v?.kind !== 'string' && v?.kind !== 'word') throw new FilterRuleError(`expected a value in a list at token ${i}`);
        values.push(v.value.toLowerCase());
        i += 1;
        if (tokens[i]?.kind === ',') i += 1;
      }
      expect(']');
      return values;
    }
    throw new FilterRuleError(`expected a value at token ${i}`);
  }

  function primary(): FilterRule {
    if (tokens[i]?.kind === '(') {
      i += 1;
      const inner = or();
      expect(')');
      return inner;
    }
    const property = tokens[i];
    if (property?.kind !== 'word' || property.value.startsWith('-')) throw new FilterRuleError(`expected a property at token ${i}`);
    i += 1;
    const operator = peekWord();
    if (!operator?.startsWith('-')) throw new FilterRuleError(`expected an operator after ${property.value}`);
    i += 1;
    return compare(property.value.toLowerCase(), operator, operand());
  }

  function not(): FilterRule {
    if (peekWord() === '-not') {
      i += 1;
      const inner = not();
      return (read) => !inner(read);
    }
    return primary();
  }

  function and(): FilterRule {
    const parts = [not()];
    while (peekWord() === '-and') { i += 1; parts.push(not()); }
    return parts.length === 1 ? parts[0]! : (read) => parts.every((p) => p(read));
  }

  function or(): FilterRule {
    const parts = [and()];
    while (peekWord() === '-or') { i += 1; parts.push(and()); }
    return parts.length === 1 ? parts[0]! : (read) => parts.some((p) => p(read));
  }

  if (tokens.length === 0) throw new FilterRuleError('empty rule');
  const rule_ = or();
  if (i !== tokens.length) throw new FilterRuleError(`unexpected token ${i}`);
  return rule_;
}
