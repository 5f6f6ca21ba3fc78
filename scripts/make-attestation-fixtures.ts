/**
 * Writes the recorded WebAuthn fixtures in test/fixtures/attestation/: a test attestation CA
 * (root and batch certificate), a `packed` registration with full (basic) attestation signed by
 * the batch key, the same model's registration with self attestation, a sign-in with the first
 * passkey, and FIDO metadata statements naming the root (and an unrelated root).
 *
 * Why recorded: browsers' virtual authenticators make a new batch certificate for every
 * registration, so no test can name their trust anchor in advance. These responses are what a
 * real security key sends (W3C WebAuthn §8.2 packed attestation; FIDO MDS3 statements).
 *
 *   node scripts/make-attestation-fixtures.ts
 *
 * Deterministic enough to review: keys come from fixed seeds, and the names, serial numbers,
 * validity (2025 to 2075, so the tests need no new fixtures for fifty years), challenges,
 * origin, RP ID, user and AAGUID are constants. Only ECDSA signatures differ between runs
 * (Node signs with a random nonce): a re-run rewrites the certificates' signatures (so their
 * base64 in every file) and the responses' signatures, and nothing else. ES256 throughout, as
 * security keys in the field use.
 *
 * @peculiar/x509 builds the certificates: it is what @simplewebauthn/server itself uses to check
 * certificate paths (a dependency of it, not of Limen), and only this script imports it.
 */
import { createECDH, createHash, createPrivateKey, sign, webcrypto } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
// @peculiar/x509 needs the Reflect metadata polyfill loaded first (as @simplewebauthn/server does).
import 'reflect-metadata';
import {
  AuthorityKeyIdentifierExtension, BasicConstraintsExtension, Extension, KeyUsageFlags, KeyUsagesExtension,
  SubjectKeyIdentifierExtension, X509CertificateGenerator, type X509Certificate,
} from '@peculiar/x509';
import { isoCBOR } from '@simplewebauthn/server/helpers';

export const fixtureFacts = {
  rpId: 'limen.test',
  origin: 'https://limen.test',
  /** The user the passkeys belong to (WebAuthn user handle: the object id, as Limen sets it). */
  userId: '8d0c5a4e-2f4b-4f6e-9a51-3c7d2b1e0f01',
  aaguid: '7e57a77e-57a7-4e57-8a77-e57a77e57a77',
  model: 'Limen Test Security Key (packed attestation)',
  registrationChallenge: 'bGltZW4tZml4dHVyZS1yZWdpc3RyYXRpb24tY2hhbGxlbmdl',
  selfAttestedChallenge: 'bGltZW4tZml4dHVyZS1zZWxmLWF0dGVzdGVkLWNoYWxsZW5nZQ',
  authenticationChallenge: 'bGltZW4tZml4dHVyZS1hdXRoZW50aWNhdGlvbi1jaGFsbGVuZ2U',
  notBefore: new Date('2025-01-01T00:00:00Z'),
  notAfter: new Date('2075-01-01T00:00:00Z'),
} as const;

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A P-256 key pair from a fixed seed: the private scalar is SHA-256 of the seed's label. */
async function seededKey(label: string) {
  const d = sha256(`limen attestation fixture: ${label}`);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const jwk = { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) };
  const privateJwk = { ...jwk, d: b64url(d) };
  return {
    x: point.subarray(1, 33),
    y: point.subarray(33),
    node: createPrivateKey({ key: privateJwk, format: 'jwk' }),
    pair: {
      privateKey: await webcrypto.subtle.importKey('jwk', privateJwk, ecdsa, true, ['sign']),
      publicKey: await webcrypto.subtle.importKey('jwk', jwk, ecdsa, true, ['verify']),
    } as webcrypto.CryptoKeyPair,
  };
}
type SeededKey = Awaited<ReturnType<typeof seededKey>>;

async function rootCertificate(key: SeededKey, name: string, serialNumber: string): Promise<X509Certificate> {
  return X509CertificateGenerator.createSelfSigned({
    serialNumber,
    name,
    notBefore: fixtureFacts.notBefore,
    notAfter: fixtureFacts.notAfter,
    keys: key.pair,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams,
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(key.pair.publicKey),
    ],
  });
}

