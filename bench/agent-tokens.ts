/**
 * Agent token requests per second against Limen as a user runs it (the built CLI, `limen start`,
 * SQLite, sign-in log on) with the 195 framework Conditional Access policies of
 * bench/ca-evaluation.ts on, beside the client-credentials baseline in the same run on the same
 * server. Loaded with autocannon from this process.
 *
 * An agent's token takes two requests (docs/concepts/agent-tokens.md): step 1, the blueprint's
 * client-credentials request for a one-use agent assertion; step 2, the agent's token exchange.
 * Autocannon loads them as a sequence on each connection: step 1, then step 2 with the assertion
 * step 1 just returned, then step 1 again. So a "token" below is a completed pair, and tokens/s is
 * half the requests/s. Each step is also loaded alone, to show where the time goes: step 1 as a
 * plain repeated request, step 2 with assertions minted in bulk before the run (one-use, five
 * minutes; a fixed number of exchanges, each with its own assertion).
 *
 * On behalf of a person: the person signs in once, before the policies are written (they include
 * "require MFA to register security info"), with a password and an authenticator-app code, to a web
 * app asking for the blueprint's API; every exchange then presents that person's token with a
 * fresh assertion, and the person's own policies (MFA for every app…) are evaluated against it.
 * Requests name Linux in their User-Agent (see `form` below).
 *
 *   node bench/agent-tokens.ts                          # 10 s per run, 10 connections
 *   BENCH_SECONDS=30 BENCH_CONNECTIONS=20 node bench/agent-tokens.ts
 */
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import * as oidc from 'openid-client';
import { totpCode } from '../src/authn/index.ts';
import { createConditionalAccessRepository } from '../src/conditional-access/index.ts';
import { recordAudit } from '../src/logs/index.ts';
import { openStore } from '../src/store/index.ts';
import { Browser, type Page } from '../test/oidc/browser.ts';
import { appOnlyClient, type GraphClient } from '../test/support/graph-client.ts';
import { startBuiltLimen } from './built-limen.ts';
import { frameworkLocations, frameworkPolicies } from './ca-evaluation.ts';

const graphAppId = '00000003-0000-0000-c000-000000000000';
const tokenExchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
const redirectUri = 'http://localhost:8765/callback';
const password = 'correct horse battery staple 5';
/**
 * Every request says it comes from Linux, as a server-side agent's would if it named its platform:
 * Conditional Access reads the device platform from the User-Agent on every token request, and the
 * framework blocks unknown platforms, which refuses an on-behalf-of exchange sent as plain `node`.
 */
const form = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'claims-triage/1.0 (Linux x86_64) node/24' };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export interface AgentTokenRow { name: string; requestsPerSecond: number; tokensPerSecond: number; p50: number; p99: number }

interface Tenant {
  tokenUrl: string;
  service: { clientId: string; clientSecret: string; scope: string };
  blueprint: { appId: string; secret: string };
  agentAppId: string;
  personToken: string;
}

