import { linkChange, modifiedProperties } from '../api/routes/audit-entry.ts';
import { clearSignInLockout, issueTemporaryAccessPass, readTapPolicy, type TapPolicy } from '../authn/index.ts';
import {
  createDirectory,
  findDirectoryRole,
  managementApi,
  readTenant,
  roleTemplateIds,
  userCreateSchema,
  type Directory,
  type User,
} from '../directory/index.ts';
import { recordAudit, type AuditEntry } from '../logs/index.ts';
import type { Db } from '../store/index.ts';
import { ensureTapPolicyCovers } from './tap-policy-change.ts';

/** Run before the first start: there is nothing to recover or add a client to yet. */
export class NoTenantError extends Error {
  override name = 'NoTenantError';
  constructor() {
    super('The tenant does not exist yet: start Limen once first (`npx limen start`), which creates it and its first administrator.');
  }
}

export { TapPolicyRefusesBootstrap } from './tap-policy-change.ts';

/**
 * `limen bootstrap-admin`: the way into a tenant when nobody can sign in yet (first start, or
 * every administrator locked out). It acts on the database directly, so only someone who can run
 * commands on the server machine can use it, as with Keycloak's `kc.sh bootstrap-admin`.
 * Everything it does is in the audit log, initiated by Limen itself.
 */
const initiatedBy: AuditEntry['initiatedBy'] = {};
const bootstrapDetail = { key: 'initiatedVia', value: 'limen bootstrap-admin' };

/** The first administrator's default sign-in name; the tenant's domain is not configurable yet. */
export const defaultAdminUpn = 'admin@limen.local';

/**
 * The bootstrap pass lives a working day (480 minutes, Entra's default maximum), so an operator
 * who started Limen can come back hours later, but never longer than the tenant's policy allows.
 * It is one-time: it is printed to the console, which often ends up in logs that more people read
 * than the operator. Spent at its first sign-in, a copy found in a log is worthless, and a thief
 * who used it first is noticed at once (the operator's sign-in says it was used) and shut out by
 * running the command again. The price is Entra's rule for a one-time pass: the passkey must be
 * added within 10 minutes of signing in with it, else the command is run again.
 */
const bootstrapTap = (policy: TapPolicy) => ({
  lifetimeInMinutes: Math.max(policy.minimumLifetimeInMinutes, Math.min(policy.maximumLifetimeInMinutes, 480)),
  isUsableOnce: true,
});

export interface BootstrapUserOptions {
  upn?: string;
  /** Change the TAP policy just enough to cover the user when it does not (see coverUserWithTapPolicy). */
  enableTap?: boolean;
}

export interface BootstrapUserResult {
  userId: string;
  userPrincipalName: string;
  created: boolean;
  /** The pass's code: shown once; only a keyed hash is stored. */
  temporaryAccessPass: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  /** What `enableTap` changed in the TAP policy, in words; empty when nothing had to change. */
  tapPolicyChanges: string[];
}

/**
 * Creates a Global Administrator user without a password, or recovers an existing one: enables
 * it, revokes its sessions, lifts a smart lockout, and makes sure it holds Global Administrator.
 * Either way it gets a new Temporary Access Pass (replacing any earlier one) to sign in at My
 * Security Info and add a passkey.
 *
 * A recovered user keeps its password hash, passkeys and other methods untouched: the command is
 * the way in when signing in is impossible, not the clean-up after a compromise. Removing only the
 * password would not shut out an intruder, who could as well have added a passkey, and it may be
 * the user's only lasting method where passkeys cannot work (Limen reached by an IP address).
 * After a compromise, review the user's methods once signed in.
 */