/** FIDO's id-fido-gen-ce-aaguid: the AAGUID as an OCTET STRING (FIDO Key Attestation §4). */
function aaguidExtension(aaguid: Buffer): Extension {
  return new Extension('1.3.6.1.4.1.45724.1.1.4', false, Buffer.concat([Buffer.from([0x04, aaguid.length]), aaguid]));
}

/**
 * The batch (attestation) certificate a packed statement carries: WebAuthn §8.2.1 asks for
 * version 3, C/O/CN, OU "Authenticator Attestation", CA false and the AAGUID extension.
 */
async function batchCertificate(key: SeededKey, root: X509Certificate, rootKey: SeededKey, aaguid: Buffer) {
  return X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'C=US, O=Limen Test, OU=Authenticator Attestation, CN=Limen Test Batch 1',
    issuer: root.subject,
    notBefore: fixtureFacts.notBefore,
    notAfter: fixtureFacts.notAfter,
    publicKey: key.pair.publicKey,
    signingKey: rootKey.pair.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams,
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      await AuthorityKeyIdentifierExtension.create(rootKey.pair.publicKey),
      aaguidExtension(aaguid),
    ],
  });
}

/** COSE_Key of an ES256 credential key (RFC 9053 §7.1.1): kty EC2, alg -7, crv P-256. */
const coseKey = (key: SeededKey) => isoCBOR.encode(new Map<number, number | Uint8Array>([
  [1, 2], [3, -7], [-1, 1], [-2, new Uint8Array(key.x)], [-3, new Uint8Array(key.y)],
]));

const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
/** Authenticator data flags (WebAuthn §6.1): UP, UV, AT. BE and BS stay clear: a device-bound key. */
const flags = { up: 0x01, uv: 0x04, at: 0x40 };

const clientData = (type: 'webauthn.create' | 'webauthn.get', challenge: string) =>
  Buffer.from(JSON.stringify({ type, challenge, origin: fixtureFacts.origin, crossOrigin: false }));

/** A registration response as a browser's PublicKeyCredential.toJSON() gives it. */
function registration(opts: {
  credential: SeededKey; credentialId: Buffer; aaguid: Buffer; challenge: string;
  attestation: { signer: SeededKey; x5c: Buffer[] } | 'self';
}) {
  const authData = Buffer.concat([
    sha256(fixtureFacts.rpId), Buffer.from([flags.up | flags.uv | flags.at]), u32(0),
    opts.aaguid, u16(opts.credentialId.length), opts.credentialId, coseKey(opts.credential),
  ]);
  const clientDataJSON = clientData('webauthn.create', opts.challenge);
  const signed = Buffer.concat([authData, sha256(clientDataJSON)]);
  const signer = opts.attestation === 'self' ? opts.credential : opts.attestation.signer;
  const attStmt = new Map<string, unknown>([['alg', -7], ['sig', new Uint8Array(sign('sha256', signed, signer.node))]]);
  if (opts.attestation !== 'self') attStmt.set('x5c', opts.attestation.x5c.map((c) => new Uint8Array(c)));
  const attestationObject = isoCBOR.encode(new Map<string, unknown>([
    ['fmt', 'packed'], ['attStmt', attStmt], ['authData', new Uint8Array(authData)],
  ]) as never);
  const id = b64url(opts.credentialId);
  return {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: b64url(clientDataJSON),
      attestationObject: b64url(attestationObject),
      transports: ['usb'],
    },
    clientExtensionResults: { credProps: { rk: true } },
    authenticatorAttachment: 'cross-platform',
  };
}

/** A sign-in (assertion) response with the same passkey, signature counter 1. */
function authentication(credential: SeededKey, credentialId: Buffer, challenge: string) {
  const authenticatorData = Buffer.concat([sha256(fixtureFacts.rpId), Buffer.from([flags.up | flags.uv]), u32(1)]);
  const clientDataJSON = clientData('webauthn.get', challenge);
  const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), credential.node);
  const id = b64url(credentialId);
  return {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: b64url(clientDataJSON),
      authenticatorData: b64url(authenticatorData),
      signature: b64url(signature),
      userHandle: b64url(Buffer.from(fixtureFacts.userId, 'utf8')),
    },
    clientExtensionResults: {},
    authenticatorAttachment: 'cross-platform',
  };
}

