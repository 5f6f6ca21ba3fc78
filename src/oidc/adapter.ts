import { hash } from 'node:crypto';
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { Db } from '../store/index.ts';
import { hasNul } from './nul.ts';
import { open, seal, SealedBoxError } from './sealed-box.ts';

/**
 * oidc-provider's storage contract over one table, `oidc_payloads`: sessions, interactions,
 * grants, codes, refresh tokens, device codes, replay markers… one row per (model, id), the
 * payload as JSON text. One code path for SQLite and PostgreSQL: the upsert is
 * `insert … on conflict (model, id) do update`. Rows past `expires_at` read as absent and are
 * swept periodically (see `sweepExpiredPayloads`).
 *
 * No row holds a value that works as a credential: codes, tokens, session cookies, device codes
 * and interaction ids are stored under their SHA-256, and where oidc-provider needs the value
 * back from another key (a session by `uid`, a device code by `userCode`) it is sealed under the
 * master key. A copy of the database without the master key signs no one in.
 * @see https://github.com/panva/node-oidc-provider/blob/v9.13.3/example/my_adapter.js
 */
const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Models whose id is itself a bearer credential held by a client (the code or token value) and
 * is only ever looked up by that value. Their rows keep a SHA-256 of it, never the value (the
 * payload's `jti` is dropped on write and restored on read), so a copy of the database holds no
 * usable refresh token or code. The values are 256-bit random, so a fast hash is enough.
 */
const hashedModels = new Set([
  'AuthorizationCode', 'RefreshToken', 'AccessToken', 'ClientCredentials',
  'PushedAuthorizationRequest', 'BackchannelAuthenticationRequest',
]);

/**
 * Hashed too, but also found by another key, after which oidc-provider saves the model back under
 * its `jti`: a session by `uid`, a device code by `userCode`. The `jti` (the session cookie, the
 * device code a client polls with) is kept sealed beside the row, so those finds can restore it.
 */
const sealedJtiModels = new Set(['Session', 'DeviceCode']);

/**
 * Hashed, and the whole payload sealed: an interaction's id is its cookie, and its payload names
 * the session cookie (`session.cookie`) and the device code being approved. It is only ever found
 * by id, and nothing else reads it.
 */
const sealedPayloadModels = new Set(['Interaction']);

/** Rows of these models were kept under their plain id before; they still read until saved again or expired. */
const legacyPlainModels = new Set([...sealedJtiModels, ...sealedPayloadModels]);

const keyHashedModels = new Set([...hashedModels, ...legacyPlainModels]);

const sealPurpose = 'limen oidc payload secrets v1';

/**
 * Rows read under their plain id (`model id`), so the next save of the same id also removes the
 * plain row. Only rows an older Limen wrote get here, so saves of every other session cost no
 * extra delete; a plain row another process read and this one saved stays until it expires,
 * harmless: every find prefers the row under the hash.
 */
const legacyRowsRead = new Set<string>();
const hashPrefix = 'sha256:';

interface PayloadRow {
  id: string;
  payload: string;
  consumed_at: number | null;
}

export class PayloadAdapter implements Adapter {
  readonly #db: Db;
  readonly #model: string;
  readonly #masterKey: Buffer;

  constructor(db: Db, model: string, masterKey: Buffer) {
    this.#db = db;
    this.#model = model;
    this.#masterKey = masterKey;
  }

  /** The row id: the value itself, or its hash for models whose id is a credential. */
  #key(id: string): string {
    return this.#hashed ? `${hashPrefix}${hash('sha256', id, 'base64url')}` : id;
  }

  /** The rows an id may live in: its key, and for models that kept plain ids, the plain id. */
  #keys(id: string): string[] {
    return legacyPlainModels.has(this.#model) && !hasNul(id) ? [this.#key(id), id] : [this.#key(id)];
  }

  get #hashed(): boolean {
    return keyHashedModels.has(this.#model);
  }

  /** Additional data for sealed values: a sealed value copied onto another row does not open. */
  #context(key: string): string {
    return `oidc_payloads ${this.#model} ${key}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const key = this.#key(id);
    const bare = this.#hashed ? { ...payload, jti: undefined } : payload;
    const stored = sealedPayloadModels.has(this.#model)
      ? { sealed: seal(this.#masterKey, JSON.stringify(bare), this.#context(key), sealPurpose) }
      : sealedJtiModels.has(this.#model)
        ? { ...bare, sealedJti: seal(this.#masterKey, id, this.#context(key), sealPurpose) }
        : bare;
    const row = {
      payload: JSON.stringify(stored),
      grant_id: payload.grantId ?? null,
      user_code: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expires_at: typeof expiresIn === 'number' ? nowSeconds() + expiresIn : null,
      consumed_at: null,
    };
    await this.#db.insertInto('oidc_payloads')
      .values({ model: this.#model, id: key, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
    // A session (device code, interaction) written by an older Limen now lives under its hash: its plain row goes.
    if (legacyRowsRead.delete(`${this.#model} ${id}`)) {
      await this.#db.deleteFrom('oidc_payloads').where('model', '=', this.#model).where('id', '=', id).execute();
    }
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (hasNul(id)) return undefined;
    return this.#newest(await this.#rowsWhere('id', this.#keys(id)), id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    if (hasNul(uid)) return undefined;
    return this.#newest(await this.#rowsWhere('uid', [uid]));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    if (hasNul(userCode)) return undefined;
    return this.#newest(await this.#rowsWhere('user_code', [userCode]));
  }

  /** The row under the hash when an older Limen's plain row is there too; a plain one is noted for removal at the next save. */
  #newest(rows: PayloadRow[], id?: string): AdapterPayload | undefined {
    const row = rows.find((r) => r.id.startsWith(hashPrefix)) ?? rows[0];
    if (!row) return undefined;
    if (legacyPlainModels.has(this.#model) && !row.id.startsWith(hashPrefix)) legacyRowsRead.add(`${this.#model} ${row.id}`);
    return this.#restore(row, id);
  }

  /**
   * Marks a code or refresh token used, atomically: of two concurrent redemptions (one process or
   * two), only the first succeeds. The loser is treated as reuse (RFC 9700 §4.14.2, RFC 6749
   * §4.1.2): the whole grant is revoked and the request refused.
   */
  async consume(id: string): Promise<void> {
    const result = await this.#db.updateTable('oidc_payloads').set({ consumed_at: nowSeconds() })
      .where('model', '=', this.#model).where('id', 'in', this.#keys(id)).where('consumed_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return;
    const row = await this.#db.selectFrom('oidc_payloads').select('grant_id')
      .where('model', '=', this.#model).where('id', 'in', this.#keys(id)).executeTakeFirst();
    if (row?.grant_id) {
      await this.#db.deleteFrom('oidc_payloads')
        .where((e) => e.or([e('grant_id', '=', row.grant_id), e.and([e('model', '=', 'Grant'), e('id', '=', row.grant_id)])]))
        .execute();
    }
    throw new errors.InvalidGrant(`${this.#model === 'RefreshToken' ? 'refresh token' : 'grant'} already used`);
  }

  async destroy(id: string): Promise<void> {
    await this.#db.deleteFrom('oidc_payloads').where('model', '=', this.#model).where('id', 'in', this.#keys(id)).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.#db.deleteFrom('oidc_payloads')
      .where('model', '=', this.#model).where('grant_id', '=', grantId).execute();
  }

  #rowsWhere(column: 'id' | 'uid' | 'user_code', values: string[]): Promise<PayloadRow[]> {
    return this.#db.selectFrom('oidc_payloads')
      .select(['id', 'payload', 'consumed_at'])
      .where('model', '=', this.#model)
      .where(column, 'in', values)
      .where((e) => e.or([e('expires_at', 'is', null), e('expires_at', '>', nowSeconds())]))
      .execute();
  }

  /**
   * The payload as oidc-provider wrote it: `jti` back from the id it was found by, or unsealed
   * when found by another key. A row that does not open under this master key (a database copied
   * from another Limen) reads as absent.
   */
  #restore(row: PayloadRow, id?: string): AdapterPayload | undefined {
    let payload = JSON.parse(row.payload) as AdapterPayload;
    if (this.#hashed && row.id.startsWith(hashPrefix)) {
      try {
        if (sealedPayloadModels.has(this.#model)) {
          payload = JSON.parse(open(this.#masterKey, String(payload.sealed), this.#context(row.id), sealPurpose)) as AdapterPayload;
        }
        let jti = id;
        if (sealedJtiModels.has(this.#model)) {
          const { sealedJti, ...rest } = payload;
          payload = rest;
          jti ??= open(this.#masterKey, String(sealedJti), this.#context(row.id), sealPurpose);
        }
        payload = { ...payload, jti };
      } catch (error) {
        if (error instanceof SealedBoxError) return undefined;
        throw error;
      }
    }
    // oidc-provider learns that a code or refresh token was used from `consumed`.
    return row.consumed_at === null ? payload : { ...payload, consumed: row.consumed_at };
  }
}

/** Deletes expired rows; returns how many. Run periodically by the provider. */
export async function sweepExpiredPayloads(db: Db): Promise<number> {
  const result = await db.deleteFrom('oidc_payloads').where('expires_at', '<=', nowSeconds()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
