/**
 * Sync connections of the agent registry at `/agentRegistry/connections` (Limen extensions;
 * Agent 365 configures its "registry sync" in its admin center, Graph has no API for it):
 * create, list, get, update and delete a connection to Amazon Bedrock or Vertex AI Agent Engine;
 * `POST …/{id}/sync` lists the platform now and brings the registry in line, answering the run;
 * `GET …/{id}/runs` is the history of runs. A connection names the server's environment
 * variables that hold its credential (agents/connection.ts), never the credential.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  connectionCreateSchema, connectionProblems, connectionUpdateSchema, connectorFor, createAgentRegistryRepository, listPlatform, recordSync,
  type AgentRegistryConnection, type AgentRegistryRepository,
} from '../../agents/index.ts';
import { serialiseAuditedWrites } from '../../logs/index.ts';
import { applyListQuery, type FieldMap } from '../../odata/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { connectionTarget, registryAudit, syncRunAudit } from './agent-registry-audit.ts';
import { auditedWrite, modifiedProperties } from './audit-entry.ts';
import { collectionBody, entityBody, inMemoryCollectionBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const base = '/agentRegistry/connections';
const fragment = 'agentRegistry/connections';
const tags = ['agentRegistry'];
const read = requires(Permission.AgentInstanceReadAll);
const write = requires(Permission.AgentInstanceReadWriteAll);
const idParam = z.object({ id: z.string().min(1).max(64) });

const connectionFields: FieldMap = {
  id: { column: 'id', type: 'guid' },
  displayName: { column: 'displayName', type: 'string', caseInsensitive: true },
  platform: { column: 'platform', type: 'string' },
  createdDateTime: { column: 'createdDateTime', type: 'dateTime' },
};
const runFields: FieldMap = {
  id: { column: 'id', type: 'guid' },
  status: { column: 'status', type: 'string' },
  startedDateTime: { column: 'started_date_time', type: 'dateTime' },
  finishedDateTime: { column: 'finished_date_time', type: 'dateTime' },
};

/** A connection with its last run (Limen's `lastSyncRun`, without the run's list of changes), null before any. */
async function withLastRun(repo: AgentRegistryRepository, connection: AgentRegistryConnection) {
  const run = await repo.latestRun(connection.id);
  const { changes: _changes, ...lastSyncRun } = run ?? { changes: [] };
  return { ...connection, lastSyncRun: run ? lastSyncRun : null };
}

/** The platform-specific rules, on the connection as the change would leave it: a 400 naming the property. */
function checkConnection(connection: AgentRegistryConnection): void {
  const [first, ...rest] = connectionProblems(connection);
  if (!first) return;
  const details = [first, ...rest].map((p) => ({ code: 'InvalidValue', target: p.path, message: `Invalid value for property '${p.path}': ${p.message}` }));
  throw new ApiError('Request_BadRequest', details[0]!.message, { details });
}

