import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { maxConcurrentPasswordChecks } from './lockout-defaults.ts';

/**
 * Human passwords: argon2id (RFC 9106) through Node's own implementation, which runs on the
 * libuv thread pool, so hashing never blocks the event loop. Parameters follow OWASP's
 * password-storage minimum for argon2id (19 MiB, 2 passes, 1 lane). Stored as a PHC string so
 * parameters can be raised later and old hashes still verify.
 */
export const passwordHashParameters = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 };

/**
 * A counting semaphore: at most `limit` holders at once, the rest wait in arrival order. Argon2
 * work runs on libuv's small thread pool (4 threads by default), which file and DNS work share;
 * bounding it here keeps a burst of sign-ins from starving everything else.
 */
export class Semaphore {
  readonly #limit: number;
  readonly #waiting: (() => void)[] = [];
  #active = 0;
  #started = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Holders now, waiters now, and how many ever started (for tests and diagnostics). */
  get stats(): { active: number; waiting: number; started: number } {
    return { active: this.#active, waiting: this.#waiting.length, started: this.#started };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    this.#started++;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else this.#active--;
    }
  }
}

const argon2Slots = new Semaphore(maxConcurrentPasswordChecks);

/** How much argon2 work this process has done and is doing (tests assert none runs while locked). */
export function passwordWorkStats(): { active: number; waiting: number; started: number } {
  return argon2Slots.stats;
}

function derive(password: string, salt: Buffer, p: typeof passwordHashParameters): Promise<Buffer> {
  return argon2Slots.run(() => new Promise((resolve, reject) => {
    argon2(
      'argon2id',
      { message: password, nonce: salt, ...p },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  }));
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
