import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { freshStore, testEngines, type FreshStore } from '../../test/support/engines.ts';
import type { Db } from '../store/index.ts';
import { recordAudit, type AuditEntry } from './audit-log.ts';
import type { DirectoryAudit } from './directory-audit.ts';
import { getDirectoryAudit, getSignIn, listDirectoryAudits, listSignIns, signInsBetween } from './log-queries.ts';
import { signInStatus } from './sign-in-errors.ts';
import { toSignIn, toSignInRow, type SignIn } from './sign-in.ts';

const audit = (category: string, activityDisplayName: string, initiatorId: string): AuditEntry => ({
  category, activityDisplayName,
  initiatedBy: { user: { id: initiatorId, userPrincipalName: `${initiatorId}@example.org` } },
  targetResources: [{ id: 'target', type: 'User' }],
});

for (const engine of testEngines()) {
  describe(`log queries on ${engine}`, () => {
    let fresh: FreshStore;
    let db: Db;
    beforeEach(async () => {
      fresh = await freshStore(engine);
      db = fresh.store.db;
    });
    afterEach(() => fresh.cleanup());

    test('a replay reads every sign-in of a time range exactly once, across batches, and nothing outside it', async () => {
      const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
      const events = Array.from({ length: 9 }, (_, n) => toSignIn({ userId: `u${n}` }, at(n)));
      // One written by a process whose clock ran 30 s late: its id sorts earlier than its time.
      const skewed = { ...toSignIn({ userId: 'skewed' }, at(2)), createdDateTime: at(3).toISOString() };
      await db.insertInto('sign_ins').values([...events, skewed].map(toSignInRow)).execute();
      const seen: string[] = [];
      for await (const s of signInsBetween(db, at(2).toISOString(), at(7).toISOString(), 2)) seen.push(s.userId!);
      assert.deepEqual(seen.sort(), ['skewed', 'u2', 'u3', 'u4', 'u5', 'u6']);
    });

    test('sign-ins filter by user, app, error code and time, newest first, page by page', async () => {
      // One event a minute from 10:00, written directly so their times are known.
      const events: SignIn[] = Array.from({ length: 6 }, (_, n) => toSignIn({
        userId: n % 2 === 0 ? 'alice' : 'bob',
        appId: n < 3 ? 'portal' : 'mail',
        status: n === 4 ? signInStatus('userLocked') : undefined,
      }, new Date(Date.UTC(2026, 0, 1, 10, n))));
      await db.insertInto('sign_ins').values(events.map(toSignInRow)).execute();
      const position = new Map(events.map((e, n) => [e.id, n]));
      const ids = async (where: Parameters<typeof listSignIns>[1]['where']) =>
        (await listSignIns(db, { top: 10, skip: 0, where })).value.map((s) => position.get(s.id));

      assert.deepEqual(await ids(undefined), [5, 4, 3, 2, 1, 0]);
      assert.deepEqual(await ids({ userId: 'alice' }), [4, 2, 0]);
      assert.deepEqual(await ids({ appId: 'mail', userId: 'bob' }), [5, 3]);
      assert.deepEqual(await ids({ errorCode: 50053 }), [4]);
      assert.deepEqual(await ids({ from: '2026-01-01T10:02:00.000Z', to: '2026-01-01T10:04:00.000Z' }), [3, 2]);

      const first = await listSignIns(db, { top: 4, skip: 0, orderDesc: false });
      assert.deepEqual(first.value.map((s) => s.id), events.slice(0, 4).map((e) => e.id));
      assert.equal(first.hasMore, true);
      const second = await listSignIns(db, { top: 4, skip: 4, orderDesc: false });
      assert.deepEqual(second.value.map((s) => s.id), events.slice(4).map((e) => e.id));
      assert.equal(second.hasMore, false);

      assert.deepEqual(await getSignIn(db, events[1]?.id ?? ''), events[1]);
      assert.equal(await getSignIn(db, 'no-such-id'), undefined);
      await assert.rejects(listSignIns(db, { top: 0, skip: 0 }), RangeError);
    });

    test('directory audits filter by category, activity and initiator, newest first', async () => {
      const written: DirectoryAudit[] = [];
      for (const entry of [
        audit('UserManagement', 'Add user', 'alice'),
        audit('GroupManagement', 'Add member to group', 'alice'),
        audit('UserManagement', 'Delete user', 'bob'),
      ]) written.push(await db.transaction().execute((trx) => recordAudit(trx, entry)));
      const names = async (where: Parameters<typeof listDirectoryAudits>[1]['where']) =>
        (await listDirectoryAudits(db, { top: 10, skip: 0, where })).value.map((a) => a.activityDisplayName);

      assert.deepEqual(await names(undefined), ['Delete user', 'Add member to group', 'Add user']);
      assert.deepEqual(await names({ category: 'UserManagement' }), ['Delete user', 'Add user']);
      assert.deepEqual(await names({ activityDisplayName: 'Add user' }), ['Add user']);
      assert.deepEqual(await names({ initiatedById: 'alice' }), ['Add member to group', 'Add user']);
      assert.deepEqual(await names({ from: '2000-01-01T00:00:00.000Z', to: '2000-01-02T00:00:00.000Z' }), []);

      const page = await listDirectoryAudits(db, { top: 1, skip: 1 });
      assert.deepEqual(page.value.map((a) => a.id), [written[1]?.id]);
      assert.equal(page.hasMore, true);
      assert.deepEqual(await getDirectoryAudit(db, written[0]?.id ?? ''), written[0]);
      assert.equal(written[2]?.operationType, 'Delete');
    });
  });
}
