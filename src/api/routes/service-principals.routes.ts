/**
 * `/servicePrincipals`: the tenant's enterprise applications
 * (https://learn.microsoft.com/graph/api/resources/serviceprincipal): list, create from an
 * appId, get (also by `(appId='…')`), update, delete. App role assignments are in
 * app-role-assignments.routes.ts.
 */
import { z } from 'zod';
import {
  createDirectory,
  cliClient,
  consoleClient,
  myAccountClient,
  managementApi,
  servicePrincipalCreateSchema,
  servicePrincipalUpdateSchema,
  type Directory,
  type ServicePrincipal,
} from '../../directory/index.ts';
import { applyListQuery } from '../../odata/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { keepGlobalAdministrator } from './admin-protection.ts';
import { assertMayWrite, invalidField, servicePrincipalWrite } from './agent-guards.ts';
import { servicePrincipalKind } from './agent-kinds.ts';
import { deleteAgentServicePrincipal, updateAgentServicePrincipal } from './agent-lifecycle.ts';
import { presentServicePrincipals } from './agent-presentation.ts';
import {
  auditedWrite,
  modifiedProperties,
  type AuditRecord,
  type AuditTarget,
} from './audit-entry.ts';
import { collectionBody, entityBody, entityQuery, entitySelect, tableCount } from './collection.ts';
import { notFound } from './directory-error.ts';
import { servicePrincipalFields, servicePrincipalSelectable } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';
import { appIdKey } from './odata-ref.ts';

const tags = ['servicePrincipals'];
const entityType = 'microsoft.graph.servicePrincipal';
export const servicePrincipalKey = z.object({ id: z.guid() });

export async function requireServicePrincipal(
  dir: Directory,
  id: string,
): Promise<ServicePrincipal> {
  const servicePrincipal = await dir.servicePrincipals.get(id);
  if (!servicePrincipal) throw notFound(id);
  return servicePrincipal;
}

export const servicePrincipalTarget = (
  sp: ServicePrincipal,
  modified: AuditTarget['modifiedProperties'] = [],
): AuditTarget => ({
  id: sp.id,
  displayName: sp.displayName,
  type: 'ServicePrincipal',
  modifiedProperties: modified,
});

function servicePrincipalAudit(
  activityDisplayName: string,
  sp: ServicePrincipal,
  modified?: AuditTarget['modifiedProperties'],
): AuditRecord {
  return {
    category: 'ApplicationManagement',
    activityDisplayName,
    targetResources: [servicePrincipalTarget(sp, modified)],
    additionalDetails: [{ key: 'AppId', value: sp.appId }],
  };
}

/** The management API's own service principal: disabling or deleting it would lock everyone out. */
function assertNotManagementApi(sp: ServicePrincipal): void {
  if (sp.appId === managementApi.appId || sp.appId === cliClient.appId || sp.appId === consoleClient.appId) {
    throw new ApiError(
      'Request_BadRequest',
      `The service principal of '${sp.displayName}' is built in and cannot be changed or removed.`,
    );
  }
}

/**
 * My Security Info is where everyone, administrators included, registers and recovers sign-in
 * methods: requiring assignment there could lock people (and the last administrator) out of it,
 * so it cannot be set (the sign-in never enforces it there either: oidc/assignment-required.ts).
 */
function assertMyAccountOpen(sp: ServicePrincipal, appRoleAssignmentRequired: boolean | undefined): void {
  if (sp.appId === myAccountClient.appId && appRoleAssignmentRequired === true) {
    throw invalidField('appRoleAssignmentRequired',
      `Invalid value for property 'appRoleAssignmentRequired': '${sp.displayName}' is built in and open to every user, so that everyone can manage their sign-in methods; it cannot require assignment.`);
  }
}

