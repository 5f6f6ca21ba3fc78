/**
 * `/users`: list, create, get, update, delete, revokeSignInSessions
 * (https://learn.microsoft.com/graph/api/resources/user). A user is addressed by id or by
 * userPrincipalName, as in Graph. Passwords are hashed (argon2id) before the transaction opens
 * and never echoed; changing one is audited as "Reset user password", separately from "Update
 * user", as Entra does.
 */
import { z } from 'zod';
import { clearSignInLockout, deleteAuthenticationMethodsOf, hashPassword } from '../../authn/index.ts';
import {
  createDirectory,
  toGraphUser,
  userCreateSchema,
  userUpdateSchema,
  type Directory,
  type User,
} from '../../directory/index.ts';
import { applyListQuery, countQuery } from '../../odata/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { authorize, requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { assertMayActOnUser, keepGlobalAdministrator } from './admin-protection.ts';
import {
  auditedWrite,
  modifiedProperties,
  type AuditRecord,
  type AuditTarget,
} from './audit-entry.ts';
import { collectionBody, countValue, entityBody, entityQuery, entitySelect } from './collection.ts';
import { notFound } from './directory-error.ts';
import { usersListFields, usersSelectable } from './field-maps.ts';
import {
  authorizeSignInActivity,
  filtersOnSignInActivity,
  selectsSignInActivity,
  withSignInActivity,
} from './user-sign-in-activity.ts';
import { graphBase, type GraphDeps } from './graph-deps.ts';

const tags = ['users'];
const entityType = 'microsoft.graph.user';
/** An id (GUID) or a userPrincipalName. */
export const userKey = z.object({ id: z.string().min(1).max(256) });

export function userTarget(
  user: User,
  modified: AuditTarget['modifiedProperties'] = [],
): AuditTarget {
  return {
    id: user.id,
    displayName: user.displayName,
    type: 'User',
    userPrincipalName: user.userPrincipalName,
    modifiedProperties: modified,
  };
}

export async function requireUser(dir: Directory, key: string): Promise<User> {
  const user = await dir.users.get(key);
  if (!user) throw notFound(key);
  return user;
}

const userManagement = (activityDisplayName: string, target: AuditTarget): AuditRecord => ({
  category: 'UserManagement',
  activityDisplayName,
  targetResources: [target],
});

