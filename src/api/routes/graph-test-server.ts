/**
 * For the route tests (not a test itself): a real HTTP server with the Graph routes over a
 * fresh store, seeded principals, and fixed test tokens mapped to claims by an injected
 * verifyAccessToken. Each user token's `wids` match the role its user holds in the store.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freshStore } from '../../../test/support/engines.ts';
import {
  createDirectory,
  ensureTenant,
  roleTemplateIds,
  userCreateSchema,
  type Directory,
  type Tenant,
} from '../../directory/index.ts';
import type { DirectoryAudit } from '../../logs/index.ts';
import type { Db, Engine } from '../../store/index.ts';
import type { AccessTokenClaims } from '../authorization.ts';
import { createApi } from '../create-api.ts';
import { Permission } from '../permissions.ts';
import { graphRoutes } from './index.ts';

export const publicUrl = 'https://limen.test';
const allScopes = Object.values(Permission).join(' ');
const t = roleTemplateIds;

/** Seeded users: key -> [userPrincipalName, the directory role it holds]. */
const seededUsers = {
  admin: ['admin@limen.test', t.globalAdministrator],
  helpdesk: ['helpdesk@limen.test', t.helpdeskAdministrator],
  userAdmin: ['useradmin@limen.test', t.userAdministrator],
  appAdmin: ['appadmin@limen.test', t.applicationAdministrator],
  privilegedAuthAdmin: ['pam@limen.test', t.privilegedAuthenticationAdministrator],
  plain: ['plain@limen.test', undefined],
} as const;
type UserKey = keyof typeof seededUsers;

export interface CallResult {
  status: number;
  headers: Headers;
  json: any;
}

type Call = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown },
) => Promise<CallResult>;

export interface GraphTestServer {
  engine: Engine;
  db: Db;
  tenant: Tenant;
  users: Record<UserKey, string>;
  /** The service principal the test apps authenticate as. */
  automation: { id: string; appId: string };
  /** `path` may be the absolute `@odata.nextLink` the API returned. */
  call: Call;
  get(path: string, token: string): Promise<CallResult>;
  post(path: string, token: string, body?: unknown): Promise<CallResult>;
  patch(path: string, token: string, body: unknown): Promise<CallResult>;
  put(path: string, token: string, body: unknown): Promise<CallResult>;
  delete(path: string, token: string): Promise<CallResult>;
  auditCount(): Promise<number>;
  /** Audit records written after the first `count`, oldest first. */
  auditsSince(count: number): Promise<DirectoryAudit[]>;
  close(): Promise<void>;
}

async function seed(dir: Directory) {
  const users = {} as Record<UserKey, string>;
  for (const [key, [upn, role]] of Object.entries(seededUsers)) {
    const displayName = key.charAt(0).toUpperCase() + key.slice(1);
    const input = { accountEnabled: true, displayName, userPrincipalName: upn };
    const user = await dir.users.create(userCreateSchema.parse(input));
    users[key as UserKey] = user.id;
    if (role) {
      await dir.assignments.createRoleAssignment({
        roleDefinitionId: role,
        principalId: user.id,
        directoryScopeId: '/',
      });
    }
  }
  const app = await dir.applications.create({
    displayName: 'Automation',
    signInAudience: 'AzureADMyOrg',
  });
  const sp = await dir.servicePrincipals.create({
    appId: app.appId,
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    tags: [],
  });
  return { users, automation: { id: sp.id, appId: app.appId } };
}

