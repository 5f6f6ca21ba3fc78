import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv } from './csv.ts';
import { parseImportDocument } from './import-document.ts';

describe('the generic agent import', () => {
  it('reads a JSON array of agents with the registry\'s property names, keeping each item whole as native data', () => {
    const item = {
      sourceAgentId: 'ae-1', displayName: 'Claims triage', platform: 'salesforceAgentforce', account: 'org-00D5',
      status: 'Active', createdDateTime: '2026-03-01T09:00:00+02:00', costCenter: 'CC-17',
      agentCard: { name: 'Claims triage', skills: [{ id: 'triage', name: 'Triage a claim' }], provider: { organization: 'Contoso' } },
    };
    const r = parseImportDocument({ agents: [item] }, 'import');
    assert.ok(r.ok);
    const [agent] = r.agents;
    assert.equal(agent!.platform, 'salesforceAgentforce');
    assert.equal(agent!.createdDateTime, '2026-03-01T07:00:00.000Z', 'times are normalised to UTC');
    assert.equal(agent!.publisher, 'Contoso', 'the card\'s provider when no publisher is given');
    assert.equal(agent!.agentIdentityId, undefined);
    assert.deepEqual(agent!.nativeData, item);
  });

  it('takes a Graph-style { value: [...] } and gives items that name no platform the default one', () => {
    const r = parseImportDocument({ agents: { value: [{ sourceAgentId: 'x', displayName: 'X' }] } }, 'databricks');
    assert.ok(r.ok);
    assert.equal(r.agents[0]!.platform, 'databricks');
  });

  it('reads CSV with a header row, quoted cells and an agentCard cell holding JSON', () => {
    const csv = '\uFEFFsourceAgentId,displayName,platform,description,agentCard\r\n' +
      'db-7,"Forecaster, v2",databricks,"Says ""hello""","{""name"":""Forecaster"",""skills"":[{""id"":""f"",""name"":""Forecast""}]}"\r\n' +
      '\r\n' +
      'db-8,Reporter,databricks,,\n';
    const r = parseImportDocument({ csv }, 'import');
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.agents.length, 2, 'blank lines are skipped');
    assert.equal(r.agents[0]!.displayName, 'Forecaster, v2');
    assert.equal(r.agents[0]!.description, 'Says "hello"');
    assert.equal(r.agents[0]!.agentCard?.skills?.[0]?.name, 'Forecast');
    assert.equal(r.agents[1]!.agentCard, null);
  });

  it('lists every problem by item and property, and refuses the whole document', () => {
    const r = parseImportDocument({
      agents: [
        { displayName: 'No id' },
        { sourceAgentId: 'a', displayName: 'A', url: 'ftp://example.com', agentIdentityId: 'not-a-guid' },
        { sourceAgentId: 'b', displayName: 'B', platform: 'Not A Word' },
        { sourceAgentId: 'c', displayName: 'C' },
        { sourceAgentId: 'c', displayName: 'C again' },
      ],
    }, 'import');
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => [p.index, p.field]), [
      [0, 'sourceAgentId'], [1, 'url'], [1, 'agentIdentityId'], [2, 'platform'], [4, 'sourceAgentId'],
    ]);
    assert.equal(r.problems[0]!.message, 'a value is required');
  });

  it('says what is wrong with a document that is neither an array nor CSV', () => {
    const json = parseImportDocument({ agents: { name: 'x' } }, 'import');
    assert.ok(!json.ok && /JSON array/.test(json.problems[0]!.message));
    const csv = parseImportDocument({ csv: 'sourceAgentId,displayName\n"unclosed,x\n' }, 'import');
    assert.ok(!csv.ok && /not CSV: a quoted field is not closed/.test(csv.problems[0]!.message));
    const card = parseImportDocument({ csv: 'sourceAgentId,displayName,agentCard\na,A,{nope\n' }, 'import');
    assert.ok(!card.ok && card.problems[0]!.field === 'agentCard');
  });
});

describe('CSV (RFC 4180)', () => {
  it('refuses a row with more cells than the header, and a header naming a column twice', () => {
    assert.throws(() => parseCsv('a,b\n1,2,3\n'), /row 2 has 3 cells/);
    assert.throws(() => parseCsv('a,a\n1,2\n'), /names 'a' twice/);
  });

  it('keeps line breaks inside quoted cells', () => {
    assert.deepEqual(parseCsv('a,b\n"x\ny",z'), [{ a: 'x\ny', b: 'z' }]);
  });
});
