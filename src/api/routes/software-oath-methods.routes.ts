/**
 * Each user's authenticator apps at `/users/{id}/authentication/softwareOathMethods`
 * (https://learn.microsoft.com/graph/api/resources/softwareoathauthenticationmethod): list, get
 * and delete. Graph never returns the secret (`secretKey` is null), and neither does Limen; users
 * add apps themselves at My Security Info. Also `/users/{id}/authentication/methods`, every
 * method of a user in one list, as Graph's authentication resource has it.
 */
import { createPasskeyRepository, createSoftwareOathRepository, createTapRepository, tapEnabledFor, tapResource, type SoftwareOathMethod } from '../../authn/index.ts';
import { createDirectory } from '../../directory/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { contextUrl } from './collection.ts';
import type { GraphDeps } from './graph-deps.ts';
import { fido2Method } from './passkeys.routes.ts';
import { userMethodRoutes } from './user-method-routes.ts';
import { requireUser, userKey } from './users.routes.ts';

const methodType = '#microsoft.graph.softwareOathAuthenticationMethod';
/** Graph's fixed id of the password method (passwordAuthenticationMethod). */
const passwordMethodId = '28c10230-6103-485e-b985-444c60001490';
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
  userMethodRoutes(router, deps, {
    segment: 'softwareOathMethods',
    noun: 'authenticator apps',
    one: 'an authenticator app',
    auditName: 'SoftwareOathMethod',
    deleteDescription: 'For a lost phone: the user can add the app again at My Security Info.',
    list: (db, userId) => createSoftwareOathRepository(db).listForUser(userId),
    get: (db, userId, id) => createSoftwareOathRepository(db).get(userId, id),
    remove: (db, userId, id) => createSoftwareOathRepository(db).remove(userId, id),
    label: (method) => method.id,
    resource: oathMethod,
  });

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
