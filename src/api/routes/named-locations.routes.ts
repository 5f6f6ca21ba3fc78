/**
 * Named locations at `/identity/conditionalAccess/namedLocations`, as Graph
 * (https://learn.microsoft.com/graph/api/resources/namedlocation): IP ranges (IPv4 and IPv6
 * CIDR, trusted or not) and countries. Entra's rules: at most 195 locations and 2,000 ranges
 * each, prefixes longer than /8, a trusted location must be un-trusted before it is deleted, and
 * a location a policy names cannot be deleted.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createConditionalAccessRepository, limits, type NamedLocation } from '../../conditional-access/index.ts';
import { exportNamedLocation, parseNamedLocation, type ParsedNamedLocation } from '../../conditional-access/import/index.ts';
import { serialiseAuditedWrites } from '../../logs/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, modifiedProperties } from './audit-entry.ts';
import { entityQuery, inMemoryCollectionBody } from './collection.ts';
import { problemsError } from './conditional-access-problems.ts';
import { notFound } from './directory-error.ts';
import { namedLocationFields } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const base = '/identity/conditionalAccess/namedLocations';
const fragment = 'identity/conditionalAccess/namedLocations';
const tags = ['conditionalAccess'];
const read = requires(Permission.PolicyReadAll, Permission.PolicyReadWriteConditionalAccess);
const write = requires(Permission.PolicyReadWriteConditionalAccess);
const idParam = z.object({ id: z.string().min(1).max(64) });
const anyObject = z.record(z.string(), z.unknown());
const parser = 'parseNamedLocation (conditional-access/import)';
const list = { fields: namedLocationFields, entityType: 'microsoft.graph.namedLocation' };

const stored = (parsed: ParsedNamedLocation, id: string, created: string, modified: string): NamedLocation =>
  ({ ...parsed, id, createdDateTime: created, modifiedDateTime: modified }) as NamedLocation;

const locationTarget = (l: Pick<NamedLocation, 'id' | 'displayName'>, before: object | undefined, after: object) => ({
  id: l.id, displayName: l.displayName, type: 'Policy', modifiedProperties: modifiedProperties(before, after, { omit: ['modifiedDateTime'] }),
});

export function namedLocationRoutes(router: ApiRouter, deps: GraphDeps): void {
  const entity = (l: NamedLocation) => ({ '@odata.context': `${graphBase(deps)}/$metadata#${fragment}/$entity`, ...exportNamedLocation(l) });

  defineRoute(
    router,
    { method: 'GET', path: base, summary: 'List named locations', tags, auth: read, listQuery: list, status: [200, 400, 403] },
    async ({ ctx, listQuery }) => {
      const locations = (await createConditionalAccessRepository(deps.db).listLocations()).map((l) => exportNamedLocation(l));
      return inMemoryCollectionBody(ctx, deps, listQuery, fragment, locations, namedLocationFields);
    },
  );

  defineRoute(
    router,
    { method: 'GET', path: `${base}/:id`, summary: 'Get a named location', tags, auth: read, params: idParam, query: entityQuery, status: [200, 403, 404] },
    async ({ params }) => {
      const location = await createConditionalAccessRepository(deps.db).getLocation(params.id);
      if (!location) throw notFound(params.id);
      return entity(location);
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: base,
      summary: 'Create a named location',
      description: `An ipNamedLocation (ipRanges of iPv4CidrRange/iPv6CidrRange, isTrusted) or a countryNamedLocation ` +
        `(ISO 3166-1 alpha-2 countriesAndRegions, includeUnknownCountriesAndRegions). At most ${limits.namedLocations}.`,
      tags,
      auth: write,
      body: anyObject,
      bodyParsedBy: parser,
      status: [201, 400, 403],
    },
    async ({ ctx, caller, body }) => {
      const parsed = parseNamedLocation(body);
      if (!parsed.ok) throw problemsError(parsed.problems, 'Named location');
      const created = await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        await serialiseAuditedWrites(trx);
        const now = new Date().toISOString();
        const location = stored(parsed.value, randomUUID(), now, now);
        const result = await createConditionalAccessRepository(trx).createLocation(location);
        if (!result.ok) throw new ApiError('Request_BadRequest', `A tenant can have at most ${limits.namedLocations} named locations; delete one first.`);
        return {
          result: location,
          audit: { category: 'Policy', activityDisplayName: 'Add named location', operationType: 'Add', targetResources: [locationTarget(location, undefined, location)] },
        };
      });
      ctx.status = 201;
      ctx.set('location', `${graphBase(deps)}${base}/${created.id}`);
      return entity(created);
    },
  );

  defineRoute(
    router,
    { method: 'PATCH', path: `${base}/:id`, summary: 'Update a named location', tags, auth: write, params: idParam, body: anyObject, bodyParsedBy: parser, status: [204, 400, 403, 404] },
    async ({ ctx, caller, params, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const repo = createConditionalAccessRepository(trx);
        const before = await repo.getLocation(params.id);
        if (!before) throw notFound(params.id);
        const { id: _id, createdDateTime: _c, modifiedDateTime: _m, ...current } = exportNamedLocation(before);
        // The kind of a location is fixed, as in Graph: its @odata.type cannot change.
        const parsed = parseNamedLocation({ ...current, ...body, '@odata.type': before['@odata.type'] });
        if (!parsed.ok) throw problemsError(parsed.problems, 'Named location');
        const after = stored(parsed.value, before.id, before.createdDateTime, new Date().toISOString());
        await repo.replaceLocation(after);
        return {
          result: undefined,
          audit: { category: 'Policy', activityDisplayName: 'Update named location', operationType: 'Update', targetResources: [locationTarget(after, before, after)] },
        };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: `${base}/:id`,
      summary: 'Delete a named location',
      description: 'Refused while a policy names it, and while it is trusted (set isTrusted to false first), as in Entra.',
      tags,
      auth: write,
      params: idParam,
      status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const result = await createConditionalAccessRepository(trx).deleteLocation(params.id);
        if (!result.ok) {
          if (result.reason === 'notFound') throw notFound(params.id);
          throw new ApiError('Request_BadRequest', result.reason === 'trusted'
            ? 'A trusted location cannot be deleted: set isTrusted to false first.'
            : 'A Conditional Access policy names this location; remove it from the policy first.');
        }
        return {
          result: undefined,
          audit: { category: 'Policy', activityDisplayName: 'Delete named location', operationType: 'Delete', targetResources: [locationTarget(result.value, result.value, {})] },
        };
      });
      return undefined;
    },
  );
}
