/**
 * FIDO MDS3 status reports: a model whose latest status says it is compromised or revoked is
 * refused at registration and at sign-in, with the status in the reason; statements given as a
 * plain list carry no status. Uses the recorded security key of test/fixtures/attestation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freshStore, testEngines } from '../../test/support/engines.ts';
import { createDirectory, userCreateSchema } from '../directory/index.ts';
import type { Db } from '../store/index.ts';
import { hasOtherUsableMethod } from './last-usable-method.ts';
import { latestStatus, loadPasskeyMetadata, passkeyMetadata, untrustedStatuses } from './passkey-metadata.ts';
import { decidePasskey, defaultFido2Policy, type PasskeyTraits } from './passkey-policy.ts';
import { createPasskeyRepository, type Passkey } from './passkey.repository.ts';
import { createPasskeyCeremonies, passkeyTraits, type PasskeyCeremonies } from './passkeys.ts';
import { createChallengeStore } from './webauthn-challenges.ts';

const fixtures = new URL('../../test/fixtures/attestation/', import.meta.url);
const recorded = JSON.parse(readFileSync(new URL('packed.json', fixtures), 'utf8'));
const statement = JSON.parse(readFileSync(new URL('metadata.json', fixtures), 'utf8'))[0];
const metadataFile = new URL('metadata.json', fixtures).pathname;

const rp = { id: recorded.relyingParty.id, name: 'Limen', origin: recorded.relyingParty.origin };
const user = { id: recorded.userId, userPrincipalName: 'key.holder@limen.test', displayName: 'Key Holder' };
const anyProfile = (traits: PasskeyTraits) => decidePasskey(defaultFido2Policy(), [], traits, 'registration');
const signInPolicy = async (p: Passkey) => decidePasskey(defaultFido2Policy(), [], passkeyTraits(p), 'signIn');

describe('the status in force', () => {
  it('is the report with the latest effective date, whatever the order the BLOB lists them in', () => {
    const reports = [
      { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2025-06-01' },
      { status: 'USER_VERIFICATION_BYPASS', effectiveDate: '2025-03-01' },
    ];
    assert.equal(latestStatus(reports)?.status, 'FIDO_CERTIFIED_L1');
  });

  it('is a report without a date, which MDS3 says is effective while present', () => {
    const reports = [{ status: 'FIDO_CERTIFIED_L2', effectiveDate: '2026-01-01' }, { status: 'REVOKED' }];
    assert.equal(latestStatus(reports)?.status, 'REVOKED');
  });

  it('is nothing when there is no report', () => {
    assert.equal(latestStatus([]), undefined);
  });
});

for (const engine of testEngines()) {
  describe(`FIDO metadata status reports on ${engine}`, () => {
    let db: Db;
    let ceremonies: PasskeyCeremonies;
    let cleanup: () => Promise<void>;
    const scratch = mkdtempSync(join(tmpdir(), 'limen-mds-'));

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

    /** Loads an MDS3 BLOB payload whose one entry is the recorded key's model with these reports. */
    async function loadBlob(statusReports: object[]) {
      const file = join(scratch, `blob-${statusReports.length}-${Math.random().toString(36).slice(2)}.json`);
      const entry = { aaguid: recorded.aaguid, metadataStatement: statement, statusReports, timeOfLastStatusChange: '2025-06-01' };
      writeFileSync(file, JSON.stringify({ legalHeader: 'test', no: 1, nextUpdate: '2075-01-01', entries: [entry] }));
      await loadPasskeyMetadata(file);
    }

    async function register() {
      await createChallengeStore(db).remember(recorded.registration.challenge, 'registration', user.id, 60_000);
      return ceremonies.verifyRegistration(user, recorded.registration.response, undefined, anyProfile);
    }

    async function signIn(binding: string) {
      await createChallengeStore(db).remember(recorded.authentication.challenge, 'authentication', binding, 60_000);
      return ceremonies.authenticate(binding, recorded.authentication.response, signInPolicy);
    }

    it('statements given as a plain list carry no status, so they refuse nothing', async () => {
      await loadPasskeyMetadata(metadataFile);
      assert.equal(passkeyMetadata.refusalFor(recorded.aaguid), undefined);
      assert.ok((await register()).ok);
    });

    it("skips a BLOB's UAF and U2F entries, which name no AAGUID, and reads the rest", async () => {
      const file = join(scratch, 'mixed-blob.json');
      writeFileSync(file, JSON.stringify({ no: 1, nextUpdate: '2075-01-01', entries: [
        { aaid: '4e4e#4005', metadataStatement: { aaid: '4e4e#4005', description: 'A UAF authenticator', protocolFamily: 'uaf' }, statusReports: [{ status: 'REVOKED' }] },
        { attestationCertificateKeyIdentifiers: ['923881fe2f214ee465484371aeb72e97f5a58e0a'], statusReports: [{ status: 'FIDO_CERTIFIED' }] },
        { aaguid: recorded.aaguid, metadataStatement: statement, statusReports: [{ status: 'USER_VERIFICATION_BYPASS', effectiveDate: '2025-06-01' }] },
      ] }));
      assert.equal(await loadPasskeyMetadata(file), 1);
      assert.match(passkeyMetadata.refusalFor(recorded.aaguid) ?? '', /USER_VERIFICATION_BYPASS/);
    });

    it('refuses at start a file that is not metadata, naming the file', async () => {
      const file = join(scratch, 'broken.json');
      writeFileSync(file, JSON.stringify({ entries: [{ aaguid: recorded.aaguid, metadataStatement: { ...statement, attestationTypes: undefined } }] }));
      await assert.rejects(loadPasskeyMetadata(file), new RegExp(`LIMEN_FIDO_METADATA: ${file} is not`));
    });

    for (const status of Object.keys(untrustedStatuses)) {
      it(`refuses to register a model whose latest status is ${status}, naming the model, the status and what it means`, async () => {
        await loadBlob([{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2025-02-01' }, { status, effectiveDate: '2025-06-01' }]);
        const result = await register();
        assert.equal(result.ok, false);
        assert.equal(!result.ok && result.kind, 'notAllowed');
        assert.equal(!result.ok && result.reason,
          `the FIDO metadata reports this passkey model (${statement.description}, AAGUID ${recorded.aaguid}) as ${status} since 2025-06-01: ${untrustedStatuses[status]}`);
      });
    }

    it('accepts a model whose compromise was followed by a newer certification (the latest report decides)', async () => {
      await loadBlob([{ status: 'USER_VERIFICATION_BYPASS', effectiveDate: '2025-03-01' }, { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2025-06-01' }]);
      const result = await register();
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.passkey.attestationLevel, 'attested', 'the BLOB entry’s statement is a trust anchor too');
    });

    for (const status of ['NOT_FIDO_CERTIFIED', 'UPDATE_AVAILABLE', 'SELF_ASSERTION_SUBMITTED']) {
      it(`accepts a model whose latest status is ${status}`, async () => {
        await loadBlob([{ status, effectiveDate: '2025-06-01' }]);
        assert.ok((await register()).ok);
      });
    }

    it('refuses sign-in with a passkey registered before its model was revoked, and lets it in again once the status is lifted', async () => {
      await loadPasskeyMetadata(metadataFile);
      const registered = await register();
      assert.ok(registered.ok);
      await createPasskeyRepository(db).add(registered.passkey);

      await loadBlob([{ status: 'FIDO_CERTIFIED_L2', effectiveDate: '2025-01-10' }, { status: 'REVOKED', effectiveDate: '2026-02-01' }]);
      const refused = await signIn('interaction-1');
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.kind, 'notAllowed');
      assert.match(!refused.ok ? refused.reason : '', /as REVOKED since 2026-02-01: the FIDO Alliance has determined that it should not be trusted/);
      assert.equal(!refused.ok && refused.passkey?.id, registered.passkey.id, 'the sign-in log can name the passkey and its owner');
      assert.equal((await createPasskeyRepository(db).get(user.id, registered.passkey.id))?.lastUsedDateTime, null, 'a refused sign-in is not a use');

      await loadBlob([{ status: 'REVOKED', effectiveDate: '2026-02-01' }, { status: 'FIDO_CERTIFIED_L2', effectiveDate: '2026-03-01' }]);
      const accepted = await signIn('interaction-2');
      assert.ok(accepted.ok, JSON.stringify(accepted));
    });

    it('does not count a passkey of a revoked model as a way to sign in when another is deleted', async () => {
      await loadPasskeyMetadata(metadataFile);
      const person = await createDirectory(db).users.create(userCreateSchema.parse({
        accountEnabled: true, displayName: 'Two Keys', userPrincipalName: `two.keys.${Math.random().toString(36).slice(2)}@limen.test`,
      }));
      const key = (n: number, aaGuid: string): Passkey => ({
        id: `key-${person.id}-${n}`, userId: person.id, credentialId: `cred-${person.id}-${n}`, publicKey: new Uint8Array([1]), signCount: 0,
        displayName: `Key ${n}`, aaGuid, model: null, attestationFormat: 'none', attestationLevel: 'notAttested', attestationCertificates: [],
        transports: [], backupEligible: false, backupState: false, createdDateTime: new Date().toISOString(), lastUsedDateTime: null,
      });
      await createPasskeyRepository(db).add(key(1, '00000000-0000-0000-0000-000000000000'));
      await createPasskeyRepository(db).add(key(2, recorded.aaguid));
      assert.equal(await hasOtherUsableMethod(db, person.id, `key-${person.id}-1`), true);
      await loadBlob([{ status: 'USER_KEY_PHYSICAL_COMPROMISE', effectiveDate: '2026-01-01' }]);
      assert.equal(await hasOtherUsableMethod(db, person.id, `key-${person.id}-1`), false);
    });
  });
}
