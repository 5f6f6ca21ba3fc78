/**
 * Each user's authenticator apps (Graph's softwareOathAuthenticationMethod). The secret is
 * sealed under the master key, bound to the row's id, and never returned by the API (Graph
 * answers `secretKey: null`). A row counts only once verified with a right code.
 */
import { randomUUID } from 'node:crypto';
import type { Db, SoftwareOathMethodRow } from '../store/index.ts';
import type { SecretBox } from './secret-box.ts';
import { generateTotpSecret, totpMatchingStep, type TotpSecret } from './totp.ts';

export interface SoftwareOathMethod {
  id: string;
  userId: string;
  createdDateTime: string;
  verified: boolean;
  lastUsedDateTime: string | null;
}

/** A pending app must be confirmed within this time, like the 10-minute TAP registration window. */
export const pendingOathMinutes = 10;
/** Unconfirmed setups kept per user. */
const maxPendingPerUser = 3;
/** Entra lets a user hold up to five software OATH tokens. */
export const maxOathMethodsPerUser = 5;

const fromRow = (r: SoftwareOathMethodRow): SoftwareOathMethod => ({
  id: r.id,
  userId: r.user_id,
  createdDateTime: r.created_date_time,
  verified: Number(r.verified) === 1,
  lastUsedDateTime: r.last_used_date_time,
});

export type OathCheck =
  | { ok: true; method: SoftwareOathMethod }
  | { ok: false; reason: 'wrongCode' | 'replayed' };

export interface SoftwareOathRepository {
  /** Verified apps only. */
  listForUser(userId: string): Promise<SoftwareOathMethod[]>;
  get(userId: string, id: string): Promise<SoftwareOathMethod | undefined>;
  /** A new pending app with a fresh secret, shown once to be scanned. */
  begin(userId: string, now: Date): Promise<{ method: SoftwareOathMethod; secret: TotpSecret }>;
  /** The secret of a pending app still in its window, to show the setup page again after a wrong code. */
  pendingSecret(userId: string, id: string, now: Date): Promise<TotpSecret | undefined>;
  /** Confirms a pending app with a code from it; false when wrong, expired or already confirmed. */
  confirm(userId: string, id: string, code: string, now: Date): Promise<boolean>;
  /** A sign-in's second step: any of the user's verified apps; each code is accepted once. */
  verify(userId: string, code: string, now: Date): Promise<OathCheck>;
  remove(userId: string, id: string): Promise<boolean>;
  /** Removes every app of a user (the user is being deleted). */
  removeAllForUser(userId: string): Promise<void>;
  /** The stored form, for the test that proves no plaintext secret is kept. */
  sealedSecretOf(id: string): Promise<string | undefined>;
}

/**
 * `box` may be left out where secrets are never read or written (the admin API lists and
 * deletes apps only); using one then is a programming error.
 */
export function createSoftwareOathRepository(db: Db, secretBox?: SecretBox): SoftwareOathRepository {
  const box = (): SecretBox => {
    if (!secretBox) throw new Error('createSoftwareOathRepository: this use needs the secret box');
    return secretBox;
  };
  const context = (id: string) => `software-oath:${id}`;
  const secretOf = (r: SoftwareOathMethodRow): TotpSecret => ({ base32: box().open(r.secret_sealed, context(r.id)) });
  const pendingCutoff = (now: Date) => new Date(now.getTime() - pendingOathMinutes * 60_000).toISOString();

  /** Accepts a code's step only if it is later than the last one used (compare-and-set). */
  async function markUsed(r: SoftwareOathMethodRow, step: number, now: Date, confirm: boolean): Promise<boolean> {
    let q = db.updateTable('software_oath_methods')
      .set({ last_used_step: step, last_used_date_time: confirm ? null : now.toISOString(), ...(confirm ? { verified: 1 as const } : {}) })
      .where('id', '=', r.id);
    q = r.last_used_step === null ? q.where('last_used_step', 'is', null) : q.where('last_used_step', '=', r.last_used_step);
    return Number((await q.executeTakeFirst()).numUpdatedRows) > 0;
  }

  const pending = (userId: string, id: string, now: Date) => db.selectFrom('software_oath_methods').selectAll()
    .where('user_id', '=', userId).where('id', '=', id).where('verified', '=', 0)
    .where('created_date_time', '>=', pendingCutoff(now)).executeTakeFirst();

  return {
    async listForUser(userId) {
      const rows = await db.selectFrom('software_oath_methods').selectAll()
        .where('user_id', '=', userId).where('verified', '=', 1).orderBy('created_date_time').execute();
      return rows.map(fromRow);
    },
    async get(userId, id) {
      const row = await db.selectFrom('software_oath_methods').selectAll()
        .where('user_id', '=', userId).where('id', '=', id).where('verified', '=', 1).executeTakeFirst();
      return row && fromRow(row);
    },
    async begin(userId, now) {
      // Abandoned attempts are swept here rather than by a timer.
      await db.deleteFrom('software_oath_methods').where('user_id', '=', userId).where('verified', '=', 0)
        .where('created_date_time', '<', pendingCutoff(now)).execute();
      const id = randomUUID();
      const secret = generateTotpSecret();
      const row: SoftwareOathMethodRow = {
        id, user_id: userId, secret_sealed: box().seal(secret.base32, context(id)),
        created_date_time: now.toISOString(), verified: 0, last_used_step: null, last_used_date_time: null,
      };
      await db.insertInto('software_oath_methods').values(row).execute();
      // A few setups may be open at once (tabs); older ones are dropped rather than piling up.
      const stale = await db.selectFrom('software_oath_methods').select('id').where('user_id', '=', userId).where('verified', '=', 0)
        .orderBy('created_date_time', 'desc').orderBy('id').offset(maxPendingPerUser).limit(100).execute();
      if (stale.length) await db.deleteFrom('software_oath_methods').where('id', 'in', stale.map((r) => r.id)).execute();
      return { method: fromRow(row), secret };
    },
    async pendingSecret(userId, id, now) {
      const row = await pending(userId, id, now);
      return row && secretOf(row);
    },
    async confirm(userId, id, code, now) {
      const row = await pending(userId, id, now);
      const step = row && totpMatchingStep(secretOf(row), code, now);
      return step !== undefined && markUsed(row!, step, now, true);
    },
    async verify(userId, code, now) {
      const rows = await db.selectFrom('software_oath_methods').selectAll()
        .where('user_id', '=', userId).where('verified', '=', 1).execute();
      for (const row of rows) {
        const step = totpMatchingStep(secretOf(row), code, now);
        if (step === undefined) continue;
        if (row.last_used_step !== null && step <= Number(row.last_used_step)) return { ok: false, reason: 'replayed' };
        if (!(await markUsed(row, step, now, false))) return { ok: false, reason: 'replayed' }; // a concurrent sign-in took it
        return { ok: true, method: { ...fromRow(row), lastUsedDateTime: now.toISOString() } };
      }
      return { ok: false, reason: 'wrongCode' };
    },
    async remove(userId, id) {
      const r = await db.deleteFrom('software_oath_methods').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async removeAllForUser(userId) {
      await db.deleteFrom('software_oath_methods').where('user_id', '=', userId).execute();
    },
    async sealedSecretOf(id) {
      const row = await db.selectFrom('software_oath_methods').select('secret_sealed').where('id', '=', id).executeTakeFirst();
      return row?.secret_sealed;
    },
  };
}
