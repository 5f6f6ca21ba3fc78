import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshStore, testEngines } from '../../test/support/engines.ts';
import { recordAudit } from '../logs/index.ts';
import { DirectoryCache } from './directory-cache.ts';

for (const engine of testEngines()) {
  test(`on ${engine}, a cached value is reused until any directory change is audited, then reloaded`, async () => {
    const { store, cleanup } = await freshStore(engine);
    try {
      const cache = new DirectoryCache(store.db);
      let loads = 0;
      const load = async () => ++loads;
      assert.equal(await cache.get('k', load), 1);
      assert.equal(await cache.get('k', load), 1, 'reused: nothing changed');
      await store.db.transaction().execute((trx) =>
        recordAudit(trx, { category: 'UserManagement', activityDisplayName: 'Update user', initiatedBy: {}, targetResources: [] }));
      assert.equal(await cache.get('k', load), 2, 'reloaded: the directory changed');
      assert.equal(await cache.get('k', load), 2);
    } finally {
      await cleanup();
    }
  });

  test(`on ${engine}, callers share a version read only when it starts after they asked`, async () => {
    const { store, cleanup } = await freshStore(engine);
    try {
      const cache = new DirectoryCache(store.db);
      const audit = () => store.db.transaction().execute((trx) =>
        recordAudit(trx, { category: 'UserManagement', activityDisplayName: 'Update user', initiatedBy: {}, targetResources: [] }));
      const [before, same] = await Promise.all([cache.version(), cache.version()]);
      assert.equal(same, before);
      await audit();
      assert.equal(await cache.version(), before + 1, 'a caller after the read gets a new one');
    } finally {
      await cleanup();
    }
  });
}
