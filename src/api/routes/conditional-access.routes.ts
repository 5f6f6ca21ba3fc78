/**
 * Conditional Access policies at `/identity/conditionalAccess/policies`, as Graph
 * (https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy): list, get, create,
 * update (PATCH merges into the stored policy, as Graph does) and delete, every change audited
 * with Entra's activity names. Bodies go through the same parser as imported files, so a policy
 * exported from Entra can be POSTed as is. References to objects that do not exist are refused,
 * except Microsoft's first-party appIds, which exported policies name and Limen does not have.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createConditionalAccessRepository, limits, type ConditionalAccessPolicy } from '../../conditional-access/index.ts';
import { exportPolicy, parsePolicy, type ParsedPolicy } from '../../conditional-access/import/index.ts';
import { serialiseAuditedWrites } from '../../logs/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires, type Caller } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, modifiedProperties } from './audit-entry.ts';
import { lockoutRefusal, lockoutWarnings } from './conditional-access-lockout-guard.ts';
import { entityQuery, inMemoryCollectionBody } from './collection.ts';
import { problemsError } from './conditional-access-problems.ts';
import { unresolvedReferences } from './conditional-access-references.ts';
import { notFound } from './directory-error.ts';
import { conditionalAccessPolicyFields } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const base = '/identity/conditionalAccess/policies';
const fragment = 'identity/conditionalAccess/policies';
const tags = ['conditionalAccess'];
const read = requires(Permission.PolicyReadAll, Permission.PolicyReadWriteConditionalAccess);
const write = requires(Permission.PolicyReadWriteConditionalAccess);
const idParam = z.object({ id: z.string().min(1).max(64) });
/** Limen: save even when the lockout guard refuses (audited). */
const guardQuery = z.object({ overrideLockoutGuard: z.enum(['true', 'false']).optional() });

/** The guard's refusal as a 400, unless the caller overrides it; the override is audited. */
async function guard(trx: Parameters<typeof lockoutRefusal>[0], dir: Parameters<typeof lockoutRefusal>[1], caller: Caller, policy: ConditionalAccessPolicy, override: boolean) {
  const refusal = await lockoutRefusal(trx, dir, caller, policy);
  if (refusal && !override) throw new ApiError('Request_BadRequest', `${refusal} To save it anyway, send overrideLockoutGuard=true.`);
  return refusal ? [{ key: 'lockoutGuardOverridden', value: refusal }] : [];
}

/**
 * The guard's warnings as HTTP `Warning: 299 - "…"` headers (the form Kubernetes uses for the
 * same purpose; a 204 has no body to carry them), printable ASCII only so no name can break the
 * header. Also kept in the audit record.
 */
function sendWarnings(ctx: { append(name: string, value: string): void }, warnings: readonly string[]) {
  for (const w of warnings) {
    const text = w.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    ctx.append('warning', `299 - "${text}"`);
  }
}
const warningDetails = (warnings: readonly string[]) => warnings.map((value) => ({ key: 'lockoutGuardWarning', value }));
const anyObject = z.record(z.string(), z.unknown());
const parser = 'parsePolicy (conditional-access/import)';
const list = { fields: conditionalAccessPolicyFields, entityType: 'microsoft.graph.conditionalAccessPolicy' };

/** A parsed body as a stored policy: Limen's id and timestamps, never the caller's. */
function stored(parsed: ParsedPolicy, id: string, created: string, modified: string | null): ConditionalAccessPolicy {
  return { ...parsed, id, createdDateTime: created, modifiedDateTime: modified } as ConditionalAccessPolicy;
}

