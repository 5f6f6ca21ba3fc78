import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { freshDatabaseOptions, freshStore, testEngines, type FreshStore } from '../../test/support/engines.ts';
import { openStore, type Db } from '../store/index.ts';
import { chainHash, readAuditHead, recordAudit, type AuditEntry } from './audit-log.ts';
import { verifyAuditChain } from './audit-verify.ts';
import type { DirectoryAudit } from './directory-audit.ts';

const addUser = (n: number, initiator = 'admin'): AuditEntry => ({
  category: 'UserManagement',
  activityDisplayName: 'Add user',
  initiatedBy: { user: { id: `${initiator}-id`, userPrincipalName: `${initiator}@example.org` } },
  targetResources: [{
    id: `user-${n}`, type: 'User', userPrincipalName: `user${n}@example.org`,
    modifiedProperties: [{ displayName: 'AccountEnabled', oldValue: null, newValue: '[true]' }],
  }],
});

const append = (db: Db, entry: AuditEntry) => db.transaction().execute((trx) => recordAudit(trx, entry));

async function appendMany(db: Db, count: number): Promise<DirectoryAudit[]> {
  const audits: DirectoryAudit[] = [];
  for (let n = 1; n <= count; n++) audits.push(await append(db, addUser(n)));
  return audits;
}

async function editData(db: Db, seq: number, edit: (a: DirectoryAudit) => void) {
  const row = await db.selectFrom('directory_audits').select('data').where('seq', '=', seq).executeTakeFirstOrThrow();
  const audit = JSON.parse(row.data) as DirectoryAudit;
  edit(audit);
  await db.updateTable('directory_audits').set({ data: JSON.stringify(audit) }).where('seq', '=', seq).execute();
  return audit;
}

const problemsOf = async (db: Db) =>
  (await verifyAuditChain(db)).problems.map(({ seq, id, problem }) => ({ seq, id, problem }));

