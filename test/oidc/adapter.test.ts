import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { PayloadAdapter, sweepExpiredPayloads } from '../../src/oidc/adapter.ts';
import { freshStore, testEngines } from '../support/engines.ts';

const masterKey = randomBytes(32);

for (const engine of testEngines()) {
  describe(`oidc_payloads adapter on ${engine}`, () => {
    test('stores, finds, consumes and destroys payloads per model', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const codes = new PayloadAdapter(store.db, 'AuthorizationCode', masterKey);
        const tokens = new PayloadAdapter(store.db, 'AccessToken', masterKey);
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
        const tokens = new PayloadAdapter(store.db, 'RefreshToken', masterKey);
        const elsewhere = new PayloadAdapter(store.db, 'RefreshToken', masterKey);
        const accessTokens = new PayloadAdapter(store.db, 'AccessToken', masterKey);
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

    test('a session upserted is found by id and by uid with its jti, and a device code by user code', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const sessions = new PayloadAdapter(store.db, 'Session', masterKey);
        const devices = new PayloadAdapter(store.db, 'DeviceCode', masterKey);
        await sessions.upsert('session-cookie-1', { jti: 'session-cookie-1', uid: 'uid-1', accountId: 'u1' }, 60);
        await devices.upsert('device-code-1', { jti: 'device-code-1', userCode: 'BCDFGHJK', clientId: 'c1' }, 60);
        assert.deepEqual(await sessions.find('session-cookie-1'), { jti: 'session-cookie-1', uid: 'uid-1', accountId: 'u1' });
        assert.deepEqual(await sessions.findByUid('uid-1'), { jti: 'session-cookie-1', uid: 'uid-1', accountId: 'u1' });
        assert.equal((await devices.find('device-code-1'))?.jti, 'device-code-1');
        assert.equal((await devices.findByUserCode('BCDFGHJK'))?.jti, 'device-code-1');
        await devices.consume('device-code-1');
        assert.equal(typeof (await devices.findByUserCode('BCDFGHJK'))?.consumed, 'number');
        await sessions.destroy('session-cookie-1');
        assert.equal(await sessions.findByUid('uid-1'), undefined);
      } finally {
        await cleanup();
      }
    });

    test('no stored row holds a session cookie, device code or interaction id, nor the session cookie an interaction names', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const [session, device, interaction] = ['session-cookie-2', 'device-code-2', 'interaction-2'];
        await new PayloadAdapter(store.db, 'Session', masterKey).upsert(session, { jti: session, uid: 'uid-2' }, 60);
        await new PayloadAdapter(store.db, 'DeviceCode', masterKey).upsert(device, { jti: device, userCode: 'LMNPQRST' }, 60);
        const interactions = new PayloadAdapter(store.db, 'Interaction', masterKey);
        await interactions.upsert(interaction, {
          jti: interaction, session: { uid: 'uid-2', cookie: session, accountId: 'u2' }, deviceCode: device,
          returnTo: `https://login.contoso.test/device/resume/${interaction}`,
        }, 60);
        const rows = await store.db.selectFrom('oidc_payloads').selectAll().execute();
        assert.equal(rows.length, 3);
        for (const row of rows) {
          for (const secret of [session, device, interaction]) {
            assert.ok(!JSON.stringify(row).includes(secret), `${row.model} row holds ${secret}`);
          }
        }
        const found = await interactions.find(interaction);
        assert.equal(found?.jti, interaction);
        assert.equal(found?.deviceCode, device);
        assert.equal((found?.session as { cookie?: string } | undefined)?.cookie, session);
      } finally {
        await cleanup();
      }
    });

    test('rows copied from a Limen with another master key read as absent, not as an error', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const otherKey = randomBytes(32);
        await new PayloadAdapter(store.db, 'Session', otherKey).upsert('s3', { jti: 's3', uid: 'uid-3' }, 60);
        await new PayloadAdapter(store.db, 'DeviceCode', otherKey).upsert('d3', { jti: 'd3', userCode: 'VWXZBCDF' }, 60);
        await new PayloadAdapter(store.db, 'Interaction', otherKey).upsert('i3', { jti: 'i3', returnTo: '/x' }, 60);
        assert.equal(await new PayloadAdapter(store.db, 'Session', masterKey).findByUid('uid-3'), undefined);
        assert.equal(await new PayloadAdapter(store.db, 'DeviceCode', masterKey).findByUserCode('VWXZBCDF'), undefined);
        assert.equal(await new PayloadAdapter(store.db, 'Interaction', masterKey).find('i3'), undefined);
      } finally {
        await cleanup();
      }
    });

    test('a sealed jti moved onto another row does not open there', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const sessions = new PayloadAdapter(store.db, 'Session', masterKey);
        await sessions.upsert('victim', { jti: 'victim', uid: 'uid-v' }, 60);
        await sessions.upsert('mine', { jti: 'mine', uid: 'uid-m' }, 60);
        const victim = await store.db.selectFrom('oidc_payloads').select('payload').where('uid', '=', 'uid-v').executeTakeFirstOrThrow();
        await store.db.updateTable('oidc_payloads').set({ payload: victim.payload }).where('uid', '=', 'uid-m').execute();
        assert.equal(await sessions.findByUid('uid-m'), undefined);
      } finally {
        await cleanup();
      }
    });

    test('sessions, device codes and interactions written by an older Limen under their plain id still work, and move under the hash when saved', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const legacy = (model: string, id: string, payload: object, columns: { uid?: string; user_code?: string } = {}) => ({
          model, id, payload: JSON.stringify({ jti: id, ...payload }), grant_id: null, user_code: columns.user_code ?? null,
          uid: columns.uid ?? null, expires_at: Math.floor(Date.now() / 1000) + 60, consumed_at: null,
        });
        await store.db.insertInto('oidc_payloads').values([
          legacy('Session', 'old-session', { uid: 'uid-old', accountId: 'u' }, { uid: 'uid-old' }),
          legacy('DeviceCode', 'old-device', { userCode: 'GHJKLMNP' }, { user_code: 'GHJKLMNP' }),
          legacy('Interaction', 'old-interaction', { returnTo: '/resume' }),
        ]).execute();
        const sessions = new PayloadAdapter(store.db, 'Session', masterKey);
        const devices = new PayloadAdapter(store.db, 'DeviceCode', masterKey);
        const interactions = new PayloadAdapter(store.db, 'Interaction', masterKey);
        assert.equal((await sessions.find('old-session'))?.accountId, 'u', 'no one is signed out by the upgrade');
        assert.equal((await sessions.findByUid('uid-old'))?.jti, 'old-session');
        assert.equal((await devices.findByUserCode('GHJKLMNP'))?.jti, 'old-device');
        assert.equal((await interactions.find('old-interaction'))?.returnTo, '/resume');
        await devices.consume('old-device');
        assert.equal(typeof (await devices.find('old-device'))?.consumed, 'number', 'a device code in flight can still be redeemed');

        await sessions.upsert('old-session', { jti: 'old-session', uid: 'uid-old', accountId: 'u' }, 60);
        const rows = await store.db.selectFrom('oidc_payloads').select(['id', 'payload']).where('model', '=', 'Session').execute();
        assert.equal(rows.length, 1, 'the plain row is replaced, not kept beside');
        assert.ok(!JSON.stringify(rows).includes('old-session'));
        assert.equal((await sessions.findByUid('uid-old'))?.jti, 'old-session');

        await interactions.destroy('old-interaction');
        assert.equal(await interactions.find('old-interaction'), undefined, 'destroy removes a plain row too');
      } finally {
        await cleanup();
      }
    });

    test('revokes every token of a grant, and nothing else', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const refresh = new PayloadAdapter(store.db, 'RefreshToken', masterKey);
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
        const interactions = new PayloadAdapter(store.db, 'Interaction', masterKey);
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
