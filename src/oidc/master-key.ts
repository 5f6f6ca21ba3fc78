import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LimenConfig } from '../config/index.ts';

/**
 * The key-encryption key: everything secret that Limen keeps in the database (signing keys) is
 * sealed under keys derived from it, and cookie signing keys are derived from it too, so every
 * process that shares it shares sessions. It never enters the database, so a stolen backup
 * holds nothing usable.
 */
export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

const keyLength = 32;
const fileName = 'master.key';

export async function loadMasterKey(
  config: Pick<LimenConfig, 'masterKey' | 'dataDir'>,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<Buffer> {
  if (config.masterKey) return decode(config.masterKey, 'LIMEN_MASTER_KEY');

  const path = join(config.dataDir, fileName);
  const existing = await readKeyFile(path);
  if (existing) return existing;

  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(keyLength);
  try {
    // 'wx' creates exclusively: when two processes start at once, one writes and the other
    // falls through to reading the winner's key.
    const file = await open(path, 'wx', 0o600);
    try {
      await file.writeFile(`${key.toString('base64url')}\n`);
    } finally {
      await file.close();
    }
    warn(
      `warning: LIMEN_MASTER_KEY is not set; generated ${path} (mode 0600). Back it up: without it the ` +
        'signing keys in the database cannot be read. In production set LIMEN_MASTER_KEY instead.',
    );
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // Another process created the file a moment ago; give it time to finish writing.
  for (let attempt = 0; attempt < 20; attempt++) {
    const key = await readKeyFile(path);
    if (key) return key;
    await sleep(50);
  }
  throw new MasterKeyError(`${path} exists but holds no key; remove it or set LIMEN_MASTER_KEY.`);
}

/**
 * An independent key for one purpose (HKDF, RFC 5869), so the cookie keys and the signing-key
 * encryption key never share bytes.
 */
export function deriveKey(masterKey: Buffer, purpose: string, length = keyLength): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, 'limen', purpose, length));
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    if (process.platform !== 'win32') {
      const { mode } = await stat(path);
      // Refuse rather than warn: a key file others can read leaks every signing key.
      if ((mode & 0o077) !== 0) {
        throw new MasterKeyError(
          `${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); run \`chmod 600 ${path}\`.`,
        );
      }
    }
    text = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return text === '' ? undefined : decode(text, path);
}

function decode(text: string, source: string): Buffer {
  const key = /^[A-Za-z0-9_-]{43}$/.test(text) ? Buffer.from(text, 'base64url') : undefined;
  if (key?.length !== keyLength) {
    throw new MasterKeyError(`${source} must hold ${keyLength} bytes in base64url (43 characters).`);
  }
  return key;
}
