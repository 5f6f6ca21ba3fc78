import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { decodeDocument, exportPolicy, parsePolicy } from '../../conditional-access/import/index.ts';
import { expectStatus, startGraphServer, type GraphTestServer } from './graph-test-server.ts';

const corpora = fileURLToPath(new URL('../../../test/fixtures/corpora/conditional-access/', import.meta.url));
const importPath = '/v1.0/identity/conditionalAccess/import';

/** Every JSON file of one framework's folder, decoded whatever its encoding. */
function framework(name: string, folder: 'ConditionalAccess' | 'NamedLocations'): unknown[] {
  const dir = join(corpora, name, 'Config', folder);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(decodeDocument(readFileSync(join(dir, f)))) as unknown);
}

for (const engine of testEngines()) {
  describe(`importing a real Conditional Access framework on ${engine}`, () => {
    let server: GraphTestServer;
    const name = 'Cloudshield-io__Conditional-Access-Framework';
    const policies = framework(name, 'ConditionalAccess');
    const namedLocations = framework(name, 'NamedLocations');
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    const count = async () => expectStatus(await server.get('/v1.0/identity/conditionalAccess/policies?$top=999', 'admin'), 200).value.length;

    it('refuses the set while its groups do not exist here, naming every unresolved reference, and stores nothing', async () => {
      const audits = await server.auditCount();
      const r = await server.post(importPath, 'admin', { policies, namedLocations, keepIds: true });
      assert.equal(r.status, 400);
      const targets = r.json.error.details.map((d: { target: string }) => d.target);
      assert.ok(targets.some((t: string) => /^conditions\.users\.(in|ex)cludeGroups\[\d+\]$/.test(t)), targets.slice(0, 5).join(', '));
      assert.match(r.json.error.message, /no group with id/);
      assert.equal(await count(), 0);
      assert.equal(await server.auditCount(), audits);
    });

    it('a dry run reports what would be created and every unresolved reference, and stores nothing', async () => {
      const report = expectStatus(await server.post(importPath, 'admin', { policies, namedLocations, keepIds: true, allowUnresolvedReferences: true, dryRun: true }), 200);
      assert.equal(report.dryRun, true);
      assert.equal(report.policies.length, policies.length);
      assert.equal(report.namedLocations.length, namedLocations.length);
      assert.ok(report.unresolvedReferences.length > 0);
      assert.equal(await count(), 0);
    });

    it(`imports all ${policies.length} policies and their named locations, audited, and exports them back equivalent`, async () => {
      const audits = await server.auditCount();
      const report = expectStatus(await server.post(importPath, 'admin', { policies, namedLocations, keepIds: true, allowUnresolvedReferences: true }), 200);
      assert.equal(report.policies.length, policies.length);
      assert.deepEqual(report.problems, []);
      assert.equal(await server.auditCount(), audits + policies.length + namedLocations.length);
      // Location references resolved: the ids were kept.
      assert.ok(!report.unresolvedReferences.some((r: { path: string }) => r.path.startsWith('conditions.locations')));
      for (const original of policies) {
        const expected = parsePolicy(original, { keepIds: true });
        assert.ok(expected.ok);
        const id = (original as { id: string }).id.toLowerCase();
        const read = expectStatus(await server.get(`/v1.0/identity/conditionalAccess/policies/${id}`, 'admin'), 200);
        const { '@odata.context': _c, createdDateTime: _a, modifiedDateTime: _b, ...got } = read;
        const { createdDateTime: _x, modifiedDateTime: _y, ...want } = exportPolicy(expected.value);
        assert.deepEqual(got, want, (original as { displayName: string }).displayName);
      }
    });

    it('importing the same set again is refused: the ids exist', async () => {
      const r = await server.post(importPath, 'admin', { policies: policies.slice(0, 1), keepIds: true, allowUnresolvedReferences: true });
      assert.equal(r.status, 400);
      assert.match(r.json.error.message, /already exists/);
    });
  });
}
