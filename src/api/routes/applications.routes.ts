/**
 * `/applications`: app registrations (https://learn.microsoft.com/graph/api/resources/application):
 * list, create, get (also by `(appId='…')`), update, delete, addPassword, removePassword.
 * A client secret is shown once, in the addPassword response; stored hashes never leave the
 * directory. Credentials for an app whose service principal holds a privileged role are added
 * only by role managers (admin-protection.ts).
 */
import { z } from 'zod';
import {
  assertEnabledNotRemoved,
  blueprintSignInProblem,
  cliClient,
  consoleClient,
  applicationCreateSchema,
  applicationUpdateSchema,
  createDirectory,
  managementApi,
  type Application,
  type Directory,
  type PasswordCredential,
} from '../../directory/index.ts';
import { applyListQuery } from '../../odata/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { assertMayAddCredentials, keepGlobalAdministrator } from './admin-protection.ts';
import { agentObjectAudit } from './agent-audit.ts';
import { assertMayWrite, blueprintWrite, invalidField } from './agent-guards.ts';
import { applicationKind } from './agent-kinds.ts';
import { presentApplications } from './agent-presentation.ts';
import { revokeClientGrants } from '../../oidc/revoke-client-grants.ts';
import {
  auditedWrite,
  modifiedProperties,
  type AuditRecord,
  type AuditTarget,
} from './audit-entry.ts';
import { collectionBody, entityBody, entityQuery, entitySelect, tableCount } from './collection.ts';
import { notFound } from './directory-error.ts';
import { applicationFields, applicationSelectable } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';
import { appIdKey } from './odata-ref.ts';

const tags = ['applications'];
const entityType = 'microsoft.graph.application';
const applicationKey = z.object({ id: z.guid() });

const dateTime = z.iso.datetime({ offset: true }).nullable().optional();
const addPasswordBody = z.strictObject({
  passwordCredential: z
    .strictObject({
      displayName: z.string().max(256).nullable().optional(),
      startDateTime: dateTime,
      endDateTime: dateTime,
    })
    .default({}),
});
const removePasswordBody = z.strictObject({ keyId: z.guid() });

/** Entra logs every secret change under this name, en dash and trailing space included. */
export const secretsActivity = 'Update application – Certificates and secrets management ';

export function applicationAudit(
  activityDisplayName: string,
  app: Application,
  modified: AuditTarget['modifiedProperties'] = [],
): AuditRecord {
  return {
    category: 'ApplicationManagement',
    activityDisplayName,
    targetResources: [
      {
        id: app.id,
        displayName: app.displayName,
        type: 'Application',
        modifiedProperties: modified,
      },
    ],
    additionalDetails: [{ key: 'AppId', value: app.appId }],
  };
}

/** A secret as Entra describes it in the audit log: never the secret, nor its hash. */
function keyDescription(credential: Partial<PasswordCredential> & { keyId: string }): string {
  const { keyId, displayName = null, hint = null, endDateTime = null } = credential;
  return JSON.stringify([{ keyId, displayName, hint, endDateTime }]);
}

/**
 * An app as its audit record shows it: certificates by keyId, thumbprint, name and dates, without
 * the certificate itself (kilobytes of base64 each, which say nothing a thumbprint does not).
 */
function auditable(app: Application): object {
  return { ...app, keyCredentials: app.keyCredentials.map(({ key: _certificate, ...described }) => described) };
}

/**
 * Built-in apps: the management API, and the CLI, a public client pre-consented to every
 * management scope; a redirect URI or secret added to it would let anyone phish an admin's token.
 */
export function assertNotBuiltIn(app: Application): void {
  if (app.appId === managementApi.appId || app.appId === cliClient.appId || app.appId === consoleClient.appId) {
    throw new ApiError(
      'Request_BadRequest',
      `The application '${app.displayName}' is built in and cannot be changed.`,
    );
  }
}

