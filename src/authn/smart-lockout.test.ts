import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freshStore, testEngines } from '../../test/support/engines.ts';
import { lockoutDefaults, type LockoutOptions } from './lockout-defaults.ts';
import { Semaphore } from './password.ts';
import {
  afterFailure, afterSuccess, clearSignInLockout, initialLockoutState, isLocked, lockDuration, locationOf, settle,
  SmartLockout, type LockoutState,
} from './smart-lockout.ts';

const o: LockoutOptions = { ...lockoutDefaults };
const t0 = Date.UTC(2026, 0, 1);

function fail(state: LockoutState, n: number, now = t0, location: 'familiar' | 'unfamiliar' = 'unfamiliar', prefix = 'h') {
  let s = state;
  for (let i = 0; i < n; i++) s = afterFailure(s, location, `${prefix}${i}`, now, o).state;
  return s;
}

describe('smart lockout state machine', () => {
  test('the tenth distinct failure locks for 60 s; the ninth does not', () => {
    const nine = fail(initialLockoutState(), 9);
    assert.equal(isLocked(nine.unfamiliar, t0), false);
    const ten = afterFailure(nine, 'unfamiliar', 'h9', t0, o);
    assert.equal(ten.locked, true);
    assert.equal(ten.state.unfamiliar.lockedUntil, t0 + 60_000);
    assert.equal(isLocked(settle(ten.state.unfamiliar, t0 + 59_999, o), t0 + 59_999), true);
    assert.equal(isLocked(settle(ten.state.unfamiliar, t0 + 60_000, o), t0 + 60_000), false);
  });

  test('a repeat of a recent wrong password is not counted; only the last three are remembered', () => {
    let s = initialLockoutState();
    for (let i = 0; i < 20; i++) s = afterFailure(s, 'unfamiliar', 'same', t0, o).state;
    assert.equal(s.unfamiliar.failures, 1);
    s = fail(s, 3, t0, 'unfamiliar', 'x');
    assert.deepEqual(s.recentWrong, ['x0', 'x1', 'x2']);
    assert.equal(afterFailure(s, 'unfamiliar', 'same', t0, o).counted, true, 'forgotten, so counted again');
  });

  test('while locked a failure changes nothing; after expiry the count starts over and the next lock doubles, capped at an hour', () => {
    let s = fail(initialLockoutState(), 10);
    const during = afterFailure(s, 'unfamiliar', 'new', t0 + 1000, o);
    assert.equal(during.counted, false);
    assert.equal(during.state.unfamiliar.failures, 10);
    let now = t0;
    const durations = [s.unfamiliar.lockedUntil! - t0];
    for (let round = 0; round < 9; round++) {
      now = s.unfamiliar.lockedUntil!;
      assert.equal(settle(s.unfamiliar, now, o).failures, 0, 'expired: fresh count');
      s = fail(s, 10, now, 'unfamiliar', `r${round}-`);
      durations.push(s.unfamiliar.lockedUntil! - now);
    }
    assert.deepEqual(durations, [60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000]);
    assert.deepEqual([0, 1, 2, 3, 6, 7, 8].map((l) => lockDuration(l, o)), [60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000, 3_600_000]);
    assert.equal(s.unfamiliar.lockedUntil! - now, 3_600_000, 'never longer than an hour');
  });

  test('the escalation is forgotten a day after the last lock ended', () => {
    let s = fail(initialLockoutState(), 10);
    const later = t0 + 60_000 + o.escalationResetMs;
    s = fail(s, 10, later, 'unfamiliar', 'late');
    assert.equal(s.unfamiliar.lockedUntil, later + 60_000);
  });

  test('familiar and unfamiliar locations count apart; a success makes the IP familiar for 14 days', () => {
    let s = afterSuccess(initialLockoutState(), '198.51.100.7', t0, o);
    assert.equal(locationOf(s, '198.51.100.7', t0 + 1, o), 'familiar');
    assert.equal(locationOf(s, '203.0.113.1', t0 + 1, o), 'unfamiliar');
    assert.equal(locationOf(s, '198.51.100.7', t0 + o.familiarForMs, o), 'unfamiliar', 'forgotten after 14 days');
    s = fail(s, 10, t0 + 1);
    assert.equal(isLocked(s.unfamiliar, t0 + 2), true);
    assert.equal(isLocked(s.familiar, t0 + 2), false);
  });

  test('a success resets only its own location and keeps a capped list of familiar IPs', () => {
    let s = fail(initialLockoutState(), 5);
    s = afterSuccess(s, '203.0.113.1', t0, o);
    assert.equal(s.unfamiliar.failures, 0);
    assert.deepEqual(s.recentWrong, []);
    for (let i = 0; i < 15; i++) s = afterSuccess(s, `10.0.0.${i}`, t0 + i, o);
    assert.equal(s.familiarIps.length, o.maxFamiliarIps);
    assert.equal(s.familiarIps.at(-1)!.ip, '10.0.0.14');
    assert.equal(locationOf(s, '10.0.0.0', t0 + 20, o), 'unfamiliar', 'the oldest fell off');
  });
});

