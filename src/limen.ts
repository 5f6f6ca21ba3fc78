import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootstrapAdminUser, type BootstrapUserResult } from './admin/bootstrap-admin.ts';
import { createAdminCenter } from './admin-center/index.ts';
import { applyNewTenantDefaults } from './admin/new-tenant-defaults.ts';
import { loadPasskeyMetadata } from './authn/index.ts';
import { createApi } from './api/index.ts';
import { graphRoutes, type GraphDeps } from './api/routes/index.ts';
import type { LimenConfig } from './config/index.ts';
import { seedDemoTenant } from './demo/seed-demo.ts';
import { createDirectory, ensureBuiltInApplications, ensureBuiltInConsent, ensureManagementPermissions, ensureTenant, managementApi, readTenant, type Tenant } from './directory/index.ts';
import { recordAudit, SignInLog } from './logs/index.ts';
import { createOidc, type AccessTokenClaims, type Oidc } from './oidc/index.ts';
import { createMyAccount } from './my/index.ts';
import { createAccountRecovery, resolveProfiles, type IdentityVerificationProfile } from './recovery/index.ts';
import { openStore, type Db, type Store } from './store/index.ts';

/** A running Limen: one HTTP server in front of the protocol endpoints, sign-in pages and API. */
export interface Limen {
  readonly config: LimenConfig;
  readonly store: Store;
  readonly tenant: Tenant;
  /** The base URL it actually listens on (the port is known once listening; tests use port 0). */
  readonly url: string;
  readonly server: Server;
  /** Set on the very first start: the first administrator and its Temporary Access Pass (shown once). */
  readonly firstAdmin: BootstrapUserResult | undefined;
  /** Stops accepting requests, flushes the sign-in log and closes the database. */
  close(): Promise<void>;
}

/** What only code can give Limen (the environment gives the rest, through LimenConfig). */
export interface LimenOptions {
  /**
   * Identity verification profiles offered at /recover for self-service account recovery
   * (recovery/); none by default, leaving the administrator's Temporary Access Pass.
   */
  recoveryProfiles?: readonly IdentityVerificationProfile[];
}

/**
 * The composition root: opens the store, migrates, creates the tenant on first start, and wires
 * the contexts together. Every other module receives what it needs from here.
 */
export async function startLimen(config: LimenConfig, options: LimenOptions = {}): Promise<Limen> {
  // Before anything listens: a bad metadata file stops the start with its path and reason.
  if (config.fidoMetadata) await loadPasskeyMetadata(config.fidoMetadata);
  resolveProfiles(options.recoveryProfiles ?? []); // likewise a bad recovery profile (a TypeError)
  const store = openStore(config);
  await store.migrate();
  const { tenant, firstAdmin } = await createTenantOnce(store.db);
  if (firstAdmin && config.demo) await seedDemoTenant(store.db);

  // Listen first, so that with port 0 (tests) the issuer can name the port actually bound.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handler(req, res));
  // Slow-loris and idle connections: bound how long a request may take to arrive.
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const publicUrl = config.publicUrl.replace(/:0$/, `:${port}`);
  const runtimeConfig: LimenConfig = { ...config, port, publicUrl };

  const signIns = new SignInLog(store.db, { flushMs: config.signInLogFlushMs });
  const oidc = await createOidc({
    config: runtimeConfig, db: store.db, tenantId: tenant.id, signIns, accountRecovery: (options.recoveryProfiles ?? []).length > 0,
  });
  const api = createApi<GraphDeps>({
    publicUrl,
    verifyAccessToken: liveAccessTokenCheck(store.db, oidc),
    routes: graphRoutes,
    deps: { db: store.db, engine: store.engine, publicUrl },
  });
  // Behind a trusted TLS-terminating proxy, every app believes X-Forwarded-* alike.
  oidc.provider.proxy = config.trustProxy;
  oidc.interactions.proxy = config.trustProxy;
  api.proxy = config.trustProxy;
  const toProvider = oidc.callback();
  const my = createMyAccount({ db: store.db, oidc, publicUrl });
  my.proxy = config.trustProxy;
  const toInteractions = oidc.interactions.callback();
  const toMy = my.callback();
  const recovery = createAccountRecovery({ db: store.db, publicUrl, profiles: options.recoveryProfiles ?? [] });
  recovery.proxy = config.trustProxy;
  const toRecovery = recovery.callback();
  const toApi = api.callback();
  const endpoint = (name: string) => oidc.provider.urlFor(name);
  const adminCenter = createAdminCenter({
    publicUrl,
    authorizationServer: {
      issuer: oidc.provider.issuer,
      authorization_endpoint: endpoint('authorization'),
      token_endpoint: endpoint('token'),
      revocation_endpoint: endpoint('revocation'),
      end_session_endpoint: endpoint('end_session'),
    },
  });
  adminCenter.proxy = config.trustProxy;
  const toAdminCenter = adminCenter.callback();
  handler = (req, res) => {
    const path = req.url ?? '/';
    if (/^\/(v1\.0(\/|\?|$)|openapi\.json|healthz)/.test(path)) void toApi(req, res);
    else if (path.startsWith('/interaction/') || path.startsWith('/assets/')) void toInteractions(req, res);
    else if (path === '/my' || path.startsWith('/my/') || path.startsWith('/my?')) void toMy(req, res);
    else if (/^\/recover([/?]|$)/.test(path)) void toRecovery(req, res);
    else if (/^\/console([/?]|$)/.test(path)) void toAdminCenter(req, res);
    else toProvider(req, res);
  };
  const url = publicUrl;

  let closing: Promise<void> | undefined;
  return {
    config: runtimeConfig,
    store,
    tenant,
    url,
    server,
    firstAdmin,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await signIns.close();
        await oidc.close();
        await store.close();
      })()),
  };
}

