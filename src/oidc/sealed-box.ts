import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../authn/index.ts';
import { deriveKey } from './master-key.ts';

/**
 * AES-256-GCM under a key derived from the master key, for secrets kept in the database.
 * `context` is bound as additional authenticated data, so a sealed value copied onto another
 * row (another kid) fails to open instead of being used as that row's key.
 * Format: `v1.<iv>.<ciphertext>.<tag>`, each part base64url.
 */
export class SealedBoxError extends Error {
  override name = 'SealedBoxError';
}

const signingKeyPurpose = 'limen signing-key encryption v1';

/** Each kind of secret gets its own derived key (`purpose`), so one kind can never open another. */
export function seal(masterKey: Buffer, plaintext: string, context: string, purpose = signingKeyPurpose): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(masterKey, purpose), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function open(masterKey: Buffer, sealed: string, context: string, purpose = signingKeyPurpose): string {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || body === undefined || !tag) throw new SealedBoxError('unrecognised sealed value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(masterKey, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedBoxError(
      'a sealed value does not open under this master key: the database was written with another ' +
        'LIMEN_MASTER_KEY (every process sharing a database needs the same one)',
    );
  }
}

/** authn's SecretBox (TOTP seeds and the like) on the master key. */
export function secretBoxFor(masterKey: Buffer): SecretBox {
  const purpose = 'limen authentication-method secrets v1';
  return {
    seal: (plaintext, context) => seal(masterKey, plaintext, context, purpose),
    open: (sealed, context) => open(masterKey, sealed, context, purpose),
  };
}
