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
import { assertMayActOnUser } from './admin-protection.ts';
import { auditedWrite } from './audit-entry.ts';
import { requireUser, userKey, userTarget } from './users.routes.ts';

const methodKey = z.object({ id: z.string().min(1).max(256), methodId: z.string().min(1).max(64) });

/**
 * GET list, GET one and an administrator's DELETE of a kind of authentication method at
 * `/users/{id}/authentication/{segment}`, as Graph has for every method; an admin needs
 * UserAuthenticationMethod.ReadWrite.All and an authentication-administrator role that may act
 * on the user. A delete is audited as Entra's "Admin deleted security info".
 */
export function userMethodRoutes<M>(router: ApiRouter, deps: GraphDeps, kind: {
  segment: string;
  /** Plural, for the summaries: "passkeys", "authenticator apps". */
  noun: string;
  /** Singular, for the refusal when the admin may not act on the user: "a passkey". */
  one: string;
  /** Graph's type name in the audit record's modified properties: "Fido2Method". */
  auditName: string;
  deleteDescription: string;
  list(db: Db, userId: string): Promise<M[]>;
  get(db: Db, userId: string, methodId: string): Promise<M | undefined>;
  remove(db: Db, userId: string, methodId: string): Promise<boolean>;
  /** What the audit record says was deleted (the passkey's name, the method id). */
  label(method: M): string;
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

  defineRoute(
    router,
    {
      method: 'DELETE', path: `${path}/:methodId`, summary: `Delete one of a user's ${kind.noun}`, description: kind.deleteDescription,
      tags, auth, params: methodKey, status: [204, 403, 404],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const target = await requireUser(dir, params.id);
        await assertMayActOnUser(dir, caller, target.id, `delete ${kind.one} of`);
        const method = await kind.get(trx, target.id, params.methodId);
        if (!method || !(await kind.remove(trx, target.id, params.methodId))) throw notFound(params.methodId);
        return {
          result: undefined,
          audit: {
            category: 'UserManagement',
            activityDisplayName: 'Admin deleted security info',
            targetResources: [userTarget(target, [{ displayName: kind.auditName, oldValue: JSON.stringify(kind.label(method)), newValue: null }])],
          },
        };
      });
      return undefined;
    },
  );
}
