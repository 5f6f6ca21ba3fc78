/**
 * `/servicePrincipals/microsoft.graph.agentIdentity`: create and list agent identities
 * (https://learn.microsoft.com/graph/api/agentidentity-post), Graph's cast path for one of them,
 * and `…/microsoft.graph.agentIdentity/permissions` (a Limen extension): everything an agent
 * holds and where it comes from. An agent identity is a service principal, so get, update and
 * delete are the service principal routes', which know the subtype; app roles are granted to it
 * like to any service principal (app-role-assignments.routes.ts).
 */
import { z } from 'zod';
import { flagHighPrivilege } from '../../agents/index.ts';
import { agentIdentityCreateSchema, createDirectory, DirectoryError } from '../../directory/index.ts';
import { applyListQuery, countQuery } from '../../odata/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { defineRoute } from '../define-route.ts';
import { agentObjectAudit, linkAudit } from './agent-audit.ts';
import { agentRead, invalidField, linkFromBind, servicePrincipalWrite, sponsorsAndOwners } from './agent-guards.ts';
import { presentAgents } from './agent-presentation.ts';
import { auditedWrite, modifiedProperties, type AuditRecord } from './audit-entry.ts';
import { collectionBody, countValue, entityBody, entityQuery, entitySelect, inMemoryCollectionBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import { agentIdentityFields, agentIdentitySelectable, agentPermissionFields } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const tags = ['agentIdentities'];
const path = '/servicePrincipals/microsoft.graph.agentIdentity';
const entityType = 'microsoft.graph.agentIdentity';
const key = z.object({ id: z.guid() });

export function agentIdentityRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'POST', path, summary: 'Create an agent identity from a blueprint', tags,
      description: 'agentIdentityBlueprintId is the blueprint\'s appId. sponsors@odata.bind and owners@odata.bind name its people: '
        + 'at least one; a signed-in caller is the sponsor by default, an app gets the default sponsors of /policies/agentIdentityPolicy.',
      auth: servicePrincipalWrite,
      body: agentIdentityCreateSchema,
      status: [201, 400, 403],
    },
    async ({ ctx, caller, body }) => {
      const agent = await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const { sponsorIds, ownerIds } = await sponsorsAndOwners(dir, trx, caller, body, 'agent identity');
        const input = {
          displayName: body.displayName,
          blueprintAppId: (body.agentIdentityBlueprintId ?? body.agentIdentityBlueprintAppId)!,
          accountEnabled: body.accountEnabled,
          tags: body.tags,
          customSecurityAttributes: body.customSecurityAttributes,
        };
        const created = await dir.agentIdentities.create(input, caller.appId || null).catch((error: unknown) => {
          if (error instanceof DirectoryError) throw invalidField('agentIdentityBlueprintId', error.message);
          throw error;
        });
        const audit: AuditRecord[] = [agentObjectAudit('Add agent identity', 'agentIdentity', created, modifiedProperties(undefined, created))];
        for (const id of sponsorIds) {
          audit.push(linkAudit(true, 'sponsors', 'agentIdentity', created, await linkFromBind(dir, created.id, 'sponsors', id, 'sponsors@odata.bind')));
        }
        for (const id of ownerIds) {
          audit.push(linkAudit(true, 'owners', 'agentIdentity', created, await linkFromBind(dir, created.id, 'owners', id, 'owners@odata.bind')));
        }
        const [presented] = await presentAgents(dir, [created]);
        return { result: presented!, audit };
      });
      ctx.set('Location', `${graphBase(deps)}/servicePrincipals/${agent.id}`);
      return entityBody(deps, 'servicePrincipals', agent);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path, summary: 'List agent identities', tags,
      description: 'Each carries highPrivilegePermissions and sponsorCount (Limen extensions) to flag over-privileged and sponsorless agents.',
      auth: agentRead,
      listQuery: { fields: agentIdentityFields, entityType, selectable: agentIdentitySelectable },
      status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const { db, engine } = deps;
      const dir = createDirectory(db);
      const agents = await dir.agentIdentities.list((q) => applyListQuery(q, listQuery, agentIdentityFields, engine));
      const base = db.selectFrom('service_principals').innerJoin('agent_identities', 'agent_identities.id', 'service_principals.id');
      const count = listQuery.count
        ? countValue(await countQuery(base, listQuery, agentIdentityFields, engine).executeTakeFirst())
        : undefined;
      return collectionBody(ctx, deps, listQuery, 'servicePrincipals/microsoft.graph.agentIdentity', await presentAgents(dir, agents), count);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path: '/servicePrincipals/:id/microsoft.graph.agentIdentity', summary: 'Get an agent identity', tags,
      auth: agentRead,
      params: key,
      query: entityQuery,
      status: [200, 400, 403, 404],
    },
    async ({ params, query }) => {
      const dir = createDirectory(deps.db);
      const agent = await dir.agentIdentities.get(params.id);
      if (!agent) throw notFound(params.id);
      const [presented] = await presentAgents(dir, [agent]);
      const select = entitySelect(query, agentIdentityFields, entityType, agentIdentitySelectable);
      return entityBody(deps, 'servicePrincipals', presented!, select);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path: '/servicePrincipals/:id/microsoft.graph.agentIdentity/permissions',
      summary: "List an agent identity's permissions and where each comes from", tags,
      description: 'A Limen extension: app role assignments and delegated grants of the agent, and what it inherits from its '
        + 'blueprint (source inheritedFromBlueprint, sourceDisplayName the blueprint), each with highPrivilege.',
      auth: agentRead,
      params: key,
      listQuery: { fields: agentPermissionFields, entityType: 'microsoft.graph.agentPermission' },
      status: [200, 400, 403, 404],
    },
    async ({ ctx, params, listQuery }) => {
      const dir = createDirectory(deps.db);
      const agent = await dir.agentIdentities.get(params.id);
      if (!agent) throw notFound(params.id);
      const permissions = ((await dir.agentIdentities.permissionsOf([agent])).get(agent.id) ?? []).map(flagHighPrivilege);
      const fragment = `servicePrincipals('${agent.id}')/microsoft.graph.agentIdentity/permissions`;
      return inMemoryCollectionBody(ctx, deps, listQuery, fragment, permissions, agentPermissionFields);
    },
  );
}
