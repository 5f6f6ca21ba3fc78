/**
 * Temporary Access Pass (TAP), as Entra's: a time-limited code an administrator issues so a user
 * can sign in without a password (and, later, register a passkey). The policy is Graph's
 * temporaryAccessPassAuthenticationMethodConfiguration, stored in `settings`; each user has at
 * most one pass, stored only as a keyed HMAC-SHA256 (the code is short, so a plain hash could be
 * brute-forced offline) under a per-tenant secret also in `settings`.
 */
import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { methodPolicyTargets, type MethodExcludeTarget, type MethodIncludeTarget } from './method-targets.ts';
import { readPolicySetting, writePolicySetting } from './policy-setting.ts';
import type { Db, TemporaryAccessPassRow } from '../store/index.ts';

export const tapPolicyKey = 'authn.policy.temporaryAccessPass';
const tapSecretKey = 'authn.tapSecret';

export type TapIncludeTarget = MethodIncludeTarget;
export type TapExcludeTarget = MethodExcludeTarget;

/** Graph's temporaryAccessPassAuthenticationMethodConfiguration. */
export interface TapPolicy {
  id: 'TemporaryAccessPass';
  state: 'enabled' | 'disabled';
  defaultLifetimeInMinutes: number;
  defaultLength: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  isUsableOnce: boolean;
  includeTargets: TapIncludeTarget[];
  excludeTargets: TapExcludeTarget[];
}

/**
 * Entra's defaults: disabled, 60 minutes (60..480), 8 characters, reusable, all users. Read by a
 * tenant that never stored a policy (one older than Limen's own default); a new tenant stores
 * Limen's default, enabled (newTenantTapPolicy in src/admin/new-tenant-defaults.ts).
 */
export const defaultTapPolicy = (): TapPolicy => ({
  id: 'TemporaryAccessPass',
  state: 'disabled',
  defaultLifetimeInMinutes: 60,
  defaultLength: 8,
  minimumLifetimeInMinutes: 60,
  maximumLifetimeInMinutes: 480,
  isUsableOnce: false,
  includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
  excludeTargets: [],
});

/** The schema's bounds (Graph): lifetimes 10..43200 minutes, length 8..48. */
export const tapBounds = { lifetime: { min: 10, max: 43200 }, length: { min: 8, max: 48 } } as const;

export const readTapPolicy = (db: Db): Promise<TapPolicy> => readPolicySetting(db, tapPolicyKey, defaultTapPolicy);

export const writeTapPolicy = (db: Db, policy: TapPolicy): Promise<void> => writePolicySetting(db, tapPolicyKey, policy);

/** Whether the policy targets a user in these groups (transitively): exclusion wins. */
export function tapPolicyTargets(policy: TapPolicy, groupIds: readonly string[]): boolean {
  return methodPolicyTargets(policy, groupIds);
}

/** Letters and digits without look-alikes (0/O, 1/l/I). */
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export function generateTapCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}

export type TapUsabilityReason = 'EnabledByPolicy' | 'DisabledByPolicy' | 'Expired' | 'NotYetValid' | 'OneTimeUsed';

export interface TemporaryAccessPass {
  id: string;
  userId: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  usedAt: string | null;
}

export const tapEnd = (tap: TemporaryAccessPass): Date =>
  new Date(Date.parse(tap.startDateTime) + tap.lifetimeInMinutes * 60_000);

/** Why a pass may or may not sign in now; `enabledByPolicy` is tapPolicyTargets for its user. */
export function tapUsability(tap: TemporaryAccessPass, enabledByPolicy: boolean, now: Date): TapUsabilityReason {
  if (tap.isUsableOnce && tap.usedAt) return 'OneTimeUsed';
  if (now.getTime() < Date.parse(tap.startDateTime)) return 'NotYetValid';
  if (now.getTime() >= tapEnd(tap).getTime()) return 'Expired';
  return enabledByPolicy ? 'EnabledByPolicy' : 'DisabledByPolicy';
}

