/**
 * The sign-in log writer. A token endpoint must never wait on a log insert, so `record` only
 * queues; a timer writes the queue at most `flushMs` later in multi-row inserts. Sign-in events
 * are best kept, not transactional (that is the audit log): a crash loses at most one window.
 *
 * A failed write keeps the events queued and retries with backoff. Retries cannot double-insert:
 * each event has its id before it is queued, and the insert skips ids already present (the case
 * where a write committed but its reply was lost).
 *
 * Each batch also moves its users' signInActivity forward (user-sign-in-activity.ts).
 *
 * While events are queued a timer is pending and keeps the process alive until they are written:
 * call `close()` on shutdown, before closing the store.
 */
import type { Db } from '../store/index.ts';
import { toSignIn, toSignInRow, type SignIn, type SignInInput } from './sign-in.ts';
import { recordUserSignInActivity } from './user-sign-in-activity.ts';

export interface SignInLogOptions {
  /** Longest delay from `record` to the write; config option `signInLogFlushMs`. */
  flushMs: number;
  /**
   * Events held while the database is unreachable; past it new events are dropped, with a warning,
   * rather than exhausting memory. About 2 KB each, so the default holds ~200 MB at most.
   * @default 100_000
   */
  maxQueued?: number;
  /** Where write failures and dropped events are reported. @default a line on stderr */
  warn?: (message: string) => void;
}

/**
 * Rows per INSERT. Each row binds 7 parameters: 3,500 per statement stays under SQLite's default
 * limit of 32,766 variables (3.32+) and PostgreSQL's 65,535.
 */
const ROWS_PER_INSERT = 500;
const MAX_RETRY_MS = 30_000;

export class SignInLog {
  readonly #db: Db;
  readonly #flushMs: number;
  readonly #maxQueued: number;
  readonly #warn: (message: string) => void;
  readonly #queue: SignIn[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** The write in progress; writes run one after another so the queue front is ours alone. */
  #writing: Promise<void> = Promise.resolve();
  #failures = 0;
  #dropped = 0;
  #closed = false;

  constructor(db: Db, options: SignInLogOptions) {
    this.#db = db;
    this.#flushMs = options.flushMs;
    this.#maxQueued = options.maxQueued ?? 100_000;
    this.#warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
  }

  /** Events waiting to be written. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Completes the event with its id, time and defaults, queues it and returns it at once. */
  record(input: SignInInput): SignIn {
    if (this.#closed) throw new Error('the sign-in log is closed');
    const signIn = toSignIn(input);
    if (this.#queue.length >= this.#maxQueued) {
      this.#dropped += 1;
      if (this.#dropped === 1 || this.#dropped % 1000 === 0) {
        this.#warn(`sign-in log: queue full (${this.#maxQueued}), ${this.#dropped} events dropped so far`);
      }
      return signIn;
    }
    this.#queue.push(signIn);
    this.#schedule(this.#flushMs);
    return signIn;
  }

  /** Writes every event queued now. Rejects if the write fails; the events stay queued. */
  flush(): Promise<void> {
    const write = this.#writing.then(() => this.#writeQueued());
    this.#writing = write.catch(() => {});
    return write;
  }

  /** Stops the timer and writes what is queued. Call it before closing the store. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      await this.flush();
    } catch (error) {
      this.#warn(`sign-in log: closed with ${this.#queue.length} events not written`);
      throw error;
    }
  }

  #schedule(delayMs: number): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // A failure is reported and rescheduled inside #writeQueued.
      this.flush().catch(() => {});
    }, delayMs);
  }

  async #writeQueued(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // Only what is queued now: under a steady stream this returns instead of chasing the tail.
    let remaining = this.#queue.length;
    try {
      while (remaining > 0) {
        const batch = this.#queue.slice(0, Math.min(remaining, ROWS_PER_INSERT));
        await this.#db
          .insertInto('sign_ins')
          .values(batch.map(toSignInRow))
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        // Each user's last sign-ins (signInActivity). Only forward in time, so a retry of this
        // batch after a failure here is harmless.
        await recordUserSignInActivity(this.#db, batch);
        this.#queue.splice(0, batch.length);
        remaining -= batch.length;
      }
      this.#failures = 0;
    } catch (error) {
      this.#failures += 1;
      const retryMs = Math.min(Math.max(this.#flushMs, 50) * 2 ** this.#failures, MAX_RETRY_MS);
      const reason = error instanceof Error ? error.message : String(error);
      this.#warn(
        `sign-in log: writing ${this.#queue.length} queued events failed (${reason})` +
          (this.#closed ? '' : `; retrying in ${retryMs} ms`),
      );
      if (!this.#closed) this.#schedule(retryMs);
      throw error;
    }
  }
}
