import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { freshStore, testEngines, type FreshStore } from '../../test/support/engines.ts';
import { applyListQuery, countQuery, pageOf } from './apply-list-query.ts';
import type { FieldMap } from './field-map.ts';
import { garbageFilters } from './fuzz-input.ts';
import { ODataError } from './odata-error.ts';
import { nextLink } from './paging.ts';
import { parseListQuery, type QueryParameters } from './parse-list-query.ts';

interface ProbeRow {
  id: string;
  display_name: string;
  upn: string;
  account_enabled: 0 | 1;
  created: string;
  group_types: string | null;
  data: string;
  department: string | null;
  score: number | null;
}

const probeFields: FieldMap = {
  id: { column: 'id', type: 'guid' },
  displayName: { column: 'display_name', type: 'string', caseInsensitive: true },
  userPrincipalName: { column: 'upn', type: 'string', caseInsensitive: true },
  accountEnabled: { column: 'account_enabled', type: 'boolean' },
  createdDateTime: { column: 'created', type: 'dateTime' },
  groupTypes: { column: 'group_types', type: 'stringCollection' },
  'status/errorCode': { column: 'data', jsonPath: ['status', 'errorCode'], type: 'number' },
  'initiatedBy/user/id': {
    column: 'data',
    jsonPath: ['initiatedBy', 'user', 'id'],
    type: 'string',
  },
  flag: { column: 'data', jsonPath: ['flag'], type: 'boolean' },
  tags: { column: 'data', jsonPath: ['tags'], type: 'stringCollection', caseInsensitive: true },
  department: { column: 'department', type: 'string' },
  score: { column: 'score', type: 'number' },
};

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const rows: ProbeRow[] = [
  {
    id: id(1),
    display_name: 'Ada Lovelace',
    upn: 'ada@limen.test',
    account_enabled: 1,
    created: '2025-12-31T23:00:00.000Z',
    group_types: '["Unified","DynamicMembership"]',
    data: JSON.stringify({
      status: { errorCode: 0 },
      initiatedBy: { user: { id: 'u-1' } },
      flag: true,
      tags: ['Red'],
    }),
    department: 'Maths',
    score: 10,
  },
  {
    id: id(2),
    display_name: 'alan turing',
    upn: 'Alan@limen.test',
    account_enabled: 1,
    created: '2026-01-01T00:00:00.000Z',
    group_types: '[]',
    data: '{"status":{"errorCode":50126},"initiatedBy":{"user":{"id":"u-2"}},"flag":false}',
    department: null,
    score: 7,
  },
  {
    id: id(3),
    display_name: 'Grace Hopper',
    upn: 'grace@limen.test',
    account_enabled: 0,
    created: '2026-02-01T12:00:00.000Z',
    group_types: '["Unified"]',
    data: '{"status":{"errorCode":0},"initiatedBy":{"app":{"id":"a-1"}}}',
    department: 'Navy',
    score: null,
  },
  {
    id: id(4),
    display_name: "Tim O'Reilly",
    upn: 'tim@limen.test',
    account_enabled: 1,
    created: '2026-03-01T00:00:00.000Z',
    group_types: null,
    data: '{"status":{"errorCode":"oops"},"tags":"not-an-array"}',
    department: 'Books',
    score: 3,
  },
  {
    id: id(5),
    display_name: '100% Real_Name',
    upn: 'pct@limen.test',
    account_enabled: 0,
    created: '2026-03-02T08:00:00.000Z',
    group_types: '["Security"]',
    data: '{}',
    department: 'Maths',
    score: 0,
  },
];

