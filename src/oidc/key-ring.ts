import { setTimeout as sleep } from 'node:timers/promises';
import type { JWK } from 'jose';
import type { Db } from '../store/index.ts';
import {
  ensureSigningKeys,
  publicJwk,
  readSigningKeys,
  selectKeys,
  type KeySelection,
  type SigningAlg,
} from './key-store.ts';

export interface KeyRingOptions {
  /** The longest lifetime of a signed token; retired keys stay published this long. */
  maxTokenLifetimeSeconds: number;
  /** How often a running process re-reads keys, to follow rotations made elsewhere. */
  reloadSeconds?: number;
  /** Called after a reload that changed the key set (to hand the keys to the provider). */
  onChange?: (ring: KeyRing) => void;
}

/**
 * The keys this process signs and verifies with, re-read from the database periodically and on
 * demand (an unknown `kid` in a token to verify means another process rotated). Reads on demand
 * are rate-limited so a flood of tokens with made-up kids cannot turn into a flood of queries.
 */
export class KeyRing {
  readonly #db: Db;
  readonly #masterKey: Buffer;
  readonly #options: KeyRingOptions;
  #selection: KeySelection = { signing: new Map(), published: [] };
  #fingerprint = '';
  #lastLoad = 0;
  #loading: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  private constructor(db: Db, masterKey: Buffer, options: KeyRingOptions) {
    this.#db = db;
    this.#masterKey = masterKey;
    this.#options = options;
  }

  static async open(db: Db, masterKey: Buffer, options: KeyRingOptions): Promise<KeyRing> {
    await ensureSigningKeys(db, masterKey);
    const ring = new KeyRing(db, masterKey, options);
    await ring.reload();
    const every = (options.reloadSeconds ?? 60) * 1000;
    ring.#timer = setInterval(() => void ring.reload().catch((error: unknown) => {
      process.stderr.write(`limen: could not reload signing keys: ${String(error)}\n`);
    }), every);
    ring.#timer.unref();
    return ring;
  }

  /** Re-reads the keys now; concurrent callers share one read. */
  #version = 0;

  /** Moves whenever the set of keys changes, so derived views (a JWKS) know to rebuild. */
  get version(): number {
    return this.#version;
  }

  reload(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        const keys = await readSigningKeys(this.#db, this.#masterKey);
        this.#lastLoad = Date.now();
        const selection = selectKeys(keys, new Date(), this.#options.maxTokenLifetimeSeconds);
        const fingerprint = JSON.stringify([
          [...selection.signing.values()].map((k) => k.kid),
          selection.published.map((k) => k.kid),
        ]);
        this.#selection = selection;
        if (fingerprint !== this.#fingerprint) {
          this.#version++;
          const first = this.#fingerprint === '';
          this.#fingerprint = fingerprint;
          if (!first) this.#options.onChange?.(this);
        }
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }

  /**
   * Re-reads for a token with an unknown kid, at most once per `minIntervalMs`: a caller that
   * comes sooner waits for the next slot and shares that read, so a flood of made-up kids costs
   * one query per interval and a genuinely new key is found within it.
   */
  async reloadSoon(minIntervalMs = 1_000): Promise<void> {
    const asked = Date.now();
    const wait = this.#lastLoad + minIntervalMs - asked;
    if (wait > 0) await sleep(wait);
    if (this.#lastLoad >= asked) return; // someone else read after we asked
    await this.reload();
  }

  signingKid(alg: SigningAlg): string {
    const key = this.#selection.signing.get(alg);
    if (!key) throw new Error(`no ${alg} signing key`);
    return key.kid;
  }

  /** Private JWKs for the provider, the signing key of each algorithm first. */
  providerKeys(): JWK[] {
    const signing = [...this.#selection.signing.values()];
    const rest = this.#selection.published.filter((k) => !signing.includes(k));
    return [...signing, ...rest].map((k) => k.jwk);
  }

  /** Public JWKs of every published key. */
  publicKeys(): JWK[] {
    return this.providerKeys().map(publicJwk);
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
