import assert from 'node:assert/strict';
import { test } from 'node:test';
import { delegatedScopesFor } from './delegated-scopes.ts';
import { AgentGrantRefusal } from './refusal.ts';

test('.default and no scope ask for everything the agent may use for the person', () => {
  assert.deepEqual(delegatedScopesFor(['.default'], ['Read', 'Write'], 'api://x'), ['Read', 'Write']);
  assert.deepEqual(delegatedScopesFor([], ['Read'], 'api://x'), ['Read']);
});

test('named scopes are granted as asked when all are available', () => {
  assert.deepEqual(delegatedScopesFor(['Read', 'Read'], ['Read', 'Write'], 'api://x'), ['Read']);
});

test('a scope outside what is available is refused by name, never dropped', () => {
  assert.throws(() => delegatedScopesFor(['Read', 'Approve'], ['Read'], 'api://x'),
    (e) => e instanceof AgentGrantRefusal && e.error === 'invalid_scope' && /'Approve' at api:\/\/x/.test(e.error_description ?? '') && e.logAs === 'consentRequired');
  assert.throws(() => delegatedScopesFor(['.default'], [], 'api://x'), (e) => e instanceof AgentGrantRefusal && /AADSTS65001/.test(e.error_description ?? ''));
});
