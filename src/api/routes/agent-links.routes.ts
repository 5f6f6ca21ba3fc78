/**
 * Owners of applications and service principals, and sponsors of agent identities and
 * blueprints: list, add by `$ref`, remove by `{id}/$ref`, as a group's members
 * (https://learn.microsoft.com/graph/api/agentidentity-post-sponsors,
 * https://learn.microsoft.com/graph/api/serviceprincipal-post-owners). Sponsors are also served
 * at Graph's cast paths (`…/microsoft.graph.agentIdentity/sponsors`). An agent object never loses
 * its last sponsor: someone must stay accountable for it.
 */
import { z } from 'zod';
import { createDirectory, type Directory, type LinkRelationship } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import type { AuthRequirement } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { linkAudit } from './agent-audit.ts';
import { agentRead, assertMayWrite, blueprintWrite, servicePrincipalWrite, type AgentObjectKind } from './agent-guards.ts';
import { applicationKind, servicePrincipalKind } from './agent-kinds.ts';
import { auditedWrite } from './audit-entry.ts';
import { directoryObjectsBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import { directoryObjectsQuery } from './field-maps.ts';
import type { GraphDeps } from './graph-deps.ts';
import { idFromRef, refBody } from './odata-ref.ts';

interface Target {
  kind: AgentObjectKind;
  object: { id: string; displayName: string; appId: string; agentIdentityBlueprintId?: string };
}

/** The object a path names, and its kind. */
type Load = (dir: Directory, id: string) => Promise<Target>;

const loadApplication: Load = async (dir, id) => {
  const app = await dir.applications.get(id);
  if (!app) throw notFound(id);
  return { kind: await applicationKind(dir, app), object: app };
};

const loadServicePrincipal: Load = async (dir, id) => {
  const sp = await dir.servicePrincipals.get(id);
  if (!sp) throw notFound(id);
  const kind = await servicePrincipalKind(dir, sp);
  return { kind, object: (kind === 'agentIdentity' && (await dir.agentIdentities.get(id))) || sp };
};

const collections: Array<{ base: string; load: Load; relationship: LinkRelationship; write: AuthRequirement; tag: string }> = [
  { base: '/applications/:id/owners', load: loadApplication, relationship: 'owners', write: blueprintWrite, tag: 'applications' },
  { base: '/applications/:id/sponsors', load: loadApplication, relationship: 'sponsors', write: blueprintWrite, tag: 'agentIdentityBlueprints' },
  { base: '/applications/:id/microsoft.graph.agentIdentityBlueprint/sponsors', load: loadApplication, relationship: 'sponsors', write: blueprintWrite, tag: 'agentIdentityBlueprints' },
  { base: '/servicePrincipals/:id/owners', load: loadServicePrincipal, relationship: 'owners', write: servicePrincipalWrite, tag: 'servicePrincipals' },
  { base: '/servicePrincipals/:id/sponsors', load: loadServicePrincipal, relationship: 'sponsors', write: servicePrincipalWrite, tag: 'agentIdentities' },
  { base: '/servicePrincipals/:id/microsoft.graph.agentIdentity/sponsors', load: loadServicePrincipal, relationship: 'sponsors', write: servicePrincipalWrite, tag: 'agentIdentities' },
];

/** Sponsors exist on agent identities and blueprints only. */
function assertCanHave(target: Target, relationship: LinkRelationship): void {
  if (relationship === 'owners' || target.kind === 'agentIdentity' || target.kind === 'agentIdentityBlueprint') return;
  throw new ApiError('Request_BadRequest',
    `Sponsors are kept on agent identities and agent identity blueprints; '${target.object.displayName}' is neither.`);
}

export function agentLinkRoutes(router: ApiRouter, deps: GraphDeps): void {
  for (const { base, load, relationship, write, tag } of collections) {
    const noun = relationship === 'owners' ? 'owner' : 'sponsor';
    const tags = [tag];

    defineRoute(
      router,
      {
        method: 'GET', path: base, summary: `List the ${relationship}`, tags,
        auth: agentRead,
        params: z.object({ id: z.guid() }),
        listQuery: directoryObjectsQuery,
        status: [200, 400, 403, 404],
      },
      async ({ ctx, params, listQuery }) => {
        const dir = createDirectory(deps.db);
        const target = await load(dir, params.id);
        assertCanHave(target, relationship);
        return directoryObjectsBody(ctx, deps, listQuery, await dir.objectLinks.list(target.object.id, relationship));
      },
    );

    defineRoute(
      router,
      {
        method: 'POST', path: `${base}/$ref`, summary: `Add an ${noun}`, tags,
        description: `The body names the ${noun}: { "@odata.id": "…/directoryObjects/{id}" }. ` +
          (relationship === 'owners' ? 'Owners are users or service principals.' : 'Sponsors are users or groups (at most 5 groups).'),
        auth: write,
        params: z.object({ id: z.guid() }),
        body: refBody,
        status: [204, 400, 403, 404],
      },
      async ({ ctx, caller, params, body }) => {
        const linkedId = idFromRef(body['@odata.id']);
        await auditedWrite(deps, { caller, ctx }, async (dir) => {
          const target = await load(dir, params.id);
          assertCanHave(target, relationship);
          assertMayWrite(caller, target.kind);
          const linked = await dir.objectLinks.add(target.object.id, relationship, linkedId);
          return { result: undefined, audit: linkAudit(true, relationship, target.kind, target.object, linked) };
        });
        return undefined;
      },
    );

    defineRoute(
      router,
      {
        method: 'DELETE', path: `${base}/:objectId/$ref`, summary: `Remove an ${noun}`, tags,
        description: relationship === 'sponsors' ? 'The last sponsor cannot be removed: add another first.' : undefined,
        auth: write,
        params: z.object({ id: z.guid(), objectId: z.guid() }),
        status: [204, 400, 403, 404, 409],
      },
      async ({ ctx, caller, params }) => {
        await auditedWrite(deps, { caller, ctx }, async (dir) => {
          const target = await load(dir, params.id);
          assertCanHave(target, relationship);
          assertMayWrite(caller, target.kind);
          const current = await dir.objectLinks.list(target.object.id, relationship);
          const linked = current.find((o) => o.id === params.objectId.toLowerCase());
          if (!linked) throw notFound(params.objectId);
          const lastSponsor = () => new ApiError('Conflict',
            `'${linked.displayName}' is the last sponsor of '${target.object.displayName}', and an agent must always have someone ` +
            'accountable for it. Add another sponsor first, then remove this one.');
          if (relationship === 'sponsors' && current.length === 1) throw lastSponsor();
          await dir.objectLinks.remove(target.object.id, relationship, linked.id);
          // Checked again under the audit log's lock: two removals racing for the last two sponsors.
          const recheck = relationship === 'sponsors'
            ? async (after: Directory) => {
              if ((await after.objectLinks.countFor([target.object.id], 'sponsors')).get(target.object.id) === 0) throw lastSponsor();
            }
            : undefined;
          return { result: undefined, audit: linkAudit(false, relationship, target.kind, target.object, linked), recheck };
        });
        return undefined;
      },
    );
  }
}
