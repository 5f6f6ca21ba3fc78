/**
 * Temporary Access Pass, as Graph: the policy at
 * `/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass`
 * (https://learn.microsoft.com/graph/api/resources/temporaryaccesspassauthenticationmethodconfiguration)
 * and each user's pass at `/users/{id}/authentication/temporaryAccessPassMethods`
 * (https://learn.microsoft.com/graph/api/resources/temporaryaccesspassauthenticationmethod).
 * The code is returned only when the pass is created and stored only as a keyed hash.
 */
import { z } from 'zod';
import {
  createTapRepository,
  issueTemporaryAccessPass,
  readTapPolicy,
  tapBounds,
  tapEnabledFor,
  tapResource,
  writeTapPolicy,
  type TapPolicy,
} from '../../authn/index.ts';
import { createDirectory, type Directory } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { assertMayActOnUser } from './admin-protection.ts';
import { auditedWrite, modifiedProperties } from './audit-entry.ts';
import { contextUrl } from './collection.ts';
import { notFound } from './directory-error.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';
import { assertTargetsExist, excludeTargetsSchema, includeTargetsSchema, toExcludeTargets, toIncludeTargets } from './method-targets.schema.ts';
import { requireUser, userKey, userTarget } from './users.routes.ts';

const policyPath = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';
const policyType = '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration';
const methodType = '#microsoft.graph.temporaryAccessPassAuthenticationMethod';

const policyPatchSchema = z.strictObject({
  '@odata.type': z.literal(policyType).optional(),
  id: z.literal('TemporaryAccessPass').optional(),
  state: z.enum(['enabled', 'disabled']).optional(),
  defaultLifetimeInMinutes: z.number().int().optional(),
  defaultLength: z.number().int().optional(),
  minimumLifetimeInMinutes: z.number().int().optional(),
  maximumLifetimeInMinutes: z.number().int().optional(),
  isUsableOnce: z.boolean().optional(),
  includeTargets: includeTargetsSchema.optional(),
  excludeTargets: excludeTargetsSchema.optional(),
});

const tapCreateSchema = z.strictObject({
  '@odata.type': z.literal(methodType).optional(),
  startDateTime: z.string().min(1).max(64).optional(),
  lifetimeInMinutes: z.number().int().optional(),
  isUsableOnce: z.boolean().optional(),
});

const tapKey = z.object({ id: z.string().min(1).max(256), methodId: z.string().min(1).max(256) });

const badRequest = (message: string) => new ApiError('Request_BadRequest', message);

function assertRange(field: string, value: number, min: number, max: number): void {
  if (value < min || value > max) throw badRequest(`${field} must be between ${min} and ${max}; got ${value}.`);
}

/** Strict checks of a whole policy, each 400 naming the field. */
async function assertValidPolicy(dir: Directory, p: TapPolicy): Promise<void> {
  const { lifetime, length } = tapBounds;
  assertRange('minimumLifetimeInMinutes', p.minimumLifetimeInMinutes, lifetime.min, lifetime.max);
  assertRange('maximumLifetimeInMinutes', p.maximumLifetimeInMinutes, lifetime.min, lifetime.max);
  if (p.minimumLifetimeInMinutes > p.maximumLifetimeInMinutes) {
    throw badRequest('minimumLifetimeInMinutes must not exceed maximumLifetimeInMinutes.');
  }
  assertRange('defaultLifetimeInMinutes', p.defaultLifetimeInMinutes, p.minimumLifetimeInMinutes, p.maximumLifetimeInMinutes);
  assertRange('defaultLength', p.defaultLength, length.min, length.max);
  await assertTargetsExist(dir, p);
}

const policyBody = (deps: GraphDeps, policy: TapPolicy) => ({
  '@odata.context': `${graphBase(deps)}/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity`,
  '@odata.type': policyType,
  ...policy,
});

