import Provider from 'oidc-provider';
import { readAuditHead } from '../logs/index.ts';
import type { Db } from '../store/index.ts';

/**
 * What the token endpoint reads of the directory (clients, their secrets, resources, role
 * assignments), kept between requests without ever going stale.
 *
 * Every directory change writes its audit record in the same transaction, and the audit log's
 * head (`seq`) moves with it: the head is the directory's version. One indexed read of it per
 * request tells whether a cached value still holds, in this process and every other one on the
 * same database. A change committed before the request began is always seen.
 */
export class DirectoryCache {
  readonly #db: Db;
  readonly #entries = new Map<string, { version: number; value: Promise<unknown> }>();
  readonly #versionOfRequest = new WeakMap<object, Promise<number>>();

  constructor(db: Db) {
    this.#db = db;
  }

  /** The directory version, read once per protocol request (oidc-provider's current context). */
  version(): Promise<number> {
    const ctx = Provider.ctx as object | undefined;
    const known = ctx && this.#versionOfRequest.get(ctx);
    if (known) return known;
    const version = readAuditHead(this.#db).then((head) => head?.seq ?? 0);
    if (ctx) this.#versionOfRequest.set(ctx, version);
    return version;
  }

  /** The value under `key` at the current version, loaded when absent or outdated. */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const version = await this.version();
    const hit = this.#entries.get(key);
    if (hit && hit.version === version) return hit.value as Promise<T>;
    // Bounded: keys are clients, resources and principals; a full clear only costs reloads.
    if (this.#entries.size >= maxEntries) this.#entries.clear();
    const value = load();
    this.#entries.set(key, { version, value });
    value.catch(() => this.#entries.delete(key));
    return value;
  }
}

const maxEntries = 10_000;