/** An MDS3 metadata statement (FIDO Metadata Statement §4) for the test model. */
function statement(root: X509Certificate, description: string) {
  return {
    legalHeader: 'Test data made by scripts/make-attestation-fixtures.ts; not issued by the FIDO Alliance.',
    aaguid: fixtureFacts.aaguid,
    description,
    authenticatorVersion: 1,
    protocolFamily: 'fido2',
    schema: 3,
    upv: [{ major: 1, minor: 1 }],
    authenticationAlgorithms: ['secp256r1_ecdsa_sha256_raw'],
    publicKeyAlgAndEncodings: ['cose'],
    attestationTypes: ['basic_full'],
    userVerificationDetails: [[{ userVerificationMethod: 'passcode_external' }], [{ userVerificationMethod: 'presence_internal' }]],
    keyProtection: ['hardware', 'secure_element'],
    matcherProtection: ['on_chip'],
    attachmentHint: ['external', 'wired'],
    tcDisplay: [],
    attestationRootCertificates: [Buffer.from(root.rawData).toString('base64')],
    authenticatorGetInfo: {
      versions: ['FIDO_2_0', 'FIDO_2_1'],
      aaguid: fixtureFacts.aaguid.replace(/-/g, ''),
      options: { rk: true, up: true, clientPin: true },
      algorithms: [{ type: 'public-key', alg: -7 }],
    },
  };
}

async function main() {
  const rootKey = await seededKey('root');
  const otherRootKey = await seededKey('other root');
  const batchKey = await seededKey('batch');
  const credential = await seededKey('credential');
  const selfCredential = await seededKey('self-attested credential');
  const aaguid = Buffer.from(fixtureFacts.aaguid.replace(/-/g, ''), 'hex');

  const root = await rootCertificate(rootKey, 'C=US, O=Limen Test, OU=Authenticator Attestation, CN=Limen Test Attestation Root', '01');
  const otherRoot = await rootCertificate(otherRootKey, 'C=US, O=Limen Test, OU=Authenticator Attestation, CN=Limen Test Unrelated Root', '03');
  const batch = await batchCertificate(batchKey, root, rootKey, aaguid);
  const credentialId = sha256('limen attestation fixture: credential id');
  const selfCredentialId = sha256('limen attestation fixture: self-attested credential id');

  const recorded = {
    about: 'Recorded WebAuthn responses made by scripts/make-attestation-fixtures.ts (see its header); regenerate with that script, never by hand.',
    relyingParty: { id: fixtureFacts.rpId, origin: fixtureFacts.origin },
    userId: fixtureFacts.userId,
    aaguid: fixtureFacts.aaguid,
    rootCertificate: Buffer.from(root.rawData).toString('base64'),
    batchCertificate: Buffer.from(batch.rawData).toString('base64'),
    registration: {
      challenge: fixtureFacts.registrationChallenge,
      response: registration({
        credential, credentialId, aaguid, challenge: fixtureFacts.registrationChallenge,
        attestation: { signer: batchKey, x5c: [Buffer.from(batch.rawData)] },
      }),
    },
    selfAttestedRegistration: {
      challenge: fixtureFacts.selfAttestedChallenge,
      response: registration({
        credential: selfCredential, credentialId: selfCredentialId, aaguid, challenge: fixtureFacts.selfAttestedChallenge, attestation: 'self',
      }),
    },
    authentication: {
      challenge: fixtureFacts.authenticationChallenge,
      response: authentication(credential, credentialId, fixtureFacts.authenticationChallenge),
    },
  };

  const dir = new URL('../test/fixtures/attestation/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const write = (name: string, value: unknown) => writeFileSync(new URL(name, dir), `${JSON.stringify(value, null, 2)}\n`);
  write('packed.json', recorded);
  write('metadata.json', [statement(root, fixtureFacts.model)]);
  write('metadata-unrelated-root.json', [statement(otherRoot, fixtureFacts.model)]);
  process.stdout.write('wrote test/fixtures/attestation/packed.json, metadata.json and metadata-unrelated-root.json\n');
}

if (import.meta.main) await main();