/** Graph merges a PATCH into the policy: objects member by member, anything else replaced. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  if (target === null || typeof target !== 'object' || Array.isArray(target)) return patch;
  const out: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) out[key] = mergePatch(out[key], value);
  return out;
}

const policyTarget = (p: Pick<ConditionalAccessPolicy, 'id' | 'displayName'>, before: object | undefined, after: object) => ({
  id: p.id, displayName: p.displayName, type: 'Policy', modifiedProperties: modifiedProperties(before, after, { omit: ['modifiedDateTime'] }),
});

export function conditionalAccessRoutes(router: ApiRouter, deps: GraphDeps): void {
  const entity = (p: ConditionalAccessPolicy) => ({ '@odata.context': `${graphBase(deps)}/$metadata#${fragment}/$entity`, ...exportPolicy(p) });

  defineRoute(
    router,
    { method: 'GET', path: base, summary: 'List Conditional Access policies', tags, auth: read, listQuery: list, status: [200, 400, 403] },
    async ({ ctx, listQuery }) => {
      const policies = (await createConditionalAccessRepository(deps.db).listPolicies()).map((p) => exportPolicy(p) as ConditionalAccessPolicy);
      return inMemoryCollectionBody(ctx, deps, listQuery, fragment, policies, conditionalAccessPolicyFields);
    },
  );

  defineRoute(
    router,
    { method: 'GET', path: `${base}/:id`, summary: 'Get a Conditional Access policy', tags, auth: read, params: idParam, query: entityQuery, status: [200, 403, 404] },
    async ({ params }) => {
      const policy = await createConditionalAccessRepository(deps.db).getPolicy(params.id);
      if (!policy) throw notFound(params.id);
      return entity(policy);
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: base,
      summary: 'Create a Conditional Access policy',
      description: `Graph's conditionalAccessPolicy; an Entra export is accepted as is (annotations ignored, enums in any case). ` +
        `Every problem is a 400 naming its JSON path in error.details; references to groups, users, roles, named locations, ` +
        `applications and authentication strengths must exist. At most ${limits.policies} policies.`,
      tags,
      auth: write,
      query: guardQuery,
      body: anyObject,
      bodyParsedBy: parser,
      status: [201, 400, 403],
    },
    async ({ ctx, caller, body, query }) => {
      const parsed = parsePolicy(body);
      if (!parsed.ok) throw problemsError(parsed.problems, 'Policy');
      let warnings: string[] = [];
      const created = await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        await serialiseAuditedWrites(trx);
        const missing = await unresolvedReferences(trx, dir, parsed.value);
        if (missing.length) throw problemsError(missing, 'Policy');
        const now = new Date().toISOString();
        const policy = stored(parsed.value, randomUUID(), now, null);
        const overridden = await guard(trx, dir, caller, policy, query.overrideLockoutGuard === 'true');
        warnings = await lockoutWarnings(trx, dir, policy);
        const result = await createConditionalAccessRepository(trx).createPolicy(policy);
        if (!result.ok) throw new ApiError('Request_BadRequest', `A tenant can have at most ${limits.policies} Conditional Access policies; delete one first.`);
        return {
          result: policy,
          audit: {
            category: 'Policy', activityDisplayName: 'Add conditional access policy', operationType: 'Add',
            targetResources: [policyTarget(policy, undefined, exportPolicy(policy))], additionalDetails: [...overridden, ...warningDetails(warnings)],
          },
        };
      });
      sendWarnings(ctx, warnings);
      ctx.status = 201;
      ctx.set('location', `${graphBase(deps)}${base}/${created.id}`);
      return entity(created);
    },
  );

  defineRoute(
    router,
    {
      method: 'PATCH',
      path: `${base}/:id`,
      summary: 'Update a Conditional Access policy',
      description: 'Members sent replace the stored ones (objects are merged member by member, as Graph does); the result is checked as a whole.',
      tags,
      auth: write,
      params: idParam,
      query: guardQuery,
      body: anyObject,
      bodyParsedBy: parser,
      status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params, body, query }) => {
      let warnings: string[] = [];
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        await serialiseAuditedWrites(trx);
        const repo = createConditionalAccessRepository(trx);
        const before = await repo.getPolicy(params.id);
        if (!before) throw notFound(params.id);
        const { id: _id, createdDateTime: _c, modifiedDateTime: _m, ...current } = exportPolicy(before);
        const parsed = parsePolicy(mergePatch(current, body));
        if (!parsed.ok) throw problemsError(parsed.problems, 'Policy');
        const missing = await unresolvedReferences(trx, dir, parsed.value);
        if (missing.length) throw problemsError(missing, 'Policy');
        const after = stored(parsed.value, before.id, before.createdDateTime, new Date().toISOString());
        const overridden = await guard(trx, dir, caller, after, query.overrideLockoutGuard === 'true');
        warnings = await lockoutWarnings(trx, dir, after);
        await repo.replacePolicy(after);
        return {
          result: undefined,
          audit: {
            category: 'Policy', activityDisplayName: 'Update conditional access policy', operationType: 'Update',
            targetResources: [policyTarget(after, exportPolicy(before), exportPolicy(after))], additionalDetails: [...overridden, ...warningDetails(warnings)],
          },
        };
      });
      sendWarnings(ctx, warnings);
      return undefined;
    },
  );

  defineRoute(
    router,
    { method: 'DELETE', path: `${base}/:id`, summary: 'Delete a Conditional Access policy', tags, auth: write, params: idParam, status: [204, 403, 404] },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const result = await createConditionalAccessRepository(trx).deletePolicy(params.id);
        if (!result.ok) throw notFound(params.id);
        return {
          result: undefined,
          audit: { category: 'Policy', activityDisplayName: 'Delete conditional access policy', operationType: 'Delete', targetResources: [policyTarget(result.value, exportPolicy(result.value), {})] },
        };
      });
      return undefined;
    },
  );
}