function testTokens(
  tenantId: string,
  users: Record<UserKey, string>,
  automation: { id: string; appId: string },
): Record<string, AccessTokenClaims> {
  const user = (key: UserKey): AccessTokenClaims => {
    const role = seededUsers[key][1];
    const id = users[key];
    return {
      oid: id,
      sub: id,
      tid: tenantId,
      azp: 'console',
      idtyp: 'user',
      scp: allScopes,
      ...(role ? { wids: [role] } : {}),
    };
  };
  const app = (roles: string[]): AccessTokenClaims => ({
    oid: automation.id,
    sub: automation.id,
    tid: tenantId,
    azp: automation.appId,
    idtyp: 'app',
    roles,
  });
  return {
    admin: user('admin'),
    helpdesk: user('helpdesk'),
    userAdmin: user('userAdmin'),
    appAdmin: user('appAdmin'),
    privilegedAuthAdmin: user('privilegedAuthAdmin'),
    plain: user('plain'),
    /** A signed-in user whose token carries only User.Read. */
    basic: { ...user('plain'), scp: 'openid profile User.Read' },
    appDirectoryWrite: app([Permission.DirectoryReadWriteAll]),
    appUserRead: app([Permission.UserReadAll]),
    appAudit: app([Permission.AuditLogReadAll]),
    appApplications: app([
      Permission.ApplicationReadWriteAll,
      Permission.AppRoleAssignmentReadWriteAll,
    ]),
    appRoleManagement: app([Permission.RoleManagementReadWriteDirectory]),
    /** An app that manages agents: the Agent ID permissions, with reads of apps. */
    appAgents: app([
      Permission.AgentIdentityReadWriteAll,
      Permission.AgentIdentityBlueprintReadWriteAll,
      Permission.ApplicationReadAll,
    ]),
    appNothing: app([]),
  };
}

export async function startGraphServer(engine: Engine): Promise<GraphTestServer> {
  const fresh = await freshStore(engine);
  const db = fresh.store.db;
  const { tenant, users, automation } = await db.transaction().execute(async (trx) => {
    const { tenant } = await ensureTenant(trx);
    return { tenant, ...(await seed(createDirectory(trx))) };
  });
  const tokens = testTokens(tenant.id, users, automation);

  const app = createApi({
    verifyAccessToken: async (token) => {
      const claims = tokens[token];
      if (!claims) throw new Error('unknown test token');
      return claims;
    },
    publicUrl,
    routes: graphRoutes,
    deps: { db, engine, publicUrl },
    // A 500 fails the status assertion in call(); the cause is printed here.
    logError: (error, requestId) => console.error(`500 on request ${requestId}:`, error),
  });
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call: Call = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path.replace(publicUrl, '')}`, {
      method,
      headers,
      body,
    });
    const text = await response.text();
    assert.ok(response.status < 500, `${method} ${path} gave ${response.status}: ${text}`);
    const json = text ? JSON.parse(text) : undefined;
    return { status: response.status, headers: response.headers, json };
  };

  return {
    engine,
    db,
    tenant,
    users,
    automation,
    call,
    get: (path, token) => call('GET', path, { token }),
    post: (path, token, body) => call('POST', path, { token, body }),
    patch: (path, token, body) => call('PATCH', path, { token, body }),
    put: (path, token, body) => call('PUT', path, { token, body }),
    delete: (path, token) => call('DELETE', path, { token }),
    async auditCount() {
      const row = await db
        .selectFrom('directory_audits')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async auditsSince(count) {
      const rows = await db
        .selectFrom('directory_audits')
        .select('data')
        .where('seq', '>', count)
        .orderBy('seq')
        .execute();
      return rows.map((r) => JSON.parse(r.data) as DirectoryAudit);
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fresh.cleanup();
    },
  };
}

/** Asserts a Graph error body with this status and code; returns its message. */
export function expectError(result: CallResult, status: number, code: string): string {
  assert.equal(result.status, status, JSON.stringify(result.json));
  assert.equal(result.json?.error?.code, code, JSON.stringify(result.json));
  return result.json.error.message as string;
}

export const expectDenied = (result: CallResult) =>
  expectError(result, 403, 'Authorization_RequestDenied');
export const expectNotFound = (result: CallResult) =>
  expectError(result, 404, 'Request_ResourceNotFound');
export const expectInvalid = (result: CallResult) =>
  expectError(result, 400, 'Request_BadRequest');

/** Asserts the status, showing the body when it differs; returns the body. */
export function expectStatus(result: CallResult, status: number): any {
  assert.equal(result.status, status, JSON.stringify(result.json));
  return result.json;
}

/**
 * Runs `write` and asserts it produced exactly these audit activities, in order (none for a
 * failed write); returns the new records.
 */
export async function expectAudits(
  server: GraphTestServer,
  activities: string[],
  write: () => Promise<unknown>,
): Promise<DirectoryAudit[]> {
  const before = await server.auditCount();
  await write();
  const records = await server.auditsSince(before);
  assert.deepEqual(
    records.map((r) => r.activityDisplayName),
    activities,
  );
  return records;
}

/** `$filter=…`, encoded. */
export const filter = (text: string) => `$filter=${encodeURIComponent(text)}`;
