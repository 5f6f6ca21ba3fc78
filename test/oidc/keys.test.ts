import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ensureSigningKeys, readSigningKeys, rotateSigningKey, selectKeys, type SigningKey } from '../../src/oidc/key-store.ts';
import { loadMasterKey, MasterKeyError } from '../../src/oidc/master-key.ts';
import { SealedBoxError } from '../../src/oidc/sealed-box.ts';
import { freshStore, testEngines } from '../support/engines.ts';

describe('master key', () => {
  test('is generated once into <dataDir>/master.key with mode 0600, with a warning, and reused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'limen-mk-'));
    try {
      const warnings: string[] = [];
      const first = await loadMasterKey({ masterKey: undefined, dataDir }, (w) => warnings.push(w));
      assert.equal(first.length, 32);
      assert.equal((await stat(join(dataDir, 'master.key'))).mode & 0o777, 0o600);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /LIMEN_MASTER_KEY/);
      const again = await loadMasterKey({ masterKey: undefined, dataDir }, (w) => warnings.push(w));
      assert.deepEqual(again, first);
      assert.equal(warnings.length, 1, 'no warning when the file is reused');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('two processes starting at once end up with the same generated key', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'limen-mk-'));
    try {
      const keys = await Promise.all([1, 2, 3].map(() => loadMasterKey({ masterKey: undefined, dataDir }, () => {})));
      assert.deepEqual(keys[1], keys[0]);
      assert.deepEqual(keys[2], keys[0]);
      assert.equal((await readFile(join(dataDir, 'master.key'), 'utf8')).trim(), keys[0]!.toString('base64url'));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('a key file readable by others is refused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'limen-mk-'));
    try {
      await loadMasterKey({ masterKey: undefined, dataDir }, () => {});
      await chmod(join(dataDir, 'master.key'), 0o644);
      await assert.rejects(loadMasterKey({ masterKey: undefined, dataDir }), MasterKeyError);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('LIMEN_MASTER_KEY wins over the file and must be 32 bytes of base64url', async () => {
    const key = randomBytes(32);
    assert.deepEqual(await loadMasterKey({ masterKey: key.toString('base64url'), dataDir: '/nonexistent' }), key);
    await assert.rejects(loadMasterKey({ masterKey: 'c2hvcnQ', dataDir: '/nonexistent' }), MasterKeyError);
  });
});

describe('key selection', () => {
  const key = (kid: string, alg: 'ES256' | 'RS256', created: number, retired: number | null): SigningKey =>
    ({ kid, alg, jwk: { kid }, createdAt: new Date(created), retiredAt: retired === null ? null : new Date(retired) });

  test('the oldest unretired key signs; retired keys stay published for the longest token lifetime, then drop', () => {
    const now = 1_000_000_000;
    const keys = [
      key('gone', 'ES256', now - 10_000_000, now - 4_000_000),
      key('kept', 'ES256', now - 9_000_000, now - 3_000_000),
      key('overlap', 'ES256', now - 5_000_000, now + 60_000),
      key('next', 'ES256', now - 1_000, null),
      key('rsa', 'RS256', now - 9_000_000, null),
    ];
    const { signing, published } = selectKeys(keys, new Date(now), 3_600);
    assert.equal(signing.get('ES256')!.kid, 'overlap', 'the old key signs until its retirement time');
    assert.equal(signing.get('RS256')!.kid, 'rsa');
    assert.deepEqual(published.map((k) => k.kid).sort(), ['kept', 'next', 'overlap', 'rsa']);
    const later = selectKeys(keys, new Date(now + 120_000), 3_600);
    assert.equal(later.signing.get('ES256')!.kid, 'next');
    assert.ok(later.published.some((k) => k.kid === 'overlap'), 'just retired: still published');
  });
});

for (const engine of testEngines()) {
  describe(`signing keys on ${engine}`, () => {
    test('are created at first start, sealed: the stored row holds no private key material', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const masterKey = randomBytes(32);
        await ensureSigningKeys(store.db, masterKey);
        const rows = await store.db.selectFrom('signing_keys').selectAll().execute();
        assert.deepEqual(rows.map((r) => r.alg).sort(), ['ES256', 'RS256']);
        const keys = await readSigningKeys(store.db, masterKey);
        for (const row of rows) {
          const { jwk } = keys.find((k) => k.kid === row.kid)!;
          assert.ok(jwk.d, 'the decrypted key is private');
          assert.ok(!row.encrypted_jwk.includes(jwk.d!), 'd is not in the row');
          // Quoted names: a quote cannot occur in the sealed (base64url) text, so no false alarm by chance.
          assert.ok(!row.encrypted_jwk.includes('"d"') && !row.encrypted_jwk.includes('"kty"'), 'no JWK text in the row');
        }
        await assert.rejects(readSigningKeys(store.db, randomBytes(32)), SealedBoxError, 'another master key opens nothing');
      } finally {
        await cleanup();
      }
    });

    test('processes starting at once on one database agree on one key per algorithm', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const masterKey = randomBytes(32);
        await Promise.all([1, 2, 3, 4].map(() => ensureSigningKeys(store.db, masterKey)));
        const keys = await readSigningKeys(store.db, masterKey);
        assert.equal(keys.filter((k) => k.alg === 'ES256').length, 1);
        assert.equal(keys.filter((k) => k.alg === 'RS256').length, 1);
      } finally {
        await cleanup();
      }
    });

    test('rotation publishes a new key and retires the old one', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        const masterKey = randomBytes(32);
        await ensureSigningKeys(store.db, masterKey);
        const [old] = (await readSigningKeys(store.db, masterKey)).filter((k) => k.alg === 'ES256');
        const kid = await rotateSigningKey(store.db, masterKey, { overlapSeconds: 0 });
        const keys = await readSigningKeys(store.db, masterKey);
        const { signing, published } = selectKeys(keys, new Date(Date.now() + 1), 3_600);
        assert.equal(signing.get('ES256')!.kid, kid);
        assert.ok(keys.find((k) => k.kid === old!.kid)!.retiredAt, 'the old key is retired');
        assert.ok(published.some((k) => k.kid === old!.kid), 'and still published');
      } finally {
        await cleanup();
      }
    });
  });
}