export function agentRegistryConnectionRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    { method: 'GET', path: base, summary: 'List agent registry sync connections (Limen extension)', tags, auth: read,
      listQuery: { fields: connectionFields, entityType: 'microsoft.graph.agentRegistryConnection' }, status: [200, 400, 403] },
    async ({ ctx, listQuery }) => {
      const repo = createAgentRegistryRepository(deps.db);
      const items = await Promise.all((await repo.listConnections()).map((c) => withLastRun(repo, c)));
      return inMemoryCollectionBody(ctx, deps, listQuery, fragment, items, connectionFields);
    },
  );

  defineRoute(
    router,
    { method: 'GET', path: `${base}/:id`, summary: 'Get an agent registry sync connection (Limen extension)', tags, auth: read, params: idParam, status: [200, 403, 404] },
    async ({ params }) => {
      const repo = createAgentRegistryRepository(deps.db);
      const connection = await repo.getConnection(params.id);
      if (!connection) throw notFound(params.id);
      return entityBody(deps, fragment, await withLastRun(repo, connection));
    },
  );

  defineRoute(
    router,
    {
      method: 'POST', path: base, summary: 'Create an agent registry sync connection (Limen extension)', tags, auth: write, body: connectionCreateSchema,
      status: [201, 400, 403],
      description: 'Amazon Bedrock: { displayName, platform: "amazonBedrock", region, endpoint?, credential?: { accessKeyIdVariable, ' +
        'secretAccessKeyVariable, sessionTokenVariable? } } (no credential: the AWS default credential chain). Vertex AI Agent Engine: ' +
        '{ displayName, platform: "googleVertexAi", project, location, endpoint?, credential: { accessTokenVariable } }. Credential ' +
        'members name LIMEN_AGENT_SYNC_* environment variables of the server; secrets never go through the API. endpoint: https, or ' +
        'http to localhost.',
    },
    async ({ ctx, caller, body }) => {
      const now = new Date().toISOString();
      const connection: AgentRegistryConnection = {
        id: randomUUID(), displayName: body.displayName, platform: body.platform, endpoint: body.endpoint ?? null,
        region: body.region ?? null, project: body.project ?? null, location: body.location ?? null, credential: body.credential ?? null,
        createdDateTime: now, lastModifiedDateTime: now,
      };
      await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        await createAgentRegistryRepository(trx).insertConnection(connection);
        return {
          result: undefined,
          audit: { ...registryAudit, activityDisplayName: 'Add agent registry connection', operationType: 'Add',
            targetResources: [{ ...connectionTarget(connection), modifiedProperties: modifiedProperties(undefined, connection, { omit: ['id', 'createdDateTime', 'lastModifiedDateTime'] }) }] },
        };
      });
      ctx.set('location', `${graphBase(deps)}${base}/${connection.id}`);
      return entityBody(deps, fragment, { ...connection, lastSyncRun: null });
    },
  );

  defineRoute(
    router,
    { method: 'PATCH', path: `${base}/:id`, summary: 'Update an agent registry sync connection (Limen extension)', tags, auth: write,
      params: idParam, body: connectionUpdateSchema, status: [204, 400, 403, 404], description: 'Any member but platform; null resets endpoint or credential.' },
    async ({ ctx, caller, params, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const repo = createAgentRegistryRepository(trx);
        const before = await repo.getConnection(params.id);
        if (!before) throw notFound(params.id);
        const after: AgentRegistryConnection = {
          ...before,
          ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
          lastModifiedDateTime: new Date().toISOString(),
        };
        checkConnection(after);
        await repo.replaceConnection(after);
        return {
          result: undefined,
          audit: { ...registryAudit, activityDisplayName: 'Update agent registry connection', operationType: 'Update',
            targetResources: [{ ...connectionTarget(after), modifiedProperties: modifiedProperties(before, after, { omit: ['lastModifiedDateTime'] }) }] },
        };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    { method: 'DELETE', path: `${base}/:id`, summary: 'Delete an agent registry sync connection (Limen extension)', tags, auth: write,
      params: idParam, status: [204, 403, 404], description: 'The agents it found and its run history stay in the registry.' },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        const repo = createAgentRegistryRepository(trx);
        const before = await repo.getConnection(params.id);
        if (!before || !(await repo.deleteConnection(params.id))) throw notFound(params.id);
        return {
          result: undefined,
          audit: { ...registryAudit, activityDisplayName: 'Delete agent registry connection', operationType: 'Delete', targetResources: [connectionTarget(before)] },
        };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'POST', path: `${base}/:id/sync`, summary: 'Sync the agent registry with a connection\'s platform now (Limen extension)', tags,
      auth: write, params: idParam, status: [200, 403, 404],
      description: 'Lists every agent on the platform (all pages), then adds new agents, updates changed ones and marks as removed those ' +
        'no longer listed, never deleting any. Answers the run (200 even when the platform refused: the run then has status failed, ' +
        'the platform\'s error, and changed nothing). Audited either way.',
    },
    async ({ ctx, caller, params }) => {
      const connection = await createAgentRegistryRepository(deps.db).getConnection(params.id);
      if (!connection) throw notFound(params.id);
      // The platform is read before any transaction opens: no lock waits on a remote API.
      const listing = await listPlatform(() => connectorFor(connection));
      return auditedWrite(deps, { caller, ctx }, async (_dir, trx) => {
        // Two syncs of one connection at once apply one after the other, the second finding the first's work done.
        await serialiseAuditedWrites(trx);
        const repo = createAgentRegistryRepository(trx);
        const current = await repo.getConnection(connection.id);
        if (!current) throw notFound(params.id);
        const run = await recordSync(repo, current, listing);
        return { result: run, audit: syncRunAudit(current, run) };
      });
    },
  );

  defineRoute(
    router,
    { method: 'GET', path: `${base}/:id/runs`, summary: 'List the sync runs of a connection, newest first (Limen extension)', tags, auth: read,
      params: idParam, listQuery: { fields: runFields, entityType: 'microsoft.graph.agentRegistrySyncRun' }, status: [200, 400, 403, 404] },
    async ({ ctx, params, listQuery }) => {
      const repo = createAgentRegistryRepository(deps.db);
      if (!(await repo.getConnection(params.id))) throw notFound(params.id);
      const query = listQuery.orderBy.length ? listQuery : { ...listQuery, orderBy: [{ property: 'startedDateTime', direction: 'desc' as const, position: 0 }] };
      const runs = await repo.listRuns(params.id, (q) => applyListQuery(q, query, runFields, deps.engine));
      return collectionBody(ctx, deps, listQuery, `${fragment}('${params.id}')/runs`, runs);
    },
  );
}
