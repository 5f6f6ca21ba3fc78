import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExchangeRequest } from './exchange-request.ts';
import { AgentGrantRefusal } from './refusal.ts';

const at = 'urn:ietf:params:oauth:token-type:access_token';
const refused = (params: Record<string, unknown>, pattern: RegExp) =>
  assert.throws(() => parseExchangeRequest(params), (e) => e instanceof AgentGrantRefusal && pattern.test(`${e.error}: ${e.error_description}`));

test('a subject token with its type, an optional actor token with its type, one target', () => {
  const request = parseExchangeRequest({
    subject_token: 's', subject_token_type: at, actor_token: 'a', actor_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    resource: 'api://x', scope: 'a b',
  });
  assert.deepEqual(request.subject, { token: 's', type: at });
  assert.equal(request.actor?.token, 'a');
  assert.equal(request.resource, 'api://x');
  assert.deepEqual(request.scopes, ['a', 'b']);
  assert.equal(parseExchangeRequest({ subject_token: 's', subject_token_type: at }).actor, undefined);
});

test('RFC 8693 §2.1: missing tokens and types, unsupported types, several targets are refused', () => {
  refused({ subject_token_type: at }, /^invalid_request: subject_token_type was given without subject_token/);
  refused({}, /^invalid_request: subject_token is required/);
  refused({ subject_token: 's' }, /^invalid_request: subject_token_type is required/);
  refused({ subject_token: 's', subject_token_type: at, actor_token_type: at }, /^invalid_request: actor_token_type was given without actor_token/);
  refused({ subject_token: 's', subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' }, /^invalid_request: subject_token_type 'urn:ietf:params:oauth:token-type:saml2' is not supported/);
  refused({ subject_token: 's', subject_token_type: at, requested_token_type: 'urn:ietf:params:oauth:token-type:id_token' }, /^invalid_request: requested_token_type 'urn:ietf:params:oauth:token-type:id_token' is not supported/);
  refused({ subject_token: 's', subject_token_type: at, resource: ['api://a', 'api://b'] }, /^invalid_target: .*resource names 2/);
});
