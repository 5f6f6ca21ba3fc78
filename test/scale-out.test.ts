import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { Browser, signIn } from './oidc/browser.ts';
import { freshDatabaseOptions, testEngines, type FreshDatabase } from './support/engines.ts';
import { appOnlyClient, expectStatus, graphClient, type GraphClient } from './support/graph-client.ts';
import { freePort, runCli, startLimenProcess, type LimenProcess } from './support/limen-process.ts';
import { startLoadBalancer, type LoadBalancer } from './support/load-balancer.ts';

/**
 * Two Limen processes on one PostgreSQL, behind one public URL, behave as one tenant: what one
 * issues the other honours, what one changes the other enforces at once, both write the same
 * logs, and a crash of one loses nothing it acknowledged.
 */
const password = 'correct horse battery staple';
const redirectUri = 'http://localhost:8765/callback';

describe('two processes on one PostgreSQL', { skip: !testEngines().includes('postgres') && 'PostgreSQL is not configured' }, () => {
  let db: FreshDatabase;
  let lb: LoadBalancer;
  let a: LimenProcess;
  let b: LimenProcess;
  let admin: GraphClient;
  let web: { clientId: string; secret: string };
  let shared: FreshDatabase & { masterKey: string; env: Record<string, string> };
  const viaA = () => (lb.target = 0);
  const viaB = () => (lb.target = 1);

  before(async () => {
    db = await freshDatabaseOptions('postgres');
    lb = await startLoadBalancer(await freePort());
    shared = { ...db, masterKey: randomBytes(32).toString('base64url'), env: { LIMEN_PUBLIC_URL: lb.url } };
    a = await startLimenProcess(shared);
    b = await startLimenProcess(shared);
    lb.backends = [a.url, b.url];
    const service = JSON.parse((await runCli(shared, ['bootstrap-admin', 'service', '--json'])).stdout) as Record<string, string>;
    admin = await appOnlyClient(lb.url, service.clientId!, service.clientSecret!);
    const app = await expectStatus(admin.call<{ id: string; appId: string }>('POST', '/applications', {
      displayName: 'Shift Planner', web: { redirectUris: [redirectUri] },
    }), 201);
    await expectStatus(admin.call('POST', '/servicePrincipals', { appId: app.appId }), 201);
    const secret = await expectStatus(admin.call<{ secretText: string }>('POST', `/applications/${app.id}/addPassword`, { passwordCredential: { displayName: 'test' } }), 200);
    web = { clientId: app.appId, secret: secret.secretText };
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await lb?.close();
    await db?.cleanup();
  });

  async function signInAt(upn: string) {
    const config = await oidc.discovery(new URL(lb.url), web.clientId, web.secret, undefined, { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: 'openid offline_access', state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const landed = await signIn(new Browser(lb.url), url, upn, password);
    return { config, tokens: await oidc.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: verifier, expectedState: state }) };
  }

  test('a refresh token issued by one process is redeemed at the other', async () => {
    viaA();
    await expectStatus(admin.call('POST', '/users', {
      accountEnabled: true, displayName: 'Rosa Costa', userPrincipalName: 'rosa@example.org', passwordProfile: { password },
    }), 201);
    const { config, tokens } = await signInAt('rosa@example.org');
    viaB();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.ok(refreshed.access_token);
    viaA();
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), 'the rotated token is dead at A too');
  });

  test('a user disabled through one process is refused by the other within a second', async () => {
    viaA();
    const user = await expectStatus(admin.call<{ id: string }>('POST', '/users', {
      accountEnabled: true, displayName: 'Omar Haddad', userPrincipalName: 'omar@example.org', passwordProfile: { password },
    }), 201);
    const { config, tokens } = await signInAt('omar@example.org');
    const asOmarAtB = graphClient(b.url, tokens.access_token);
    await expectStatus(admin.call('PATCH', `/users/${user.id}`, { accountEnabled: false }), 204);
    const disabledAt = Date.now();
    viaB();
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), 'B refuses the refresh');
    assert.equal((await asOmarAtB.call('GET', '/me')).status, 401, 'B refuses the access token');
    assert.ok(Date.now() - disabledAt < 1000, 'within a second');
  });

  test('a client secret removed through one process stops working at the other at once', async () => {
    viaB();
    const app = await expectStatus(admin.call<{ id: string; appId: string }>('POST', '/applications', { displayName: 'Nightly sync' }), 201);
    await expectStatus(admin.call('POST', '/servicePrincipals', { appId: app.appId }), 201);
    const secret = await expectStatus(admin.call<{ keyId: string; secretText: string }>('POST', `/applications/${app.id}/addPassword`, { passwordCredential: {} }), 200);
    await appOnlyClient(lb.url, app.appId, secret.secretText); // B has now cached the client
    viaA();
    await expectStatus(admin.call('POST', `/applications/${app.id}/removePassword`, { keyId: secret.keyId }), 204);
    viaB();
    await assert.rejects(appOnlyClient(lb.url, app.appId, secret.secretText), 'B refuses the removed secret');
  });

  test('both processes write to the same sign-in and audit logs', async () => {
    viaB();
    const other = await expectStatus(admin.call<{ id: string; appId: string }>('POST', '/applications', { displayName: 'Seen at B' }), 201);
    await expectStatus(admin.call('POST', '/servicePrincipals', { appId: other.appId }), 201);
    const secret = await expectStatus(admin.call<{ secretText: string }>('POST', `/applications/${other.id}/addPassword`, { passwordCredential: {} }), 200);
    await appOnlyClient(lb.url, other.appId, secret.secretText); // a token request served by B
    await b.stop(); // a clean shutdown flushes B's batched sign-in events
    const atA = graphClient(a.url, admin.token);
    const signIns = await expectStatus(atA.call<{ value: unknown[] }>('GET', `/auditLogs/signIns?$filter=appId eq '${other.appId}'`), 200);
    assert.equal(signIns.value.length, 1);
    const audits = await expectStatus(atA.call<{ value: unknown[] }>('GET', `/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Add application'`), 200);
    assert.ok(audits.value.length >= 2, 'applications added through A and through B');
    b = await startLimenProcess(shared, Number(new URL(b.url).port));
  });

  test('killing one process mid-load loses no acknowledged write', async () => {
    const atB = graphClient(b.url, admin.token);
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const r = await atB.call<{ id: string }>('POST', '/users', {
          accountEnabled: true, displayName: `Load ${w}-${i}`, userPrincipalName: `load-${w}-${i}@example.org`,
        }).catch(() => undefined);
        if (r?.status === 201) acknowledged.push(r.json.id);
        if (!r) return;
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    await b.kill();
    stop = true;
    await Promise.all(writers);
    assert.ok(acknowledged.length > 10, `enough writes happened before the crash (${acknowledged.length})`);
    const atA = graphClient(a.url, admin.token);
    for (const id of acknowledged) assert.equal((await atA.call('GET', `/users/${id}`)).status, 200, `user ${id} survived`);
    const verify = await runCli(db, ['audit', 'verify', '--json']);
    assert.equal(verify.code, 0, verify.stdout);
  });
});
