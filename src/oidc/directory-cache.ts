import Provider from 'oidc-provider';
import { auditHeadReader, type AuditHead } from '../logs/index.ts';
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
  readonly #readHead: () => Promise<AuditHead | undefined>;
  readonly #entries = new Map<string, { version: number; value: Promise<unknown> }>();
  readonly #versionOfRequest = new WeakMap<object, Promise<number>>();
  /** The next version read, scheduled but not yet started. */
  #nextRead: Promise<number> | undefined;

  constructor(db: Db) {
    this.#readHead = auditHeadReader(db);
  }

  /** The directory version, read once per protocol request (oidc-provider's current context). */
  version(): Promise<number> {
    const ctx = Provider.ctx as object | undefined;
    const known = ctx && this.#versionOfRequest.get(ctx);
    if (known) return known;
    const version = this.#read();
    if (ctx) this.#versionOfRequest.set(ctx, version);
    return version;
  }

  /**
   * One read shared by every caller that asks before it starts. It starts after the current
   * event-loop turn, so after each of those requests began: each still sees every change
   * committed before it began. Under load, the requests that arrive in one turn share one read.
   */
  #read(): Promise<number> {
    this.#nextRead ??= new Promise<number>((resolve) => {
      setImmediate(() => {
        this.#nextRead = undefined; // from here on, callers need a read that starts after them
        resolve(this.#readHead().then((head) => head?.seq ?? 0));
      });
    });
    return this.#nextRead;
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