async function call<T>(admin: GraphClient, method: string, path: string, body?: unknown): Promise<T> {
  const r = await admin.call<T>(method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** A person with a password and an authenticator app, signed in to a web app for the blueprint's API. */
async function personTokenForBlueprint(url: string, admin: GraphClient, blueprintPrincipalId: string, blueprintUri: string): Promise<string> {
  await call(admin, 'POST', '/users', { accountEnabled: true, displayName: 'Noor', userPrincipalName: 'noor@limen.local', passwordProfile: { password } });
  const browser = new Browser(url, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36' });
  const passwordSignIn = async (start: Page) => browser.submit(await browser.submit(start, '/username', { username: 'noor@limen.local' }), '/login', { password });
  // My Security Info: add an authenticator app, as the person would.
  let page = await passwordSignIn(await browser.follow(`${url}/my/sign-in`));
  page = await browser.submit(page, '/my/authenticator-apps', {});
  const secret = /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page.html)![1]!.replace(/ /g, '');
  page = await browser.submit(page, '/confirm', { code: totpCode({ base32: secret }) });
  if (!/Your authenticator app was added/.test(page.html)) throw new Error('could not add the authenticator app');
  browser.clearCookies();

  const web = await call<{ id: string; appId: string }>(admin, 'POST', '/applications', { displayName: 'Claims portal', web: { redirectUris: [redirectUri] } });
  const webSecret = (await call<{ secretText: string }>(admin, 'POST', `/applications/${web.id}/addPassword`, { passwordCredential: { displayName: 'bench' } })).secretText;
  const webSp = await call<{ id: string }>(admin, 'POST', '/servicePrincipals', { appId: web.appId });
  await call(admin, 'POST', '/oauth2PermissionGrants', { clientId: webSp.id, consentType: 'AllPrincipals', resourceId: blueprintPrincipalId, scope: 'access_agent' });
  const config = await oidc.discovery(new URL(url), web.appId, {}, oidc.ClientSecretBasic(webSecret), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authorize = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri, scope: `${blueprintUri}/access_agent`, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  page = await passwordSignIn(await browser.follow(authorize.toString()));
  // A later 30-second step than the one used to confirm the app: a code is good once.
  page = await browser.submit(page, '/otp', { otp: totpCode({ base32: secret }, new Date(Date.now() + 30_000)) });
  if (!page.url.startsWith(redirectUri)) throw new Error(`the person's sign-in did not come back to the app: ${page.url} ${page.status}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url), { pkceCodeVerifier: verifier, expectedState: state });
  return tokens.access_token;
}

/** The tenant: a blueprint (client secret), one agent with User.Read.All app-only and User.Read delegated, a person. */
async function setUp(url: string, service: Record<string, string>): Promise<Tenant> {
  const admin = await appOnlyClient(url, service.clientId!, service.clientSecret!);
  const adminUser = await call<{ id: string }>(admin, 'GET', '/users/admin@limen.local');
  const sponsor = [`${url}/v1.0/users/${adminUser.id}`];
  const blueprintUri = 'api://claims-agents';
  const blueprint = await call<{ id: string; appId: string }>(admin, 'POST', '/applications/microsoft.graph.agentIdentityBlueprint', {
    displayName: 'Claims agents', 'sponsors@odata.bind': sponsor, identifierUris: [blueprintUri],
    api: { oauth2PermissionScopes: [{ id: '3f5e1b1e-9a53-4d5e-8a0c-0b1c2d3e4f50', value: 'access_agent', adminConsentDisplayName: 'Use the claims agents', adminConsentDescription: 'Use the claims agents', type: 'User', isEnabled: true }] },
  });
  const blueprintSecret = (await call<{ secretText: string }>(admin, 'POST', `/applications/${blueprint.id}/addPassword`, { passwordCredential: { displayName: 'bench' } })).secretText;
  const blueprintPrincipal = await call<{ id: string }>(admin, 'GET', `/servicePrincipals(appId='${blueprint.appId}')`);
  const agent = await call<{ id: string; appId: string }>(admin, 'POST', '/servicePrincipals/microsoft.graph.agentIdentity', {
    displayName: 'Claims triage', agentIdentityBlueprintId: blueprint.appId, 'sponsors@odata.bind': sponsor,
  });
  const graph = await call<{ id: string; appRoles: Array<{ id: string; value: string }> }>(admin, 'GET', `/servicePrincipals(appId='${graphAppId}')`);
  await call(admin, 'POST', `/servicePrincipals/${agent.id}/appRoleAssignments`, {
    principalId: agent.id, resourceId: graph.id, appRoleId: graph.appRoles.find((r) => r.value === 'User.Read.All')!.id,
  });
  await call(admin, 'POST', '/oauth2PermissionGrants', { clientId: agent.id, consentType: 'AllPrincipals', resourceId: graph.id, scope: 'User.Read' });
  const personToken = await personTokenForBlueprint(url, admin, blueprintPrincipal.id, blueprintUri);
  return {
    tokenUrl: service.tokenEndpoint!,
    service: { clientId: service.clientId!, clientSecret: service.clientSecret!, scope: service.scope! },
    blueprint: { appId: blueprint.appId, secret: blueprintSecret },
    agentAppId: agent.appId,
    personToken,
  };
}

/** The 195 policies, written as run.ts writes them: with an audit record, so the server recompiles. */
async function writePolicies(dataDir: string): Promise<void> {
  const store = openStore({ dataDir, databaseUrl: undefined });
  await store.db.transaction().execute(async (trx) => {
    const repo = createConditionalAccessRepository(trx);
    for (const location of frameworkLocations) await repo.createLocation(location);
    for (const policy of frameworkPolicies()) await repo.createPolicy(policy);
    await recordAudit(trx, { category: 'Policy', activityDisplayName: 'Add conditional access policy', initiatedBy: {}, targetResources: [{ id: 'bench', displayName: '195 policies', type: 'Policy' }] });
  });
  await store.close();
}

/** What each request of the flows sends. */
function requestsOf(t: Tenant) {
  const step1 = {
    method: 'POST' as const, path: new URL(t.tokenUrl).pathname,
    headers: { ...form, authorization: basic(t.blueprint.appId, t.blueprint.secret) },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: `urn:limen:agent:${t.agentAppId}` }).toString(),
  };
  const exchange = (assertion: string, onBehalfOf: boolean) => new URLSearchParams({
    grant_type: tokenExchange, client_id: t.agentAppId,
    ...(onBehalfOf
      ? { subject_token: t.personToken, subject_token_type: accessTokenType, actor_token: assertion, actor_token_type: accessTokenType, resource: 'api://limen', scope: 'User.Read' }
      : { subject_token: assertion, subject_token_type: accessTokenType, scope: 'api://limen/.default' }),
  }).toString();
  return { step1, exchange };
}

async function check(url: string, init: RequestInit, what: string): Promise<Record<string, unknown>> {
  const r = await fetch(url, init);
  const body = await r.json() as Record<string, unknown>;
  if (!r.ok) throw new Error(`${what} failed before the run: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

function row(name: string, result: autocannon.Result, requestsPerToken: number): AgentTokenRow {
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${name}: ${bad} failed requests during the run`);
  const requestsPerSecond = result.requests.total / result.duration;
  return { name, requestsPerSecond, tokensPerSecond: requestsPerSecond / requestsPerToken, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Step 1 then step 2 on every connection, the second with the assertion the first returned. */
function chained(t: Tenant, onBehalfOf: boolean, seconds: number, connections: number) {
  const { step1, exchange } = requestsOf(t);
  return autocannon({
    url: t.tokenUrl, duration: seconds, connections,
    requests: [
      {
        ...step1,
        onResponse: (status, body, context) => {
          (context as { assertion?: string }).assertion = status === 200 ? (JSON.parse(body) as { access_token: string }).access_token : '';
        },
      },
      {
        method: 'POST', path: step1.path, headers: form,
        setupRequest: (req, context) => ({ ...req, body: exchange((context as { assertion?: string }).assertion ?? '', onBehalfOf) }),
      },
    ],
  });
}

export async function agentTokenFigures(seconds: number, connections: number): Promise<AgentTokenRow[]> {
  const server = await startBuiltLimen();
  try {
    const t = await setUp(server.url, server.service);
    await writePolicies(server.dataDir);
    const { step1, exchange } = requestsOf(t);
    const post = (headers: Record<string, string>, body: string): RequestInit => ({ method: 'POST', headers, body });
    // Each flow once by hand, so a refusal shows up here with its reason rather than as a count.
    const assertion = String((await check(t.tokenUrl, post(step1.headers, step1.body), 'step 1')).access_token);
    await check(t.tokenUrl, post(form, exchange(assertion, false)), 'autonomous exchange');
    const actor = String((await check(t.tokenUrl, post(step1.headers, step1.body), 'step 1')).access_token);
    await check(t.tokenUrl, post(form, exchange(actor, true)), 'on-behalf-of exchange');

    const rows: AgentTokenRow[] = [];
    const ccBody = new URLSearchParams({ grant_type: 'client_credentials', scope: t.service.scope }).toString();
    const baseline = (duration: number) => autocannon({
      url: t.tokenUrl, method: 'POST', duration, connections, body: ccBody,
      headers: { ...form, authorization: basic(t.service.clientId, t.service.clientSecret) },
    });
    // Warm up (JIT, caches) on both kinds of request, so the first figure is not the cold one.
    process.stderr.write('agent tokens: warming up…\n');
    await baseline(2);
    await chained(t, true, 2, connections);
    process.stderr.write(`agent tokens: client-credentials baseline, ${seconds} s, ${connections} connections…\n`);
    rows.push(row('client credentials, an app (baseline)', await baseline(seconds), 1));
    process.stderr.write('agent tokens: autonomous, step 1 and step 2 chained…\n');
    rows.push(row('agent, autonomous: step 1 + step 2 chained', await chained(t, false, seconds, connections), 2));
    process.stderr.write('agent tokens: on behalf of a person, step 1 and step 2 chained…\n');
    rows.push(row('agent, on behalf of a person: step 1 + step 2 chained', await chained(t, true, seconds, connections), 2));
    process.stderr.write('agent tokens: step 1 alone…\n');
    rows.push(row('step 1 alone: the blueprint’s agent assertion', await autocannon({ url: t.tokenUrl, duration: seconds, connections, ...step1 }), 1));
    // Step 2 alone: as many assertions as step 1 made in the chained run's time, minted first.
    const count = Math.ceil(rows[1]!.tokensPerSecond * seconds);
    process.stderr.write(`agent tokens: minting ${count} assertions for step 2 alone…\n`);
    const pool: string[] = [];
    for (let i = 0; i < count; i += connections) {
      const batch = await Promise.all(Array.from({ length: Math.min(connections, count - i) }, () => check(t.tokenUrl, post(step1.headers, step1.body), 'minting')));
      pool.push(...batch.map((b) => String(b.access_token)));
    }
    rows.push(row('step 2 alone: autonomous exchange of a pre-minted assertion', await autocannon({
      url: t.tokenUrl, amount: pool.length, connections,
      requests: [{ method: 'POST', path: step1.path, headers: form, setupRequest: (req) => ({ ...req, body: exchange(pool.pop()!, false) }) }],
    }), 1));
    // The baseline again: on a shared machine the floor moves; this shows by how much during the runs.
    process.stderr.write('agent tokens: client-credentials baseline again…\n');
    rows.push(row('client credentials again, after the agent runs (baseline)', await baseline(seconds), 1));
    return rows;
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

export function agentTokenTable(rows: readonly AgentTokenRow[]): string {
  return '| run | requests/s | tokens/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|\n' +
    rows.map((r) => `| ${r.name} | ${r.requestsPerSecond.toFixed(0)} | ${r.tokensPerSecond.toFixed(0)} | ${r.p50} | ${r.p99} |`).join('\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
  const rows = await agentTokenFigures(seconds, connections);
  process.stdout.write(`\nAgent tokens with 195 Conditional Access policies, ${seconds} s per run, ${connections} connections, ` +
    `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.versions.node}\n\n${agentTokenTable(rows)}`);
}
