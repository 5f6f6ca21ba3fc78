import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Db } from '../store/index.ts';
import { open, seal } from './sealed-box.ts';

/**
 * Token signing keys in `signing_keys`, private halves sealed under the master key.
 *
 * Lifecycle of a key, per algorithm:
 * - it signs while it is the oldest key not yet retired (`retired_at` null or in the future);
 * - after `retired_at` it no longer signs but stays published in the JWKS until every token it
 *   signed has expired (`retired_at` + the longest token lifetime), then it is dropped.
 * A rotation therefore publishes the new key first and lets the old one keep signing for an
 * overlap, so every process has the new key in its JWKS before any token carries it.
 */
export type SigningAlg = 'ES256' | 'RS256';
export const signingAlgs: readonly SigningAlg[] = ['ES256', 'RS256'];

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  /** The private JWK, with kid, alg and use set. */
  jwk: JWK;
  createdAt: Date;
  retiredAt: Date | null;
}

const generate = promisify(generateKeyPair);

async function newKey(alg: SigningAlg): Promise<SigningKey> {
  const { privateKey } = alg === 'ES256'
    ? await generate('ec', { namedCurve: 'P-256' })
    : await generate('rsa', { modulusLength: 2048 });
  const raw = privateKey.export({ format: 'jwk' }) as JWK;
  // RFC 7638 thumbprint: the kid is stable and derived from the public key only.
  const kid = await calculateJwkThumbprint(raw);
  return { kid, alg, jwk: { ...raw, kid, alg, use: 'sig' }, createdAt: new Date(), retiredAt: null };
}

async function insert(db: Db, masterKey: Buffer, key: SigningKey): Promise<void> {
  await db.insertInto('signing_keys').values({
    kid: key.kid,
    alg: key.alg,
    encrypted_jwk: seal(masterKey, JSON.stringify(key.jwk), `${key.kid}.${key.alg}`),
    created_at: key.createdAt.toISOString(),
    retired_at: null,
  }).execute();
}

export async function readSigningKeys(db: Db, masterKey: Buffer): Promise<SigningKey[]> {
  const rows = await db.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('kid').execute();
  return rows.map((row) => ({
    kid: row.kid,
    alg: row.alg as SigningAlg,
    jwk: JSON.parse(open(masterKey, row.encrypted_jwk, `${row.kid}.${row.alg}`)) as JWK,
    createdAt: new Date(row.created_at),
    retiredAt: row.retired_at ? new Date(row.retired_at) : null,
  }));
}

const isActive = (key: SigningKey, now: Date) => key.retiredAt === null || key.retiredAt > now;

/**
 * Creates the first key of each algorithm. Safe when several processes start at once on one
 * database: a `settings` row claimed with insert-if-absent decides which process's key is stored,
 * in the same transaction, and everyone re-reads afterwards.
 */
export async function ensureSigningKeys(db: Db, masterKey: Buffer, algs: readonly SigningAlg[] = signingAlgs): Promise<void> {
  for (const alg of algs) {
    const has = async () => (await readSigningKeys(db, masterKey)).some((k) => k.alg === alg && isActive(k, new Date()));
    if (await has()) continue;
    const key = await newKey(alg);
    await db.transaction().execute(async (trx) => {
      const claim = await trx.insertInto('settings')
        .values({ key: `oidc.signingKeySeed.${alg}`, value: key.kid })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (claim) await insert(trx, masterKey, key);
    });
    // Seeded long ago but every key of this algorithm has since been retired by hand: start over.
    if (!(await has())) await insert(db, masterKey, key);
  }
}

export interface RotateOptions {
  alg?: SigningAlg;
  /**
   * Seconds the old key keeps signing while the new one is already published, so processes
   * that reload keys periodically learn the new key before tokens carry it. Use 0 only when
   * the old key is compromised (tokens signed by a new key may then fail on processes that have
   * not reloaded yet, for up to their reload interval).
   * @default 120, twice the key reload interval of a running server
   */
  overlapSeconds?: number;
}

/** Creates a new key for `alg` and retires the ones before it. Returns the new kid. */
export async function rotateSigningKey(db: Db, masterKey: Buffer, options: RotateOptions = {}): Promise<string> {
  const alg = options.alg ?? 'ES256';
  const retireAt = new Date(Date.now() + (options.overlapSeconds ?? 120) * 1000).toISOString();
  const key = await newKey(alg);
  const rotate = async (trx: Db) => {
    await trx.updateTable('signing_keys').set({ retired_at: retireAt })
      .where('alg', '=', alg)
      .where((e) => e.or([e('retired_at', 'is', null), e('retired_at', '>', retireAt)]))
      .execute();
    await insert(trx, masterKey, key);
  };
  // Inside a caller's transaction (so the audit record commits with it), or in one of its own.
  await (db.isTransaction ? rotate(db) : db.transaction().execute(rotate));
  return key.kid;
}

export interface KeySelection {
  /** The key each algorithm signs with now. */
  signing: Map<SigningAlg, SigningKey>;
  /** Keys whose signatures may still be live: signing, overlapping and recently retired. */
  published: SigningKey[];
}

export function selectKeys(keys: readonly SigningKey[], now: Date, maxTokenLifetimeSeconds: number): KeySelection {
  const signing = new Map<SigningAlg, SigningKey>();
  for (const key of keys) {
    if (isActive(key, now) && !signing.has(key.alg)) signing.set(key.alg, key);
  }
  const published = keys.filter((k) =>
    isActive(k, now) || k.retiredAt!.getTime() + maxTokenLifetimeSeconds * 1000 > now.getTime());
  return { signing, published };
}

/** The public half of a JWK: what the JWKS shows and what verification needs. */
export function publicJwk(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, ...pub } = jwk;
  return pub;
}
