/**
 * Authentication strengths at `/policies/authenticationStrengthPolicies`
 * (https://learn.microsoft.com/graph/api/resources/authenticationstrengthpolicy): Entra's three
 * built-ins, read-only, and custom strengths; the modes list; `updateAllowedCombinations`; and
 * `usage`, which lists the Conditional Access policies that use a strength (none exist yet).
 */
import { z } from 'zod';
import {
  authenticationMethodModes, createStrengthRepository, maxCustomStrengths, methodModeDisplayNames, supportedCombinations,
  type AuthenticationStrengthPolicy, type StrengthWrite,
} from '../../authn/index.ts';
import { isGuid } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, modifiedProperties } from './audit-entry.ts';
import { notFound } from './directory-error.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const base = '/policies/authenticationStrengthPolicies';
const tags = ['authenticationStrengths'];
const readAuth = requires(Permission.PolicyReadAll, Permission.PolicyReadWriteConditionalAccess, Permission.PolicyReadWriteAuthenticationMethod);
const writeAuth = requires(Permission.PolicyReadWriteConditionalAccess, Permission.PolicyReadWriteAuthenticationMethod);
const badRequest = (message: string) => new ApiError('Request_BadRequest', message);

const fido2ConfigSchema = z.strictObject({
  '@odata.type': z.literal('#microsoft.graph.fido2CombinationConfiguration'),
  id: z.string().max(64).optional(),
  appliesToCombinations: z.array(z.literal('fido2')).length(1),
  allowedAAGUIDs: z.array(z.string().max(64)).max(100).default([]),
  allowedPasskeyTypes: z.array(z.enum(['deviceBound', 'synced'])).min(1).max(2).optional(),
});
const combinations = z.array(z.string().max(200)).min(1).max(supportedCombinations.length);
const createSchema = z.strictObject({
  '@odata.type': z.literal('#microsoft.graph.authenticationStrengthPolicy').optional(),
  displayName: z.string().trim().min(1).max(30),
  description: z.string().max(256).optional(),
  allowedCombinations: combinations,
  combinationConfigurations: z.array(fido2ConfigSchema).max(1).optional(),
});
const patchSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(30).optional(),
  description: z.string().max(256).optional(),
});
const idKey = z.object({ id: z.string().min(1).max(64) });

/**
 * Combinations are compared as sets of modes, in any order and case, as Graph's flags enum is;
 * each is returned in its predefined spelling. A 400 names the first one that is not predefined.
 */
export function normaliseCombinations(given: readonly string[]): string[] {
  const byKey = new Map(supportedCombinations.map((c) => [key(c), c]));
  const out: string[] = [];
  given.forEach((combination, i) => {
    const found = byKey.get(key(combination));
    if (!found) {
      throw badRequest(`allowedCombinations[${i}]: '${combination}' is not a supported combination; ` +
        `GET ${base}/authenticationMethodModes lists the modes, and a combination must be one Entra predefines.`);
    }
    if (!out.includes(found)) out.push(found);
  });
  return out;
}
const key = (combination: string) => combination.split(',').map((m) => m.trim().toLowerCase()).sort().join(',');

function fido2Configs(given: z.infer<typeof fido2ConfigSchema>[] | undefined, allowed: readonly string[]) {
  return (given ?? []).map((c, i) => {
    if (!allowed.includes('fido2')) throw badRequest(`combinationConfigurations[${i}]: it narrows 'fido2', which allowedCombinations does not include.`);
    c.allowedAAGUIDs.forEach((g, j) => {
      if (!isGuid(g)) throw badRequest(`combinationConfigurations[${i}].allowedAAGUIDs[${j}]: '${g}' is not an AAGUID.`);
    });
    return {
      '@odata.type': '#microsoft.graph.fido2CombinationConfiguration' as const,
      id: c.id ?? crypto.randomUUID(),
      appliesToCombinations: ['fido2'] as ['fido2'],
      allowedAAGUIDs: c.allowedAAGUIDs.map((g) => g.toLowerCase()),
      ...(c.allowedPasskeyTypes ? { allowedPasskeyTypes: c.allowedPasskeyTypes } : {}),
    };
  });
}

function unwrap(result: StrengthWrite, id: string, name?: string): AuthenticationStrengthPolicy {
  if (result.ok) return result.strength;
  switch (result.reason) {
    case 'notFound': throw notFound(id);
    case 'builtIn': throw badRequest(`'${id}' is a built-in authentication strength and cannot be changed or deleted.`);
    case 'duplicateName': throw badRequest(`displayName: an authentication strength named '${name}' already exists.`);
    case 'tooMany': throw badRequest(`A tenant can have at most ${maxCustomStrengths} custom authentication strengths.`);
  }
}

const strengthAudit = (activity: string, s: Pick<AuthenticationStrengthPolicy, 'id' | 'displayName'>, before: object | undefined, after: object) => ({
  category: 'Policy',
  activityDisplayName: activity,
  targetResources: [{ id: s.id, displayName: s.displayName, type: 'Policy', modifiedProperties: modifiedProperties(before, after) }],
});

