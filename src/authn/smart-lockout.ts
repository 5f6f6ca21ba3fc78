/**
 * Entra-style smart lockout for password sign-in. Pure state machine first (every function takes
 * `now` and returns a new state), then `SmartLockout`, which keeps the state in the database so
 * every process sees the same counters.
 *
 * - A subject (a user, or an unknown sign-in name) has two counters: familiar locations (IPs with
 *   a successful sign-in in the last 14 days) and unfamiliar ones. Failures from unfamiliar IPs
 *   never lock out a familiar IP.
 * - A counter locks after `threshold` distinct wrong passwords; a repeat of one of the last few
 *   wrong passwords (compared as HMAC-SHA256 under a per-tenant key) is not counted.
 * - While locked nothing is verified; the lock expires, each further lock lasting twice as long
 *   up to `maxLockoutMs`. Never permanent.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Db } from '../store/index.ts';
import { lockoutDefaults, type LockoutOptions } from './lockout-defaults.ts';
import { createLockoutRepository, type LockoutRepository } from './lockout.repository.ts';

export type Location = 'familiar' | 'unfamiliar';

export interface Counter {
  /** Counted failures since the last success or lock expiry. */
  failures: number;
  /** Epoch ms the current lock ends; null when not locked. */
  lockedUntil: number | null;
  /** How many locks in a row (within `escalationResetMs`); the next lock lasts 2^level × lockoutMs. */
  level: number;
  /** Epoch ms the last lock ended, for forgetting the escalation. */
  lastLockEnd: number | null;
}

export interface LockoutState {
  familiar: Counter;
  unfamiliar: Counter;
  /** base64url HMAC-SHA256 of recent wrong passwords, newest last. */
  recentWrong: string[];
  /** IPs with a successful sign-in, and when (epoch ms), most recent last. */
  familiarIps: { ip: string; at: number }[];
}

const freshCounter = (): Counter => ({ failures: 0, lockedUntil: null, level: 0, lastLockEnd: null });
export const initialLockoutState = (): LockoutState => ({ familiar: freshCounter(), unfamiliar: freshCounter(), recentWrong: [], familiarIps: [] });

export function locationOf(state: LockoutState, ip: string, now: number, o: LockoutOptions = lockoutDefaults): Location {
  return state.familiarIps.some((f) => f.ip === ip && now - f.at < o.familiarForMs) ? 'familiar' : 'unfamiliar';
}

/** The counter as it stands at `now`: an expired lock is lifted (fresh count), old escalation forgotten. */
export function settle(c: Counter, now: number, o: LockoutOptions = lockoutDefaults): Counter {
  let next = c;
  if (next.lockedUntil !== null && next.lockedUntil <= now) {
    next = { failures: 0, lockedUntil: null, level: next.level, lastLockEnd: next.lockedUntil };
  }
  if (next.lockedUntil === null && next.lastLockEnd !== null && now - next.lastLockEnd >= o.escalationResetMs) {
    next = { ...next, level: 0, lastLockEnd: null };
  }
  return next;
}

export function isLocked(c: Counter, now: number): boolean {
  return c.lockedUntil !== null && c.lockedUntil > now;
}

export function lockDuration(level: number, o: LockoutOptions = lockoutDefaults): number {
  return Math.min(o.lockoutMs * 2 ** Math.min(level, 40), o.maxLockoutMs);
}

export interface FailureResult {
  state: LockoutState;
  /** False when the wrong password repeats a recent one, or the counter was already locked. */
  counted: boolean;
  /** The counter is locked after this failure. */
  locked: boolean;
}

export function afterFailure(state: LockoutState, location: Location, wrongHash: string, now: number, o: LockoutOptions = lockoutDefaults): FailureResult {
  const counter = settle(state[location], now, o);
  if (isLocked(counter, now)) return { state: { ...state, [location]: counter }, counted: false, locked: true };
  if (state.recentWrong.includes(wrongHash)) return { state: { ...state, [location]: counter }, counted: false, locked: false };
  const recentWrong = [...state.recentWrong, wrongHash].slice(-o.recentWrongPasswords);
  let next: Counter = { ...counter, failures: counter.failures + 1 };
  if (next.failures >= o.threshold) {
    next = { failures: next.failures, lockedUntil: now + lockDuration(counter.level, o), level: counter.level + 1, lastLockEnd: null };
  }
  return { state: { ...state, recentWrong, [location]: next }, counted: true, locked: isLocked(next, now) };
}

