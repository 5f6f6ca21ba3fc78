/**
 * Tokens kept until shortly before they expire, and one request in flight per key: a hundred
 * concurrent calls for the same token make one token request, not a hundred.
 */
export interface CachedToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** When to fetch a new one instead (epoch milliseconds): before it expires, see refreshTime. */
  refreshAt: number;
  scope: string | undefined;
  tokenType: string;
}

export class TokenCache {
  readonly #tokens = new Map<string, CachedToken>();
  readonly #inFlight = new Map<string, Promise<CachedToken>>();
  readonly #now: () => number;
  readonly #maxEntries: number;

  constructor(options: { now?: () => number; maxEntries?: number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxEntries = options.maxEntries ?? 1000;
  }

  /** The cached token for `key` until its refresh time; then the result of `fetch`. */
  async get(key: string, fetch: () => Promise<CachedToken>): Promise<CachedToken> {
    const cached = this.#tokens.get(key);
    if (cached && this.#now() < cached.refreshAt) return cached;
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = fetch().then((token) => {
        if (this.#tokens.size >= this.#maxEntries) this.#tokens.delete(this.#tokens.keys().next().value!);
        this.#tokens.set(key, token);
        return token;
      }).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  clear(): void {
    this.#tokens.clear();
  }
}

/**
 * When to replace a token that lives `lifetimeMs` from `now`: `marginMs` before it expires, or a
 * quarter of its lifetime before, whichever is sooner to expiry (so a 5-minute token is not
 * refetched on every call under a 5-minute margin).
 */
export function refreshTime(now: number, lifetimeMs: number, marginMs: number): number {
  return now + lifetimeMs - Math.min(marginMs, lifetimeMs / 4);
}
