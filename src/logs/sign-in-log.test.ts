import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { freshStore, testEngines, type FreshStore } from '../../test/support/engines.ts';
import type { Db } from '../store/index.ts';
import { getSignIn, listSignIns } from './log-queries.ts';
import { signInStatus } from './sign-in-errors.ts';
import { SignInLog } from './sign-in-log.ts';
import { toSignIn, type SignInInput } from './sign-in.ts';

const userSignIn = (n: number): SignInInput => ({
  userId: `user-${n % 7}`,
  userPrincipalName: `User${n % 7}@Example.org`,
  userDisplayName: `User ${n % 7}`,
  appId: 'app-portal',
  appDisplayName: 'Portal',
  ipAddress: '203.0.113.9',
  clientAppUsed: 'Browser',
  status: n % 5 === 0 ? signInStatus('invalidUsernameOrPassword') : signInStatus('success'),
});

const countSignIns = async (db: Db) =>
  Number((await db.selectFrom('sign_ins').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

test('a recorded event gets its id, time and Entra defaults, for a user and for an app', () => {
  const user = toSignIn(userSignIn(1));
  assert.match(user.id, /^[0-9a-f-]{36}$/);
  assert.ok(Date.parse(user.createdDateTime) <= Date.now());
  assert.equal(user.userPrincipalName, 'user1@example.org');
  assert.deepEqual(user.status, { errorCode: 0, failureReason: 'Other.', additionalDetails: null });
  assert.deepEqual(user.signInEventTypes, ['interactiveUser']);
  assert.equal(user.isInteractive, true);
  assert.equal(user.conditionalAccessStatus, 'notApplied');
  assert.equal(user.tokenIssuerType, 'AzureAD');

  const app = toSignIn({
    appId: 'app-daemon', servicePrincipalId: 'sp-daemon', servicePrincipalName: 'Daemon',
    status: signInStatus('invalidClientSecret', 'secret hint abc'),
  });
  assert.deepEqual(app.signInEventTypes, ['servicePrincipal']);
  assert.equal(app.isInteractive, false);
  assert.equal(app.status.errorCode, 7000215);
  assert.equal(app.status.additionalDetails, 'secret hint abc');
  // Refused at record time: a bad row would block every write queued behind it.
  assert.throws(() => toSignIn({ status: { errorCode: 1.5, failureReason: '', additionalDetails: null } }), TypeError);
});

for (const engine of testEngines()) {
  describe(`sign-in log on ${engine}`, () => {
    let fresh: FreshStore;
    let db: Db;
    beforeEach(async () => {
      fresh = await freshStore(engine);
      db = fresh.store.db;
    });
    afterEach(() => fresh.cleanup());

    test('every event recorded before close() is readable afterwards, as recorded', async () => {
      const log = new SignInLog(db, { flushMs: 10 });
      // More than one INSERT's worth, so the batches are split.
      const recorded = Array.from({ length: 1203 }, (_, n) => log.record(userSignIn(n)));
      await log.close();
      assert.equal(await countSignIns(db), 1203);
      const sample = recorded[600];
      assert.ok(sample);
      assert.deepEqual(await getSignIn(db, sample.id), sample);
      const failures = await listSignIns(db, { top: 1000, skip: 0, where: { errorCode: 50126 } });
      assert.equal(failures.value.length, recorded.filter((s) => s.status.errorCode === 50126).length);
    });

    test('close() writes the queue even when the flush interval outlasts the test', async () => {
      const log = new SignInLog(db, { flushMs: 3_600_000 });
      for (let n = 0; n < 3; n++) log.record(userSignIn(n));
      await sleep(50);
      assert.equal(await countSignIns(db), 0, 'nothing is written before the interval');
      await log.close();
      assert.equal(await countSignIns(db), 3);
      assert.throws(() => log.record(userSignIn(4)), /closed/);
    });

    test('a failed write keeps the events queued and the timer retries it', async () => {
      const warnings: string[] = [];
      const log = new SignInLog(db, { flushMs: 20, warn: (m) => warnings.push(m) });
      // A real failure: the table is gone while the events are written.
      await db.schema.alterTable('sign_ins').renameTo('sign_ins_away').execute();
      for (let n = 0; n < 3; n++) log.record(userSignIn(n));
      await assert.rejects(log.flush());
      assert.equal(log.pending, 3);
      assert.match(warnings[0] ?? '', /writing 3 queued events failed .*retrying in \d+ ms/);

      await db.schema.alterTable('sign_ins_away').renameTo('sign_ins').execute();
      await waitFor(async () => (await countSignIns(db)) === 3);
      assert.equal(log.pending, 0);
      await log.close();
      assert.equal(await countSignIns(db), 3, 'a retry writes each event once');
    });

    test('a full queue drops new events with a warning instead of growing without bound', async () => {
      const warnings: string[] = [];
      const log = new SignInLog(db, { flushMs: 3_600_000, maxQueued: 2, warn: (m) => warnings.push(m) });
      for (let n = 0; n < 3; n++) log.record(userSignIn(n));
      assert.equal(log.pending, 2);
      assert.match(warnings[0] ?? '', /queue full \(2\), 1 events dropped/);
      await log.close();
      assert.equal(await countSignIns(db), 2);
    });
  });
}
