import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PayloadAdapter, sweepExpiredPayloads } from '../../src/oidc/adapter.ts';
import { freshStore, testEngines } from '../support/engines.ts';

for (const engine of testEngines()) {
  describe(`oidc_payloads adapter on ${engine}`, () => {
    test('stores, finds, consumes and destroys payloads per model', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const codes = new PayloadAdapter(store.db, 'AuthorizationCode');
        const tokens = new PayloadAdapter(store.db, 'AccessToken');
        await codes.upsert('c1', { jti: 'c1', grantId: 'g1', accountId: 'u' }, 60);
        await codes.upsert('c1', { jti: 'c1', grantId: 'g1', accountId: 'u2' }, 60);
        assert.equal((await codes.find('c1'))?.accountId, 'u2', 'upsert replaces');
        assert.equal(await tokens.find('c1'), undefined, 'models do not see each other');
        await codes.consume('c1');
        assert.equal(typeof (await codes.find('c1'))?.consumed, 'number');
        await codes.destroy('c1');
        assert.equal(await codes.find('c1'), undefined);
      } finally {
        await cleanup();
      }
    });

    test('of concurrent consumptions of one refresh token, exactly one succeeds and the grant is revoked', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const tokens = new PayloadAdapter(store.db, 'RefreshToken');
        const elsewhere = new PayloadAdapter(store.db, 'RefreshToken');
        const accessTokens = new PayloadAdapter(store.db, 'AccessToken');
        await tokens.upsert('r1', { jti: 'r1', grantId: 'g1' }, 60);
        await accessTokens.upsert('a1', { jti: 'a1', grantId: 'g1' }, 60);
        const results = await Promise.allSettled([tokens.consume('r1'), elsewhere.consume('r1'), tokens.consume('r1')]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        assert.ok(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.error === 'invalid_grant'));
        assert.equal(await accessTokens.find('a1'), undefined, 'the reuse revoked the grant');
      } finally {
        await cleanup();
      }
    });

    test('finds sessions by uid and device codes by user code', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const sessions = new PayloadAdapter(store.db, 'Session');
        const devices = new PayloadAdapter(store.db, 'DeviceCode');
        await sessions.upsert('s1', { jti: 's1', uid: 'uid-1' }, 60);
        await devices.upsert('d1', { jti: 'd1', userCode: 'BCDF-GHJK' }, 60);
        assert.equal((await sessions.findByUid('uid-1'))?.jti, 's1');
        assert.equal((await devices.findByUserCode('BCDF-GHJK'))?.jti, 'd1');
      } finally {
        await cleanup();
      }
    });

    test('revokes every token of a grant, and nothing else', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const refresh = new PayloadAdapter(store.db, 'RefreshToken');
        await refresh.upsert('r1', { jti: 'r1', grantId: 'g1' }, 60);
        await refresh.upsert('r2', { jti: 'r2', grantId: 'g1' }, 60);
        await refresh.upsert('r3', { jti: 'r3', grantId: 'g2' }, 60);
        await refresh.revokeByGrantId('g1');
        assert.equal(await refresh.find('r1'), undefined);
        assert.equal(await refresh.find('r2'), undefined);
        assert.ok(await refresh.find('r3'));
      } finally {
        await cleanup();
      }
    });

    test('expired payloads read as absent and are swept', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const interactions = new PayloadAdapter(store.db, 'Interaction');
        await interactions.upsert('old', { jti: 'old', uid: 'old' }, -1);
        await interactions.upsert('new', { jti: 'new' }, 60);
        await interactions.upsert('forever', { jti: 'forever' });
        assert.equal(await interactions.find('old'), undefined);
        assert.equal(await interactions.findByUid('old'), undefined);
        assert.equal(await sweepExpiredPayloads(store.db), 1);
        assert.ok(await interactions.find('new'));
        assert.ok(await interactions.find('forever'));
      } finally {
        await cleanup();
      }
    });
  });
}
