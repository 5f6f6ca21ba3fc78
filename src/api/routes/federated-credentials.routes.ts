/**
 * Graph's federatedIdentityCredentials of an application
 * (`/applications/{id}/federatedIdentityCredentials`): list, add, get, update, remove, each
 * audited like Entra's "Certificates and secrets management". A credential is a way to sign in
 * as the app, so adding one to a privileged app needs a role manager, as a secret does.
 */
import { z } from 'zod';
import {
  createDirectory,
  federatedIdentityCredentialCreateSchema,
  federatedIdentityCredentialUpdateSchema,
  type Application,
  type Directory,
  type FederatedIdentityCredential,
} from '../../directory/index.ts';
import type { ApiRouter } from '../api-state.ts';
import type { Caller } from '../authorization.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { assertMayAddCredentials } from './admin-protection.ts';
import { applicationAudit, assertNotBuiltIn, secretsActivity } from './applications.routes.ts';
import { auditedWrite } from './audit-entry.ts';
import { entityBody, inMemoryCollectionBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import { federatedCredentialFields } from './field-maps.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const tags = ['applications'];
const appKey = z.object({ id: z.guid() });
const credentialKey = z.object({ id: z.guid(), credential: z.string().min(1).max(120) });
const fragment = (appId: string) => `applications('${appId}')/federatedIdentityCredentials`;
const path = '/applications/:id/federatedIdentityCredentials';

async function requireApp(dir: Directory, id: string): Promise<Application> {
  const app = await dir.applications.get(id);
  if (!app) throw notFound(id);
  return app;
}

/** The audit's view of a credential: everything, since none of it is secret. */
const described = (c: FederatedIdentityCredential | undefined) => (c ? JSON.stringify([c]) : '[]');

async function writableApp(dir: Directory, caller: Caller, id: string): Promise<Application> {
  const app = await requireApp(dir, id);
  assertNotBuiltIn(app);
  await assertMayAddCredentials(dir, caller, app.appId);
  return app;
}

export function federatedCredentialRoutes(router: ApiRouter, deps: GraphDeps): void {
  const change = (app: Application, before?: FederatedIdentityCredential, after?: FederatedIdentityCredential) =>
    applicationAudit(secretsActivity, app, [
      { displayName: 'FederatedIdentityCredentials', oldValue: described(before), newValue: described(after) },
    ]);

  defineRoute(
    router,
    {
      method: 'GET', path, summary: 'List the federated identity credentials of an app', tags,
      auth: requires(Permission.ApplicationReadAll),
      params: appKey,
      listQuery: { fields: federatedCredentialFields, entityType: 'microsoft.graph.federatedIdentityCredential' },
      status: [200, 400, 403, 404],
    },
    async ({ ctx, params, listQuery }) => {
      const items = await createDirectory(deps.db).applications.listFederatedCredentials(params.id);
      return inMemoryCollectionBody(ctx, deps, listQuery, fragment(params.id), items, federatedCredentialFields);
    },
  );

  defineRoute(
    router,
    {
      method: 'POST', path, summary: 'Add a federated identity credential', tags,
      auth: requires(Permission.ApplicationReadWriteAll),
      params: appKey,
      body: federatedIdentityCredentialCreateSchema,
      status: [201, 400, 403, 404],
    },
    async ({ ctx, caller, params, body }) => {
      const credential = await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const app = await writableApp(dir, caller, params.id);
        const added = await dir.applications.addFederatedCredential(app.id, body);
        return { result: added, audit: change(app, undefined, added) };
      });
      ctx.set('Location', `${graphBase(deps)}/applications/${params.id}/federatedIdentityCredentials/${credential.id}`);
      return entityBody(deps, fragment(params.id), credential);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path: `${path}/:credential`, summary: 'Get a federated identity credential by id or name', tags,
      auth: requires(Permission.ApplicationReadAll),
      params: credentialKey,
      status: [200, 400, 403, 404],
    },
    async ({ params }) => {
      const dir = createDirectory(deps.db);
      await requireApp(dir, params.id);
      const credential = await dir.applications.getFederatedCredential(params.id, params.credential);
      if (!credential) throw notFound(params.credential);
      return entityBody(deps, fragment(params.id), credential);
    },
  );

  defineRoute(
    router,
    {
      method: 'PATCH', path: `${path}/:credential`, summary: 'Update a federated identity credential', tags,
      auth: requires(Permission.ApplicationReadWriteAll),
      params: credentialKey,
      body: federatedIdentityCredentialUpdateSchema,
      status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const app = await writableApp(dir, caller, params.id);
        const { before, after } = await dir.applications.updateFederatedCredential(app.id, params.credential, body);
        return { result: undefined, audit: change(app, before, after) };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE', path: `${path}/:credential`, summary: 'Remove a federated identity credential', tags,
      auth: requires(Permission.ApplicationReadWriteAll),
      params: credentialKey,
      status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const app = await writableApp(dir, caller, params.id);
        const removed = await dir.applications.removeFederatedCredential(app.id, params.credential);
        return { result: undefined, audit: change(app, removed, undefined) };
      });
      return undefined;
    },
  );
}
