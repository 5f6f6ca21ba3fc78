import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpiringCache } from './expiring-cache.ts';

test('concurrent askers share one load, and a result is kept for the lifetime its outcome chose', async () => {
  const cache = new ExpiringCache<number>(10);
  let loads = 0;
  const load = async () => ++loads;
  const [a, b] = await Promise.all([cache.get('k', load, () => 60_000), cache.get('k', load, () => 60_000)]);
  assert.deepEqual([a, b, loads], [1, 1, 1]);
  assert.equal(await cache.get('k', load, () => 60_000), 1);
  await cache.get('short', load, () => 0);
  assert.equal(await cache.get('short', load, () => 0), 3, 'a zero lifetime loads again');
});

test('a failure is remembered too, and the oldest entry goes when the cache is full', async () => {
  const cache = new ExpiringCache<string>(2);
  let calls = 0;
  const failing = async () => { calls++; throw new Error('nope'); };
  await assert.rejects(cache.get('bad', failing, () => 60_000));
  await assert.rejects(cache.get('bad', failing, () => 60_000));
  assert.equal(calls, 1);
  await cache.get('a', async () => 'a', () => 60_000);
  await cache.get('b', async () => 'b', () => 60_000);
  await assert.rejects(cache.get('bad', failing, () => 60_000));
  assert.equal(calls, 2, 'the oldest entry (the failure) was dropped for a newer one');
});
