/** Directory objects and Conditional Access policies the OIDC stories need, made as an admin would. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import { hashPassword } from '../../src/authn/index.ts';
import { createConditionalAccessRepository, type ConditionalAccessPolicy } from '../../src/conditional-access/index.ts';
import { parsePolicy } from '../../src/conditional-access/import/index.ts';
import {
  applicationCreateSchema,
  managementApi,
  userCreateSchema,
  type Application,
  type Directory,
  type ServicePrincipal,
  type User,
} from '../../src/directory/index.ts';
import { recordAudit } from '../../src/logs/index.ts';
import type { Harness } from './harness.ts';

export const password = 'correct horse battery staple';
export const redirectUri = 'http://localhost:8765/callback';

export async function createUser(directory: Directory, upn = 'ada@contoso.test'): Promise<User> {
  return directory.users.create(
    userCreateSchema.parse({ accountEnabled: true, displayName: 'Ada Lovelace', userPrincipalName: upn, mail: upn }),
    await hashPassword(password),
  );
}

export interface RegisteredApp {
  app: Application;
  sp: ServicePrincipal;
  secret: string | undefined;
}

/** A web app (confidential, authorization code) with a client secret. */
export async function createWebApp(directory: Directory, input: Record<string, unknown> = {}): Promise<RegisteredApp> {
  const app = await directory.applications.create(applicationCreateSchema.parse({
    displayName: 'Contoso Web',
    web: { redirectUris: [redirectUri] },
    ...input,
  }));
  const { secretText } = await directory.applications.addPassword(app.id, { displayName: 'test' });
  const sp = await directory.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
  return { app, sp, secret: secretText! };
}

/** A daemon app holding `roles` (Graph permissions) on the management API, app-only. */
export async function createDaemonApp(directory: Directory, roles: string[], input: Record<string, unknown> = {}): Promise<RegisteredApp> {
  const app = await directory.applications.create(applicationCreateSchema.parse({ displayName: 'Contoso Daemon', ...input }));
  const secret = input.keyCredentials ? undefined : (await directory.applications.addPassword(app.id, {})).secretText!;
  const sp = await directory.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
  const api = await directory.servicePrincipals.getByAppId(managementApi.appId);
  for (const value of roles) {
    const role = api!.appRoles.find((r) => r.value === value)!;
    await directory.assignments.assignAppRole({ principalId: sp.id, resourceId: api!.id, appRoleId: role.id });
  }
  return { app, sp, secret };
}

/** An EC P-256 key pair and a self-signed certificate for it, made with the openssl CLI. */
export function makeCertificate(): { certificateDerBase64: string; privateKeyPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'limen-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.der');
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key], { stdio: 'ignore' });
    execFileSync('openssl', ['req', '-new', '-x509', '-key', key, '-subj', '/CN=contoso-daemon', '-days', '30', '-outform', 'DER', '-out', cert], { stdio: 'ignore' });
    return { certificateDerBase64: readFileSync(cert).toString('base64'), privateKeyPem: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** openid-client's view of Limen for one client (http is allowed: tests run on loopback). */
export function discover(h: Harness, clientId: string, auth: client.ClientAuth = client.None(), metadata: Partial<client.ClientMetadata> = {}): Promise<client.Configuration> {
  return client.discovery(new URL(h.url), clientId, metadata, auth, { execute: [client.allowInsecureRequests] });
}

/** A PKCE (RFC 7636, S256) authorization request for `scope`. */
export async function authorizationRequest(config: client.Configuration, scope: string, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url, verifier, state };
}

/** The OAuth error code of an openid-client failure, from the body or a WWW-Authenticate challenge. */
export function oauthError(e: unknown): string | undefined {
  if (e instanceof client.ResponseBodyError) return e.error;
  if (e instanceof client.WWWAuthenticateChallengeError) return e.cause[0]?.parameters.error;
  return undefined;
}

/**
 * Stores a Conditional Access policy as the API does: parsed, in one transaction with its audit
 * record (which tells every process's cache). Returns its id.
 */
export async function saveCaPolicy(h: Harness, body: Record<string, unknown>): Promise<string> {
  const parsed = parsePolicy(body);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  const policy = { ...parsed.value, id: randomUUID(), createdDateTime: new Date().toISOString(), modifiedDateTime: null } as ConditionalAccessPolicy;
  await h.store.db.transaction().execute(async (trx) => {
    await createConditionalAccessRepository(trx).createPolicy(policy);
    await recordAudit(trx, { category: 'Policy', activityDisplayName: 'Add conditional access policy', initiatedBy: {}, targetResources: [{ id: policy.id, displayName: policy.displayName, type: 'Policy' }] });
  });
  return policy.id;
}

/** Switches a stored policy on, to report-only or off, as the API does. */
export async function setCaPolicyState(h: Harness, id: string, state: ConditionalAccessPolicy['state']): Promise<void> {
  await h.store.db.transaction().execute(async (trx) => {
    const repo = createConditionalAccessRepository(trx);
    await repo.replacePolicy({ ...(await repo.getPolicy(id))!, state });
    await recordAudit(trx, { category: 'Policy', activityDisplayName: 'Update conditional access policy', initiatedBy: {}, targetResources: [{ id, displayName: id, type: 'Policy' }] });
  });
}
