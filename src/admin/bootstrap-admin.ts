import { randomBytes } from 'node:crypto';
import { hashPassword } from '../authn/index.ts';
import {
  createDirectory,
  managementApi,
  readTenant,
  roleTemplateIds,
  userCreateSchema,
  type Directory,
} from '../directory/index.ts';
import { recordAudit, type AuditEntry } from '../logs/index.ts';
import type { Db } from '../store/index.ts';

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

export interface BootstrapUserResult {
  userId: string;
  userPrincipalName: string;
  /** Shown once; only its argon2id hash is stored. */
  password: string;
  created: boolean;
}

/**
 * Creates a Global Administrator user, or recovers an existing one: enables it, gives it a new
 * one-time password and revokes its sessions, and makes sure it holds Global Administrator.
 */
export async function bootstrapAdminUser(db: Db, upn = defaultAdminUpn): Promise<BootstrapUserResult> {
  const password = randomBytes(18).toString('base64url');
  const hash = await hashPassword(password);
  return inTransaction(db, async (trx) => {
    const dir = createDirectory(trx);
    let user = await dir.users.get(upn);
    const created = !user;
    if (!user) {
      user = await dir.users.create(
        userCreateSchema.parse({ accountEnabled: true, displayName: 'Administrator', userPrincipalName: upn }),
        hash,
      );
    } else {
      await dir.users.update(user.id, { accountEnabled: true });
      await dir.users.setPasswordHash(user.id, hash);
      await dir.users.revokeSignInSessions(user.id);
    }
    await ensureGlobalAdministrator(dir, user.id);
    await recordAudit(trx, {
      category: 'UserManagement',
      activityDisplayName: created ? 'Add user' : 'Reset user password',
      initiatedBy,
      targetResources: [{ id: user.id, displayName: user.displayName, type: 'User', userPrincipalName: user.userPrincipalName }],
      additionalDetails: [bootstrapDetail],
    });
    return { userId: user.id, userPrincipalName: user.userPrincipalName, password, created };
  });
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
    if (!tenant) throw new Error('The tenant does not exist yet: start Limen once first.');
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

async function ensureGlobalAdministrator(dir: Directory, principalId: string): Promise<void> {
  const held = await dir.assignments.listRoleAssignments({ principalId, roleDefinitionId: roleTemplateIds.globalAdministrator });
  if (held.length === 0) {
    await dir.assignments.createRoleAssignment({ roleDefinitionId: roleTemplateIds.globalAdministrator, principalId, directoryScopeId: '/' });
  }
}
