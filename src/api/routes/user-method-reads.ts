import { z } from 'zod';
import { createDirectory } from '../../directory/index.ts';
import type { Db } from '../../store/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { contextUrl } from './collection.ts';
import { notFound } from './directory-error.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';
import { requireUser, userKey } from './users.routes.ts';

const methodKey = z.object({ id: z.string().min(1).max(256), methodId: z.string().min(1).max(64) });

/**
 * GET list and GET one of a kind of authentication method at
 * `/users/{id}/authentication/{segment}`, as Graph has for every method; an admin needs
 * UserAuthenticationMethod.ReadWrite.All and an authentication-administrator role.
 */
export function userMethodReadRoutes<M>(router: ApiRouter, deps: GraphDeps, kind: {
  segment: string;
  /** Plural, for the summaries: "passkeys", "authenticator apps". */
  noun: string;
  list(db: Db, userId: string): Promise<M[]>;
  get(db: Db, userId: string, methodId: string): Promise<M | undefined>;
  resource(method: M): object;
}): void {
  const path = `/users/:id/authentication/${kind.segment}`;
  const auth = requires(Permission.UserAuthenticationMethodReadWriteAll);
  const tags = ['authenticationMethods'];

  defineRoute(
    router,
    { method: 'GET', path, summary: `List a user's ${kind.noun}`, tags, auth, params: userKey, status: [200, 403, 404] },
    async ({ params }) => {
      const user = await requireUser(createDirectory(deps.db), params.id);
      return {
        '@odata.context': contextUrl(deps, `users('${user.id}')/authentication/${kind.segment}`),
        value: (await kind.list(deps.db, user.id)).map(kind.resource),
      };
    },
  );

  defineRoute(
    router,
    { method: 'GET', path: `${path}/:methodId`, summary: `Get one of a user's ${kind.noun}`, tags, auth, params: methodKey, status: [200, 403, 404] },
    async ({ params }) => {
      const user = await requireUser(createDirectory(deps.db), params.id);
      const method = await kind.get(deps.db, user.id, params.methodId);
      if (!method) throw notFound(params.methodId);
      return { '@odata.context': `${graphBase(deps)}/$metadata#users('${user.id}')/authentication/${kind.segment}/$entity`, ...kind.resource(method) };
    },
  );
}
