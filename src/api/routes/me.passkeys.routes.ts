/**
 * The signed-in user's own passkeys: Graph's `/me/authentication/fido2Methods` list, get and
 * delete (https://learn.microsoft.com/graph/api/fido2authenticationmethod-list), plus a Limen
 * extension to rename one (PATCH with `displayName`), which Graph does not offer. Delegated
 * only, with UserAuthenticationMethod.ReadWrite and no directory role; the same rules as My
 * Security Info (`/my`): a user cannot delete their last way to sign in, and both surfaces write
 * the same audit activities.
 */
import { z } from 'zod';
import { createPasskeyRepository, hasOtherUsableMethod, lastMethodRefusal, passkeyNameMaxLength } from '../../authn/index.ts';
import { createDirectory } from '../../directory/index.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRouter } from '../api-state.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { auditedWrite, type AuditRecord } from './audit-entry.ts';
import { contextUrl } from './collection.ts';
import { notFound } from './directory-error.ts';
import type { GraphDeps } from './graph-deps.ts';
import { selfServiceWith, signedInUserId } from './me.routes.ts';
import { fido2Method } from './passkeys.routes.ts';
import { requireUser, userTarget } from './users.routes.ts';

const tags = ['me'];
const methodsPath = '/me/authentication/fido2Methods';
const auth = selfServiceWith(Permission.UserAuthenticationMethodReadWrite);
const methodKey = z.object({ methodId: z.string().min(1).max(64) });

/** C0 and C1 controls, and the Unicode line and paragraph separators: a name is one line of text. */
const controlCharacters = /[\p{Cc}\u2028\u2029]/u;
const nameLength = `give the passkey a name of 1 to ${passkeyNameMaxLength} characters`;
const renameBody = z.strictObject({
  displayName: z.string()
    .refine((name) => !controlCharacters.test(name), 'a passkey name cannot contain control characters or line breaks')
    .trim().min(1, nameLength).max(passkeyNameMaxLength, nameLength),
});

/** The words /my uses for the same changes (src/my/index.ts), so one search finds both. */
const selfServiceAudit = (
  activityDisplayName: 'User changed default security info' | 'User deleted security info',
  target: AuditRecord['targetResources'][number],
  method: string,
): AuditRecord => ({
  category: 'UserManagement',
  activityDisplayName,
  operationType: activityDisplayName === 'User deleted security info' ? 'Delete' : 'Update',
  targetResources: [target],
  additionalDetails: [{ key: 'method', value: method }],
});

export function mePasskeyRoutes(router: ApiRouter, deps: GraphDeps): void {
  defineRoute(
    router,
    { method: 'GET', path: methodsPath, summary: "List the signed-in user's passkeys", tags, auth, status: [200, 400, 403] },
    async ({ caller }) => {
      const user = await requireUser(createDirectory(deps.db), signedInUserId(caller));
      return {
        '@odata.context': contextUrl(deps, `users('${user.id}')/authentication/fido2Methods`),
        value: (await createPasskeyRepository(deps.db).listForUser(user.id)).map(fido2Method),
      };
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path: `${methodsPath}/:methodId`, summary: "Get one of the signed-in user's passkeys", tags, auth,
      params: methodKey, status: [200, 400, 403, 404],
    },
    async ({ caller, params }) => {
      const user = await requireUser(createDirectory(deps.db), signedInUserId(caller));
      const passkey = await createPasskeyRepository(deps.db).get(user.id, params.methodId);
      if (!passkey) throw notFound(params.methodId);
      return { '@odata.context': contextUrl(deps, `users('${user.id}')/authentication/fido2Methods`, { entity: true }), ...fido2Method(passkey) };
    },
  );

  defineRoute(
    router,
    {
      method: 'PATCH',
      path: `${methodsPath}/:methodId`,
      summary: "Rename one of the signed-in user's passkeys (Limen extension)",
      tags,
      description:
        'Only displayName can change: 1 to 200 characters once trimmed, one line, no control ' +
        "characters. Graph has no such call; it is what My Security Info's rename does, for scripts and apps.",
      auth,
      params: methodKey,
      body: renameBody,
      status: [204, 400, 403, 404],
    },
    async ({ ctx, caller, params, body }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const user = await requireUser(dir, signedInUserId(caller));
        const repo = createPasskeyRepository(trx);
        const passkey = await repo.get(user.id, params.methodId);
        if (!passkey || !(await repo.rename(user.id, passkey.id, body.displayName))) throw notFound(params.methodId);
        const change = { displayName: 'Fido2Method', oldValue: JSON.stringify(passkey.displayName), newValue: JSON.stringify(body.displayName) };
        return {
          result: undefined,
          audit: selfServiceAudit('User changed default security info', userTarget(user, [change]), `Passkey renamed to '${body.displayName}'`),
        };
      });
      return undefined;
    },
  );

  defineRoute(
    router,
    {
      method: 'DELETE',
      path: `${methodsPath}/:methodId`,
      summary: "Delete one of the signed-in user's passkeys",
      tags,
      description:
        'Refused with 409 when it is the last way the user can sign in (no password, no other ' +
        'passkey the policy allows, no usable Temporary Access Pass), as at My Security Info.',
      auth,
      params: methodKey,
      status: [204, 400, 403, 404, 409],
    },
    async ({ ctx, caller, params }) => {
      await auditedWrite(deps, { caller, ctx }, async (dir, trx) => {
        const user = await requireUser(dir, signedInUserId(caller));
        const repo = createPasskeyRepository(trx);
        const passkey = await repo.get(user.id, params.methodId);
        if (!passkey) throw notFound(params.methodId);
        if (!(await hasOtherUsableMethod(trx, user.id, passkey.id))) throw new ApiError('Conflict', lastMethodRefusal);
        if (!(await repo.remove(user.id, passkey.id))) throw notFound(params.methodId);
        const change = { displayName: 'Fido2Method', oldValue: JSON.stringify(passkey.displayName), newValue: null };
        return {
          result: undefined,
          audit: selfServiceAudit('User deleted security info', userTarget(user, [change]), `Passkey '${passkey.displayName}'`),
        };
      });
      return undefined;
    },
  );
}
