import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshStore, testEngines, type FreshStore } from '../../test/support/engines.ts';
import { createChallengeStore, maxChallengesPerBinding } from './webauthn-challenges.ts';

for (const engine of testEngines()) {
  describe(`WebAuthn challenges on ${engine}`, () => {
    let s: FreshStore;
    before(async () => {
      s = await freshStore(engine);
    });
    after(() => s.cleanup());

    it('a challenge is consumed once, for its own purpose and binding only', async () => {
      const store = createChallengeStore(s.store.db);
      await store.remember('c-once', 'authentication', 'interaction-1', 60_000);
      assert.equal(await store.consume('c-once', 'registration', 'interaction-1'), false);
      assert.equal(await store.consume('c-once', 'authentication', 'interaction-2'), false);
      assert.equal(await store.consume('c-once', 'authentication', 'interaction-1'), true);
      assert.equal(await store.consume('c-once', 'authentication', 'interaction-1'), false);
    });

    it(`asking for options again and again keeps only the newest ${maxChallengesPerBinding} challenges of one interaction`, async () => {
      const store = createChallengeStore(s.store.db);
      const made: string[] = [];
      for (let i = 0; i < maxChallengesPerBinding + 3; i++) {
        made.push(`loop-${i}`);
        await store.remember(`loop-${i}`, 'authentication', 'interaction-loop', 60_000);
        await sleep(2); // distinct expiry instants
      }
      await store.remember('other', 'authentication', 'interaction-other', 60_000);
      const kept = await s.store.db.selectFrom('webauthn_challenges').select('challenge').where('binding', '=', 'interaction-loop').execute();
      assert.deepEqual(kept.map((r) => r.challenge).sort(), made.slice(-maxChallengesPerBinding).sort());
      assert.equal(await store.consume('loop-0', 'authentication', 'interaction-loop'), false, 'the oldest was replaced');
      assert.equal(await store.consume('other', 'authentication', 'interaction-other'), true, 'other interactions keep theirs');
    });
  });
}
