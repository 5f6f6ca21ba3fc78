/**
 * Attestation with recorded responses (test/fixtures/attestation, made by
 * scripts/make-attestation-fixtures.ts): a security key's `packed` registration signed by a batch
 * certificate under a test root, checked against FIDO metadata statements the way an admin loads
 * them with LIMEN_FIDO_METADATA.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freshStore, testEngines } from '../../test/support/engines.ts';
import type { Db } from '../store/index.ts';
import { loadPasskeyMetadata } from './passkey-metadata.ts';
import { decidePasskey, defaultFido2Policy, type Fido2Policy, type PasskeyTraits } from './passkey-policy.ts';
import { createPasskeyCeremonies, type PasskeyCeremonies } from './passkeys.ts';
import { createChallengeStore } from './webauthn-challenges.ts';

const fixtures = new URL('../../test/fixtures/attestation/', import.meta.url);
const recorded = JSON.parse(readFileSync(new URL('packed.json', fixtures), 'utf8'));
const statement = JSON.parse(readFileSync(new URL('metadata.json', fixtures), 'utf8'))[0];
const metadataFile = new URL('metadata.json', fixtures).pathname;
const unrelatedRootFile = new URL('metadata-unrelated-root.json', fixtures).pathname;

const rp = { id: recorded.relyingParty.id, name: 'Limen', origin: recorded.relyingParty.origin };
const user = { id: recorded.userId, userPrincipalName: 'key.holder@limen.test', displayName: 'Key Holder' };

/** Entra's example split: a profile for admins that takes attested security keys only. */
const attestationRequired: Fido2Policy = {
  ...defaultFido2Policy(),
  passkeyProfiles: [{ ...defaultFido2Policy().passkeyProfiles[0]!, passkeyTypes: 'deviceBound', attestationEnforcement: 'registrationOnly' }],
};
const under = (policy: Fido2Policy) => (traits: PasskeyTraits) => decidePasskey(policy, [], traits, 'registration');

for (const engine of testEngines()) {
  describe(`a recorded packed attestation on ${engine}`, () => {
    let db: Db;
    let ceremonies: PasskeyCeremonies;
    let cleanup: () => Promise<void>;
    const scratch = mkdtempSync(join(tmpdir(), 'limen-attestation-'));
    const noMetadataFile = join(scratch, 'none.json');
    writeFileSync(noMetadataFile, '[]');

    before(async () => {
      const fresh = await freshStore(engine);
      db = fresh.store.db;
      cleanup = fresh.cleanup;
      ceremonies = createPasskeyCeremonies(db, rp);
    });
    after(async () => {
      await cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    /** Answers the recorded response as the browser would: to the challenge Limen issued the user. */
    async function register(which: 'registration' | 'selfAttestedRegistration', policy = defaultFido2Policy()) {
      await createChallengeStore(db).remember(recorded[which].challenge, 'registration', user.id, 60_000);
      return ceremonies.verifyRegistration(user, recorded[which].response, undefined, under(policy));
    }

    it('is attested when its batch certificate chains to a root of the loaded metadata, and is named and kept as the statement says', async () => {
      await loadPasskeyMetadata(metadataFile);
      const result = await register('registration');
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.passkey.attestationLevel, 'attested');
      assert.equal(result.passkey.attestationFormat, 'packed');
      assert.equal(result.passkey.aaGuid, recorded.aaguid);
      assert.equal(result.passkey.model, statement.description);
      assert.equal(result.passkey.displayName, statement.description, 'with no name given, the model names it');
      assert.deepEqual(result.passkey.attestationCertificates, [recorded.batchCertificate]);
      assert.equal(result.passkey.backupEligible, false);
    });

    it('is accepted by a profile that enforces attestation', async () => {
      await loadPasskeyMetadata(metadataFile);
      const result = await register('registration', attestationRequired);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.passkey.attestationLevel, 'attested');
    });

    it('is a verified passkey but not attested when no metadata is loaded, with no model and no certificates kept', async () => {
      await loadPasskeyMetadata(noMetadataFile);
      const result = await register('registration');
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.passkey.attestationLevel, 'notAttested');
      assert.equal(result.passkey.model, null);
      assert.deepEqual(result.passkey.attestationCertificates, []);
    });

    it('is then refused by a profile that enforces attestation, saying why', async () => {
      await loadPasskeyMetadata(noMetadataFile);
      const result = await register('registration', attestationRequired);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.kind, 'notAllowed');
      assert.match(!result.ok ? result.reason : '', /make and model could not be verified \(attestation is required\)/);
    });

    it('is refused as unverifiable when the metadata gives its model a different root, whatever the profile', async () => {
      await loadPasskeyMetadata(unrelatedRootFile);
      const result = await register('registration');
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.kind, 'invalid');
      assert.match(!result.ok ? result.reason : '', /does not chain to a root certificate that the FIDO metadata gives for its model/);
    });

    it('is checked against the statement even when the file spells its AAGUID in capitals', async () => {
      const shouting = join(scratch, 'upper-case.json');
      const unrelated = JSON.parse(readFileSync(unrelatedRootFile, 'utf8'));
      writeFileSync(shouting, JSON.stringify(unrelated.map((s: { aaguid: string }) => ({ ...s, aaguid: s.aaguid.toUpperCase() }))));
      await loadPasskeyMetadata(shouting);
      const result = await register('registration');
      assert.equal(!result.ok && result.kind, 'invalid', 'the unrelated root must still be checked, not skipped');
    });

    it('with self attestation proves nothing about the model: not attested even with its metadata loaded (WebAuthn §8.2)', async () => {
      await loadPasskeyMetadata(metadataFile);
      const result = await register('selfAttestedRegistration');
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.passkey.attestationLevel, 'notAttested');
      assert.deepEqual(result.passkey.attestationCertificates, []);
      const enforced = await register('selfAttestedRegistration', attestationRequired);
      assert.equal(!enforced.ok && enforced.kind, 'notAllowed');
    });

    it('answers its challenge once: the same response sent again is refused', async () => {
      await loadPasskeyMetadata(metadataFile);
      assert.ok((await register('registration')).ok);
      const replay = await ceremonies.verifyRegistration(user, recorded.registration.response, undefined, under(defaultFido2Policy()));
      assert.equal(!replay.ok && replay.kind, 'invalid');
      assert.match(!replay.ok ? replay.reason : '', /answers no current challenge/);
    });
  });
}