for (const engine of testEngines()) {
  describe(`applyListQuery on ${engine}`, () => {
    let fresh: FreshStore;
    let db: Kysely<{ odata_probe: ProbeRow }>;

    before(async () => {
      fresh = await freshStore(engine);
      db = fresh.store.db.withTables<{ odata_probe: ProbeRow }>() as unknown as Kysely<{
        odata_probe: ProbeRow;
      }>;
      await db.schema
        .createTable('odata_probe')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('upn', 'text', (c) => c.notNull())
        .addColumn('account_enabled', 'integer', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('group_types', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('department', 'text')
        .addColumn('score', 'integer')
        .execute();
      await db.insertInto('odata_probe').values(rows).execute();
    });

    after(() => fresh.cleanup());

    /** Row numbers (1-5) the query returns, in order. */
    async function find(query: QueryParameters): Promise<number[]> {
      const listQuery = parseListQuery(query, {
        fields: probeFields,
        entityType: 'microsoft.graph.probe',
      });
      const found = await applyListQuery(
        db.selectFrom('odata_probe').select('id'),
        listQuery,
        probeFields,
        engine,
      ).execute();
      return pageOf(found, listQuery).map((row) => Number(row.id.slice(-1)));
    }

    const filter = (text: string) => find({ $filter: text });

    it('eq on a string matches exactly', async () => {
      assert.deepEqual(await filter("department eq 'Maths'"), [1, 5]);
      assert.deepEqual(await filter("department eq 'maths'"), []);
    });

    it('eq and in on a case-insensitive property ignore case', async () => {
      assert.deepEqual(await filter("userPrincipalName eq 'ALAN@LIMEN.TEST'"), [2]);
      assert.deepEqual(await filter("userPrincipalName in ('ADA@limen.test', 'x')"), [1]);
    });

    it('a quote inside a literal is data, not SQL', async () => {
      assert.deepEqual(await filter("displayName eq 'Tim O''Reilly'"), [4]);
      assert.deepEqual(await filter("displayName eq 'x'' or 1=1 --'"), []);
    });

    it('in matches any listed value, and null in the list matches missing values', async () => {
      assert.deepEqual(await filter("department in ('Maths', 'Navy')"), [1, 3, 5]);
      assert.deepEqual(await filter("department in ('Navy', null)"), [2, 3]);
    });

    it('ne and eq null treat a missing value as OData does', async () => {
      assert.deepEqual(await filter("department ne 'Maths'"), [2, 3, 4]);
      assert.deepEqual(await filter('department eq null'), [2]);
      assert.deepEqual(await filter('department ne null'), [1, 3, 4, 5]);
    });

    it('startswith, endswith and contains take their argument literally', async () => {
      assert.deepEqual(await filter("startswith(displayName, 'a')"), [1, 2]);
      assert.deepEqual(await filter("startswith(department, 'm')"), []);
      assert.deepEqual(await filter("startswith(displayName, '100%')"), [5]);
      assert.deepEqual(await filter("startswith(displayName, '1_0')"), []);
      assert.deepEqual(await filter("contains(displayName, '_')"), [5]);
      assert.deepEqual(await filter("endswith(displayName, 'HOPPER')"), [3]);
      assert.deepEqual(
        await filter("endswith(displayName, 'a much longer suffix than any name')"),
        [],
      );
    });

    it('any() on a JSON string array matches rows with such an element', async () => {
      assert.deepEqual(await filter("groupTypes/any(c:c eq 'Unified')"), [1, 3]);
      assert.deepEqual(await filter("groupTypes/any(c:startswith(c, 'Dyn'))"), [1]);
      assert.deepEqual(await filter("groupTypes/any(c:c in ('Security', 'Nope'))"), [5]);
      assert.deepEqual(await filter('groupTypes/any()'), [1, 3, 5]);
      assert.deepEqual(await filter("not groupTypes/any(c:c eq 'Unified')"), [2, 4, 5]);
    });

    it('all() holds when every element matches, and on empty collections', async () => {
      assert.deepEqual(await filter("groupTypes/all(c:c eq 'Unified')"), [2, 3, 4]);
    });

    it('any() on an array inside a JSON column, tolerating a non-array', async () => {
      assert.deepEqual(await filter("tags/any(t: t eq 'red')"), [1]);
    });

    it('dates compare as instants, whatever offset the literal is written in', async () => {
      assert.deepEqual(await filter('createdDateTime ge 2026-01-01T00:00:00Z'), [2, 3, 4, 5]);
      assert.deepEqual(await filter('createdDateTime lt 2026-01-01T01:00:00+01:00'), [1]);
      assert.deepEqual(await filter('createdDateTime eq 2026-01-01T00:00:00Z'), [2]);
      assert.deepEqual(
        await filter('createdDateTime ge 2026-02-01 and createdDateTime le 2026-03-01T00:00:00Z'),
        [3, 4],
      );
    });

    it('nested JSON paths compare with their JSON type', async () => {
      assert.deepEqual(await filter('status/errorCode eq 50126'), [2]);
      assert.deepEqual(await filter('status/errorCode eq 0'), [1, 3]);
      assert.deepEqual(await filter('status/errorCode gt 0'), [2]);
      assert.deepEqual(await filter("initiatedBy/user/id eq 'u-1'"), [1]);
      assert.deepEqual(await filter('initiatedBy/user/id eq null'), [3, 4, 5]);
      assert.deepEqual(await filter('flag eq true'), [1]);
      assert.deepEqual(await filter('flag eq false'), [2]);
    });

    it('booleans compare against 0/1 columns', async () => {
      assert.deepEqual(await filter('accountEnabled eq false'), [3, 5]);
      assert.deepEqual(await filter('accountEnabled ne true'), [3, 5]);
    });

    it('numbers compare, including a fraction against an integer column', async () => {
      assert.deepEqual(await filter('score gt 2.5'), [1, 2, 4]);
      assert.deepEqual(await filter('score le 0'), [5]);
    });

    it('and, or and not combine, with not treating unknown as false', async () => {
      assert.deepEqual(
        await filter("accountEnabled eq true and (department eq 'Maths' or department eq 'Books')"),
        [1, 4],
      );
      assert.deepEqual(await filter("department eq 'Navy' or score eq 7"), [2, 3]);
      assert.deepEqual(await filter("not (department eq 'Maths')"), [2, 3, 4]);
      assert.deepEqual(await filter('not (score gt 5)'), [3, 4, 5]);
    });

    it('orders case-insensitively where the property says so, nulls first ascending', async () => {
      assert.deepEqual(await find({ $orderby: 'displayName' }), [5, 1, 2, 3, 4]);
      assert.deepEqual(await find({ $orderby: 'department' }), [2, 4, 1, 5, 3]);
      assert.deepEqual(await find({ $orderby: 'score desc' }), [1, 2, 4, 5, 3]);
    });

    it('pages with nextLink until the last page', async () => {
      const base = 'https://limen.test/v1.0/probes';
      let query: QueryParameters = {
        $orderby: 'displayName',
        $top: '2',
        $filter: 'score ne null or score eq null',
      };
      const pages: number[][] = [];
      for (let guard = 0; guard < 5; guard += 1) {
        const listQuery = parseListQuery(query, {
          fields: probeFields,
          entityType: 'microsoft.graph.probe',
        });
        const found = await applyListQuery(
          db.selectFrom('odata_probe').select('id'),
          listQuery,
          probeFields,
          engine,
        ).execute();
        pages.push(pageOf(found, listQuery).map((row) => Number(row.id.slice(-1))));
        const link = nextLink(base, query, listQuery, listQuery.top, found.length);
        if (!link) break;
        query = Object.fromEntries(new URL(link).searchParams);
      }
      assert.deepEqual(pages, [[5, 1], [2, 3], [4]]);
    });

    it('every garbage filter that validates also runs without a database error', async () => {
      let ran = 0;
      for (const text of garbageFilters(600, 7)) {
        let listQuery;
        try {
          listQuery = parseListQuery(
            { $filter: text, $orderby: 'status/errorCode desc' },
            { fields: probeFields },
          );
        } catch (error) {
          assert.ok(error instanceof ODataError);
          continue;
        }
        await applyListQuery(
          db.selectFrom('odata_probe').selectAll(),
          listQuery,
          probeFields,
          engine,
        ).execute();
        ran += 1;
      }
      assert.ok(ran > 5, `only ${ran} garbage filters were valid`);
    });

    it('counts the rows the filter matches for $count', async () => {
      const listQuery = parseListQuery(
        { $filter: 'accountEnabled eq true', $count: 'true' },
        { fields: probeFields },
      );
      const row = await countQuery(
        db.selectFrom('odata_probe'),
        listQuery,
        probeFields,
        engine,
      ).executeTakeFirstOrThrow();
      assert.equal(Number(row.count), 3);
    });
  });
}
