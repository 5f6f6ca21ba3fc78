import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from './canonical-json.ts';

test('canonical JSON is the same whatever order the keys were written in', () => {
  const a = canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } });
  const b = canonicalJson({ a: { c: 'x', d: [true, null] }, b: 1 });
  assert.equal(a, '{"a":{"c":"x","d":[true,null]},"b":1}');
  assert.equal(a, b);
});

test('canonical JSON drops undefined members as JSON.stringify does, and refuses NaN', () => {
  assert.equal(canonicalJson({ a: undefined, b: [undefined] }), '{"b":[null]}');
  assert.throws(() => canonicalJson({ n: Number.NaN }), TypeError);
});
