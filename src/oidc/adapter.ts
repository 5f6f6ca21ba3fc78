import { hash } from 'node:crypto';
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { Db } from '../store/index.ts';
import { hasNul } from './nul.ts';

/**
 * oidc-provider's storage contract over one table, `oidc_payloads`: sessions, interactions,
 * grants, codes, refresh tokens, device codes, replay markers… one row per (model, id), the
 * payload as JSON text. One code path for SQLite and PostgreSQL: the upsert is
 * `insert … on conflict (model, id) do update`. Rows past `expires_at` read as absent and are
 * swept periodically (see `sweepExpiredPayloads`).
 * @see https://github.com/panva/node-oidc-provider/blob/v9.13.3/example/my_adapter.js
 */
const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Models whose id is itself a bearer credential held by a client (the code or token value) and
 * is only ever looked up by that value. Their rows keep a SHA-256 of it, never the value (the
 * payload's `jti` is dropped on write and restored on read), so a copy of the database holds no
 * usable refresh token or code. The values are 256-bit random, so a fast hash is enough.
 * Sessions and device codes are also found by `uid`/`userCode` and keep their ids.
 */
const hashedModels = new Set([
  'AuthorizationCode', 'RefreshToken', 'AccessToken', 'ClientCredentials',
  'PushedAuthorizationRequest', 'BackchannelAuthenticationRequest',
]);

export class PayloadAdapter implements Adapter {
  readonly #db: Db;
  readonly #model: string;

  constructor(db: Db, model: string) {
    this.#db = db;
    this.#model = model;
  }

  /** The row id: the value itself, or its hash for credential models. */
  #key(id: string): string {
    return this.#hashed ? `sha256:${hash('sha256', id, 'base64url')}` : id;
  }

  get #hashed(): boolean {
    return hashedModels.has(this.#model);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const stored = this.#hashed ? { ...payload, jti: undefined } : payload;
    const row = {
      payload: JSON.stringify(stored),
      grant_id: payload.grantId ?? null,
      user_code: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expires_at: typeof expiresIn === 'number' ? nowSeconds() + expiresIn : null,
      consumed_at: null,
    };
    await this.#db.insertInto('oidc_payloads')
      .values({ model: this.#model, id: this.#key(id), ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const payload = await this.#findWhere('id', this.#key(id));
    return payload && this.#hashed ? { ...payload, jti: id } : payload;
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere('uid', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere('user_code', userCode);
  }

  /**
   * Marks a code or refresh token used, atomically: of two concurrent redemptions (one process or
   * two), only the first succeeds. The loser is treated as reuse (RFC 9700 §4.14.2, RFC 6749
   * §4.1.2): the whole grant is revoked and the request refused.
   */
  async consume(id: string): Promise<void> {
    const result = await this.#db.updateTable('oidc_payloads').set({ consumed_at: nowSeconds() })
      .where('model', '=', this.#model).where('id', '=', this.#key(id)).where('consumed_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return;
    const row = await this.#db.selectFrom('oidc_payloads').select('grant_id')
      .where('model', '=', this.#model).where('id', '=', this.#key(id)).executeTakeFirst();
    if (row?.grant_id) {
      await this.#db.deleteFrom('oidc_payloads')
        .where((e) => e.or([e('grant_id', '=', row.grant_id), e.and([e('model', '=', 'Grant'), e('id', '=', row.grant_id)])]))
        .execute();
    }
    throw new errors.InvalidGrant(`${this.#model === 'RefreshToken' ? 'refresh token' : 'grant'} already used`);
  }

  async destroy(id: string): Promise<void> {
    await this.#db.deleteFrom('oidc_payloads').where('model', '=', this.#model).where('id', '=', this.#key(id)).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.#db.deleteFrom('oidc_payloads')
      .where('model', '=', this.#model).where('grant_id', '=', grantId).execute();
  }

  async #findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
    if (hasNul(value)) return undefined;
    const row = await this.#db.selectFrom('oidc_payloads')
      .select(['payload', 'consumed_at'])
      .where('model', '=', this.#model)
      .where(column, '=', value)
      .where((e) => e.or([e('expires_at', 'is', null), e('expires_at', '>', nowSeconds())]))
      .executeTakeFirst();
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    // oidc-provider learns that a code or refresh token was used from `consumed`.
    return row.consumed_at === null ? payload : { ...payload, consumed: row.consumed_at };
  }
}

/** Deletes expired rows; returns how many. Run periodically by the provider. */
export async function sweepExpiredPayloads(db: Db): Promise<number> {
  const result = await db.deleteFrom('oidc_payloads').where('expires_at', '<=', nowSeconds()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