/** Graph's temporaryAccessPassAuthenticationMethod; the code only in the create response. */
export function tapResource(tap: TemporaryAccessPass, enabledByPolicy: boolean, now: Date, code: string | null = null) {
  const reason = tapUsability(tap, enabledByPolicy, now);
  return {
    id: tap.id,
    temporaryAccessPass: code,
    createdDateTime: tap.createdDateTime,
    startDateTime: tap.startDateTime,
    lifetimeInMinutes: tap.lifetimeInMinutes,
    isUsableOnce: tap.isUsableOnce,
    isUsable: reason === 'EnabledByPolicy',
    methodUsabilityReason: reason,
  };
}

const fromRow = (r: TemporaryAccessPassRow): TemporaryAccessPass => ({
  id: r.id,
  userId: r.user_id,
  createdDateTime: r.created_date_time,
  startDateTime: r.start_date_time,
  lifetimeInMinutes: Number(r.lifetime_in_minutes),
  isUsableOnce: Number(r.is_usable_once) === 1,
  usedAt: r.used_at,
});

export interface TapRepository {
  /** Issues a pass, replacing the user's previous one; returns it with its code (shown once). */
  issue(input: { userId: string; startDateTime: Date; lifetimeInMinutes: number; isUsableOnce: boolean; length: number; now: Date }): Promise<{ tap: TemporaryAccessPass; code: string }>;
  getForUser(userId: string): Promise<TemporaryAccessPass | undefined>;
  remove(userId: string, id: string): Promise<boolean>;
  /** Whether `code` is the user's pass (constant-time comparison of HMACs). */
  matches(userId: string, code: string): Promise<TemporaryAccessPass | undefined>;
  /** Marks a one-time pass used; false when it already was (compare-and-set). */
  consume(id: string, now: Date): Promise<boolean>;
  /** The stored hash, for tests that check nothing but a hash is kept. */
  codeHashOf(id: string): Promise<string | undefined>;
}

export function createTapRepository(db: Db): TapRepository {
  const secret = async () => {
    await db.insertInto('settings').values({ key: tapSecretKey, value: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('key').doNothing()).execute();
    const row = await db.selectFrom('settings').select('value').where('key', '=', tapSecretKey).executeTakeFirstOrThrow();
    return row.value;
  };
  const mac = async (code: string) => createHmac('sha256', await secret()).update(`tap\0${code}`).digest('base64url');
  return {
    async issue({ userId, startDateTime, lifetimeInMinutes, isUsableOnce, length, now }) {
      const code = generateTapCode(length);
      const row: TemporaryAccessPassRow = {
        id: randomUUID(),
        user_id: userId,
        code_hash: await mac(code),
        created_date_time: now.toISOString(),
        start_date_time: startDateTime.toISOString(),
        lifetime_in_minutes: lifetimeInMinutes,
        is_usable_once: isUsableOnce ? 1 : 0,
        used_at: null,
      };
      await db.deleteFrom('temporary_access_passes').where('user_id', '=', userId).execute();
      await db.insertInto('temporary_access_passes').values(row).execute();
      return { tap: fromRow(row), code };
    },
    async getForUser(userId) {
      const row = await db.selectFrom('temporary_access_passes').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row && fromRow(row);
    },
    async remove(userId, id) {
      const r = await db.deleteFrom('temporary_access_passes').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async matches(userId, code) {
      const row = await db.selectFrom('temporary_access_passes').selectAll().where('user_id', '=', userId).executeTakeFirst();
      const given = Buffer.from(await mac(code));
      const stored = Buffer.from(row?.code_hash ?? '');
      return row && given.length === stored.length && timingSafeEqual(given, stored) ? fromRow(row) : undefined;
    },
    async consume(id, now) {
      const r = await db.updateTable('temporary_access_passes').set({ used_at: now.toISOString() })
        .where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async codeHashOf(id) {
      const row = await db.selectFrom('temporary_access_passes').select('code_hash').where('id', '=', id).executeTakeFirst();
      return row?.code_hash;
    },
  };
}
