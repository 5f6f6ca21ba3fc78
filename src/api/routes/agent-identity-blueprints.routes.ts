/**
 * `/applications/microsoft.graph.agentIdentityBlueprint`: create and list agent identity
 * blueprints (https://learn.microsoft.com/graph/api/agentidentityblueprint-post), Graph's cast
 * path for one of them, and nothing else: a blueprint is an application, so get, update, delete
 * and every credential route are the application routes', which know the subtype.
 */
import { z } from 'zod';
import {
  agentIdentityBlueprintCreateSchema,
  blueprintSignInProblem,
  createDirectory,
} from '../../directory/index.ts';
import { applyListQuery, countQuery } from '../../odata/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { agentObjectAudit, linkAudit } from './agent-audit.ts';
import { agentRead, invalidField, linkFromBind, sponsorsAndOwners } from './agent-guards.ts';
import { modifiedProperties, auditedWrite, type AuditRecord } from './audit-entry.ts';
import { collectionBody, countValue, entityBody, entityQuery, entitySelect } from './collection.ts';
import { notFound } from './directory-error.ts';
import { applicationFields, applicationSelectable } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const tags = ['agentIdentityBlueprints'];
const path = '/applications/microsoft.graph.agentIdentityBlueprint';
const fragment = 'applications/microsoft.graph.agentIdentityBlueprint';
const entityType = 'microsoft.graph.agentIdentityBlueprint';
const selectable = [...applicationSelectable, 'createdByAppId'];

export function agentIdentityBlueprintRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'POST', path, summary: 'Create an agent identity blueprint', tags,
      description: 'An application that agent identities are created from. sponsors@odata.bind and owners@odata.bind '
        + 'name its people (at least one; a signed-in caller is the sponsor by default). Its blueprint principal is created with it.',
      auth: requires(Permission.AgentIdentityBlueprintCreate),
      body: agentIdentityBlueprintCreateSchema,
      status: [201, 400, 403],
    },
    async ({ ctx, caller, body }) => {
      const problem = blueprintSignInProblem(body);
      if (problem) throw invalidField(problem.field, problem.message);
      const blueprint = await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const { sponsorIds, ownerIds } = await sponsorsAndOwners(dir, trx, caller, body, 'agent identity blueprint');
        const { 'sponsors@odata.bind': _sponsors, 'owners@odata.bind': _owners, ...input } = body;
        const { blueprint: created, principal } = await dir.agentIdentityBlueprints.create(input, caller.appId || null);
        const audit: AuditRecord[] = [
          agentObjectAudit('Add agent identity blueprint', 'agentIdentityBlueprint', created, modifiedProperties(undefined, created)),
          agentObjectAudit('Add agent identity blueprint principal', 'agentIdentityBlueprintPrincipal', principal, modifiedProperties(undefined, principal)),
        ];
        for (const id of sponsorIds) {
          const sponsor = await linkFromBind(dir, created.id, 'sponsors', id, 'sponsors@odata.bind');
          audit.push(linkAudit(true, 'sponsors', 'agentIdentityBlueprint', created, sponsor));
        }
        for (const id of ownerIds) {
          const owner = await linkFromBind(dir, created.id, 'owners', id, 'owners@odata.bind');
          audit.push(linkAudit(true, 'owners', 'agentIdentityBlueprint', created, owner));
        }
        return { result: created, audit };
      });
      ctx.set('Location', `${graphBase(deps)}/applications/${blueprint.id}`);
      return entityBody(deps, fragment, blueprint);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path, summary: 'List agent identity blueprints', tags,
      auth: agentRead,
      listQuery: { fields: applicationFields, entityType, selectable },
      status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const { db, engine } = deps;
      const items = await createDirectory(db).agentIdentityBlueprints.list((q) => applyListQuery(q, listQuery, applicationFields, engine));
      const marked = db.selectFrom('applications')
        .where('id', 'in', db.selectFrom('agent_identity_blueprints').select('application_id'));
      const count = listQuery.count
        ? countValue(await countQuery(marked, listQuery, applicationFields, engine).executeTakeFirst())
        : undefined;
      return collectionBody(ctx, deps, listQuery, fragment, items, count);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path: '/applications/:id/microsoft.graph.agentIdentityBlueprint', summary: 'Get an agent identity blueprint', tags,
      auth: agentRead,
      params: z.object({ id: z.guid() }),
      query: entityQuery,
      status: [200, 400, 403, 404],
    },
    async ({ params, query }) => {
      const blueprint = await createDirectory(deps.db).agentIdentityBlueprints.get(params.id);
      if (!blueprint) throw notFound(params.id);
      return entityBody(deps, fragment, blueprint, entitySelect(query, applicationFields, entityType, selectable));
    },
  );
}
