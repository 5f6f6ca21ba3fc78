/**
 * Conditional Access policies and named locations in the store. Each row holds the Graph
 * resource whole. The limits (195 of each, Entra's) are counted here, in the caller's
 * transaction; the API serialises policy writes with a lock so two admins cannot both add the
 * 195th.
 */
import type { ConditionalAccessPolicyRow, Db, NamedLocationRow } from '../store/index.ts';
import { limits, type ConditionalAccessPolicy, type NamedLocation } from './policy.ts';

export type CaWrite<T> = { ok: true; value: T } | { ok: false; reason: 'notFound' | 'tooMany' | 'inUse' | 'trusted' };

export interface ConditionalAccessRepository {
  listPolicies(): Promise<ConditionalAccessPolicy[]>;
  getPolicy(id: string): Promise<ConditionalAccessPolicy | undefined>;
  createPolicy(policy: ConditionalAccessPolicy): Promise<CaWrite<ConditionalAccessPolicy>>;
  replacePolicy(policy: ConditionalAccessPolicy): Promise<CaWrite<ConditionalAccessPolicy>>;
  deletePolicy(id: string): Promise<CaWrite<ConditionalAccessPolicy>>;
  listLocations(): Promise<NamedLocation[]>;
  getLocation(id: string): Promise<NamedLocation | undefined>;
  createLocation(location: NamedLocation): Promise<CaWrite<NamedLocation>>;
  replaceLocation(location: NamedLocation): Promise<CaWrite<NamedLocation>>;
  /** Refused while a policy names it, or while it is trusted (Entra: un-trust it first). */
  deleteLocation(id: string): Promise<CaWrite<NamedLocation>>;
}

const policyRow = (p: ConditionalAccessPolicy): ConditionalAccessPolicyRow => ({
  id: p.id, display_name: p.displayName, state: p.state, created_date_time: p.createdDateTime, data: JSON.stringify(p),
});
const locationRow = (l: NamedLocation): NamedLocationRow => ({
  id: l.id, display_name: l.displayName, created_date_time: l.createdDateTime, data: JSON.stringify(l),
});

/** Whether a policy names this location in its include or exclude list. */
const namesLocation = (p: ConditionalAccessPolicy, id: string) =>
  Boolean(p.conditions.locations?.includeLocations.includes(id) || p.conditions.locations?.excludeLocations.includes(id));

export function createConditionalAccessRepository(db: Db): ConditionalAccessRepository {
  const count = async (table: 'conditional_access_policies' | 'named_locations') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  return {
    async listPolicies() {
      const rows = await db.selectFrom('conditional_access_policies').select('data').orderBy('created_date_time').orderBy('id').execute();
      return rows.map((r) => JSON.parse(r.data) as ConditionalAccessPolicy);
    },
    async getPolicy(id) {
      const row = await db.selectFrom('conditional_access_policies').select('data').where('id', '=', id).executeTakeFirst();
      return row && (JSON.parse(row.data) as ConditionalAccessPolicy);
    },
    async createPolicy(policy) {
      if ((await count('conditional_access_policies')) >= limits.policies) return { ok: false, reason: 'tooMany' };
      await db.insertInto('conditional_access_policies').values(policyRow(policy)).execute();
      return { ok: true, value: policy };
    },
    async replacePolicy(policy) {
      const r = await db.updateTable('conditional_access_policies').set(policyRow(policy)).where('id', '=', policy.id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0 ? { ok: true, value: policy } : { ok: false, reason: 'notFound' };
    },
    async deletePolicy(id) {
      const existing = await this.getPolicy(id);
      if (!existing) return { ok: false, reason: 'notFound' };
      await db.deleteFrom('conditional_access_policies').where('id', '=', id).execute();
      return { ok: true, value: existing };
    },
    async listLocations() {
      const rows = await db.selectFrom('named_locations').select('data').orderBy('created_date_time').orderBy('id').execute();
      return rows.map((r) => JSON.parse(r.data) as NamedLocation);
    },
    async getLocation(id) {
      const row = await db.selectFrom('named_locations').select('data').where('id', '=', id).executeTakeFirst();
      return row && (JSON.parse(row.data) as NamedLocation);
    },
    async createLocation(location) {
      if ((await count('named_locations')) >= limits.namedLocations) return { ok: false, reason: 'tooMany' };
      await db.insertInto('named_locations').values(locationRow(location)).execute();
      return { ok: true, value: location };
    },
    async replaceLocation(location) {
      const r = await db.updateTable('named_locations').set(locationRow(location)).where('id', '=', location.id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0 ? { ok: true, value: location } : { ok: false, reason: 'notFound' };
    },
    async deleteLocation(id) {
      const existing = await this.getLocation(id);
      if (!existing) return { ok: false, reason: 'notFound' };
      if (existing['@odata.type'] === '#microsoft.graph.ipNamedLocation' && existing.isTrusted) return { ok: false, reason: 'trusted' };
      if ((await this.listPolicies()).some((p) => namesLocation(p, id))) return { ok: false, reason: 'inUse' };
      await db.deleteFrom('named_locations').where('id', '=', id).execute();
      return { ok: true, value: existing };
    },
  };
}
