import type { Db } from '../store/index.ts';
import { createApplicationsRepository } from './applications.repository.ts';
import { createAssignmentsRepository } from './assignments.repository.ts';
import { managementApi, managementAppRoles, managementScopes } from './management-api.ts';
import { createServicePrincipalsRepository } from './service-principals.repository.ts';
import { newId } from './stable-id.ts';

export interface Tenant {
  id: string;
  displayName: string;
  createdDateTime: string;
}

/**
 * The Limen command line as a public client (device authorization grant, RFC 8628), built in so
 * `limen login` works against any tenant without registering an app first.
 */
export const cliClient = {
  appId: '4c1b1d57-9e1f-4a6c-8f5e-0d5b2f6a7c11',
  displayName: 'Limen CLI',
} as const;

/**
 * My Security Info (`/my`): Limen's own end-user pages sign users in through the provider like
 * any web app (code + PKCE, redirect to `<public URL>/my/callback`, only `openid`), so every
 * sign-in method and policy applies to them. Its redirect URI follows the configured public URL.
 */
export const myAccountClient = {
  appId: '8b1f6c3e-2d47-4a59-9c0e-7f3a1b2c4d5e',
  displayName: 'My Security Info',
} as const;

/**
 * The admin center (`/console`): a single-page app served by Limen that signs admins in like any
 * SPA (code + PKCE, redirect to `<public URL>/console/callback`, which follows the configured
 * public URL) and calls only the management API. Like the CLI it holds tenant-wide consent to
 * every management scope, so what an admin can do through it is bounded by their directory roles.
 */
export const consoleClient = {
  appId: '3f6d2a8e-5b1c-4e7f-a9d0-6c2b8e4f1a37',
  displayName: 'Limen Admin Center',
} as const;

/**
 * Adds built-in applications that a newer Limen has and an older tenant lacks; returns the
 * names of those it added (the caller audits them in the same transaction).
 */
export async function ensureBuiltInApplications(db: Db): Promise<string[]> {
  const apps = createApplicationsRepository(db);
  const sps = createServicePrincipalsRepository(db);
  const added: string[] = [];
  if (!(await apps.getByAppId(myAccountClient.appId))) {
    await apps.create({ displayName: myAccountClient.displayName, signInAudience: 'AzureADMyOrg' }, { appId: myAccountClient.appId });
    await sps.create({ appId: myAccountClient.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
    added.push(myAccountClient.displayName);
  }
  if (!(await apps.getByAppId(consoleClient.appId))) {
    await apps.create({ displayName: consoleClient.displayName, signInAudience: 'AzureADMyOrg' }, { appId: consoleClient.appId });
    const sp = await sps.create({ appId: consoleClient.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
    const apiSp = await sps.getByAppId(managementApi.appId);
    if (apiSp) {
      await createAssignmentsRepository(db).grantPermissions({
        clientId: sp.id,
        consentType: 'AllPrincipals',
        resourceId: apiSp.id,
        scope: managementScopes.map((s) => s.value).join(' '),
      });
    }
    added.push(consoleClient.displayName);
  }
  return added;
}

/**
 * Delegated scopes and app roles of the management API that a newer Limen defines and an older
 * tenant's stored copy lacks are added at start (never removed or changed: an admin may rely on
 * them). Returns the values added, for the audit record.
 */
export async function ensureManagementPermissions(db: Db): Promise<string[]> {
  const apps = createApplicationsRepository(db);
  const api = await apps.getByAppId(managementApi.appId);
  if (!api) return [];
  const scopes = managementScopes.filter((s) => !api.api.oauth2PermissionScopes.some((x) => x.id === s.id));
  const roles = managementAppRoles.filter((r) => !api.appRoles.some((x) => x.id === r.id));
  if (scopes.length === 0 && roles.length === 0) return [];
  await apps.update(api.id, {
    api: { ...api.api, oauth2PermissionScopes: [...api.api.oauth2PermissionScopes, ...scopes] },
    appRoles: [...api.appRoles, ...roles],
  });
  return [...scopes.map((s) => s.value), ...roles.map((r) => r.value)];
}

/**
 * The CLI and the admin center hold tenant-wide consent to every management scope (what a person
 * can do through them is still bounded by their roles). Scopes a newer Limen defines are added to
 * those grants at start, so the tools can use the new API on an upgraded tenant. Only grants that
 * exist are extended: one an admin revoked stays revoked. Returns "<client>: <scopes>" for the
 * audit record.
 */
export async function ensureBuiltInConsent(db: Db): Promise<string[]> {
  const sps = createServicePrincipalsRepository(db);
  const assignments = createAssignmentsRepository(db);
  const api = await sps.getByAppId(managementApi.appId);
  if (!api) return [];
  const extended: string[] = [];
  for (const client of [cliClient, consoleClient]) {
    const sp = await sps.getByAppId(client.appId);
    if (!sp) continue;
    for (const grant of await assignments.listPermissionGrants({ clientId: sp.id, resourceId: api.id })) {
      if (grant.consentType !== 'AllPrincipals') continue;
      const held = new Set(grant.scope.split(' ').filter(Boolean));
      const missing = managementScopes.map((x) => x.value).filter((v) => !held.has(v));
      if (missing.length === 0) continue;
      await assignments.setPermissionGrantScope(grant.id, [...held, ...missing].join(' '));
      extended.push(`${client.displayName}: ${missing.join(' ')}`);
    }
  }
  return extended;
}

/**
 * Creates the tenant on first start: its id, and the built-in applications every tenant has.
 * Idempotent, and safe when two processes start at once on one PostgreSQL: the first to insert
 * the tenant row wins and the other reads it (run it inside a transaction).
 */
export async function ensureTenant(db: Db, displayName = 'Limen'): Promise<{ tenant: Tenant; created: boolean }> {
  const existing = await readTenant(db);
  if (existing) return { tenant: existing, created: false };
  const tenant: Tenant = { id: newId(), displayName, createdDateTime: new Date().toISOString() };
  await db.insertInto('settings').values({ key: 'tenant', value: JSON.stringify(tenant) }).execute();

  const apps = createApplicationsRepository(db);
  const sps = createServicePrincipalsRepository(db);
  await apps.create(
    {
      displayName: managementApi.displayName,
      signInAudience: 'AzureADMyOrg',
      identifierUris: [managementApi.identifierUri],
      appRoles: managementAppRoles,
      api: { oauth2PermissionScopes: managementScopes },
    },
    { appId: managementApi.appId },
  );
  await sps.create({ appId: managementApi.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
  await apps.create(
    { displayName: cliClient.displayName, signInAudience: 'AzureADMyOrg', isFallbackPublicClient: true },
    { appId: cliClient.appId },
  );
  const cliSp = await sps.create({ appId: cliClient.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
  // Tenant-wide consent for the CLI to every management scope: what a user can do through it is
  // still bounded by the user's own directory roles (delegated = scopes ∩ roles).
  const apiSp = await sps.getByAppId(managementApi.appId);
  await createAssignmentsRepository(db).grantPermissions({
    clientId: cliSp.id,
    consentType: 'AllPrincipals',
    resourceId: apiSp!.id,
    scope: managementScopes.map((s) => s.value).join(' '),
  });
  await ensureBuiltInApplications(db);
  return { tenant, created: true };
}

export async function readTenant(db: Db): Promise<Tenant | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'tenant').executeTakeFirst();
  return row ? (JSON.parse(row.value) as Tenant) : undefined;
}