export async function bootstrapAdminUser(db: Db, options: BootstrapUserOptions = {}): Promise<BootstrapUserResult> {
  const upn = options.upn ?? defaultAdminUpn;
  return inTransaction(db, async (trx) => {
    if (!(await readTenant(trx))) throw new NoTenantError();
    const dir = createDirectory(trx);
    const existing = await dir.users.get(upn);
    const tapPolicyChanges = await ensureTapPolicyCovers(trx, dir, existing, upn, options.enableTap ?? false);
    const now = new Date();
    let user: User;
    let startDateTime = now;
    if (!existing) {
      user = await dir.users.create(
        userCreateSchema.parse({ accountEnabled: true, displayName: 'Administrator', userPrincipalName: upn }),
        null,
      );
      await audit(trx, 'UserManagement', 'Add user', [userTarget(user)]);
    } else {
      user = existing;
      if (!existing.accountEnabled) {
        user = (await dir.users.update(existing.id, { accountEnabled: true })).after;
        await audit(trx, 'UserManagement', 'Update user', [userTarget(user, modifiedProperties({ accountEnabled: false }, { accountEnabled: true }))]);
      }
      const validFrom = await dir.users.revokeSignInSessions(user.id);
      await audit(trx, 'UserManagement', 'Revoke sign-in sessions', [userTarget(user, modifiedProperties(
        { signInSessionsValidFromDateTime: user.signInSessionsValidFromDateTime },
        { signInSessionsValidFromDateTime: validFrom },
      ))]);
      // Sessions revoked at validFrom (the next whole second): the pass starts there too, so a
      // sign-in with it can never land in the revoked second and be refused after it was used.
      startDateTime = new Date(validFrom);
      await clearSignInLockout(trx, user.id);
    }
    if (await ensureGlobalAdministrator(dir, user.id)) {
      const role = findDirectoryRole(roleTemplateIds.globalAdministrator)!;
      // As the role-management API writes it.
      await audit(trx, 'RoleManagement', 'Add member to role', [
        userTarget(user, [
          { displayName: 'Role.ObjectID', ...linkChange(true, role.id) },
          { displayName: 'Role.DisplayName', ...linkChange(true, role.displayName) },
          { displayName: 'Role.TemplateId', ...linkChange(true, role.templateId) },
        ]),
        { id: role.id, displayName: role.displayName, type: 'Role' },
      ]);
    }
    // Under the policy's rules, as every issuer (ensureTapPolicyCovers made sure it covers the user).
    const issued = await issueTemporaryAccessPass(trx, { userId: user.id, startDateTime, now, ...bootstrapTap(await readTapPolicy(trx)) });
    if (!issued.issued) throw new Error(`The Temporary Access Pass could not be issued: ${issued.message}`);
    const { tap, code } = issued;
    // The API's activity for the same act; the code itself is never logged.
    await audit(trx, 'UserManagement', 'Admin registered temporary access pass method for user', [userTarget(user)]);
    return {
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      created: !existing,
      temporaryAccessPass: code,
      startDateTime: tap.startDateTime,
      lifetimeInMinutes: tap.lifetimeInMinutes,
      isUsableOnce: tap.isUsableOnce,
      tapPolicyChanges,
    };
  });
}

function userTarget(user: User, modified: NonNullable<AuditEntry['targetResources'][number]['modifiedProperties']> = []) {
  return { id: user.id, displayName: user.displayName, type: 'User', userPrincipalName: user.userPrincipalName, modifiedProperties: modified };
}

function audit(trx: Db, category: string, activityDisplayName: string, targetResources: AuditEntry['targetResources']) {
  return recordAudit(trx, { category, activityDisplayName, initiatedBy, targetResources, additionalDetails: [bootstrapDetail] });
}

export interface BootstrapServiceResult {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  clientSecretExpires: string;
  servicePrincipalId: string;
  issuer: string;
  tokenEndpoint: string;
  /** The scope for an app-only token to the management API, like Graph's `.default`. */
  scope: string;
}

/** Creates a confidential client holding Global Administrator, for scripts and automation. */
export async function bootstrapAdminService(
  db: Db,
  issuer: string,
  displayName = 'Limen bootstrap admin',
): Promise<BootstrapServiceResult> {
  return db.transaction().execute(async (trx) => {
    const tenant = await readTenant(trx);
    if (!tenant) throw new NoTenantError();
    const dir = createDirectory(trx);
    const app = await dir.applications.create({ displayName, signInAudience: 'AzureADMyOrg' });
    const sp = await dir.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
    const secret = await dir.applications.addPassword(app.id, { displayName: 'bootstrap' });
    await ensureGlobalAdministrator(dir, sp.id);
    await recordAudit(trx, {
      category: 'ApplicationManagement',
      activityDisplayName: 'Add service principal',
      initiatedBy,
      targetResources: [{ id: sp.id, displayName, type: 'ServicePrincipal' }],
      additionalDetails: [bootstrapDetail, { key: 'AppId', value: app.appId }],
    });
    return {
      tenantId: tenant.id,
      clientId: app.appId,
      clientSecret: secret.secretText!,
      clientSecretExpires: secret.endDateTime,
      servicePrincipalId: sp.id,
      issuer,
      tokenEndpoint: `${issuer}/token`,
      scope: managementApi.defaultScope,
    };
  });
}

/** Joins the caller's transaction (first start creates tenant and admin together) or opens one. */
function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Whether it had to assign the role (it was not held yet). */
async function ensureGlobalAdministrator(dir: Directory, principalId: string): Promise<boolean> {
  const held = await dir.assignments.listRoleAssignments({ principalId, roleDefinitionId: roleTemplateIds.globalAdministrator });
  if (held.length > 0) return false;
  await dir.assignments.createRoleAssignment({ roleDefinitionId: roleTemplateIds.globalAdministrator, principalId, directoryScopeId: '/' });
  return true;
}
