import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilterNode } from './filter-ast.ts';
import { ODataError } from './odata-error.ts';
import { parseFilter } from './parse-filter.ts';
import { parseOrderBy } from './parse-order-by.ts';

/** The tree without source positions, which most assertions do not care about. */
function shape(text: string): unknown {
  return JSON.parse(
    JSON.stringify(parseFilter(text), (key, value: unknown) =>
      key === 'position' || key === 'raw' ? undefined : value,
    ),
  );
}

function rejects(text: string, message: RegExp): void {
  assert.throws(
    () => parseFilter(text),
    (error: unknown) => {
      assert.ok(error instanceof ODataError, `expected ODataError, got ${String(error)}`);
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('parseFilter', () => {
  it('reads a comparison of a property with a string literal', () => {
    assert.deepEqual(shape("displayName eq 'Ada'"), {
      kind: 'compare',
      operator: 'eq',
      property: { path: 'displayName' },
      value: { kind: 'string', value: 'Ada' },
    });
  });

  it('reads every comparison operator', () => {
    for (const operator of ['eq', 'ne', 'gt', 'ge', 'lt', 'le']) {
      const node = parseFilter(`count ${operator} 3`) as Extract<FilterNode, { kind: 'compare' }>;
      assert.equal(node.operator, operator);
    }
  });

  it('a string literal with a doubled quote is one quote', () => {
    assert.deepEqual(shape("surname eq 'O''Brien'"), {
      kind: 'compare',
      operator: 'eq',
      property: { path: 'surname' },
      value: { kind: 'string', value: "O'Brien" },
    });
  });

  it('a filter with and binds tighter than or', () => {
    const node = shape('a eq 1 or b eq 2 and c eq 3') as {
      kind: string;
      operands: Array<{ kind: string }>;
    };
    assert.equal(node.kind, 'or');
    assert.deepEqual(
      node.operands.map((o) => o.kind),
      ['compare', 'and'],
    );
  });

  it('parentheses override precedence', () => {
    const node = shape('(a eq 1 or b eq 2) and c eq 3') as {
      kind: string;
      operands: Array<{ kind: string }>;
    };
    assert.equal(node.kind, 'and');
    assert.deepEqual(
      node.operands.map((o) => o.kind),
      ['or', 'compare'],
    );
  });

  it('a chain of and is one node with every operand', () => {
    const node = shape('a eq 1 and b eq 2 and c eq 3') as { operands: unknown[] };
    assert.equal(node.operands.length, 3);
  });

  it('not applies to the comparison that follows it', () => {
    assert.deepEqual(shape('not accountEnabled eq true'), {
      kind: 'not',
      operand: {
        kind: 'compare',
        operator: 'eq',
        property: { path: 'accountEnabled' },
        value: { kind: 'boolean', value: true },
      },
    });
  });

  it('reads in with a list of literals', () => {
    assert.deepEqual(shape("mail in ('a@x.org', 'b@x.org')"), {
      kind: 'in',
      property: { path: 'mail' },
      values: [
        { kind: 'string', value: 'a@x.org' },
        { kind: 'string', value: 'b@x.org' },
      ],
    });
  });

  it('reads startswith, endswith and contains with the property first', () => {
    for (const name of ['startswith', 'endswith', 'contains']) {
      assert.deepEqual(shape(`${name}(displayName,'Ad')`), {
        kind: 'function',
        name,
        property: { path: 'displayName' },
        value: { kind: 'string', value: 'Ad' },
      });
    }
  });

  it('reads an any lambda on a collection', () => {
    assert.deepEqual(shape("groupTypes/any(c:c eq 'Unified')"), {
      kind: 'lambda',
      quantifier: 'any',
      collection: { path: 'groupTypes' },
      variable: 'c',
      predicate: {
        kind: 'compare',
        operator: 'eq',
        property: { path: 'c' },
        value: { kind: 'string', value: 'Unified' },
      },
    });
  });

  it('reads a lambda whose body is a function call', () => {
    const node = shape("proxyAddresses/any(x: startswith(x, 'smtp:'))") as {
      predicate: { kind: string };
    };
    assert.equal(node.predicate.kind, 'function');
  });

  it('reads any() without a body', () => {
    assert.deepEqual(shape('groupTypes/any()'), {
      kind: 'lambda',
      quantifier: 'any',
      collection: { path: 'groupTypes' },
    });
  });

  it('reads property paths with slashes', () => {
    const node = shape("initiatedBy/user/id eq 'x'") as { property: { path: string } };
    assert.equal(node.property.path, 'initiatedBy/user/id');
  });

  it('reads numbers, booleans, null, GUIDs, dates and DateTimeOffsets', () => {
    const value = (text: string) =>
      (parseFilter(`p eq ${text}`) as Extract<FilterNode, { kind: 'compare' }>).value;
    assert.deepEqual(value('-12.5'), { kind: 'number', value: -12.5, raw: '-12.5', position: 5 });
    assert.equal(value('false').kind, 'boolean');
    assert.equal(value('null').kind, 'null');
    assert.deepEqual(value('8A0B3B3C-0000-4000-8000-000000000001'), {
      kind: 'guid',
      value: '8a0b3b3c-0000-4000-8000-000000000001',
      position: 5,
    });
    assert.equal(value('2026-01-01').kind, 'date');
  });

  it('normalises a DateTimeOffset to the UTC form the store writes', () => {
    const value = (
      parseFilter('t ge 2026-01-01T02:30:00+02:00') as Extract<FilterNode, { kind: 'compare' }>
    ).value;
    assert.deepEqual(value, {
      kind: 'dateTime',
      value: '2026-01-01T00:30:00.000Z',
      raw: '2026-01-01T02:30:00+02:00',
      position: 5,
    });
  });

  it('an unknown operator is rejected naming the token and its position', () => {
    rejects("displayName eqq 'x'", /^Invalid filter clause: unexpected token 'eqq' at position 12/);
  });

  it('an unterminated string is rejected with its position', () => {
    rejects("displayName eq 'abc", /unterminated string literal at position 15/);
  });

  it('a missing closing parenthesis is rejected', () => {
    rejects('(a eq 1', /the filter ends at position 7; expected '\)'/);
  });

  it('trailing tokens are rejected', () => {
    rejects('a eq 1 b', /unexpected token 'b' at position 7/);
  });

  it('an impossible date is rejected', () => {
    rejects('t ge 2026-02-30T00:00:00Z', /not a valid date and time/);
  });

  it('a date and time without a zone is rejected with a hint', () => {
    rejects('t ge 2026-02-03T00:00:00', /has no time zone/);
  });

  it('comparing two properties is rejected', () => {
    rejects('givenName eq surname', /comparing two properties is not supported/);
  });

  it('an unsupported canonical function is named', () => {
    rejects("tolower(displayName) eq 'a'", /the function 'tolower' is not supported/);
  });

  it('an empty filter is rejected', () => {
    rejects('   ', /the filter is empty/);
  });

  it('deep nesting is rejected before it can exhaust the stack', () => {
    rejects(`${'('.repeat(2000)}a eq 1${')'.repeat(2000)}`, /nests more than 32 levels/);
    rejects(`${'not '.repeat(1000)}a eq 1`, /nests more than 32 levels/);
  });

  it('a filter with too many terms is rejected', () => {
    rejects(Array.from({ length: 201 }, (_, i) => `a eq ${i}`).join(' or '), /more than 200 terms/);
  });
});

describe('parseOrderBy', () => {
  it('reads properties with and without a direction', () => {
    assert.deepEqual(parseOrderBy('displayName desc, createdDateTime'), [
      { property: 'displayName', direction: 'desc', position: 0 },
      { property: 'createdDateTime', direction: 'asc', position: 18 },
    ]);
  });

  it('reads nested paths', () => {
    assert.equal(parseOrderBy('status/errorCode asc')[0]?.property, 'status/errorCode');
  });

  it('rejects a stray token naming its position', () => {
    assert.throws(
      () => parseOrderBy('displayName sideways'),
      /unexpected token 'sideways' at position 12/,
    );
  });
});
