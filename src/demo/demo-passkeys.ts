/**
 * Passkeys for the demo tenant, so it looks part-way through going passwordless: the Overview's
 * adoption card, a person's methods and the registration report have something to show. IT and
 * Finance use security keys; every other member of Programs and Development a synced passkey on
 * their phone. Each holds a real P-256 public key whose private key was never kept: it can be
 * looked at, listed and deleted, never signed in with.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { createPasskeyRepository, passkeyIdOf } from '../authn/index.ts';
import type { Db } from '../store/index.ts';

interface DemoPasskey { displayName: string; aaGuid: string; model: string; synced: boolean; transports: string[] }

const securityKey: DemoPasskey = {
  displayName: 'YubiKey', aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8', model: 'YubiKey 5 Series', synced: false, transports: ['usb', 'nfc'],
};
const phone: DemoPasskey = {
  displayName: 'iPhone', aaGuid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', model: 'iCloud Keychain', synced: true, transports: ['internal', 'hybrid'],
};

/** Which passkey the `index`-th person of `department` has, if any. */
export function demoPasskeyFor(department: string, index: number): DemoPasskey | undefined {
  if (department === 'IT' || department === 'Finance') return securityKey;
  if ((department === 'Programs' || department === 'Development') && index % 2 === 0) return phone;
  return undefined;
}

/** A COSE_Key (RFC 9053 §7.1.1: EC2, ES256, P-256) for a key pair whose private half is dropped. */
function unusablePublicKey(): Uint8Array {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  return isoCBOR.encode(new Map<number, number | Uint8Array>([
    [1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')],
  ]));
}

export async function addDemoPasskey(db: Db, userId: string, passkey: DemoPasskey, createdDateTime: string): Promise<void> {
  const credentialId = randomBytes(32).toString('base64url');
  await createPasskeyRepository(db).add({
    id: passkeyIdOf(credentialId), userId, credentialId, publicKey: unusablePublicKey(), signCount: 0,
    displayName: passkey.displayName, aaGuid: passkey.aaGuid, model: passkey.model,
    attestationFormat: 'none', attestationLevel: 'notAttested', attestationCertificates: [], transports: passkey.transports,
    backupEligible: passkey.synced, backupState: passkey.synced, createdDateTime, lastUsedDateTime: null,
  });
}
