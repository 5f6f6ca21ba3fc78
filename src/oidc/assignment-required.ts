/**
 * "Assignment required?" (servicePrincipal.appRoleAssignmentRequired): when an app's service
 * principal has it, a person may sign in to that app, or keep refreshing its tokens, only while
 * they hold an app role assignment to it (any role, the default access role
 * 00000000-0000-0000-0000-000000000000 included), themselves or through a group they are a
 * DIRECT member of. Entra counts direct members only ("The assignment doesn't cascade to nested
 * groups"; group-post-approleassignments: "All direct members of the group will be considered
 * assigned"), and so does Limen: widening it to nested groups would let in people an
 * administrator who reads Entra's documentation believes are kept out. Otherwise: AADSTS50105.
 * @see https://learn.microsoft.com/entra/identity/enterprise-apps/assign-user-or-group-access-portal
 *
 * For a person, the check is on the app signed in to (the client), as Entra's, not on the API it
 * calls. For an application's app-only token (client credentials), it is on the API the token is
 * for: the application must hold an app role assignment to it itself (Entra's AADSTS501051).
 * An agent identity with the flag acts on behalf of assigned people only (token exchange).
 * Checked at sign-in, again when the code or device code is redeemed, and at every refresh.
 */
import { errors } from 'oidc-provider';
import { cliClient, consoleClient, myAccountClient, type Directory } from '../directory/index.ts';
import type { Db } from '../store/index.ts';
import type { DirectoryCache } from './directory-cache.ts';

/**
 * Limen's own sign-in clients never require assignment, whatever their flag says. The admin
 * center and the CLI are bounded by directory roles and their service principals cannot be
 * changed through the API; My Security Info is where everyone (administrators included) registers
 * and recovers sign-in methods, and its flag cannot be set (service-principals.routes.ts). Were
 * the flag honoured on them, one PATCH (or an old database) could lock every administrator out.
 */
export const exemptClientAppIds: ReadonlySet<string> = new Set([consoleClient.appId, cliClient.appId, myAccountClient.appId]);

/** The app side of the decision. */
export interface AssignmentRule {
  appId: string;
  appRoleAssignmentRequired: boolean;
}

/**
 * The pure decision: may a principal use the app? `assignedPrincipalIds`: of the principal (and,
 * for a person, the groups they are a direct member of), those holding an app role assignment to it.
 */
export function mayUseApp(app: AssignmentRule, assignedPrincipalIds: readonly string[]): boolean {
  if (!app.appRoleAssignmentRequired || exemptClientAppIds.has(app.appId)) return true;
  return assignedPrincipalIds.length > 0;
}

/** What the person and the client read (our words; Entra's code and meaning). */
export function notAssignedMessage(app: { appId: string; displayName: string }, userPrincipalName: string): string {
  return `AADSTS50105: Your administrator has configured the application '${app.displayName}' (${app.appId}) to let in only people `
    + `who are assigned to it. The signed-in user '${userPrincipalName}' is not assigned to it, directly or through a group they are a direct member of. `
    + 'Ask your administrator to assign you access to this application.';
}

export interface AssignmentDeps { db: Db; directory: Directory; cache: DirectoryCache }

/** The app a refusal names. */
export interface RefusedApp { appId: string; displayName: string }

/**
 * Undefined when `userId` may use the client whose service principal is `spId`; otherwise the
 * app to name in the refusal. Read through the directory cache (the token endpoint's hot path):
 * every assignment, membership and service principal change is audited, which refreshes it.
 */
export async function assignmentRefusal(deps: AssignmentDeps, spId: string, userId: string): Promise<RefusedApp | undefined> {
  const sp = await deps.cache.get(`service-principal:${spId}`, () => deps.directory.servicePrincipals.get(spId));
  // A missing or disabled client is refused elsewhere (client-metadata.ts), with its own code.
  if (!sp || !sp.appRoleAssignmentRequired || exemptClientAppIds.has(sp.appId)) return undefined;
  const assigned = await deps.cache.get(`assignment-required:${spId}:${userId}`, () => assignedPrincipals(deps.db, spId, userId));
  return mayUseApp(sp, assigned) ? undefined : { appId: sp.appId, displayName: sp.displayName };
}

/** Of the user and their direct groups, those with an app role assignment to the service principal. */
async function assignedPrincipals(db: Db, spId: string, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('app_role_assignments').select('principal_id')
    .where('resource_id', '=', spId)
    .where((eb) => eb.or([
      eb('principal_id', '=', userId),
      eb('principal_id', 'in', eb.selectFrom('group_members').select('group_id').where('member_id', '=', userId)),
    ]))
    .execute();
  return rows.map((r) => r.principal_id);
}

/**
 * At the token endpoint (a refresh): invalid_grant whose description starts with the AADSTS code,
 * as Conditional Access's refusals do (sign-in-events.ts reads the code for the sign-in log).
 */
export async function assertAssignedForToken(deps: AssignmentDeps, spId: string | undefined, userId: string | undefined): Promise<void> {
  if (!spId || !userId) return; // the grant's own checks refuse a missing client or user
  const refused = await assignmentRefusal(deps, spId, userId);
  if (!refused) return;
  const user = await deps.directory.users.get(userId);
  throw new errors.CustomOIDCProviderError('invalid_grant', notAssignedMessage(refused, user?.userPrincipalName ?? userId));
}

/** What the application and the sign-in log read when an app-only token is refused. */
export function applicationNotAssignedMessage(client: { appId: string; displayName: string }, resource: { indicator: string; displayName: string }): string {
  return `AADSTS501051: The application '${client.displayName}' (${client.appId}) holds no app role assignment to '${resource.displayName}' (${resource.indicator}), `
    + 'which requires assignment. An administrator must grant the application one of that API\'s application permissions.';
}

/**
 * An app-only token (client credentials) for an API whose service principal requires assignment:
 * the client's service principal must hold an app role assignment to it, directly (an
 * application's tokens never carry roles through groups, so groups do not count here either).
 */
export async function assertApplicationAssigned(
  deps: AssignmentDeps,
  client: { spId: string; appId: string; displayName: string },
  resource: { indicator: string; app: { displayName: string }; sp: { id: string; appId: string; appRoleAssignmentRequired: boolean } },
): Promise<void> {
  if (!resource.sp.appRoleAssignmentRequired) return;
  const assigned = await deps.cache.get(`assignment-required:app:${client.spId}:${resource.sp.id}`, async () =>
    (await deps.db.selectFrom('app_role_assignments').select('principal_id')
      .where('resource_id', '=', resource.sp.id).where('principal_id', '=', client.spId).execute()).map((r) => r.principal_id));
  if (mayUseApp(resource.sp, assigned)) return;
  throw new errors.CustomOIDCProviderError('invalid_grant',
    applicationNotAssignedMessage(client, { indicator: resource.indicator, displayName: resource.app.displayName }));
}