for (const engine of testEngines()) {
  describe(`audit log on ${engine}`, () => {
    let fresh: FreshStore;
    let db: Db;
    beforeEach(async () => {
      fresh = await freshStore(engine);
      db = fresh.store.db;
    });
    afterEach(() => fresh.cleanup());

    test('an untouched chain verifies, and reports progress page by page', async () => {
      const audits = await appendMany(db, 5);
      const progress: number[] = [];
      const report = await verifyAuditChain(db, { pageSize: 2, onProgress: (n) => progress.push(n) });
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.equal(report.checked, 5);
      assert.deepEqual(progress, [2, 4, 5]);
      assert.equal(report.head?.seq, 5);
      assert.equal(audits[0]?.operationType, 'Add');
      assert.equal(audits[0]?.initiatedBy.app, null);
    });

    test('an empty log verifies', async () => {
      assert.deepEqual(await verifyAuditChain(db), {
        ok: true, checked: 0, head: undefined, problems: [], problemsCapped: false,
      });
    });

    test('recordAudit refuses to run outside a transaction', async () => {
      await assert.rejects(recordAudit(db, addUser(1)), /inside the transaction/);
    });

    test("editing a record's data is detected", async () => {
      const audits = await appendMany(db, 5);
      await editData(db, 3, (a) => { a.activityDisplayName = 'Update user'; });
      assert.deepEqual(await problemsOf(db), [{ seq: 3, id: audits[2]?.id, problem: 'edited' }]);
    });

    test('editing only an indexed column is detected', async () => {
      const audits = await appendMany(db, 3);
      await db.updateTable('directory_audits').set({ initiated_by_id: 'someone-else' }).where('seq', '=', 2).execute();
      assert.deepEqual(await problemsOf(db), [{ seq: 2, id: audits[1]?.id, problem: 'edited' }]);
    });

    test('an edited record whose hash was recomputed breaks the link of the next one', async () => {
      const audits = await appendMany(db, 4);
      const row = await db.selectFrom('directory_audits').select('prev_hash').where('seq', '=', 2).executeTakeFirstOrThrow();
      const forged = await editData(db, 2, (a) => { a.resultReason = 'forged'; });
      await db.updateTable('directory_audits').set({ hash: chainHash(row.prev_hash, 2, forged) })
        .where('seq', '=', 2).execute();
      assert.deepEqual(await problemsOf(db), [{ seq: 3, id: audits[2]?.id, problem: 'reordered' }]);
    });

    test('deleting a middle record is detected, and stays detected after later appends', async () => {
      await appendMany(db, 5);
      await db.deleteFrom('directory_audits').where('seq', '=', 3).execute();
      assert.deepEqual(await problemsOf(db), [{ seq: 3, id: null, problem: 'deleted' }]);
      await append(db, addUser(6));
      assert.deepEqual(await problemsOf(db), [{ seq: 3, id: null, problem: 'deleted' }]);
    });

    test('deleting the last record is detected through the recorded head', async () => {
      await appendMany(db, 5);
      await db.deleteFrom('directory_audits').where('seq', '>=', 4).execute();
      assert.deepEqual(await problemsOf(db), [{ seq: 4, id: null, problem: 'truncated' }]);
      // The next record attaches to the head, so the hole stays in the chain.
      const next = await append(db, addUser(6));
      assert.equal((await readAuditHead(db))?.seq, 6);
      assert.deepEqual(await problemsOf(db), [{ seq: 4, id: null, problem: 'deleted' }]);
      assert.equal((await db.selectFrom('directory_audits').select('id').where('seq', '=', 6)
        .executeTakeFirst())?.id, next.id);
    });

    test('a rolled-back transaction leaves neither the change nor its audit record', async () => {
      await appendMany(db, 2);
      const headBefore = await readAuditHead(db);
      await assert.rejects(db.transaction().execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'test.change', value: 'x' }).execute();
        await recordAudit(trx, addUser(3));
        throw new Error('the change failed after its audit record was written');
      }), /the change failed/);
      const count = await db.selectFrom('directory_audits').select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 2);
      assert.deepEqual(await readAuditHead(db), headBefore);
      assert.equal(await db.selectFrom('settings').select('key').where('key', '=', 'test.change').executeTakeFirst(), undefined);
      assert.equal((await verifyAuditChain(db)).ok, true);
    });

    test('concurrent transactions in one process append one unbroken chain', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, n) => append(db, addUser(n))));
      const report = await verifyAuditChain(db);
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.equal(report.checked, 20);
    });
  });
}

if (testEngines().includes('postgres')) {
  test('two processes appending to one PostgreSQL database leave one valid chain', async () => {
    const options = await freshDatabaseOptions('postgres');
    const first = openStore({ ...options, poolSize: 5 });
    const second = openStore({ ...options, poolSize: 5 });
    try {
      await first.migrate();
      // Each writer runs 5 lanes of 10 appends, so the two stores' transactions interleave.
      const writer = (db: Db, who: string) => Promise.all(Array.from({ length: 5 }, async (_, lane) => {
        for (let n = 0; n < 10; n++) await append(db, addUser(lane * 10 + n, who));
      }));
      await Promise.all([writer(first.db, 'alice'), writer(second.db, 'bob')]);

      const report = await verifyAuditChain(first.db);
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.equal(report.checked, 100);
      const rows = await first.db.selectFrom('directory_audits').select(['seq', 'initiated_by_id'])
        .orderBy('seq').execute();
      assert.deepEqual(rows.map((r) => r.seq), Array.from({ length: 100 }, (_, i) => i + 1));
      const initiators = rows.map((r) => r.initiated_by_id);
      const switches = initiators.filter((who, i) => i > 0 && who !== initiators[i - 1]).length;
      assert.ok(switches > 1, 'the two writers interleaved');
    } finally {
      await first.close();
      await second.close();
      await options.cleanup();
    }
  });
}
