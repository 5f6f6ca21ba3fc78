import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicyDocument } from './parse-policy-document.ts';
import { formatProblem } from './problem.ts';

const policy = (displayName: string, extra: Record<string, unknown> = {}) => ({
  displayName,
  state: 'disabled',
  conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
  grantControls: { operator: 'OR', builtInControls: ['block'] },
  ...extra,
});

const names = (document: ReturnType<typeof parsePolicyDocument>) => document.policies.map((p) => p.displayName);

describe('parsePolicyDocument', () => {
  it('reads one policy', () => {
    assert.deepEqual(names(parsePolicyDocument(policy('A'))), ['A']);
  });

  it('reads a Graph list response {"value": [...]}', () => {
    const list = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies', value: [policy('A'), policy('B')] };
    assert.deepEqual(names(parsePolicyDocument(list)), ['A', 'B']);
  });

  it('reads a plain JSON array of policies', () => {
    assert.deepEqual(names(parsePolicyDocument([policy('A'), policy('B')])), ['A', 'B']);
  });

  it('reads JSON text, and the bytes of a UTF-16 file', () => {
    const text = JSON.stringify([policy('A')]);
    assert.deepEqual(names(parsePolicyDocument(text)), ['A']);
    const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    assert.deepEqual(names(parsePolicyDocument(bytes)), ['A']);
  });

  it('reports malformed JSON once, with its line and column', () => {
    const document = parsePolicyDocument('{\n  "displayName": "A"\n  "state": "enabled"\n}');
    assert.deepEqual(document.policies, []);
    assert.equal(document.problems.length, 1);
    const [problem] = document.problems;
    assert.equal(problem?.code, 'malformedJson');
    assert.equal(problem?.line, 3);
    assert.equal(problem?.column, 3);
    assert.match(problem?.message ?? '', /^The document is not valid JSON: .+ \(line 3, column 3\)\.$/);
  });

  it('reports JSON cut short at its end', () => {
    const [problem] = parsePolicyDocument('[{"displayName": "A"').problems;
    assert.equal(problem?.code, 'malformedJson');
    assert.equal(problem?.line, 1);
    assert.equal(problem?.column, 21);
  });

  it('reports an empty document', () => {
    assert.deepEqual(parsePolicyDocument('  \n').problems, [{ path: '', code: 'malformedJson', message: 'The document is empty.' }]);
  });

  it('reports bytes that are not text', () => {
    const [problem] = parsePolicyDocument(new Uint8Array([0x7b, 0xff, 0x7d])).problems;
    assert.equal(problem?.code, 'undecodable');
  });

  it('reports a document that holds no policy', () => {
    assert.equal(parsePolicyDocument(42).problems[0]?.code, 'unexpectedDocument');
    assert.equal(parsePolicyDocument('"CA001"').problems[0]?.code, 'unexpectedDocument');
  });

  it('says when a list is one page of a longer one, and still reads the page', () => {
    const document = parsePolicyDocument({ value: [policy('A')], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies?$skiptoken=x' });
    assert.deepEqual(names(document), ['A']);
    assert.deepEqual(document.problems.map((p) => [p.path, p.code]), [['@odata.nextLink', 'incompleteList']]);
  });

  it('names each problem by the policy\'s position and displayName, and keeps the good policies', () => {
    const document = parsePolicyDocument({ value: [policy('Good'), policy('CA002 bad', { state: 'on' }), 'not a policy'] });
    assert.deepEqual(names(document), ['Good']);
    assert.deepEqual(document.problems.map((p) => ({ item: p.item, path: p.path, code: p.code })), [
      { item: { index: 1, displayName: 'CA002 bad' }, path: 'state', code: 'unknownEnumValue' },
      { item: { index: 2 }, path: '', code: 'wrongType' },
    ]);
    assert.equal(
      formatProblem(document.problems[0]!, 'Policy'),
      'Policy 1 ("CA002 bad"), state: "on" is not a policy state. Allowed values: enabled, disabled, enabledForReportingButNotEnforced.',
    );
  });

  it('keeps the ids of an export only when asked', () => {
    const exported = policy('A', { id: '13602404-082a-4ffc-a34b-4ebf8fd31c02', createdDateTime: '2026-06-11T09:00:12Z' });
    assert.equal(parsePolicyDocument(exported).policies[0]?.id, undefined);
    assert.equal(parsePolicyDocument(exported, { keepIds: true }).policies[0]?.id, '13602404-082a-4ffc-a34b-4ebf8fd31c02');
  });
});