export function servicePrincipalRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/servicePrincipals',
      summary: 'List service principals',
      tags,
      auth: requires(Permission.ApplicationReadAll),
      listQuery: {
        fields: servicePrincipalFields,
        entityType,
        selectable: servicePrincipalSelectable,
      },
      status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const { db, engine } = deps;
      const fields = servicePrincipalFields;
      const dir = createDirectory(db);
      const items = await presentServicePrincipals(dir, await dir.servicePrincipals.list((q) =>
        applyListQuery(q, listQuery, fields, engine),
      ));
      const count = await tableCount(deps, 'service_principals', listQuery, fields);
      return collectionBody(ctx, deps, listQuery, 'servicePrincipals', items, count);
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: '/servicePrincipals',
      summary: 'Create the service principal of an application',
      tags,
      auth: requires(Permission.ApplicationReadWriteAll),
      body: servicePrincipalCreateSchema,
      status: [201, 400, 403, 404],
    },
    async ({ ctx, caller, body }) => {
      const sp = await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const created = await dir.servicePrincipals.create(body);
        const modified = modifiedProperties(undefined, created);
        const audit = servicePrincipalAudit('Add service principal', created, modified);
        return { result: created, audit };
      });
      ctx.set('Location', `${graphBase(deps)}/servicePrincipals/${sp.id}`);
      return entityBody(deps, 'servicePrincipals', sp);
    },
  );

  const select = (query: { $select?: string | undefined }) =>
    entitySelect(query, servicePrincipalFields, entityType, servicePrincipalSelectable);

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/servicePrincipals/:id',
      summary: 'Get a service principal',
      tags,
      auth: requires(Permission.ApplicationReadAll),
      params: servicePrincipalKey,
      query: entityQuery,
      status: [200, 400, 403, 404],
    },
    async ({ params, query }) => {
      const dir = createDirectory(deps.db);
      const [sp] = await presentServicePrincipals(dir, [await requireServicePrincipal(dir, params.id)]);
      return entityBody(deps, 'servicePrincipals', sp!, select(query));
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: String.raw`/servicePrincipals\(appId=:appId\)`,
      summary: 'Get a service principal by appId', tags,
      auth: requires(Permission.ApplicationReadAll),
      params: appIdKey,
      query: entityQuery,
      status: [200, 400, 403, 404],
    },
    async ({ params, query }) => {
      const dir = createDirectory(deps.db);
      const sp = await dir.servicePrincipals.getByAppId(params.appId);
      if (!sp) throw notFound(params.appId);
      const [presented] = await presentServicePrincipals(dir, [sp]);
      return entityBody(deps, 'servicePrincipals', presented!, select(query));
    },
  );

  defineRoute(
    router,
    {
      method: 'PATCH',
      path: '/servicePrincipals/:id',
      summary: 'Update a service principal',
      tags,
      description: 'On an agent identity or a blueprint principal, accountEnabled: false also revokes its (their) refresh tokens at once.',
      auth: servicePrincipalWrite,
      params: servicePrincipalKey,
      body: servicePrincipalUpdateSchema,
      status: [204, 400, 403, 404, 409],
    },
    async ({ ctx, caller, params, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const current = await requireServicePrincipal(dir, params.id);
        assertNotManagementApi(current);
        assertMyAccountOpen(current, body.appRoleAssignmentRequired);
        const kind = await servicePrincipalKind(dir, current);
        assertMayWrite(caller, kind);
        const disabling = body.accountEnabled === false;
        const recheck = disabling ? await keepGlobalAdministrator(dir) : undefined;
        if (kind !== 'servicePrincipal') {
          return { result: undefined, audit: await updateAgentServicePrincipal(dir, trx, kind, current, body), recheck };
        }
        if (body.customSecurityAttributes !== undefined) {
          throw invalidField('customSecurityAttributes', "Invalid value for property 'customSecurityAttributes': Limen keeps custom security attributes on agent identities only.");
        }
        const { before, after } = await dir.servicePrincipals.update(params.id, body);
        const modified = modifiedProperties(before, after);
        const audit = servicePrincipalAudit('Update service principal', after, modified);
        return { result: undefined, audit, recheck };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: '/servicePrincipals/:id',
      summary: 'Delete a service principal',
      tags,
      auth: servicePrincipalWrite,
      params: servicePrincipalKey,
      status: [204, 400, 403, 404, 409],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const current = await requireServicePrincipal(dir, params.id);
        assertNotManagementApi(current);
        const kind = await servicePrincipalKind(dir, current);
        assertMayWrite(caller, kind);
        const recheck = await keepGlobalAdministrator(dir);
        if (kind !== 'servicePrincipal') {
          return { result: undefined, audit: await deleteAgentServicePrincipal(dir, trx, kind, current), recheck };
        }
        const deleted = await dir.servicePrincipals.delete(params.id);
        const audit = servicePrincipalAudit('Remove service principal', deleted);
        return { result: undefined, audit, recheck };
      });
      return undefined;
    },
  );
}
