import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldMap } from './field-map.ts';
import { ODataError } from './odata-error.ts';
import { nextLink } from './paging.ts';
import { parseListQuery, type ListQueryOptions, type QueryParameters } from './parse-list-query.ts';

const userFields: FieldMap = {
  id: { column: 'id', type: 'guid' },
  displayName: { column: 'display_name', type: 'string', caseInsensitive: true },
  accountEnabled: { column: 'account_enabled', type: 'boolean' },
  createdDateTime: { column: 'created_date_time', type: 'dateTime' },
  employeeId: { column: 'employee_id', type: 'string', filterable: false, sortable: false },
  groupTypes: { column: 'group_types', type: 'stringCollection' },
  'status/errorCode': { column: 'data', jsonPath: ['status', 'errorCode'], type: 'number' },
};
const options: ListQueryOptions = { fields: userFields, entityType: 'microsoft.graph.user' };

function parse(query: QueryParameters, extra: Partial<ListQueryOptions> = {}) {
  return parseListQuery(query, { ...options, ...extra });
}

function rejects(query: QueryParameters, message: RegExp, code = 'BadRequest'): void {
  assert.throws(
    () => parse(query),
    (error: unknown) => {
      assert.ok(error instanceof ODataError, `expected ODataError, got ${String(error)}`);
      assert.match(error.message, message);
      assert.equal(error.code, code);
      return true;
    },
  );
}

