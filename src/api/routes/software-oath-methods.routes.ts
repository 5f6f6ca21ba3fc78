/**
 * Each user's authenticator apps at `/users/{id}/authentication/softwareOathMethods`
 * (https://learn.microsoft.com/graph/api/resources/softwareoathauthenticationmethod): list, get
 * and delete. Graph never returns the secret (`secretKey` is null), and neither does Limen; users
 * add apps themselves at My Security Info. Also `/users/{id}/authentication/methods`, every
 * method of a user in one list, as Graph's authentication resource has it.
 */
import { z } from 'zod';
import { createPasskeyRepository, createSoftwareOathRepository, createTapRepository, tapEnabledFor, tapResource, type SoftwareOathMethod } from '../../authn/index.ts';
import { createDirectory } from '../../directory/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { assertMayActOnUser } from './admin-protection.ts';
import { auditedWrite } from './audit-entry.ts';
import { contextUrl } from './collection.ts';
import { notFound } from './directory-error.ts';
import type { GraphDeps } from './graph-deps.ts';
import { fido2Method } from './passkeys.routes.ts';
import { userMethodReadRoutes } from './user-method-reads.ts';
import { requireUser, userKey, userTarget } from './users.routes.ts';

const methodType = '#microsoft.graph.softwareOathAuthenticationMethod';
/** Graph's fixed id of the password method (passwordAuthenticationMethod). */
const passwordMethodId = '28c10230-6103-485e-b985-444c60001490';
const methodKey = z.object({ id: z.string().min(1).max(256), methodId: z.string().min(1).max(64) });
const tags = ['authenticationMethods'];
const permission = requires(Permission.UserAuthenticationMethodReadWriteAll);

/** Graph's softwareOathAuthenticationMethod plus when it was added and last used. */
const oathMethod = (m: SoftwareOathMethod) => ({
  '@odata.type': methodType,
  id: m.id,
  secretKey: null,
  createdDateTime: m.createdDateTime,
  lastUsedDateTime: m.lastUsedDateTime,
});

export function softwareOathMethodRoutes(router: ApiRouter, deps: GraphDeps): void {
  const path = '/users/:id/authentication/softwareOathMethods';

  userMethodReadRoutes(router, deps, {
    segment: 'softwareOathMethods',
    noun: 'authenticator apps',
    list: (db, userId) => createSoftwareOathRepository(db).listForUser(userId),
    get: (db, userId, id) => createSoftwareOathRepository(db).get(userId, id),
    resource: oathMethod,
  });

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: `${path}/:methodId`,
      summary: "Delete one of a user's authenticator apps",
      description: 'For a lost phone: the user can add the app again at My Security Info.',
      tags,
      auth: permission,
      params: methodKey,
      status: [204, 403, 404],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const target = await requireUser(dir, params.id);
        await assertMayActOnUser(dir, caller, target.id, 'delete an authenticator app of');
        if (!(await createSoftwareOathRepository(trx).remove(target.id, params.methodId))) throw notFound(params.methodId);
        return {
          result: undefined,
          audit: {
            category: 'UserManagement',
            activityDisplayName: 'Admin deleted security info',
            targetResources: [userTarget(target, [{ displayName: 'SoftwareOathMethod', oldValue: JSON.stringify(params.methodId), newValue: null }])],
          },
        };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/users/:id/authentication/methods',
      summary: "List every authentication method a user has registered",
      tags,
      auth: permission,
      params: userKey,
      status: [200, 403, 404],
    },
    async ({ params }) => {
      const dir = createDirectory(deps.db);
      const user = await requireUser(dir, params.id);
      const credentials = await dir.users.getCredentials(user.id);
      const tap = await createTapRepository(deps.db).getForUser(user.id);
      return {
        '@odata.context': contextUrl(deps, `users('${user.id}')/authentication/methods`),
        value: [
          ...(credentials?.passwordHash ? [{ '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: passwordMethodId, password: null, createdDateTime: null }] : []),
          ...(await createPasskeyRepository(deps.db).listForUser(user.id)).map(fido2Method),
          ...(await createSoftwareOathRepository(deps.db).listForUser(user.id)).map(oathMethod),
          ...(tap ? [{ '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod', ...tapResource(tap, await tapEnabledFor(deps.db, user.id), new Date()) }] : []),
        ],
      };
    },
  );
}
