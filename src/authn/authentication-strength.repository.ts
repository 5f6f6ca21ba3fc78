/**
 * The tenant's authentication strengths: Entra's three built-ins (read-only, never stored) and
 * up to 15 custom ones, each a row holding the Graph resource.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/index.ts';
import {
  builtInStrengths, isMultifactorCombination, type AuthenticationStrengthPolicy, type Fido2CombinationConfiguration,
} from './authentication-strength.ts';

/** Entra's limit on custom strengths per tenant. */
export const maxCustomStrengths = 15;

export interface StrengthDraft {
  displayName: string;
  description: string;
  allowedCombinations: string[];
  combinationConfigurations: Fido2CombinationConfiguration[];
}

export type StrengthWrite =
  | { ok: true; strength: AuthenticationStrengthPolicy }
  | { ok: false; reason: 'duplicateName' | 'tooMany' | 'notFound' | 'builtIn' };

export interface StrengthRepository {
  list(): Promise<AuthenticationStrengthPolicy[]>;
  get(id: string): Promise<AuthenticationStrengthPolicy | undefined>;
  create(draft: StrengthDraft, now: Date): Promise<StrengthWrite>;
  update(id: string, change: Partial<StrengthDraft>, now: Date): Promise<StrengthWrite>;
  remove(id: string): Promise<StrengthWrite | { ok: true }>;
}

const requirementsOf = (combinations: readonly string[]): AuthenticationStrengthPolicy['requirementsSatisfied'] =>
  combinations.length > 0 && combinations.every(isMultifactorCombination) ? 'mfa' : 'none';

const isBuiltIn = (id: string) => builtInStrengths.some((s) => s.id === id);

export function createStrengthRepository(db: Db): StrengthRepository {
  const custom = async () => (await db.selectFrom('authentication_strengths').select('data').execute())
    .map((r) => JSON.parse(r.data) as AuthenticationStrengthPolicy)
    .sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime));
  const nameTaken = async (name: string, exceptId?: string) => {
    const lower = name.toLowerCase();
    if (builtInStrengths.some((s) => s.displayName.toLowerCase() === lower)) return true;
    let q = db.selectFrom('authentication_strengths').select('id').where('display_name_lower', '=', lower);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return Boolean(await q.executeTakeFirst());
  };

  return {
    async list() {
      return [...builtInStrengths.map((s) => structuredClone(s)), ...(await custom())];
    },
    async get(id) {
      const builtIn = builtInStrengths.find((s) => s.id === id);
      if (builtIn) return structuredClone(builtIn);
      const row = await db.selectFrom('authentication_strengths').select('data').where('id', '=', id).executeTakeFirst();
      return row && (JSON.parse(row.data) as AuthenticationStrengthPolicy);
    },
    async create(draft, now) {
      if ((await custom()).length >= maxCustomStrengths) return { ok: false, reason: 'tooMany' };
      if (await nameTaken(draft.displayName)) return { ok: false, reason: 'duplicateName' };
      const at = now.toISOString();
      const strength: AuthenticationStrengthPolicy = {
        id: randomUUID(), createdDateTime: at, modifiedDateTime: at, ...draft,
        policyType: 'custom', requirementsSatisfied: requirementsOf(draft.allowedCombinations),
      };
      await db.insertInto('authentication_strengths')
        .values({ id: strength.id, display_name_lower: draft.displayName.toLowerCase(), data: JSON.stringify(strength) }).execute();
      return { ok: true, strength };
    },
    async update(id, change, now) {
      if (isBuiltIn(id)) return { ok: false, reason: 'builtIn' };
      const current = await this.get(id);
      if (!current) return { ok: false, reason: 'notFound' };
      if (change.displayName !== undefined && await nameTaken(change.displayName, id)) return { ok: false, reason: 'duplicateName' };
      const next: AuthenticationStrengthPolicy = { ...current, ...change, modifiedDateTime: now.toISOString() };
      next.requirementsSatisfied = requirementsOf(next.allowedCombinations);
      await db.updateTable('authentication_strengths')
        .set({ display_name_lower: next.displayName.toLowerCase(), data: JSON.stringify(next) }).where('id', '=', id).execute();
      return { ok: true, strength: next };
    },
    async remove(id) {
      if (isBuiltIn(id)) return { ok: false, reason: 'builtIn' };
      const r = await db.deleteFrom('authentication_strengths').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0 ? { ok: true } : { ok: false, reason: 'notFound' };
    },
  };
}
