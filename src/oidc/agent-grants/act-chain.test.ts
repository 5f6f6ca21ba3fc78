import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actDepth, delegatedAct, mayAct } from './act-chain.ts';
import { AgentGrantRefusal } from './refusal.ts';

const agent = { sub: 'agent-sp', clientId: 'agent-app' };

test('a first delegation names the agent; a further one wraps the previous actor (RFC 8693 §4.1)', () => {
  assert.deepEqual(delegatedAct(agent, undefined, 3), { sub: 'agent-sp', client_id: 'agent-app' });
  const prior = { sub: 'a', client_id: 'a-app' };
  assert.deepEqual(delegatedAct(agent, prior, 3), { sub: 'agent-sp', client_id: 'agent-app', act: prior });
});

test('the chain is refused past its cap, counting the new actor', () => {
  const two = { sub: 'b', client_id: 'b', act: { sub: 'a', client_id: 'a' } };
  assert.equal(actDepth(two, 3), 2);
  assert.ok(delegatedAct(agent, two, 3).act);
  assert.throws(() => delegatedAct(agent, two, 2), (e) => e instanceof AgentGrantRefusal && /3 actors deep; Limen allows at most 2/.test(e.error_description ?? ''));
});

test('a malformed act is refused, and a deep one is not walked past the cap', () => {
  assert.throws(() => actDepth({ client_id: 'x' }, 3), AgentGrantRefusal);
  assert.throws(() => actDepth('agent', 3), AgentGrantRefusal);
  let deep: Record<string, unknown> = { sub: 'x' };
  for (let i = 0; i < 10_000; i++) deep = { sub: `x${i}`, act: deep };
  assert.equal(actDepth(deep, 3), 4);
});

test('may_act (RFC 8693 §4.4) allows only the actor it names', () => {
  assert.equal(mayAct(undefined, agent), true);
  assert.equal(mayAct({ sub: 'agent-sp' }, agent), true);
  assert.equal(mayAct({ client_id: 'agent-app' }, agent), true);
  assert.equal(mayAct({ sub: 'someone-else' }, agent), false);
  assert.equal(mayAct({}, agent), false);
  assert.equal(mayAct('agent-sp', agent), false);
});
