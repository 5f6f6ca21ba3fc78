/**
 * Server-side cost of one sign-in verification, on one core, in this process:
 * - a passkey assertion: the bare ES256 signature check (the floor, baseline), the full WebAuthn
 *   verification Limen runs (@simplewebauthn/server), and Limen's whole ceremony on SQLite
 *   (single-use challenge, credential lookup, counter compare-and-set);
 * - a password: argon2id with Limen's parameters;
 * - an authenticator-app code (RFC 6238): one HMAC-SHA1 (baseline), the otpauth check over the
 *   drift window, and Limen's whole check on SQLite (unseal the secret, match, replay guard).
 * Assertions come from a software authenticator made here (P-256, UP+UV flags), as a browser's would.
 */
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import {
  createPasskeyCeremonies, createPasskeyRepository, createSoftwareOathRepository, hashPassword, relyingPartyFor, totpCode, verifyPassword,
} from '../src/authn/index.ts';
import { secretBoxFor } from '../src/oidc/sealed-box.ts';
import { openStore } from '../src/store/index.ts';

const origin = 'http://localhost:8080';
const rp = relyingPartyFor(origin);
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = publicKey.export({ format: 'jwk' });
// COSE_Key (RFC 9053) for EC2 P-256 ES256: {1: 2, 3: -7, -1: 1, -2: x, -3: y}, CBOR by hand.
const cose = Buffer.concat([
  Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]), Buffer.from(jwk.x!, 'base64url'),
  Buffer.from([0x22, 0x58, 0x20]), Buffer.from(jwk.y!, 'base64url'),
]);
const credentialId = Buffer.from('bench-credential-0001').toString('base64url');
let counter = 0;

function assertion(challenge: string, userId: string) {
  counter += 1;
  const authData = Buffer.concat([
    createHash('sha256').update(rp.id).digest(), Buffer.from([0x05]), // UP + UV
    Buffer.from([counter >>> 24, (counter >>> 16) & 255, (counter >>> 8) & 255, counter & 255]),
  ]);
  const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin, crossOrigin: false }));
  const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientData).digest()]), privateKey);
  return {
    id: credentialId, rawId: credentialId, type: 'public-key' as const, clientExtensionResults: {},
    response: {
      clientDataJSON: clientData.toString('base64url'), authenticatorData: authData.toString('base64url'),
      signature: signature.toString('base64url'), userHandle: Buffer.from(userId).toString('base64url'),
    },
  };
}

async function perSecond(seconds: number, once: () => unknown): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    await once();
    n += 1;
  }
  return n / seconds;
}

export async function verificationFigures(seconds: number) {
  const dir = mkdtempSync(join(tmpdir(), 'limen-bench-'));
  const store = openStore({ dataDir: dir, databaseUrl: undefined });
  await store.migrate();
  const userId = '6f1d2c3b-0000-4000-8000-000000000001';
  await createPasskeyRepository(store.db).add({
    id: 'bench', userId, credentialId, publicKey: cose, signCount: 0, displayName: 'bench', aaGuid: '00000000-0000-0000-0000-000000000000',
    model: null, attestationFormat: 'none', attestationLevel: 'notAttested', attestationCertificates: [], transports: [],
    backupEligible: false, backupState: false, createdDateTime: new Date().toISOString(), lastUsedDateTime: null,
  });
  const ceremonies = createPasskeyCeremonies(store.db, rp);
  const allow = async () => ({ allowed: true as const, profile: undefined as never });

  const fixed = assertion('Y2hhbGxlbmdl', userId);
  const data = Buffer.concat([Buffer.from(fixed.response.authenticatorData, 'base64url'),
    createHash('sha256').update(Buffer.from(fixed.response.clientDataJSON, 'base64url')).digest()]);
  const sig = Buffer.from(fixed.response.signature, 'base64url');
  const rows: Array<{ name: string; perSecond: number }> = [];
  rows.push({ name: 'ES256 signature check alone (baseline)', perSecond: await perSecond(seconds, () => verify('sha256', data, publicKey, sig)) });
  rows.push({
    name: 'WebAuthn assertion verification (@simplewebauthn/server)',
    perSecond: await perSecond(seconds, () => verifyAuthenticationResponse({
      response: fixed, expectedChallenge: 'Y2hhbGxlbmdl', expectedOrigin: origin, expectedRPID: rp.id, requireUserVerification: true,
      credential: { id: credentialId, publicKey: cose, counter: 0 },
    })),
  });
  rows.push({
    name: 'Limen passkey sign-in ceremony on SQLite (challenge, lookup, counter)',
    perSecond: await perSecond(seconds, async () => {
      const options = await ceremonies.authenticationOptions('bench-interaction');
      const result = await ceremonies.authenticate('bench-interaction', assertion(options.challenge, userId), allow);
      if (!result.ok) throw new Error(`bench assertion refused: ${result.reason}`);
    }),
  });
  const hash = await hashPassword('correct horse battery staple');
  rows.push({ name: 'password check (argon2id, Limen parameters)', perSecond: await perSecond(seconds, () => verifyPassword('correct horse battery staple', hash)) });
  rows.push(...await totpFigures(store.db, seconds));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

async function totpFigures(db: Parameters<typeof createSoftwareOathRepository>[0], seconds: number) {
  const repo = createSoftwareOathRepository(db, secretBoxFor(randomBytes(32)));
  const userId = '6f1d2c3b-0000-4000-8000-000000000002';
  const { method, secret } = await repo.begin(userId, new Date());
  await repo.confirm(userId, method.id, totpCode(secret), new Date());
  const key = randomBytes(20);
  const counterBytes = Buffer.alloc(8);
  const rows: Array<{ name: string; perSecond: number }> = [];
  rows.push({ name: 'HMAC-SHA1 of one time step alone (TOTP baseline)', perSecond: await perSecond(seconds, () => createHmac('sha1', key).update(counterBytes).digest()) });
  // A code that matches no step: the check tries the whole drift window, the worst case.
  const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
  rows.push({ name: 'Limen authenticator-app check on SQLite (unseal, drift window, replay guard; wrong code)', perSecond: await perSecond(seconds, () => repo.verify(userId, wrong, new Date())) });
  return rows;
}