export function authenticationStrengthRoutes(router: ApiRouter, deps: GraphDeps): void {
  const entity = (s: AuthenticationStrengthPolicy) => ({
    '@odata.context': `${graphBase(deps)}/$metadata#policies/authenticationStrengthPolicies/$entity`,
    ...s,
  });

  defineRoute(
    router,
    { method: 'GET', path: base, summary: 'List the authentication strengths, built-in and custom', tags, auth: readAuth, status: [200, 403] },
    async () => ({
      '@odata.context': `${graphBase(deps)}/$metadata#policies/authenticationStrengthPolicies`,
      value: await createStrengthRepository(deps.db).list(),
    }),
  );

  defineRoute(
    router,
    { method: 'GET', path: `${base}/authenticationMethodModes`, summary: 'List the authentication method modes a combination is made of', tags, auth: readAuth, status: [200, 403] },
    async () => ({
      '@odata.context': `${graphBase(deps)}/$metadata#authenticationMethodModes`,
      value: authenticationMethodModes.map((id) => ({ id, authenticationMethod: id, displayName: methodModeDisplayNames[id] })),
    }),
  );

  defineRoute(
    router,
    { method: 'GET', path: `${base}/:id`, summary: 'Get an authentication strength', tags, auth: readAuth, params: idKey, status: [200, 403, 404] },
    async ({ params }) => {
      const strength = await createStrengthRepository(deps.db).get(params.id);
      if (!strength) throw notFound(params.id);
      return entity(strength);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: `${base}/:id/usage`,
      summary: 'List the Conditional Access policies that use an authentication strength',
      tags,
      auth: readAuth,
      params: idKey,
      status: [200, 403, 404],
    },
    async ({ params }) => {
      if (!(await createStrengthRepository(deps.db).get(params.id))) throw notFound(params.id);
      // Graph's authenticationStrengthUsage; Conditional Access policies are not stored yet.
      return { '@odata.context': `${graphBase(deps)}/$metadata#microsoft.graph.authenticationStrengthUsage`, mfa: [], none: [] };
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: base,
      summary: 'Create a custom authentication strength',
      description: `Up to ${maxCustomStrengths} per tenant, names unique. allowedCombinations must be predefined combinations ` +
        '(modes joined by commas, in any order). A fido2CombinationConfiguration narrows fido2 to some AAGUIDs and, ' +
        'beyond Graph, to deviceBound or synced passkeys (allowedPasskeyTypes).',
      tags,
      auth: writeAuth,
      body: createSchema,
      status: [201, 400, 403],
    },
    async ({ ctx, caller, body }) => {
      const allowedCombinations = normaliseCombinations(body.allowedCombinations);
      const draft = {
        displayName: body.displayName,
        description: body.description ?? '',
        allowedCombinations,
        combinationConfigurations: fido2Configs(body.combinationConfigurations, allowedCombinations),
      };
      const created = await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const strength = unwrap(await createStrengthRepository(trx).create(draft, new Date()), '', body.displayName);
        return { result: strength, audit: strengthAudit('Add authentication strength policy', strength, undefined, strength) };
      });
      ctx.status = 201;
      ctx.set('location', `${graphBase(deps)}${base}/${created.id}`);
      return entity(created);
    },
  );

  defineRoute(
    router,
    { method: 'PATCH', path: `${base}/:id`, summary: "Rename a custom authentication strength or change its description", tags, auth: writeAuth, params: idKey, body: patchSchema, status: [204, 400, 403, 404] },
    async ({ ctx, caller, params, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const repo = createStrengthRepository(trx);
        const before = await repo.get(params.id);
        const after = unwrap(await repo.update(params.id, body, new Date()), params.id, body.displayName);
        return { result: undefined, audit: strengthAudit('Update authentication strength policy', after, before, after) };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: `${base}/:id/updateAllowedCombinations`,
      summary: "Replace a custom authentication strength's allowed combinations",
      tags,
      auth: writeAuth,
      params: idKey,
      body: z.strictObject({ allowedCombinations: combinations }),
      status: [200, 400, 403, 404],
    },
    async ({ ctx, caller, params, body }) => {
      const allowedCombinations = normaliseCombinations(body.allowedCombinations);
      return auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const repo = createStrengthRepository(trx);
        const before = await repo.get(params.id);
        if (before && !allowedCombinations.includes('fido2') && before.combinationConfigurations.length > 0) {
          throw badRequest("allowedCombinations: the strength's fido2 combination configuration needs 'fido2' to stay allowed.");
        }
        const after = unwrap(await repo.update(params.id, { allowedCombinations }, new Date()), params.id);
        return {
          // Graph's updateAllowedCombinationsResult.
          result: {
            '@odata.context': `${graphBase(deps)}/$metadata#microsoft.graph.updateAllowedCombinationsResult`,
            additionalInformation: null,
            conditionalAccessReferences: [],
            currentCombinations: after.allowedCombinations,
            previousCombinations: before?.allowedCombinations ?? [],
          },
          audit: strengthAudit('Update authentication strength policy', after, before, after),
        };
      });
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: `${base}/:id`,
      summary: 'Delete a custom authentication strength',
      tags,
      auth: writeAuth,
      params: idKey,
      status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const repo = createStrengthRepository(trx);
        const before = await repo.get(params.id);
        const result = await repo.remove(params.id);
        if (!result.ok) unwrap(result, params.id);
        return { result: undefined, audit: strengthAudit('Delete authentication strength policy', before!, before, {}) };
      });
      return undefined;
    },
  );
}
