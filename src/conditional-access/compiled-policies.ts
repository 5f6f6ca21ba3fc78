import { createStrengthRepository } from '../authn/index.ts';
import type { Db } from '../store/index.ts';
import { compilePolicies, type CompiledPolicies } from './evaluate/index.ts';
import { createConditionalAccessRepository } from './policies.repository.ts';
import type { ConditionalAccessPolicy } from './policy.ts';

/**
 * The tenant's policies, named locations and authentication strengths, compiled for the
 * evaluator; `override` replaces or adds policies by id (a draft for What If or replay).
 */
export async function loadCompiledPolicies(db: Db, override: readonly ConditionalAccessPolicy[] = []): Promise<CompiledPolicies> {
  const repo = createConditionalAccessRepository(db);
  const [stored, locations, strengths] = await Promise.all([repo.listPolicies(), repo.listLocations(), createStrengthRepository(db).list()]);
  const byId = new Map(stored.map((p) => [p.id, p]));
  for (const p of override) byId.set(p.id, p);
  return compilePolicies([...byId.values()], locations, strengths);
}