export function userRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET',
      path: '/users',
      summary: 'List users',
      tags,
      description:
        'signInActivity is returned only when $select names it; selecting, filtering or ' +
        'sorting on it also needs AuditLog.Read.All. $filter on signInActivity/lastSignInDateTime, ' +
        '/lastNonInteractiveSignInDateTime and /lastSuccessfulSignInDateTime (eq null: never).',
      auth: requires(Permission.UserReadAll),
      listQuery: { fields: usersListFields, entityType, selectable: usersSelectable },
      status: [200, 400, 403],
    },
    async ({ ctx, caller, listQuery }) => {
      const { db, engine } = deps;
      const joined = filtersOnSignInActivity(listQuery);
      const selected = selectsSignInActivity(listQuery.select);
      if (joined || selected) authorizeSignInActivity(caller);
      // The activity dates are filtered and sorted in the database, so paging stays a page.
      const base = () => db.selectFrom('users')
        .leftJoin('user_sign_in_activities', 'user_sign_in_activities.user_id', 'users.id');
      const rows = joined
        ? await applyListQuery(base().selectAll('users'), listQuery, usersListFields, engine).execute()
        : undefined;
      const users = rows
        ? rows.map(toGraphUser)
        : await createDirectory(db).users.list((q) => applyListQuery(q, listQuery, usersListFields, engine));
      const count = listQuery.count
        ? countValue(await countQuery(base(), listQuery, usersListFields, engine).executeTakeFirst())
        : undefined;
      const value = selected ? await withSignInActivity(deps, users) : users;
      return collectionBody(ctx, deps, listQuery, 'users', value, count);
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: '/users',
      summary: 'Create a user',
      tags,
      description:
        'accountEnabled, displayName and userPrincipalName are required; mailNickname is ' +
        'accepted and ignored.',
      auth: requires(Permission.UserReadWriteAll),
      body: userCreateSchema,
      status: [201, 400, 403],
    },
    async ({ ctx, caller, body }) => {
      const password = body.passwordProfile?.password;
      const hash = password === undefined ? null : await hashPassword(password);
      const user = await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const created = await dir.users.create(body, hash);
        const target = userTarget(created, modifiedProperties(undefined, created));
        return { result: created, audit: userManagement('Add user', target) };
      });
      ctx.set('Location', `${graphBase(deps)}/users/${user.id}`);
      return entityBody(deps, 'users', user);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET',
      path: '/users/:id',
      summary: 'Get a user by id or userPrincipalName',
      tags,
      auth: requires(Permission.UserReadAll),
      params: userKey,
      query: entityQuery,
      status: [200, 400, 403, 404],
    },
    async ({ caller, params, query }) => {
      const select = entitySelect(query, usersListFields, entityType, usersSelectable);
      if (selectsSignInActivity(select)) authorizeSignInActivity(caller);
      const user = await requireUser(createDirectory(deps.db), params.id);
      const [shown] = selectsSignInActivity(select) ? await withSignInActivity(deps, [user]) : [user];
      return entityBody(deps, 'users', shown!, select);
    },
  );

  defineRoute(
    router,
    {
      method: 'PATCH',
      path: '/users/:id',
      summary: 'Update a user',
      tags,
      description:
        'passwordProfile alone needs User-PasswordProfile.ReadWrite.All; anything else ' +
        'User.ReadWrite.All. Resetting the password of, or disabling, a user who holds a ' +
        'directory role needs a Global or Privileged Authentication Administrator.',
      auth: requires(Permission.UserReadWriteAll, Permission.UserPasswordProfileReadWriteAll),
      params: userKey,
      body: userUpdateSchema,
      status: [204, 400, 403, 404, 409],
    },
    async ({ ctx, caller, params, body }) => {
      const { passwordProfile, mailNickname: _ignored, ...changes } = body;
      const touchesProfile = Object.keys(changes).length > 0 || !passwordProfile;
      if (touchesProfile) authorize(caller, requires(Permission.UserReadWriteAll));
      const hash = passwordProfile ? await hashPassword(passwordProfile.password) : undefined;
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const target = await requireUser(dir, params.id);
        if (hash !== undefined) {
          await assertMayActOnUser(dir, caller, target.id, 'reset the password of');
        }
        const enabling = changes.accountEnabled;
        if (enabling !== undefined && enabling !== target.accountEnabled) {
          await assertMayActOnUser(dir, caller, target.id, enabling ? 'enable' : 'disable');
        }
        // Entra's sensitive attributes: renaming an admin's sign-in name or mail could hand their
        // identity at relying parties to someone else, so it is a sensitive action too.
        const sensitive = (['userPrincipalName', 'mail', 'customSecurityAttributes'] as const)
          .filter((k) => changes[k] !== undefined);
        if (sensitive.length > 0) await assertMayActOnUser(dir, caller, target.id, `change ${sensitive.join(', ')} of`);
        const recheck = enabling === false ? await keepGlobalAdministrator(dir) : undefined;
        const audit: AuditRecord[] = [];
        if (touchesProfile) {
          const { before, after } = await dir.users.update(target.id, changes);
          const updated = userTarget(after, modifiedProperties(before, after));
          audit.push(userManagement('Update user', updated));
        }
        if (hash !== undefined) {
          await dir.users.setPasswordHash(target.id, hash);
          // An admin reset ends the user's sessions, as in Entra
          // (https://learn.microsoft.com/entra/identity-platform/refresh-tokens#token-revocation).
          await dir.users.revokeSignInSessions(target.id);
          // …and lifts a smart lockout: the user's next sign-in starts with a clean count.
          await clearSignInLockout(trx, target.id);
          audit.push(userManagement('Reset user password', userTarget(target)));
        }
        return { result: undefined, audit, recheck };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: '/users/:id',
      summary: 'Delete a user',
      tags,
      auth: requires(Permission.UserReadWriteAll),
      params: userKey,
      status: [204, 403, 404, 409],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const target = await requireUser(dir, params.id);
        await assertMayActOnUser(dir, caller, target.id, 'delete');
        const recheck = await keepGlobalAdministrator(dir);
        // The user's passkeys and pass go with the user, in this transaction (authn owns them).
        await deleteAuthenticationMethodsOf(trx, target.id);
        const deleted = await dir.users.delete(target.id);
        const audit = userManagement('Delete user', userTarget(deleted));
        return { result: undefined, audit, recheck };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'POST',
      path: '/users/:id/revokeSignInSessions',
      summary: "Revoke a user's sign-in sessions and refresh tokens", tags,
      auth: requires(Permission.UserRevokeSessionsAll),
      params: userKey,
      status: [200, 403, 404],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir) => {
        const target = await requireUser(dir, params.id);
        await assertMayActOnUser(dir, caller, target.id, 'revoke the sessions of');
        const validFrom = await dir.users.revokeSignInSessions(target.id);
        const modified = modifiedProperties(
          { signInSessionsValidFromDateTime: target.signInSessionsValidFromDateTime },
          { signInSessionsValidFromDateTime: validFrom },
        );
        const audit = userManagement('Revoke sign-in sessions', userTarget(target, modified));
        return { result: undefined, audit };
      });
      // Graph's response to revokeSignInSessions.
      return { '@odata.context': `${graphBase(deps)}/$metadata#Edm.Boolean`, value: true };
    },
  );
}