/** A right password from `ip`: that location's count starts over and the IP becomes familiar. */
export function afterSuccess(state: LockoutState, ip: string, now: number, o: LockoutOptions = lockoutDefaults): LockoutState {
  const location = locationOf(state, ip, now, o);
  const familiarIps = [...state.familiarIps.filter((f) => f.ip !== ip && now - f.at < o.familiarForMs), { ip, at: now }]
    .slice(-o.maxFamiliarIps);
  return { ...state, [location]: { ...freshCounter(), level: state[location].level, lastLockEnd: state[location].lastLockEnd }, recentWrong: [], familiarIps };
}

export interface LockoutCheck {
  location: Location;
  locked: boolean;
  /** Epoch ms the lock ends, when locked. */
  lockedUntil: number | null;
}

/** Settings key of the per-tenant secret the lockout's HMAC key is derived from. */
export const lockoutSecretKey = 'authn.lockoutSecret';

/**
 * Smart lockout over the database. Reads are plain; every change is a compare-and-set on the
 * row's version, retried on conflict, so concurrent failures from several processes (SQLite or
 * PostgreSQL) are each counted exactly once.
 */
export class SmartLockout {
  readonly options: LockoutOptions;
  readonly #repo: LockoutRepository;
  readonly #now: () => number;
  #key: Promise<Buffer> | undefined;

  constructor(db: Db, options: Partial<LockoutOptions> = {}, now: () => number = Date.now) {
    this.options = { ...lockoutDefaults, ...options };
    this.#repo = createLockoutRepository(db);
    this.#now = now;
  }

  /** The subject for a sign-in: the user id, or a keyed hash of the (lower-cased) name typed. */
  async subjectOf(userId: string | undefined, typedName: string): Promise<string> {
    if (userId) return userId;
    return `unknown:${await this.#mac('upn', typedName.toLowerCase())}`;
  }

  async check(subject: string, ip: string): Promise<LockoutCheck> {
    const now = this.#now();
    const state = (await this.#repo.read(subject))?.state ?? initialLockoutState();
    const location = locationOf(state, ip, now, this.options);
    const counter = settle(state[location], now, this.options);
    const locked = isLocked(counter, now);
    return { location, locked, lockedUntil: locked ? counter.lockedUntil : null };
  }

  async recordFailure(subject: string, ip: string, password: string): Promise<Omit<FailureResult, 'state'>> {
    const wrongHash = await this.#mac('pwd', `${subject}\u0000${password}`);
    let result: Omit<FailureResult, 'state'> = { counted: false, locked: false };
    await this.#update(subject, (state, now) => {
      const r = afterFailure(state, locationOf(state, ip, now, this.options), wrongHash, now, this.options);
      result = { counted: r.counted, locked: r.locked };
      return r.state;
    });
    return result;
  }

  async recordSuccess(subject: string, ip: string): Promise<void> {
    await this.#update(subject, (state, now) => afterSuccess(state, ip, now, this.options));
  }

  /**
   * Deletes rows untouched for `familiarForMs` (14 days): by then no IP is familiar any more and
   * no lock is running, so only stale counts are lost. Keeps guessed unknown names from piling up.
   */
  async sweep(): Promise<number> {
    return this.#repo.removeUntouchedSince(new Date(this.#now() - this.options.familiarForMs));
  }

  async #update(subject: string, change: (state: LockoutState, now: number) => LockoutState): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const now = this.#now();
      const current = await this.#repo.read(subject);
      const next = change(current?.state ?? initialLockoutState(), now);
      const stored = current
        ? await this.#repo.replace(subject, next, current.version, new Date(now))
        : await this.#repo.insert(subject, next, new Date(now));
      if (stored) return;
    }
    throw new Error('smart lockout: too much contention on one subject');
  }

  async #mac(purpose: string, value: string): Promise<string> {
    this.#key ??= this.#repo.secret(() => randomBytes(32).toString('base64url')).then((secret) =>
      Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'base64url'), Buffer.alloc(0), 'limen smart lockout v1', 32)));
    let key: Buffer;
    try {
      key = await this.#key;
    } catch (error) {
      this.#key = undefined; // a database hiccup: try again next time
      throw error;
    }
    return createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest('base64url');
  }
}

/** Clears a user's lockout inside a caller's transaction (password reset by an administrator). */
export async function clearSignInLockout(db: Db, userId: string): Promise<void> {
  await createLockoutRepository(db).remove(userId);
}
