/**
 * The agent registry at `/agentRegistry`, after Graph's beta agent registry
 * (https://learn.microsoft.com/graph/api/resources/agentregistry?view=graph-rest-beta, now
 * deprecated in favour of Agent 365's): every agent the tenant knows of, managed (linked to an
 * agent identity) or not, as `agentInstance`s.
 *
 * - `GET /agentRegistry/agentInstances[/{id}]`: Graph's list and get, with `$filter` on platform,
 *   managed, status… (Limen's properties are extensions, see agents/registry-entry.ts).
 * - `PATCH /agentRegistry/agentInstances/{id}`: only `agentIdentityId`, to link an agent to its
 *   agent identity or unlink it (null). Everything else comes from its platform.
 * - `POST /agentRegistry/import` and `GET /agentRegistry/overview`: Limen extensions.
 * Graph's create and delete are not offered: agents enter by sync or import and are never
 * deleted, only marked removed when their platform drops them.
 */
import { z } from 'zod';
import {
  agentInstanceColumns as c, agentRegistryOverview, applyAgents, createAgentRegistryRepository, importKey, loadAgentIdentityFacts,
  parseImportDocument, platformName, type ImportProblem,
} from '../../agents/index.ts';
import { isGuid } from '../../directory/index.ts';
import { serialiseAuditedWrites } from '../../logs/index.ts';
import { applyListQuery, countQuery, type FieldMap, type FieldSpec, type FieldType } from '../../odata/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { countDetails, registryAudit } from './agent-registry-audit.ts';
import { auditValue, auditedWrite } from './audit-entry.ts';
import { collectionBody, countValue, entityBody, entityQuery, entitySelect } from './collection.ts';
import { notFound } from './directory-error.ts';
import type { GraphDeps } from './graph-deps.ts';

const base = '/agentRegistry/agentInstances';
const fragment = 'agentRegistry/agentInstances';
const entityType = 'microsoft.graph.agentInstance';
const tags = ['agentRegistry'];
const read = requires(Permission.AgentInstanceReadAll);
const write = requires(Permission.AgentInstanceReadWriteAll);
const idParam = z.object({ id: z.string().min(1).max(64) });

const text = (column: string): FieldSpec => ({ column, type: 'string', caseInsensitive: true });
const exact = (column: string, type: FieldType = 'string'): FieldSpec => ({ column, type });

/** What `$filter` and `$orderby` may name, and where each lives. */
export const agentInstanceFields: FieldMap = {
  id: exact(c.id, 'guid'),
  displayName: text(c.displayName),
  sourceAgentId: exact(c.sourceAgentId),
  originatingStore: text(c.originatingStore),
  url: exact(c.url),
  agentIdentityId: exact(c.agentIdentityId, 'guid'),
  createdDateTime: exact(c.createdDateTime, 'dateTime'),
  lastModifiedDateTime: exact(c.lastModifiedDateTime, 'dateTime'),
  platform: exact(c.platform),
  managed: exact(c.managed, 'boolean'),
  status: exact(c.status),
  publisher: text(c.publisher),
  account: exact(c.account),
  runtimePrincipal: exact(c.runtimePrincipal),
  connectionId: exact(c.connectionId, 'guid'),
  firstSeenDateTime: exact(c.firstSeenDateTime, 'dateTime'),
  lastSeenDateTime: exact(c.lastSeenDateTime, 'dateTime'),
  removedDateTime: exact(c.removedDateTime, 'dateTime'),
};
const selectable = [...Object.keys(agentInstanceFields), 'description', 'agentCard', 'nativeData'];
const list = { fields: agentInstanceFields, entityType, selectable };

const patchBody = z.strictObject({
  agentIdentityId: z.string().refine(isGuid, 'expected the id (a GUID) of an agent identity').nullable(),
});

const importBody = z.strictObject({
  /** A JSON array of agents (or `{ "value": [...] }`). */
  agents: z.unknown().optional(),
  /** Or the text of a CSV file with a header row. */
  csv: z.string().optional(),
  /** The platform of agents that name none. @default 'import' */
  platform: platformName.optional(),
  dryRun: z.boolean().optional(),
}).superRefine((b, ctx) => {
  if ((b.agents === undefined) === (b.csv === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['agents'], message: 'give either agents (a JSON array) or csv (the text of a CSV file)' });
  }
});


