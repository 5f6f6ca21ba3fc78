import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListQuery, type FieldMap } from '../../odata/index.ts';
import { listInMemory } from './in-memory-list.ts';

const fields: FieldMap = {
  id: { column: 'id', type: 'guid' },
  displayName: { column: 'displayName', type: 'string', caseInsensitive: true },
  department: { column: 'department', type: 'string' },
  accountEnabled: { column: 'accountEnabled', type: 'boolean' },
  createdDateTime: { column: 'createdDateTime', type: 'dateTime' },
  'status/errorCode': { column: 'status', type: 'number' },
  tags: { column: 'tags', type: 'stringCollection', caseInsensitive: true },
};

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const items = [
  {
    id: id(1), displayName: 'Ada', department: 'Maths', accountEnabled: true,
    createdDateTime: '2026-01-01T00:00:00.000Z', status: { errorCode: 0 }, tags: ['Red'],
  },
  {
    id: id(2), displayName: 'alan', department: null, accountEnabled: true,
    createdDateTime: '2026-02-01T00:00:00.000Z', status: { errorCode: 50126 }, tags: [],
  },
  {
    id: id(3), displayName: 'Grace', department: 'Navy', accountEnabled: false,
    createdDateTime: '2026-03-01T00:00:00.000Z', status: { errorCode: 0 }, tags: ['blue'],
  },
];

function names(query: Record<string, string>): string[] {
  const listQuery = parseListQuery(query, { fields, entityType: 'microsoft.graph.user' });
  return listInMemory(items, listQuery, fields).fetched.map((item) => item.displayName);
}

describe('OData over a list in memory, with the SQL compiler’s semantics', () => {
  it('compares case-insensitive strings lower-cased, in functions too', () => {
    assert.deepEqual(names({ $filter: "displayName eq 'ADA'" }), ['Ada']);
    assert.deepEqual(names({ $filter: "startswith(displayName,'a')" }), ['Ada', 'alan']);
    assert.deepEqual(names({ $filter: "department eq 'maths'" }), []);
  });

  it('treats null as unequal to every value: ne includes it, not() of unknown is true', () => {
    assert.deepEqual(names({ $filter: "department ne 'Maths'" }), ['alan', 'Grace']);
    assert.deepEqual(names({ $filter: "department gt 'A'" }), ['Ada', 'Grace']);
    assert.deepEqual(names({ $filter: "not (department gt 'A')" }), ['alan']);
    assert.deepEqual(names({ $filter: 'department eq null' }), ['alan']);
  });

  it('reads nested paths, booleans, numbers, times, GUIDs and lambdas', () => {
    assert.deepEqual(names({ $filter: 'status/errorCode ne 0' }), ['alan']);
    assert.deepEqual(names({ $filter: 'accountEnabled eq false' }), ['Grace']);
    assert.deepEqual(names({ $filter: 'createdDateTime ge 2026-02-01' }), ['alan', 'Grace']);
    assert.deepEqual(names({ $filter: `id eq '${id(3).toUpperCase()}'` }), ['Grace']);
    assert.deepEqual(names({ $filter: "tags/any(t: t eq 'RED')" }), ['Ada']);
    assert.deepEqual(names({ $filter: 'tags/any()' }), ['Ada', 'Grace']);
    assert.deepEqual(names({ $filter: `id in ('${id(2)}', null)` }), ['alan']);
  });

  it('orders with nulls first ascending, breaks ties by id, and pages', () => {
    assert.deepEqual(names({ $orderby: 'department' }), ['alan', 'Ada', 'Grace']);
    assert.deepEqual(names({ $orderby: 'department desc' }), ['Grace', 'Ada', 'alan']);
    assert.deepEqual(names({ $orderby: 'accountEnabled desc' }), ['Ada', 'alan', 'Grace']);
    // One row past the page is fetched, so the caller can tell a next page exists.
    const listQuery = parseListQuery({ $top: '1', $skip: '1' }, { fields });
    const { fetched, count } = listInMemory(items, listQuery, fields);
    assert.deepEqual([fetched.map((item) => item.displayName), count], [['alan', 'Grace'], 3]);
  });
});