export function authenticationMethodRoutes(router: ApiRouter, deps: GraphDeps): void {
  const tags = ['authenticationMethods'];

  defineRoute(
    router,
    {
      method: 'GET',
      path: policyPath,
      summary: 'Get the Temporary Access Pass policy',
      tags,
      auth: requires(Permission.PolicyReadAll, Permission.PolicyReadWriteAuthenticationMethod),
      status: [200, 403],
    },
    async () => policyBody(deps, await readTapPolicy(deps.db)),
  );

  defineRoute(
    router,
    {
      method: 'PATCH',
      path: policyPath,
      summary: 'Update the Temporary Access Pass policy',
      tags,
      description:
        'Lifetimes 10..43200 minutes with minimum ≤ default ≤ maximum, defaultLength 8..48; ' +
        "targets are 'all_users' or group ids, and an exclusion wins.",
      auth: requires(Permission.PolicyReadWriteAuthenticationMethod),
      body: policyPatchSchema,
      status: [204, 400, 403],
    },
    async ({ ctx, caller, body }) => {
      const { '@odata.type': _type, id: _id, includeTargets, excludeTargets, ...changes } = body;
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const before = await readTapPolicy(trx);
        const after: TapPolicy = {
          ...before,
          ...changes,
          ...(includeTargets ? { includeTargets: toIncludeTargets(includeTargets) } : {}),
          ...(excludeTargets ? { excludeTargets: toExcludeTargets(excludeTargets) } : {}),
        };
        await assertValidPolicy(dir, after);
        await writeTapPolicy(trx, after);
        return {
          result: undefined,
          audit: {
            category: 'Policy',
            activityDisplayName: 'Authentication Methods Policy Update',
            targetResources: [{
              id: 'TemporaryAccessPass',
              displayName: 'Temporary Access Pass',
              type: 'Policy',
              modifiedProperties: modifiedProperties(before, after),
            }],
          },
        };
      });
      return undefined;
    },
  );

  const methodsPath = '/users/:id/authentication/temporaryAccessPassMethods';
  const permission = requires(Permission.UserAuthenticationMethodReadWriteAll);

  defineRoute(
    router,
    {
      method: 'POST',
      path: methodsPath,
      summary: "Create a user's Temporary Access Pass",
      tags,
      description:
        'Replaces the user\'s previous pass. The code is returned only in this response. Needs an ' +
        'Authentication Administrator (non-administrators) or a Privileged Authentication or Global ' +
        'Administrator (administrators); never for oneself. 400 when the policy is disabled or does ' +
        'not target the user.',
      auth: permission,
      params: userKey,
      body: tapCreateSchema,
      status: [201, 400, 403, 404],
    },
    async ({ ctx, caller, params, body }) => {
      const now = new Date();
      const created = await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const target = await requireUser(dir, params.id);
        if (caller.kind === 'user' && caller.id === target.id) {
          throw new ApiError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation: users cannot create a Temporary Access Pass for themselves.');
        }
        await assertMayActOnUser(dir, caller, target.id, 'create a Temporary Access Pass for');
        const start = body.startDateTime === undefined ? now : new Date(body.startDateTime);
        if (Number.isNaN(start.getTime()) || !/^\d{4}-\d\d-\d\dT/.test(body.startDateTime ?? now.toISOString())) {
          throw badRequest('startDateTime must be an ISO 8601 date and time.');
        }
        // The policy's rules (enabled, targets, lifetime range, one-time) live in authn, shared with account recovery.
        const issued = await issueTemporaryAccessPass(trx, {
          userId: target.id,
          startDateTime: start,
          lifetimeInMinutes: body.lifetimeInMinutes,
          isUsableOnce: body.isUsableOnce,
          now,
        });
        if (!issued.issued) throw badRequest(issued.message);
        const { tap, code } = issued;
        return {
          result: { tap, code },
          audit: {
            category: 'UserManagement',
            activityDisplayName: 'Admin registered temporary access pass method for user',
            targetResources: [userTarget(target)],
          },
        };
      });
      ctx.set('Location', `${graphBase(deps)}/users/${created.tap.userId}/authentication/temporaryAccessPassMethods/${created.tap.id}`);
      const enabled = await tapEnabledFor(deps.db, created.tap.userId);
      return {
        '@odata.context': `${graphBase(deps)}/$metadata#users('${created.tap.userId}')/authentication/temporaryAccessPassMethods/$entity`,
        ...tapResource(created.tap, enabled, new Date(), created.code),
      };
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: methodsPath,
      summary: "List a user's Temporary Access Passes (at most one)",
      tags,
      auth: permission,
      params: userKey,
      status: [200, 403, 404],
    },
    async ({ params }) => {
      const user = await requireUser(createDirectory(deps.db), params.id);
      const tap = await createTapRepository(deps.db).getForUser(user.id);
      const enabled = tap ? await tapEnabledFor(deps.db, user.id) : false;
      return {
        '@odata.context': contextUrl(deps, `users('${user.id}')/authentication/temporaryAccessPassMethods`),
        value: tap ? [tapResource(tap, enabled, new Date())] : [],
      };
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: `${methodsPath}/:methodId`,
      summary: "Get a user's Temporary Access Pass",
      tags,
      auth: permission,
      params: tapKey,
      status: [200, 403, 404],
    },
    async ({ params }) => {
      const user = await requireUser(createDirectory(deps.db), params.id);
      const tap = await createTapRepository(deps.db).getForUser(user.id);
      if (!tap || tap.id !== params.methodId) throw notFound(params.methodId);
      return {
        '@odata.context': `${graphBase(deps)}/$metadata#users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`,
        ...tapResource(tap, await tapEnabledFor(deps.db, user.id), new Date()),
      };
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: `${methodsPath}/:methodId`,
      summary: "Delete a user's Temporary Access Pass",
      tags,
      auth: permission,
      params: tapKey,
      status: [204, 403, 404],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const target = await requireUser(dir, params.id);
        await assertMayActOnUser(dir, caller, target.id, 'delete a Temporary Access Pass of');
        if (!(await createTapRepository(trx).remove(target.id, params.methodId))) throw notFound(params.methodId);
        return {
          result: undefined,
          audit: {
            category: 'UserManagement',
            activityDisplayName: 'Admin deleted temporary access pass method for user',
            targetResources: [userTarget(target)],
          },
        };
      });
      return undefined;
    },
  );
}
