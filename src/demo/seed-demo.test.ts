import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshStore, testEngines } from '../../test/support/engines.ts';
import { createDirectory, ensureTenant } from '../directory/index.ts';
import { verifyAuditChain } from '../logs/index.ts';
import { seedDemoTenant } from './seed-demo.ts';

for (const engine of testEngines()) {
  test(`the demo tenant on ${engine} is a nonprofit of about fifty people in nested groups, with apps`, async () => {
    const fresh = await freshStore(engine);
    try {
      await ensureTenant(fresh.store.db);
      const counts = await seedDemoTenant(fresh.store.db);
      assert.equal(counts.users, 52);
      const dir = createDirectory(fresh.store.db);
      const allStaff = (await dir.groups.list()).find((g) => g.displayName === 'All Staff')!;
      const staff = (await dir.groups.transitiveMembers(allStaff.id)).filter((m) => m['@odata.type'] === '#microsoft.graph.user');
      assert.equal(staff.length, 32, 'every employee is in All Staff through their department');
      assert.ok((await dir.applications.list()).some((a) => a.displayName === 'Shift Planner'));
      assert.equal((await verifyAuditChain(fresh.store.db)).ok, true);
    } finally {
      await fresh.cleanup();
    }
  });
}
