import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshStore, testEngines } from '../../test/support/engines.ts';
import { createDirectory, ensureTenant } from '../directory/index.ts';
import { verifyAuditChain } from '../logs/index.ts';
import { seedDemoTenant } from './seed-demo.ts';
import { decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import { createPasskeyRepository } from '../authn/index.ts';

for (const engine of testEngines()) {
  test(`the demo tenant on ${engine} is a nonprofit of about fifty people in nested groups, with apps`, async () => {
    const fresh = await freshStore(engine);
    try {
      await ensureTenant(fresh.store.db);
      const counts = await seedDemoTenant(fresh.store.db);
      assert.equal(counts.users, 52);
      // IT and Finance on security keys (5), every other person in Programs and Development on a phone (5 + 3).
      assert.equal(counts.passkeys, 13);
      const dir = createDirectory(fresh.store.db);
      const allStaff = (await dir.groups.list()).find((g) => g.displayName === 'All Staff')!;
      const staff = (await dir.groups.transitiveMembers(allStaff.id)).filter((m) => m['@odata.type'] === '#microsoft.graph.user');
      assert.equal(staff.length, 32, 'every employee is in All Staff through their department');
      assert.ok((await dir.applications.list()).some((a) => a.displayName === 'Shift Planner'));
      const it = (await dir.users.list()).find((u) => u.department === 'IT')!;
      const [key] = await createPasskeyRepository(fresh.store.db).listForUser(it.id);
      assert.equal(key?.model, 'YubiKey 5 Series');
      assert.equal(decodeCredentialPublicKey(new Uint8Array(key.publicKey)).get(3), -7, 'a well-formed ES256 COSE key, so a sign-in attempt fails verification cleanly');
      assert.equal((await verifyAuditChain(fresh.store.db)).ok, true);
    } finally {
      await fresh.cleanup();
    }
  });
}
