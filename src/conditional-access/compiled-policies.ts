import { createStrengthRepository } from '../authn/index.ts';
import type { Db } from '../store/index.ts';
import { compilePolicies, type CompiledPolicies } from './evaluate/index.ts';
import { createConditionalAccessRepository } from './policies.repository.ts';
import type { ConditionalAccessPolicy } from './policy.ts';

/**
 * A policy set compiled for the evaluator, with the policies it was compiled from: the tenant's
 * stored policies (or none, with `withStored: false`) with `override` replacing or adding
 * policies by id (drafts for What If or replay), its named locations and strengths.
 */
export async function loadPolicySet(
  db: Db,
  override: readonly ConditionalAccessPolicy[] = [],
  options: { withStored?: boolean } = {},
): Promise<{ policies: ConditionalAccessPolicy[]; compiled: CompiledPolicies }> {
  const repo = createConditionalAccessRepository(db);
  const [stored, locations, strengths] = await Promise.all([
    options.withStored === false ? [] : repo.listPolicies(), repo.listLocations(), createStrengthRepository(db).list(),
  ]);
  const byId = new Map(stored.map((p) => [p.id, p]));
  for (const p of override) byId.set(p.id, p);
  const policies = [...byId.values()];
  return { policies, compiled: compilePolicies(policies, locations, strengths) };
}

/** The tenant's stored policies (with `override`), compiled. */
export async function loadCompiledPolicies(db: Db, override: readonly ConditionalAccessPolicy[] = []): Promise<CompiledPolicies> {
  return (await loadPolicySet(db, override)).compiled;
}