/**
 * A blueprint's agent identities act only through it: deleting it would leave them orphaned, so
 * they go first (Entra's agents likewise stop with their blueprint).
 */
async function assertNoAgentsLeft(dir: Directory, blueprint: Application): Promise<void> {
  const agents = await dir.agentIdentities.listByBlueprint(blueprint.appId);
  if (agents.length === 0) return;
  const names = agents.slice(0, 5).map((a) => `'${a.displayName}'`).join(', ');
  throw new ApiError('Conflict',
    `The agent identity blueprint '${blueprint.displayName}' still has ${agents.length} agent identities (${names}${agents.length > 5 ? ', …' : ''}); ` +
    'delete them first, or disable the blueprint principal to stop them all.');
}

export function applicationRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/applications',
      summary: 'List app registrations',
      tags,
      auth: requires(Permission.ApplicationReadAll),
      listQuery: { fields: applicationFields, entityType, selectable: applicationSelectable },
      status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const { db, engine } = deps;
      const dir = createDirectory(db);
      const apps = await presentApplications(dir, await dir.applications.list((q) =>
        applyListQuery(q, listQuery, applicationFields, engine),
      ));
      const count = await tableCount(deps, 'applications', listQuery, applicationFields);
      return collectionBody(ctx, deps, listQuery, 'applications', apps, count);
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: '/applications',
      summary: 'Register an application',
      tags,
      auth: requires(Permission.ApplicationReadWriteAll),
      body: applicationCreateSchema,
      status: [201, 400, 403],
    },
    async ({ ctx, caller, body }) => {
      const app = await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const created = await dir.applications.create(body);
        const modified = modifiedProperties(undefined, auditable(created));
        return { result: created, audit: applicationAudit('Add application', created, modified) };
      });
      ctx.set('Location', `${graphBase(deps)}/applications/${app.id}`);
      return entityBody(deps, 'applications', app);
    },
  );

  const select = (query: { $select?: string | undefined }) =>
    entitySelect(query, applicationFields, entityType, applicationSelectable);

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/applications/:id',
      summary: 'Get an app registration',
      tags,
      description: "A certificate's key (keyCredentials[].key) is returned only with $select=keyCredentials; elsewhere it is null, as in Graph.",
      auth: requires(Permission.ApplicationReadAll),
      params: applicationKey,
      query: entityQuery,
      status: [200, 400, 403, 404],
    },
    async ({ params, query }) => {
      const dir = createDirectory(deps.db);
      const app = await dir.applications.get(params.id);
      if (!app) throw notFound(params.id);
      const fields = select(query);
      const [presented] = await presentApplications(dir, [app], { keys: fields?.includes('keyCredentials') });
      return entityBody(deps, 'applications', presented!, fields);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: String.raw`/applications\(appId=:appId\)`,
      summary: 'Get an app registration by appId', tags,
      auth: requires(Permission.ApplicationReadAll),
      params: appIdKey,
      query: entityQuery,
      status: [200, 400, 403, 404],
    },
    async ({ params, query }) => {
      const dir = createDirectory(deps.db);
      const app = await dir.applications.getByAppId(params.appId);
      if (!app) throw notFound(params.appId);
      const fields = select(query);
      const [presented] = await presentApplications(dir, [app], { keys: fields?.includes('keyCredentials') });
      return entityBody(deps, 'applications', presented!, fields);
    },
  );

  defineRoute(
    router,
    {
      method: 'PATCH',
      path: '/applications/:id',
      summary: 'Update an app registration',
      tags,
      auth: blueprintWrite,
      params: applicationKey,
      body: applicationUpdateSchema,
      status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const current = await dir.applications.get(params.id);
        if (!current) throw notFound(params.id);
        assertNotBuiltIn(current);
        const kind = await applicationKind(dir, current);
        assertMayWrite(caller, kind);
        const problem = kind === 'agentIdentityBlueprint' ? blueprintSignInProblem(body) : undefined;
        if (problem) throw invalidField(problem.field, problem.message);
        const signInChange = body.keyCredentials || body.web || body.spa || body.publicClient
          || body.isFallbackPublicClient !== undefined;
        if (signInChange) await assertMayAddCredentials(dir, caller, current.appId);
        if (body.appRoles) assertEnabledNotRemoved('appRoles', current.appRoles, body.appRoles);
        if (body.api) assertEnabledNotRemoved('api.oauth2PermissionScopes', current.api.oauth2PermissionScopes, body.api.oauth2PermissionScopes);
        const { before, after } = await dir.applications.update(params.id, body);
        const modified = modifiedProperties(auditable(before), auditable(after), { omit: ['passwordCredentials'] });
        const audit = kind === 'agentIdentityBlueprint'
          ? agentObjectAudit('Update agent identity blueprint', kind, after, modified)
          : applicationAudit('Update application', after, modified);
        return { result: undefined, audit };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: '/applications/:id',
      summary: 'Delete an app registration and its service principal',
      tags,
      description: 'An agent identity blueprint is deleted only once it has no agent identities left.',
      auth: blueprintWrite,
      params: applicationKey,
      status: [204, 400, 403, 404, 409],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const current = await dir.applications.get(params.id);
        if (!current) throw notFound(params.id);
        assertNotBuiltIn(current);
        const kind = await applicationKind(dir, current);
        assertMayWrite(caller, kind);
        const recheck = await keepGlobalAdministrator(dir);
        if (kind === 'agentIdentityBlueprint') await assertNoAgentsLeft(dir, current);
        const revoked = kind === 'agentIdentityBlueprint' ? await revokeClientGrants(trx, [current.appId]) : 0;
        const deleted = await dir.applications.delete(params.id);
        const audit = kind === 'agentIdentityBlueprint'
          ? agentObjectAudit('Delete agent identity blueprint', kind, deleted, [], [{ key: 'RevokedTokensAndGrants', value: String(revoked) }])
          : applicationAudit('Delete application', deleted);
        return { result: undefined, audit, recheck };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: '/applications/:id/addPassword',
      summary: 'Add a client secret',
      tags,
      description: 'The response carries secretText; it is never shown again.',
      auth: requires(Permission.ApplicationReadWriteAll),
      params: applicationKey,
      body: addPasswordBody,
      status: [200, 400, 403, 404],
    },
    async ({ ctx, caller, params, body }) => {
      const credential = await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const app = await dir.applications.get(params.id);
        if (!app) throw notFound(params.id);
        assertNotBuiltIn(app);
        await assertMayAddCredentials(dir, caller, app.appId);
        const added = await dir.applications.addPassword(app.id, body.passwordCredential);
        const modified = [
          { displayName: 'KeyDescription', oldValue: '[]', newValue: keyDescription(added) },
        ];
        return { result: added, audit: applicationAudit(secretsActivity, app, modified) };
      });
      const context = `${graphBase(deps)}/$metadata#microsoft.graph.passwordCredential`;
      return { '@odata.context': context, ...credential };
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: '/applications/:id/removePassword',
      summary: 'Remove a client secret',
      tags,
      auth: requires(Permission.ApplicationReadWriteAll),
      params: applicationKey,
      body: removePasswordBody,
      status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const app = await dir.applications.get(params.id);
        if (!app) throw notFound(params.id);
        const removed = app.passwordCredentials.find((c) => c.keyId === body.keyId);
        // Removing a privileged app's secret can stop an administrator's automation: same rule.
        await assertMayAddCredentials(dir, caller, app.appId);
        await dir.applications.removePassword(app.id, body.keyId);
        const oldValue = keyDescription({ ...removed, keyId: body.keyId });
        const modified = [{ displayName: 'KeyDescription', oldValue, newValue: '[]' }];
        return { result: undefined, audit: applicationAudit(secretsActivity, app, modified) };
      });
      return undefined;
    },
  );
}