/** Import problems as one Graph 400: the first in the message, every one (up to 100) in details. */
function importProblems(problems: readonly ImportProblem[], csv: boolean): ApiError {
  const where = (p: ImportProblem) => (csv ? `csv row ${p.index + 1}` : `agents[${p.index}]`) + (p.field ? `.${p.field}` : '');
  const details = problems.slice(0, 100).map((p) => ({ code: 'InvalidValue', target: where(p), message: `${where(p)}: ${p.message}` }));
  return new ApiError('Request_BadRequest', `${details[0]!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, { details });
}

export function agentRegistryRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET', path: base, summary: 'List the agents in the agent registry', tags, auth: read, listQuery: list, status: [200, 400, 403],
      description: 'Graph beta agentInstance, with Limen extensions: platform, managed, status, account, publisher, runtimePrincipal, ' +
        'connectionId, firstSeenDateTime, lastSeenDateTime, removedDateTime, agentCard. ' +
        "$filter e.g. `managed eq false`, `platform eq 'amazonBedrock'`, `removedDateTime eq null`.",
    },
    async ({ ctx, listQuery }) => {
      const { db, engine } = deps;
      const items = await createAgentRegistryRepository(db).listEntries((q) => applyListQuery(q, listQuery, agentInstanceFields, engine));
      const count = listQuery.count
        ? countValue(await countQuery(db.selectFrom('agent_registry_entries'), listQuery, agentInstanceFields, engine).executeTakeFirst())
        : undefined;
      return collectionBody(ctx, deps, listQuery, fragment, items, count);
    },
  );

  defineRoute(
    router,
    { method: 'GET', path: `${base}/:id`, summary: 'Get an agent of the agent registry', tags, auth: read, params: idParam, query: entityQuery, status: [200, 400, 403, 404] },
    async ({ params, query }) => {
      const item = await createAgentRegistryRepository(deps.db).getEntry(params.id);
      if (!item) throw notFound(params.id);
      return entityBody(deps, fragment, item, entitySelect(query, agentInstanceFields, entityType, selectable));
    },
  );

  defineRoute(
    router,
    {
      method: 'PATCH', path: `${base}/:id`, summary: 'Link an agent to its agent identity, or unlink it', tags, auth: write, params: idParam,
      body: patchBody, status: [204, 400, 403, 404],
      description: 'Only agentIdentityId may change: the id of an agent identity (a service principal of type ServiceIdentity), or null. Audited.',
    },
    async ({ ctx, caller, params, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const repo = createAgentRegistryRepository(trx);
        const before = await repo.getEntry(params.id);
        if (!before) throw notFound(params.id);
        const next = body.agentIdentityId?.toLowerCase() ?? null;
        if (next === before.agentIdentityId) return { result: undefined, audit: [] };
        if (next !== null && !(await loadAgentIdentityFacts(trx).get(next))) {
          const message = `Invalid value for property 'agentIdentityId': no agent identity has id '${next}'.`;
          throw new ApiError('Request_BadRequest', message, { details: [{ code: 'InvalidValue', target: 'agentIdentityId', message }] });
        }
        await repo.updateEntry(before.id, { agent_identity_id: next, managed: next === null ? 0 : 1 });
        const old = before.agentIdentityId;
        return {
          result: undefined,
          audit: {
            ...registryAudit,
            activityDisplayName: next === null ? 'Unlink agent from agent identity' : 'Link agent to agent identity',
            operationType: 'Update',
            targetResources: [{
              id: before.id, displayName: before.displayName, type: 'AgentInstance',
              modifiedProperties: [{ displayName: 'AgentIdentityId', oldValue: auditValue(old), newValue: auditValue(next) }],
            }],
          },
        };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'POST', path: '/agentRegistry/import', summary: 'Import agents of any platform from JSON or CSV (Limen extension)', tags, auth: write,
      body: importBody, status: [200, 400, 403], bodyLimitBytes: 8 * 1024 * 1024,
      description: 'Body: { agents: [...] } or { csv: "..." }, plus platform (for items naming none) and dryRun. Each agent: sourceAgentId, ' +
        'displayName, and optionally platform, account, originatingStore, publisher, status, url, description, runtimePrincipal, ' +
        'createdDateTime, lastModifiedDateTime, agentIdentityId, agentCard (JSON in a CSV cell). Adds new agents and updates known ones ' +
        '(same platform, account and sourceAgentId); never marks any removed. All or nothing: every problem is listed by item.',
    },
    async ({ ctx, caller, body }) => {
      const parsed = parseImportDocument(body.csv !== undefined ? { csv: body.csv } : { agents: body.agents }, body.platform ?? 'import');
      if (!parsed.ok) throw importProblems(parsed.problems, body.csv !== undefined);
      const rollback = Symbol('dry run');
      let outcome: Awaited<ReturnType<typeof applyAgents>> | undefined;
      try {
        await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
          await serialiseAuditedWrites(trx);
          const identities = loadAgentIdentityFacts(trx);
          const problems: ImportProblem[] = [];
          for (const [index, agent] of parsed.agents.entries()) {
            if (agent.agentIdentityId && !(await identities.get(agent.agentIdentityId))) {
              problems.push({ index, field: 'agentIdentityId', message: `no agent identity has id '${agent.agentIdentityId}'` });
            }
          }
          if (problems.length) throw importProblems(problems, body.csv !== undefined);
          const repo = createAgentRegistryRepository(trx);
          const keyOf = (a: { platform: string; account: string | null; sourceAgentId: string }) => importKey(a.platform, a.account, a.sourceAgentId);
          outcome = await applyAgents(
            repo,
            parsed.agents,
            { keyOf, connectionId: null, existing: await repo.entryRowsByKey(parsed.agents.map(keyOf)), markMissingRemoved: false },
            new Date().toISOString(),
          );
          if (body.dryRun) throw rollback;
          const changed = outcome.added + outcome.updated > 0;
          return {
            result: undefined,
            audit: changed
              ? {
                ...registryAudit, activityDisplayName: 'Import agents to agent registry', operationType: 'Add',
                targetResources: outcome.changes.slice(0, 50).map((ch) => ({ id: ch.id, displayName: ch.displayName, type: 'AgentInstance' })),
                additionalDetails: countDetails(outcome),
              }
              : [],
          };
        });
      } catch (error) {
        if (error !== rollback) throw error;
      }
      return { dryRun: body.dryRun ?? false, ...outcome! };
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path: '/agentRegistry/overview', summary: 'Agent registry metrics (Limen extension)', tags, auth: read, status: [200, 403],
      description: 'totalAgents (registry entries present on their platform, plus agent identities no entry links), createdLast30Days, ' +
        'activeLast30Days (seen by a sync or import, or signed in), managed, unmanaged, removed, ownerless, sponsorless, ' +
        'ownerlessOrSponsorless, overPrivileged (holding a high-privilege permission), byPlatform.',
    },
    async () => {
      const entries = await createAgentRegistryRepository(deps.db).entryFacts();
      const identities = await loadAgentIdentityFacts(deps.db).list();
      return agentRegistryOverview(entries, identities, new Date());
    },
  );
}
