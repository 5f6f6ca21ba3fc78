import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Human passwords: argon2id (RFC 9106) through Node's own implementation, which runs on the
 * libuv thread pool, so hashing never blocks the event loop. Parameters follow OWASP's
 * password-storage minimum for argon2id (19 MiB, 2 passes, 1 lane). Stored as a PHC string so
 * parameters can be raised later and old hashes still verify.
 */
export const passwordHashParameters = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 };

function derive(password: string, salt: Buffer, p: typeof passwordHashParameters): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    argon2(
      'argon2id',
      { message: password, nonce: salt, ...p },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const p = passwordHashParameters;
  const key = await derive(password, salt, p);
  return `$argon2id$v=19$m=${p.memory},t=${p.passes},p=${p.parallelism}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const phc = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([\w-]+)\$([\w-]+)$/;

/** False for a wrong password or a malformed hash; never throws on user input. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = phc.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  try {
    const key = await derive(password, Buffer.from(m[4]!, 'base64url'), {
      memory: Number(m[1]),
      passes: Number(m[2]),
      parallelism: Number(m[3]),
      tagLength: expected.length,
    });
    return timingSafeEqual(key, expected);
  } catch {
    return false; // parameters argon2 rejects: the stored hash is corrupt, not a match
  }
}

/**
 * A dummy hash verified when the user does not exist, so a wrong username costs the same time
 * as a wrong password and response timing does not reveal which accounts exist.
 */
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('limen-dummy-password');
  await verifyPassword(password, await dummy);
}
