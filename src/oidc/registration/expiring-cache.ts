/**
 * A bounded cache of promises with a lifetime each: concurrent askers share one load, a failed
 * load is remembered too (so a bad URL cannot make Limen fetch it on every request), and when
 * full the oldest entry goes.
 */
export class ExpiringCache<T> {
  readonly #entries = new Map<string, { expires: number; value: Promise<T> }>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  /**
   * The value under `key`, loaded when absent or expired. `lifetimeMs` decides, once the load
   * settles, how long its result (or failure) is kept.
   */
  get(key: string, load: () => Promise<T>, lifetimeMs: (result: PromiseSettledResult<T>) => number): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    if (hit) this.#entries.delete(key);
    while (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    const value = load();
    // In flight: kept until settled, then for its lifetime.
    const entry = { expires: Number.POSITIVE_INFINITY, value };
    this.#entries.set(key, entry);
    const settle = (result: PromiseSettledResult<T>) => {
      entry.expires = Date.now() + lifetimeMs(result);
    };
    value.then((v) => settle({ status: 'fulfilled', value: v }), (reason: unknown) => settle({ status: 'rejected', reason }));
    return value;
  }
}
