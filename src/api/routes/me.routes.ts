/**
 * `/me`: the signed-in user (https://learn.microsoft.com/graph/api/user-get). Self-service: a
 * delegated token with User.Read is enough, no directory role. An app-only token has no
 * signed-in user, so Graph answers it with 400, and so does Limen.
 */
import { createDirectory } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import type { AuthRequirement, Caller } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { directoryObjectsBody, entityBody, entityQuery, entitySelect } from './collection.ts';
import { directoryObjectsQuery, userFields, userSelectable } from './field-maps.ts';
import type { GraphDeps } from './graph-deps.ts';
import { requireUser } from './users.routes.ts';

const tags = ['me'];

/**
 * A `/me` route opened by these delegated scopes, with no directory role. Any app holding a
 * permission gets past authorisation, so that it hears why `/me` cannot answer it (400) rather
 * than a misleading 403.
 */
export const selfServiceWith = (...delegatedScopes: Permission[]): AuthRequirement => ({
  delegatedScopes,
  selfService: true,
  appRoles: Object.values(Permission),
});

const selfService = selfServiceWith(Permission.UserRead);

/** The signed-in user's id; app-only callers get Graph's 400. */
export function signedInUserId(caller: Caller): string {
  if (caller.kind !== 'user') {
    throw new ApiError(
      'BadRequest',
      '/me request is only valid with delegated authentication flow.',
    );
  }
  return caller.id;
}

export function meRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/me',
      summary: 'Get the signed-in user',
      tags,
      auth: selfService,
      query: entityQuery,
      status: [200, 400, 404],
    },
    async ({ caller, query }) => {
      const user = await requireUser(createDirectory(deps.db), signedInUserId(caller));
      const select = entitySelect(query, userFields, 'microsoft.graph.user', userSelectable);
      return entityBody(deps, 'users', user, select);
    },
  );

  for (const segment of ['memberOf', 'transitiveMemberOf'] as const) {
    defineRoute(
      router,
      {
        method: 'GET',
        path: `/me/${segment}`,
        tags,
        summary:
          segment === 'memberOf'
            ? 'List the groups the signed-in user is a direct member of'
            : 'List the groups the signed-in user belongs to, directly or through nested groups',
        auth: selfService,
        listQuery: directoryObjectsQuery,
        status: [200, 400],
      },
      async ({ ctx, caller, listQuery }) => {
        const dir = createDirectory(deps.db);
        const user = await requireUser(dir, signedInUserId(caller));
        const items = await dir.groups[segment](user.id);
        return directoryObjectsBody(ctx, deps, listQuery, items);
      },
    );
  }
}
