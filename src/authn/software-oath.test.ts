import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { freshStore, testEngines, type FreshStore } from '../../test/support/engines.ts';
import { secretBoxFor } from '../oidc/sealed-box.ts';
import { createSoftwareOathRepository, type SoftwareOathRepository } from './software-oath.repository.ts';
import { totpCode, totpStep } from './totp.ts';

const box = secretBoxFor(randomBytes(32));
const at = (iso: string) => new Date(iso);

for (const engine of testEngines()) {
  describe(`authenticator apps (RFC 6238) on ${engine}`, () => {
    let s: FreshStore;
    let repo: SoftwareOathRepository;
    before(async () => {
      s = await freshStore(engine);
      repo = createSoftwareOathRepository(s.store.db, box);
    });
    after(() => s.cleanup());

    it('a new app counts only once confirmed with a right code, and its secret is stored sealed', async () => {
      const now = at('2026-11-27T10:00:00Z');
      const { method, secret } = await repo.begin('u1', now);
      assert.deepEqual(await repo.listForUser('u1'), []);
      assert.equal(await repo.confirm('u1', method.id, '000000' === totpCode(secret, now) ? '111111' : '000000', now), false);
      assert.equal(await repo.confirm('u1', method.id, totpCode(secret, now), now), true);
      assert.deepEqual((await repo.listForUser('u1')).map((m) => m.id), [method.id]);
      const sealed = (await repo.sealedSecretOf(method.id))!;
      assert.ok(!sealed.includes(secret.base32), 'no plaintext secret in the database');
      assert.equal(await repo.confirm('u1', method.id, totpCode(secret, now), now), false, 'a confirmed app is not confirmed twice');
    });

    it('a pending app expires after ten minutes', async () => {
      const now = at('2026-11-27T10:00:00Z');
      const { method, secret } = await repo.begin('u2', now);
      const later = new Date(now.getTime() + 11 * 60_000);
      assert.equal(await repo.confirm('u2', method.id, totpCode(secret, later), later), false);
      assert.equal(await repo.pendingSecret('u2', method.id, later), undefined);
    });

    it('a code is accepted one step either side for clock drift, and never twice (RFC 6238 §5.2)', async () => {
      const now = at('2026-11-27T11:00:00Z');
      const { method, secret } = await repo.begin('u3', now);
      await repo.confirm('u3', method.id, totpCode(secret, now), now);
      const next = new Date(now.getTime() + 30_000);
      // The confirming code's step is within the drift window but already used.
      assert.deepEqual(await repo.verify('u3', totpCode(secret, now), next), { ok: false, reason: 'replayed' });
      const tooOld = totpCode(secret, new Date(next.getTime() - 60_000));
      assert.deepEqual(await repo.verify('u3', tooOld, next), { ok: false, reason: 'wrongCode' });
      const code = totpCode(secret, next);
      assert.equal((await repo.verify('u3', code, new Date(next.getTime() + 29_000))).ok, true);
      assert.deepEqual(await repo.verify('u3', code, new Date(next.getTime() + 29_000)), { ok: false, reason: 'replayed' });
      assert.deepEqual(await repo.verify('u3', 'abcdef', next), { ok: false, reason: 'wrongCode' });
      assert.deepEqual(await repo.verify('u3', totpCode(secret, new Date(next.getTime() + 5 * 60_000)), next), { ok: false, reason: 'wrongCode' });
    });

    it('the same code sent by two sign-ins at once is accepted once', async () => {
      const now = at('2026-11-27T12:00:00Z');
      const { method, secret } = await repo.begin('u4', now);
      await repo.confirm('u4', method.id, totpCode(secret, now), now);
      const then = new Date(now.getTime() + 60_000);
      const code = totpCode(secret, then);
      const results = await Promise.all([1, 2, 3].map(() => repo.verify('u4', code, then)));
      assert.equal(results.filter((r) => r.ok).length, 1);
      assert.equal(totpStep(then), totpStep(now) + 2);
    });

    it('starting setups again and again keeps only the newest three unconfirmed ones', async () => {
      const base = Date.parse('2026-11-27T14:00:00Z');
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await repo.begin('u6', new Date(base + i * 1000))).method.id);
      const pending = await s.store.db.selectFrom('software_oath_methods').select('id').where('user_id', '=', 'u6').execute();
      assert.deepEqual(pending.map((r) => r.id).sort(), ids.slice(-3).sort());
    });

    it('a secret sealed for one app does not open as another', async () => {
      const now = at('2026-11-27T13:00:00Z');
      const a = await repo.begin('u5', now);
      const b = await repo.begin('u5', now);
      await s.store.db.updateTable('software_oath_methods').set({ secret_sealed: (await repo.sealedSecretOf(a.method.id))! })
        .where('id', '=', b.method.id).execute();
      await assert.rejects(repo.pendingSecret('u5', b.method.id, now), /does not open/);
    });
  });
}
