/**
 * Limen in this process for browser stories, reached as http://localhost:<port> (WebAuthn needs
 * a domain name as its RP ID), with an app-only admin client for the Graph API.
 */
import { bootstrapAdminService } from '../../src/admin/bootstrap-admin.ts';
import type { Browser, Page } from '../support/browser.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startLimen, type Limen } from '../../src/limen.ts';
import type { Engine } from '../../src/store/index.ts';
import { freshDatabaseOptions } from '../support/engines.ts';
import { appOnlyClient, expectStatus, type GraphClient } from '../support/graph-client.ts';

export interface BrowserLimen {
  limen: Limen;
  url: string;
  admin: GraphClient;
  /** Creates a user without a password, as an admin does for a passwordless start. */
  createUser(upn: string): Promise<{ id: string; userPrincipalName: string }>;
  /** Issues a Temporary Access Pass through the API and returns its code. */
  issueTap(userId: string, body?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startBrowserLimen(engine: Engine, env: Record<string, string> = {}): Promise<BrowserLimen> {
  const database = await freshDatabaseOptions(engine);
  const limen = await startLimen(loadConfig(env, {
    host: '127.0.0.1',
    port: 0,
    publicUrl: 'http://localhost:0',
    dataDir: database.dataDir,
    databaseUrl: database.databaseUrl,
    signInLogFlushMs: 20,
  }));
  const service = await bootstrapAdminService(limen.store.db, limen.url);
  const admin = await appOnlyClient(limen.url, service.clientId, service.clientSecret);
  await expectStatus(admin.call('PATCH', '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass', { state: 'enabled' }), 204);
  return {
    limen,
    url: limen.url,
    admin,
    async createUser(upn) {
      return expectStatus(admin.call<{ id: string; userPrincipalName: string }>('POST', '/users', {
        accountEnabled: true, displayName: upn.split('@')[0], userPrincipalName: upn, mailNickname: upn.split('@')[0],
      }), 201);
    },
    async issueTap(userId, body = {}) {
      const tap = await expectStatus(admin.call<{ temporaryAccessPass: string }>('POST', `/users/${userId}/authentication/temporaryAccessPassMethods`, body), 201);
      return tap.temporaryAccessPass;
    },
    async close() {
      await limen.close();
      await database.cleanup();
    },
  };
}

export interface LoggedSignIn {
  status: { errorCode: number; additionalDetails: string | null };
  authenticationRequirement: string;
  appDisplayName: string;
}

/** The user's sign-ins through the API, once the log's batch has been written. */
export async function signInsOf(l: BrowserLimen, userId: string): Promise<LoggedSignIn[]> {
  await new Promise((r) => setTimeout(r, 100));
  const page = await expectStatus(l.admin.call<{ value: LoggedSignIn[] }>('GET', `/auditLogs/signIns?$filter=userId eq '${userId}'`), 200);
  return page.value;
}

/** Opens My Security Info and signs in there with a Temporary Access Pass, as a new user does. */
export async function signInToMySecurityInfoWithTap(page: Page, l: BrowserLimen, upn: string, code: string): Promise<void> {
  await page.goto(`${l.url}/my/security-info`);
  await signInWithTap(page, upn, code);
  await page.waitForURL(`${l.url}/my/security-info`);
}

/** On Limen's sign-in pages, wherever the browser was sent to sign in: username, then the pass. */
export async function signInWithTap(page: Page, upn: string, code: string): Promise<void> {
  await page.getByLabel('Email or username').fill(upn);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Or use a Temporary Access Pass from your administrator').fill(code);
  await page.getByRole('button', { name: 'Sign in with Temporary Access Pass' }).click();
}

/**
 * A page for admin center stories: a desktop window, reduced motion (Fluent UI then skips its
 * animations, so screenshots show settled pages), and every console error and uncaught exception
 * collected in `problems`, which a story asserts empty.
 */
export async function watchedPage(browser: Browser, problems: string[], viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  return page;
}

/** Signs the first administrator in to the admin center with the pass the first start printed; waits for the Overview. */
export async function signInToConsole(page: Page, l: BrowserLimen): Promise<void> {
  const firstAdmin = l.limen.firstAdmin!;
  await page.goto(`${l.url}/console/`);
  await signInWithTap(page, firstAdmin.userPrincipalName, firstAdmin.temporaryAccessPass);
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}
