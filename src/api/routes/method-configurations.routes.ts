/**
 * The authentication methods policy as a whole (`GET /policies/authenticationMethodsPolicy`,
 * https://learn.microsoft.com/graph/api/resources/authenticationmethodspolicy), the `softwareOath`
 * configuration, Limen's `password` configuration, and DELETE on every configuration, which in
 * Graph reverts it to its default. fido2 and temporaryAccessPass have their own GET/PATCH in
 * passkeys.routes.ts and authentication-methods.routes.ts.
 */
import { z } from 'zod';
import {
  defaultFido2Policy, defaultPasswordMethodPolicy, defaultSoftwareOathPolicy, defaultTapPolicy,
  readFido2Policy, readPasswordMethodPolicy, readSoftwareOathPolicy, readTapPolicy,
  writeFido2Policy, writePasswordMethodPolicy, writeSoftwareOathPolicy, writeTapPolicy,
} from '../../authn/index.ts';
import type { Db } from '../../store/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, modifiedProperties } from './audit-entry.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';
import { assertTargetsExist, excludeTargetsSchema, includeTargetsSchema, toExcludeTargets, toIncludeTargets } from './method-targets.schema.ts';

const policyRoot = '/policies/authenticationMethodsPolicy';
const configurations = `${policyRoot}/authenticationMethodConfigurations`;
const readAuth = requires(Permission.PolicyReadAll, Permission.PolicyReadWriteAuthenticationMethod);
const writeAuth = requires(Permission.PolicyReadWriteAuthenticationMethod);
const tags = ['authenticationMethods'];

interface Configuration {
  /** The path segment and Graph's id. */
  segment: string;
  id: string;
  displayName: string;
  odataType: string;
  read(db: Db): Promise<object>;
  write(db: Db, policy: never): Promise<void>;
  reset(): object;
}

const all: Configuration[] = [
  { segment: 'fido2', id: 'Fido2', displayName: 'Passkey (FIDO2)', odataType: '#microsoft.graph.fido2AuthenticationMethodConfiguration',
    read: readFido2Policy, write: writeFido2Policy, reset: defaultFido2Policy },
  { segment: 'temporaryAccessPass', id: 'TemporaryAccessPass', displayName: 'Temporary Access Pass',
    odataType: '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration', read: readTapPolicy, write: writeTapPolicy, reset: defaultTapPolicy },
  { segment: 'softwareOath', id: 'SoftwareOath', displayName: 'Third-party software OATH tokens',
    odataType: '#microsoft.graph.softwareOathAuthenticationMethodConfiguration', read: readSoftwareOathPolicy, write: writeSoftwareOathPolicy, reset: defaultSoftwareOathPolicy },
  // Not in Graph (Entra's password cannot be turned off): Limen's own type, same shape.
  { segment: 'password', id: 'Password', displayName: 'Password', odataType: '#limen.passwordAuthenticationMethodConfiguration',
    read: readPasswordMethodPolicy, write: writePasswordMethodPolicy, reset: defaultPasswordMethodPolicy },
];

const targetedPatchSchema = (id: string, odataType: string) => z.strictObject({
  '@odata.type': z.literal(odataType).optional(),
  id: z.literal(id).optional(),
  state: z.enum(['enabled', 'disabled']).optional(),
  includeTargets: includeTargetsSchema.optional(),
  excludeTargets: excludeTargetsSchema.optional(),
});

const policyAudit = (c: Configuration, before: object, after: object) => ({
  category: 'Policy',
  activityDisplayName: 'Authentication Methods Policy Update',
  targetResources: [{ id: c.id, displayName: c.displayName, type: 'Policy', modifiedProperties: modifiedProperties(before, after) }],
});

export function methodConfigurationRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: policyRoot,
      summary: 'Get the authentication methods policy with every method configuration',
      tags,
      auth: readAuth,
      status: [200, 403],
    },
    async () => ({
      '@odata.context': `${graphBase(deps)}/$metadata#policies/authenticationMethodsPolicy/$entity`,
      id: 'authenticationMethodsPolicy',
      displayName: 'Authentication Methods Policy',
      description: 'The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings',
      policyVersion: '1.5',
      policyMigrationState: 'migrationComplete',
      authenticationMethodConfigurations: await Promise.all(all.map(async (c) => ({ '@odata.type': c.odataType, ...(await c.read(deps.db)) }))),
    }),
  );

  for (const c of all.filter((x) => x.segment === 'softwareOath' || x.segment === 'password')) {
    const path = `${configurations}/${c.segment}`;
    const body = targetedPatchSchema(c.id, c.odataType);
    defineRoute(
      router,
      { method: 'GET', path, summary: `Get the ${c.displayName} policy`, tags, auth: readAuth, status: [200, 403] },
      async () => ({
        '@odata.context': `${graphBase(deps)}/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity`,
        '@odata.type': c.odataType,
        ...(await c.read(deps.db)),
      }),
    );
    defineRoute(
      router,
      {
        method: 'PATCH',
        path,
        summary: `Update the ${c.displayName} policy`,
        description: "Include targets name 'all_users' or groups; exclusion wins over inclusion.",
        tags,
        auth: writeAuth,
        body,
        status: [204, 400, 403],
      },
      async ({ ctx, caller, body: patch }) => {
        await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
          const before = await c.read(trx) as { state: string; includeTargets: unknown[]; excludeTargets: unknown[] };
          const after = {
            ...before,
            ...(patch.state ? { state: patch.state } : {}),
            ...(patch.includeTargets ? { includeTargets: toIncludeTargets(patch.includeTargets) } : {}),
            ...(patch.excludeTargets ? { excludeTargets: toExcludeTargets(patch.excludeTargets) } : {}),
          } as { includeTargets: Array<{ id: string }>; excludeTargets: Array<{ id: string }> };
          await assertTargetsExist(dir, after);
          await c.write(trx, after as never);
          return { result: undefined, audit: policyAudit(c, before, after) };
        });
        return undefined;
      },
    );
  }

  for (const c of all) {
    defineRoute(
      router,
      {
        method: 'DELETE',
        path: `${configurations}/${c.segment}`,
        summary: `Revert the ${c.displayName} policy to its default`,
        tags,
        auth: writeAuth,
        status: [204, 403],
      },
      async ({ ctx, caller }) => {
        await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
          const before = await c.read(trx);
          const after = c.reset();
          await c.write(trx, after as never);
          return { result: undefined, audit: policyAudit(c, before, after) };
        });
        return undefined;
      },
    );
  }
}
