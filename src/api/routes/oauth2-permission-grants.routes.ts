/**
 * `/oauth2PermissionGrants`: delegated consent of a client to a resource's scopes, for all users
 * or one (https://learn.microsoft.com/graph/api/resources/oauth2permissiongrant). Graph's least
 * privileged permission for writes, DelegatedPermissionGrant.ReadWrite.All, is not one of
 * Limen's; AppRoleAssignment.ReadWrite.All ("manage app permission grants") or
 * Directory.ReadWrite.All stand in for it. PATCH changes only the scopes, as Graph's update.
 */
import { z } from 'zod';
import {
  createDirectory,
  oauth2PermissionGrantCreateSchema,
  type Directory,
  type OAuth2PermissionGrant,
} from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { assertMayGrantManagementScopes } from './admin-protection.ts';
import { checkAgentGrant, overrideDetails, overrideQuery, overrides } from './agent-guards.ts';
import { auditedWrite, auditValue, linkChange, type AuditRecord } from './audit-entry.ts';
import { entityBody, inMemoryCollectionBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import { permissionGrantFields } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';
import { requireServicePrincipal } from './service-principals.routes.ts';

const tags = ['oauth2PermissionGrants'];
const fragment = 'oauth2PermissionGrants';
const grantKey = z.object({ id: z.string().min(1).max(100) });
const grantUpdateSchema = z.strictObject({ scope: z.string().max(4000) });
const write = requires(Permission.AppRoleAssignmentReadWriteAll, Permission.DirectoryReadWriteAll);

async function findGrant(dir: Directory, id: string): Promise<OAuth2PermissionGrant> {
  const grant = (await dir.assignments.listPermissionGrants()).find((g) => g.id === id);
  if (!grant) throw notFound(id);
  return grant;
}

/**
 * "Add delegated permission grant": the resource carries the scopes, then the client. A scope
 * change is logged as an addition when it adds scopes, else as a removal, with old and new scope.
 */
async function grantAudit(
  dir: Directory,
  grant: OAuth2PermissionGrant,
  adding: boolean,
  newScope?: string,
): Promise<AuditRecord> {
  const resource = await requireServicePrincipal(dir, grant.resourceId);
  const client = await requireServicePrincipal(dir, grant.clientId);
  const values = (value: string) => linkChange(adding, value);
  return {
    category: 'ApplicationManagement',
    activityDisplayName: `${adding ? 'Add' : 'Remove'} delegated permission grant`,
    targetResources: [
      {
        id: resource.id,
        displayName: resource.displayName,
        type: 'ServicePrincipal',
        modifiedProperties: [
          newScope === undefined
            ? { displayName: 'DelegatedPermissionGrant.Scope', ...values(grant.scope) }
            : { displayName: 'DelegatedPermissionGrant.Scope', oldValue: auditValue(grant.scope), newValue: auditValue(newScope) },
          { displayName: 'DelegatedPermissionGrant.ConsentType', ...values(grant.consentType) },
        ],
      },
      { id: client.id, displayName: client.displayName, type: 'ServicePrincipal' },
    ],
    additionalDetails: [{ key: 'DelegatedPermissionGrantId', value: grant.id }],
  };
}

export function permissionGrantRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/oauth2PermissionGrants',
      summary: 'List delegated permission grants',
      tags,
      auth: requires(Permission.DirectoryReadAll),
      listQuery: {
        fields: permissionGrantFields,
        entityType: 'microsoft.graph.oAuth2PermissionGrant',
      },
      status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const items = await createDirectory(deps.db).assignments.listPermissionGrants();
      return inMemoryCollectionBody(ctx, deps, listQuery, fragment, items, permissionGrantFields);
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: '/oauth2PermissionGrants',
      summary: 'Grant delegated permissions',
      tags,
      description: 'A high-privilege scope for an agent identity or a blueprint principal needs ?overrideHighPrivilege=true (audited).',
      auth: write,
      query: overrideQuery,
      body: oauth2PermissionGrantCreateSchema,
      status: [201, 400, 403, 404, 409],
    },
    async ({ ctx, caller, query, body }) => {
      const grant = await auditedWrite(deps, { caller, ctx }, async (dir) => {
        if (body.principalId) {
          const user = await dir.users.get(body.principalId);
          if (!user) throw notFound(body.principalId);
        }
        const resource = await dir.servicePrincipals.get(body.resourceId);
        if (resource) assertMayGrantManagementScopes(caller, resource.appId, body.scope);
        const scopes = body.scope.split(/\s+/).filter(Boolean);
        const overridden = resource ? await checkAgentGrant(dir, body.clientId, resource.appId, scopes, overrides(query), 'scope') : [];
        if (await dir.assignments.findPermissionGrant(body)) {
          // Graph's answer (409, not its usual 400 for a duplicate key): extend the grant with PATCH.
          throw new ApiError('Request_MultipleObjectsWithSameKeyValue', 'Permission entry already exists. Change the scopes of the existing grant with PATCH /oauth2PermissionGrants/{id}.', { status: 409 });
        }
        const created = await dir.assignments.grantPermissions(body);
        const audit = await grantAudit(dir, created, true);
        audit.additionalDetails?.push(...overrideDetails(overridden));
        return { result: created, audit };
      });
      ctx.set('Location', `${graphBase(deps)}/oauth2PermissionGrants/${grant.id}`);
      return entityBody(deps, fragment, grant);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/oauth2PermissionGrants/:id',
      summary: 'Get a delegated permission grant',
      tags,
      auth: requires(Permission.DirectoryReadAll),
      params: grantKey,
      status: [200, 403, 404],
    },
    async ({ params }) => {
      const grant = await findGrant(createDirectory(deps.db), params.id);
      return entityBody(deps, fragment, grant);
    },
  );

  defineRoute(
    router,
    {
      method: 'PATCH',
      path: '/oauth2PermissionGrants/:id',
      summary: 'Update the scopes of a delegated permission grant',
      tags,
      description: 'Only scope changes. A high-privilege scope added for an agent identity or a blueprint principal needs ?overrideHighPrivilege=true (audited).',
      auth: write,
      params: grantKey,
      query: overrideQuery,
      body: grantUpdateSchema,
      status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params, query, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const grant = await findGrant(dir, params.id);
        const held = grant.scope.split(' ').filter(Boolean);
        const wanted = body.scope.split(/\s+/).filter(Boolean);
        const added = wanted.filter((s) => !held.includes(s));
        const resource = await requireServicePrincipal(dir, grant.resourceId);
        assertMayGrantManagementScopes(caller, resource.appId, added.join(' '));
        const overridden = await checkAgentGrant(dir, grant.clientId, resource.appId, added, overrides(query), 'scope');
        await dir.assignments.setPermissionGrantScope(grant.id, wanted.join(' '));
        const audit = await grantAudit(dir, grant, added.length > 0, wanted.join(' '));
        audit.additionalDetails?.push(...overrideDetails(overridden));
        return { result: undefined, audit };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: '/oauth2PermissionGrants/:id',
      summary: 'Revoke a delegated permission grant',
      tags,
      auth: write,
      params: grantKey,
      status: [204, 403, 404],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const grant = await findGrant(dir, params.id);
        const audit = await grantAudit(dir, grant, false);
        await dir.assignments.revokePermissionGrant(grant.id);
        return { result: undefined, audit };
      });
      return undefined;
    },
  );
}