describe('parseListQuery', () => {
  it("without options it pages by 100 from the start, Graph's default", () => {
    const query = parse({});
    assert.equal(query.top, 100);
    assert.equal(query.skip, 0);
    assert.equal(query.filter, undefined);
    assert.equal(query.count, false);
  });

  it('an unknown property is rejected naming the property and the type', () => {
    rejects(
      { $filter: "foo eq 'x'" },
      /^Could not find a property named 'foo' on type 'microsoft\.graph\.user'\.$/,
    );
  });

  it('property names match case-insensitively and come back as the map spells them', () => {
    const query = parse({ $filter: "DISPLAYNAME eq 'a'", $orderby: 'displayname desc' });
    assert.equal((query.filter as { property: { path: string } }).property.path, 'displayName');
    assert.equal(query.orderBy[0]?.property, 'displayName');
  });

  it("a literal of the wrong type is rejected in Graph's words", () => {
    rejects(
      { $filter: "accountEnabled eq 'yes'" },
      /incompatible types.*'Edm\.Boolean' and 'Edm\.String' for operator kind 'Equal'/,
    );
    rejects(
      { $filter: "createdDateTime ge 'yesterday'" },
      /'Edm\.DateTimeOffset' and 'Edm\.String'/,
    );
  });

  it('a quoted GUID is accepted for a guid property, and a non-GUID string is not', () => {
    const query = parse({ $filter: "id eq 'AAAAAAAA-0000-4000-8000-000000000001'" });
    assert.deepEqual((query.filter as { value: unknown }).value, {
      kind: 'guid',
      value: 'aaaaaaaa-0000-4000-8000-000000000001',
      position: 6,
    });
    rejects({ $filter: "id eq 'nope'" }, /'nope' is not a valid Edm\.Guid value/);
  });

  it('a date is accepted for a dateTime property as midnight UTC', () => {
    const query = parse({ $filter: 'createdDateTime ge 2026-03-01' });
    assert.equal(
      (query.filter as { value: { value: string } }).value.value,
      '2026-03-01T00:00:00.000Z',
    );
  });

  it('a property that cannot be filtered is reported as an unsupported query', () => {
    rejects(
      { $filter: "employeeId eq '1'" },
      /^Unsupported or invalid query filter clause specified for property 'employeeId' of resource/,
      'Request_UnsupportedQuery',
    );
  });

  it('a collection is compared only through a lambda', () => {
    rejects(
      { $filter: "groupTypes eq 'Unified'" },
      /'Collection\(Edm\.String\)' and 'Edm\.String'/,
    );
    rejects(
      { $filter: "displayName/any(c: c eq 'x')" },
      /can only be used on a collection property/,
    );
    rejects(
      { $filter: "groupTypes/any(c: displayName eq 'x')" },
      /Only the range variable 'c'/,
      'Request_UnsupportedQuery',
    );
  });

  it('string functions need a string property and a string argument', () => {
    rejects(
      { $filter: 'startswith(accountEnabled, true)' },
      /No function signature for the function with name 'startswith'/,
    );
  });

  it('null compares only with eq and ne', () => {
    assert.ok(parse({ $filter: 'createdDateTime eq null' }).filter);
    rejects({ $filter: 'createdDateTime gt null' }, /null can only be compared with 'eq' or 'ne'/);
  });

  it("$top outside 1..maxTop is rejected in Graph's words", () => {
    rejects(
      { $top: '0' },
      /^Invalid page size specified: '0'\. Must be between 1 and 999 inclusive\.$/,
    );
    rejects({ $top: '1000' }, /Must be between 1 and 999 inclusive/);
    rejects({ $top: 'ten' }, /Invalid page size specified: 'ten'/);
    assert.equal(parse({ $top: '999' }).top, 999);
    assert.throws(() => parse({ $top: '51' }, { maxTop: 50 }), /between 1 and 50/);
  });

  it('$skip must be a non-negative integer', () => {
    assert.equal(parse({ $skip: '20' }).skip, 20);
    rejects({ $skip: '-1' }, /requires a non-negative integer value/);
  });

  it('$count accepts true and false only', () => {
    assert.equal(parse({ $count: 'true' }).count, true);
    rejects({ $count: 'yes' }, /Valid values are 'true' and 'false'/);
  });

  it('$select names properties of the resource, as the resource spells them', () => {
    assert.deepEqual(parse({ $select: 'id, DisplayName' }).select, ['id', 'displayName']);
    assert.deepEqual(parse({ $select: 'mail' }, { selectable: ['id', 'mail'] }).select, ['mail']);
    rejects({ $select: 'id,nope' }, /Could not find a property named 'nope'/);
  });

  it('$orderby on a property that cannot be sorted is an unsupported query', () => {
    rejects(
      { $orderby: 'employeeId' },
      /Sorting by property 'employeeId' is not supported/,
      'Request_UnsupportedQuery',
    );
  });

  it('$search is rejected clearly as unsupported', () => {
    rejects(
      { $search: '"displayName:ada"' },
      /'\$search' is not supported/,
      'Request_UnsupportedQuery',
    );
  });

  it('an unknown $ option is rejected, and options without $ are left to the route', () => {
    rejects({ $foo: '1' }, /The query parameter '\$foo' is not supported/);
    assert.doesNotThrow(() => parse({ 'api-version': '1' }));
  });

  it('a repeated option is rejected', () => {
    rejects({ $top: ['1', '2'] }, /specified more than once/);
    rejects({ $top: '1', $TOP: '2' }, /specified more than once/);
  });

  it('a skiptoken from nextLink resumes after the page it came from', () => {
    const query = { $filter: "displayName eq 'a'", $top: '2' };
    const first = parse(query);
    const link = nextLink('https://limen.test/v1.0/users', query, first, 2, 3);
    assert.ok(link);
    const next = Object.fromEntries(new URL(link).searchParams);
    assert.equal(next.$filter, "displayName eq 'a'");
    assert.equal(parse(next).skip, 2);
  });

  it('a skiptoken cannot be replayed against another filter', () => {
    const first = parse({ $filter: "displayName eq 'a'" });
    const link = nextLink('https://limen.test/v1.0/users', {}, first, 100, 101);
    const token = new URL(link!).searchParams.get('$skiptoken')!;
    rejects({ $filter: "displayName eq 'b'", $skiptoken: token }, /belongs to a different query/);
    rejects({ $skiptoken: 'not-a-token' }, /Invalid \$skiptoken/);
  });

  it('nextLink is absent on the last page', () => {
    assert.equal(nextLink('https://x/v1.0/users', {}, parse({}), 100, 100), undefined);
  });
});
