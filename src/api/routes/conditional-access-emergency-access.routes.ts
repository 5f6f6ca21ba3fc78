/**
 * Emergency access accounts (Limen; Entra has no such list): the break-glass users the lockout
 * guard must never lock out. Listed as directory objects and changed by `$ref`, like a group's
 * members, so Graph scripts' habits carry over:
 * GET / POST `/identity/conditionalAccess/emergencyAccessAccounts/$ref`, DELETE `…/{id}/$ref`.
 */
import { z } from 'zod';
import { listEmergencyAccessIds, maxEmergencyAccessAccounts, writeEmergencyAccessIds } from '../../conditional-access/index.ts';
import { createDirectory, type User } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, type AuditRecord } from './audit-entry.ts';
import { directoryObjectsBody } from './collection.ts';
import { notFound } from './directory-error.ts';
import { directoryObjectsQuery } from './field-maps.ts';
import type { GraphDeps } from './graph-deps.ts';
import { idFromRef, refBody } from './odata-ref.ts';

const base = '/identity/conditionalAccess/emergencyAccessAccounts';
const tags = ['conditionalAccess'];

const audit = (activityDisplayName: string, user: User, adding: boolean): AuditRecord => ({
  category: 'Policy', activityDisplayName, operationType: adding ? 'Add' : 'Delete',
  targetResources: [{
    id: user.id, displayName: user.displayName, type: 'User', userPrincipalName: user.userPrincipalName,
    modifiedProperties: [{ displayName: 'EmergencyAccess', oldValue: JSON.stringify([!adding]), newValue: JSON.stringify([adding]) }],
  }],
});

export function conditionalAccessEmergencyAccessRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    {
      method: 'GET', path: base, summary: 'List the emergency access accounts the lockout guard protects', tags,
      description: 'Limen extension. A policy change that would leave one of these users unable to sign in is refused unless overrideLockoutGuard=true.',
      auth: requires(Permission.PolicyReadAll, Permission.PolicyReadWriteConditionalAccess),
      listQuery: directoryObjectsQuery, status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const dir = createDirectory(deps.db);
      const users = (await Promise.all((await listEmergencyAccessIds(deps.db)).map((id) => dir.users.get(id)))).filter((u) => u !== undefined);
      return directoryObjectsBody(ctx, deps, listQuery, users.map((u) => ({ '@odata.type': '#microsoft.graph.user', ...u })));
    },
  );

  defineRoute(
    router,
    {
      method: 'POST', path: `${base}/$ref`, summary: 'Mark a user as an emergency access account', tags,
      description: 'The body names the user: { "@odata.id": "…/users/{id}" }.',
      auth: requires(Permission.PolicyReadWriteConditionalAccess), body: refBody, status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, body }) => {
      const userId = idFromRef(body['@odata.id']);
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const user = await dir.users.get(userId);
        if (!user) throw notFound(userId);
        const ids = await listEmergencyAccessIds(trx);
        if (ids.includes(user.id)) throw new ApiError('Request_BadRequest', `${user.userPrincipalName} is already an emergency access account.`);
        if (ids.length >= maxEmergencyAccessAccounts) {
          throw new ApiError('Request_BadRequest', `At most ${maxEmergencyAccessAccounts} emergency access accounts; Microsoft recommends two.`);
        }
        await writeEmergencyAccessIds(trx, [...ids, user.id]);
        return { result: undefined, audit: audit('Add emergency access account', user, true) };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE', path: `${base}/:id/$ref`, summary: 'Stop treating a user as an emergency access account', tags,
      auth: requires(Permission.PolicyReadWriteConditionalAccess), params: z.object({ id: z.guid() }), status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const ids = await listEmergencyAccessIds(trx);
        const user = ids.includes(params.id) ? await dir.users.get(params.id) : undefined;
        if (!user) throw notFound(params.id);
        await writeEmergencyAccessIds(trx, ids.filter((id) => id !== user.id));
        return { result: undefined, audit: audit('Remove emergency access account', user, false) };
      });
      return undefined;
    },
  );
}