/** What a newer Limen adds to an existing tenant at start, each audited as done by Limen itself. */
async function upgradeTenant(trx: Db, tenant: Tenant): Promise<void> {
  const audit = (activityDisplayName: string, targetResources: Array<{ id: string; displayName: string; type: string }>, detail: { key: string; value: string }) =>
    recordAudit(trx, {
      category: 'ApplicationManagement', activityDisplayName, operationType: activityDisplayName.startsWith('Add') ? 'Add' : 'Update',
      initiatedBy: {}, targetResources, additionalDetails: [detail],
    });
  const added = await ensureBuiltInApplications(trx);
  if (added.length) {
    await audit('Add application', added.map((name) => ({ id: tenant.id, displayName: name, type: 'Application' })),
      { key: 'reason', value: 'built-in application added by an upgrade' });
  }
  const permissions = await ensureManagementPermissions(trx);
  if (permissions.length) {
    await audit('Update application', [{ id: managementApi.appId, displayName: managementApi.displayName, type: 'Application' }],
      { key: 'permissions added by an upgrade', value: permissions.join(', ') });
  }
  // After the API has them: the built-in tools' tenant-wide consent then covers the new scopes.
  const consent = await ensureBuiltInConsent(trx);
  if (consent.length) {
    await audit('Add delegated permission grant', [{ id: managementApi.appId, displayName: managementApi.displayName, type: 'ServicePrincipal' }],
      { key: 'scopes added by an upgrade', value: consent.join('; ') });
  }
}

/** Two processes may start at once on one PostgreSQL: the loser of the race reads the winner's tenant. */
async function createTenantOnce(db: Db): Promise<{ tenant: Tenant; firstAdmin?: BootstrapUserResult }> {
  try {
    // One transaction: a crash can never leave a tenant without its first administrator, and the
    // tenant's built-in objects are audited like every other directory change.
    return await db.transaction().execute(async (trx) => {
      const { tenant, created } = await ensureTenant(trx);
      if (!created) {
        await upgradeTenant(trx, tenant);
        return { tenant };
      }
      await recordAudit(trx, {
        category: 'DirectoryManagement',
        activityDisplayName: 'Create company',
        operationType: 'Add',
        initiatedBy: {},
        targetResources: [{ id: tenant.id, displayName: tenant.displayName, type: 'Company' }],
        additionalDetails: [{ key: 'builtInApplications', value: 'Limen Graph API, Limen CLI, My Security Info, Limen Admin Center' }],
      });
      // The TAP policy on (Limen's default, unlike Entra's), then the first administrator with a
      // pass and no password: the tenant is passwordless from its first minute.
      await applyNewTenantDefaults(trx);
      return { tenant, firstAdmin: await bootstrapAdminUser(trx) };
    });
  } catch (error) {
    const tenant = await readTenant(db);
    if (tenant) return { tenant };
    throw error;
  }
}

/**
 * Access tokens are self-contained JWTs, but the API also refuses one whose user or service
 * principal was disabled, deleted, or had its sessions revoked after the token was issued — the
 * idea of Entra's continuous access evaluation, at the price of one indexed read per call. This
 * is what makes "disabled through one process, refused by every other" immediate.
 */
function liveAccessTokenCheck(db: Db, oidc: Oidc) {
  const directory = createDirectory(db);
  return async (token: string): Promise<AccessTokenClaims> => {
    const claims = await oidc.verifyAccessToken(token);
    if (claims.idtyp === 'user') {
      const user = await directory.users.get(claims.oid);
      if (!user?.accountEnabled) throw new Error('The user is disabled or no longer exists.');
      // Whole seconds on both sides: `iat` has one-second resolution.
      if (claims.iat < Math.floor(Date.parse(user.signInSessionsValidFromDateTime) / 1000)) {
        throw new Error('The user\'s sign-in sessions were revoked after this token was issued.');
      }
    } else {
      const sp = await directory.servicePrincipals.get(claims.oid);
      if (!sp?.accountEnabled) throw new Error('The service principal is disabled or no longer exists.');
    }
    return claims;
  };
}