test('the argon2 semaphore lets at most `limit` run and queues the rest in order', async () => {
  const sem = new Semaphore(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  await Promise.all([0, 1, 2, 3, 4, 5].map((i) => sem.run(async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    order.push(i);
    running--;
  })));
  assert.equal(peak, 2);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(sem.stats, { active: 0, waiting: 0, started: 6 });
});

for (const engine of testEngines()) {
  describe(`SmartLockout over the store on ${engine}`, () => {
    test('concurrent failures from several instances are each counted once, and the lock is shared', async () => {
      const db = await freshStore(engine);
      try {
        const a = new SmartLockout(db.store.db);
        const b = new SmartLockout(db.store.db);
        await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).recordFailure('user-1', '203.0.113.1', `secret-pw-${i}`)));
        assert.equal((await a.check('user-1', '203.0.113.1')).locked, true);
        assert.equal((await b.check('user-1', '203.0.113.2')).locked, true, 'every unfamiliar IP shares the counter');
        const row = await db.store.db.selectFrom('sign_in_lockouts').selectAll().where('subject', '=', 'user-1').executeTakeFirstOrThrow();
        assert.equal(Number(row.version), 10);
        assert.doesNotMatch(row.state, /secret-pw/, 'no password is stored');
        await clearSignInLockout(db.store.db, 'user-1');
        assert.equal((await a.check('user-1', '203.0.113.1')).locked, false, 'an admin password reset lifts the lock');
      } finally {
        await db.cleanup();
      }
    });

    test('unknown names get a keyed, case-insensitive subject; the key comes from one secret in settings', async () => {
      const db = await freshStore(engine);
      try {
        const a = new SmartLockout(db.store.db);
        const b = new SmartLockout(db.store.db);
        const subject = await a.subjectOf(undefined, 'Nobody@Contoso.test');
        assert.match(subject, /^unknown:[\w-]{43}$/);
        assert.doesNotMatch(subject, /nobody/i);
        assert.equal(await b.subjectOf(undefined, 'nobody@contoso.test'), subject);
        assert.equal(await a.subjectOf('user-2', 'x@contoso.test'), 'user-2');
        const secrets = await db.store.db.selectFrom('settings').selectAll().where('key', '=', 'authn.lockoutSecret').execute();
        assert.equal(secrets.length, 1);
      } finally {
        await db.cleanup();
      }
    });

    test('the lockout expires on its own (configurable duration)', async () => {
      const db = await freshStore(engine);
      try {
        let now = t0;
        const lockout = new SmartLockout(db.store.db, { lockoutMs: 1000 }, () => now);
        for (let i = 0; i < 10; i++) await lockout.recordFailure('user-3', '203.0.113.1', `p${i}`);
        assert.deepEqual(await lockout.check('user-3', '203.0.113.1'), { location: 'unfamiliar', locked: true, lockedUntil: t0 + 1000 });
        now = t0 + 1000;
        assert.equal((await lockout.check('user-3', '203.0.113.1')).locked, false);
        assert.equal(await lockout.sweep(), 0, 'recent rows are kept');
        now = t0 + lockout.options.familiarForMs + 1;
        assert.equal(await lockout.sweep(), 1, 'rows untouched for 14 days are deleted');
      } finally {
        await db.cleanup();
      }
    });
  });
}
