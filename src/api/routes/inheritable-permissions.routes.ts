/**
 * A blueprint's inheritable permissions: which delegated scopes and app roles of a resource its
 * agent identities inherit, one entry per resource
 * (https://learn.microsoft.com/graph/api/agentidentityblueprint-post-inheritablepermissions).
 * Served at both cast paths Graph scripts use: `/applications/{id}/microsoft.graph.agentIdentityBlueprint/…`
 * and `/applications/microsoft.graph.agentIdentityBlueprint/{id}/…`. Values must be offered by
 * the resource's service principal; a high-privilege one needs `?overrideHighPrivilege=true`.
 */
import { z } from 'zod';
import {
  createDirectory,
  inheritablePermissionCreateSchema,
  inheritablePermissionUpdateSchema,
  type AgentIdentityBlueprint,
  type Directory,
  type InheritablePermission,
} from '../../directory/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { defineRoute } from '../define-route.ts';
import { agentObjectAudit } from './agent-audit.ts';
import { agentRead, blueprintWrite, checkHighPrivilege, overrideDetails, overrideQuery, overrides } from './agent-guards.ts';
import { auditedWrite, auditValue } from './audit-entry.ts';
import { entityBody, inMemoryCollectionBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import { inheritablePermissionFields } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const tags = ['agentIdentityBlueprints'];
const bases = [
  '/applications/:id/microsoft.graph.agentIdentityBlueprint/inheritablePermissions',
  '/applications/microsoft.graph.agentIdentityBlueprint/:id/inheritablePermissions',
];
const blueprintKey = z.object({ id: z.guid() });
const entryKey = z.object({ id: z.guid(), resourceAppId: z.string().min(1).max(100) });
const fragment = (id: string) => `applications('${id}')/inheritablePermissions`;

async function requireBlueprint(dir: Directory, id: string): Promise<AgentIdentityBlueprint> {
  const blueprint = await dir.agentIdentityBlueprints.get(id);
  if (!blueprint) throw notFound(id);
  return blueprint;
}

/** The values an entry names outright (enumerated), checked against the high-privilege list. */
function checkEntry(resourceAppId: string, entry: Partial<InheritablePermission>, override: boolean): string[] {
  const scopes = entry.inheritableScopes?.kind === 'enumerated' ? entry.inheritableScopes.scopes : [];
  const roles = entry.inheritableRoles?.kind === 'enumerated' ? entry.inheritableRoles.roles : [];
  return [
    ...checkHighPrivilege(resourceAppId, scopes, override, 'inheritableScopes.scopes'),
    ...checkHighPrivilege(resourceAppId, roles, override, 'inheritableRoles.roles'),
  ];
}

function entryAudit(activity: string, blueprint: AgentIdentityBlueprint, before: InheritablePermission | undefined, after: InheritablePermission | undefined, overridden: string[]) {
  return agentObjectAudit(activity, 'agentIdentityBlueprint', blueprint, [
    { displayName: 'InheritablePermissions', oldValue: auditValue(before), newValue: auditValue(after) },
  ], [{ key: 'ResourceAppId', value: (after ?? before)!.resourceAppId }, ...overrideDetails(overridden)]);
}

export function inheritablePermissionRoutes(router: ApiRouter, deps: GraphDeps): void {
  for (const base of bases) {
    defineRoute(
      router,
      {
        method: 'GET', path: base, summary: "List a blueprint's inheritable permissions", tags,
        auth: agentRead,
        params: blueprintKey,
        listQuery: { fields: inheritablePermissionFields, entityType: 'microsoft.graph.inheritablePermission' },
        status: [200, 400, 403, 404],
      },
      async ({ ctx, params, listQuery }) => {
        const dir = createDirectory(deps.db);
        const blueprint = await requireBlueprint(dir, params.id);
        const items = await dir.agentIdentityBlueprints.listInheritablePermissions(blueprint.id);
        return inMemoryCollectionBody(ctx, deps, listQuery, fragment(blueprint.id), items, inheritablePermissionFields);
      },
    );

    defineRoute(
      router,
      {
        method: 'POST', path: base, summary: 'Add inheritable permissions for a resource', tags,
        description: 'inheritableScopes: #microsoft.graph.enumeratedScopes (scopes), allAllowedScopes or noScopes. inheritableRoles '
          + '(application permissions): #microsoft.graph.enumeratedRoles (roles, a Limen extension), allAllowedRoles or noRoles. '
          + 'Enumerated values are granted to every agent of the blueprint; all allowed passes on what the blueprint principal holds.',
        auth: blueprintWrite,
        params: blueprintKey,
        query: overrideQuery,
        body: inheritablePermissionCreateSchema,
        status: [201, 400, 403, 404],
      },
      async ({ ctx, caller, params, query, body }) => {
        const added = await auditedWrite(deps, { caller, ctx }, async (dir) => {
          const blueprint = await requireBlueprint(dir, params.id);
          const resource = await dir.servicePrincipals.getByAppId(body.resourceAppId);
          const overridden = checkEntry(resource?.appId ?? body.resourceAppId, body, overrides(query));
          const entry = await dir.agentIdentityBlueprints.addInheritablePermission(blueprint.id, body);
          return { result: entry, audit: entryAudit('Add inheritable permission to agent identity blueprint', blueprint, undefined, entry, overridden) };
        });
        ctx.set('Location', `${graphBase(deps)}/applications/${params.id}/microsoft.graph.agentIdentityBlueprint/inheritablePermissions/${added.resourceAppId}`);
        return entityBody(deps, fragment(params.id), added);
      },
    );

    defineRoute(
      router,
      {
        method: 'GET', path: `${base}/:resourceAppId`, summary: 'Get the inheritable permissions for a resource', tags,
        auth: agentRead,
        params: entryKey,
        status: [200, 400, 403, 404],
      },
      async ({ params }) => {
        const dir = createDirectory(deps.db);
        const blueprint = await requireBlueprint(dir, params.id);
        const entry = await dir.agentIdentityBlueprints.getInheritablePermission(blueprint.id, params.resourceAppId);
        if (!entry) throw notFound(params.resourceAppId);
        return entityBody(deps, fragment(blueprint.id), entry);
      },
    );

    defineRoute(
      router,
      {
        method: 'PATCH', path: `${base}/:resourceAppId`, summary: 'Change the inheritable permissions for a resource', tags,
        auth: blueprintWrite,
        params: entryKey,
        query: overrideQuery,
        body: inheritablePermissionUpdateSchema,
        status: [204, 400, 403, 404],
      },
      async ({ ctx, caller, params, query, body }) => {
        await auditedWrite(deps, { caller, ctx }, async (dir) => {
          const blueprint = await requireBlueprint(dir, params.id);
          const overridden = checkEntry(params.resourceAppId, body, overrides(query));
          const { before, after } = await dir.agentIdentityBlueprints.updateInheritablePermission(blueprint.id, params.resourceAppId, body);
          return { result: undefined, audit: entryAudit('Update inheritable permission of agent identity blueprint', blueprint, before, after, overridden) };
        });
        return undefined;
      },
    );

    defineRoute(
      router,
      {
        method: 'DELETE', path: `${base}/:resourceAppId`, summary: 'Remove the inheritable permissions for a resource', tags,
        auth: blueprintWrite,
        params: entryKey,
        status: [204, 400, 403, 404],
      },
      async ({ ctx, caller, params }) => {
        await auditedWrite(deps, { caller, ctx }, async (dir) => {
          const blueprint = await requireBlueprint(dir, params.id);
          const removed = await dir.agentIdentityBlueprints.removeInheritablePermission(blueprint.id, params.resourceAppId);
          return { result: undefined, audit: entryAudit('Remove inheritable permission from agent identity blueprint', blueprint, removed, undefined, []) };
        });
        return undefined;
      },
    );
  }
}
