import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { applicationCreateSchema, consoleClient, managementApi } from '../../src/directory/index.ts';
import { oidcDefaults } from '../../src/oidc/defaults.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from './browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, password, redirectUri, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const spaRedirectUri = 'http://localhost:8766/spa';
const desktopRedirectUri = 'http://127.0.0.1:51234/callback';
const day = oidcDefaults.singlePageAppRefreshTokenLifetimeSeconds;
/** Desktop, mobile and confidential clients' sliding lifetime, as configured. */
const normalLifetime = 10 * day;
const now = () => Math.floor(Date.now() / 1000);

const refusedWith = (code: string) => (e: unknown) =>
  e instanceof client.ResponseBodyError && e.error === 'invalid_grant' && e.error_description?.startsWith(`AADSTS${code}:`) === true;
const isInvalidGrant = (e: unknown) => e instanceof client.ResponseBodyError && e.error === 'invalid_grant';

interface StoredRefreshToken { iat: number; iiat: number; exp: number; limenIssuedTo?: string }

for (const engine of testEngines()) {
  describe(`refresh tokens are bound to how they were issued, on ${engine}`, () => {
    let h: Harness;
    let webAndSpa: RegisteredApp;
    let confidential: client.Configuration;
    let spa: client.Configuration;
    let desktop: client.Configuration;
    const scope = `openid offline_access ${managementApi.defaultScope}`;

    before(async () => {
      h = await startHarness(engine, { config: { refreshTokenTtlSeconds: normalLifetime } });
      const api = await h.directory.servicePrincipals.getByAppId(managementApi.appId);
      // One application, two platforms: a web server with a secret and a single-page app.
      webAndSpa = await createWebApp(h.directory, { displayName: 'Contoso Portal', spa: { redirectUris: [spaRedirectUri] } });
      await h.directory.assignments.grantPermissions({ clientId: webAndSpa.sp.id, consentType: 'AllPrincipals', resourceId: api!.id, scope: 'User.Read' });
      confidential = await discover(h, webAndSpa.app.appId, client.ClientSecretPost(webAndSpa.secret));
      spa = await discover(h, webAndSpa.app.appId, client.None());

      const app = await h.directory.applications.create(applicationCreateSchema.parse({ displayName: 'Contoso Desktop', publicClient: { redirectUris: ['http://127.0.0.1/callback'] } }));
      const sp = await h.directory.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
      await h.directory.assignments.grantPermissions({ clientId: sp.id, consentType: 'AllPrincipals', resourceId: api!.id, scope: 'User.Read' });
      desktop = await discover(h, app.appId, client.None());
    });
    after(() => h.close());

    async function signInTokens(config: client.Configuration, upn: string, redirect: string) {
      const request = await authorizationRequest(config, scope, { redirect_uri: redirect });
      const landed = await signIn(new Browser(h.url), request.url, upn, password);
      assert.ok(landed.url.startsWith(`${redirect}?`), landed.url);
      return client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state }, { redirect_uri: redirect });
    }

    const rowId = (token: string) => `sha256:${hash('sha256', token, 'base64url')}`;

    async function stored(token: string): Promise<StoredRefreshToken> {
      const row = await h.store.db.selectFrom('oidc_payloads').select('payload')
        .where('model', '=', 'RefreshToken').where('id', '=', rowId(token)).executeTakeFirstOrThrow();
      return JSON.parse(row.payload) as StoredRefreshToken;
    }

    /** Moves a stored refresh token `seconds` into the past: as if it had been issued that much earlier. */
    async function age(token: string, seconds: number): Promise<void> {
      const payload = await stored(token);
      const aged = { ...payload, iat: payload.iat - seconds, iiat: payload.iiat - seconds, exp: payload.exp - seconds };
      await h.store.db.updateTable('oidc_payloads')
        .set({ payload: JSON.stringify(aged), expires_at: aged.exp })
        .where('model', '=', 'RefreshToken').where('id', '=', rowId(token)).execute();
    }

    test('a code sent to the web redirect URI is refused without the secret (AADSTS7000218); a code sent to the SPA redirect URI needs none', async () => {
      await createUser(h.directory, 'cy@contoso.test');
      const request = await authorizationRequest(spa, scope, { redirect_uri: redirectUri });
      const landed = await signIn(new Browser(h.url), request.url, 'cy@contoso.test', password);
      await assert.rejects(
        client.authorizationCodeGrant(spa, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state }, { redirect_uri: redirectUri }),
        (e: unknown) => e instanceof client.ResponseBodyError && e.error === 'invalid_client' && e.error_description?.startsWith('AADSTS7000218:') === true,
      );
      assert.ok((await signInTokens(spa, 'cy@contoso.test', spaRedirectUri)).access_token);
      assert.ok((await signInTokens(confidential, 'cy@contoso.test', redirectUri)).access_token);
    });

    test('a refresh token of the secret-authenticated web flow is refused without the secret, and works with it', async () => {
      const user = await createUser(h.directory, 'ada@contoso.test');
      const tokens = await signInTokens(confidential, 'ada@contoso.test', redirectUri);
      assert.equal((await stored(tokens.refresh_token!)).limenIssuedTo, 'confidentialClient');
      await assert.rejects(client.refreshTokenGrant(spa, tokens.refresh_token!), refusedWith('7000218'));
      const refreshed = await client.refreshTokenGrant(confidential, tokens.refresh_token!);
      assert.equal((await h.oidc.verifyAccessToken(refreshed.access_token)).azp, webAndSpa.app.appId);
      assert.equal((await stored(refreshed.refresh_token!)).limenIssuedTo, 'confidentialClient', 'and its rotation stays bound');
      await assert.rejects(client.refreshTokenGrant(spa, refreshed.refresh_token!), refusedWith('7000218'));
      assert.ok(h.signIns.some((s) => s.userId === user.id && s.status.errorCode === 7000218), 'the sign-in log names the refusal');
    });

    test('a single-page app’s refresh token works without a secret, lives 24 hours from the sign-in, and is refused with a secret', async () => {
      const user = await createUser(h.directory, 'grace@contoso.test');
      const tokens = await signInTokens(spa, 'grace@contoso.test', spaRedirectUri);
      const first = await stored(tokens.refresh_token!);
      assert.equal(first.limenIssuedTo, 'singlePageApp');
      assert.equal(first.exp - first.iiat, day);
      await assert.rejects(client.refreshTokenGrant(confidential, tokens.refresh_token!), refusedWith('700025'));
      assert.ok(h.signIns.some((s) => s.userId === user.id && s.status.errorCode === 700025), 'the sign-in log names the refusal');

      const refreshed = await client.refreshTokenGrant(spa, tokens.refresh_token!);
      const second = await stored(refreshed.refresh_token!);
      assert.equal(second.limenIssuedTo, 'singlePageApp');
      assert.equal(second.iiat, first.iiat, 'the chain keeps its sign-in time');
      assert.equal(second.exp, first.exp, 'rotation does not extend the day');
    });

    test('rotating a single-page app’s refresh token late in its day gives only what is left, and after the day it is refused', async () => {
      await createUser(h.directory, 'linus@contoso.test');
      const tokens = await signInTokens(spa, 'linus@contoso.test', spaRedirectUri);
      // 23 hours 59 minutes after the sign-in.
      await age(tokens.refresh_token!, day - 60);
      const aged = await stored(tokens.refresh_token!);
      const late = await client.refreshTokenGrant(spa, tokens.refresh_token!);
      const rotated = await stored(late.refresh_token!);
      assert.equal(rotated.exp, aged.exp, 'no more than the sign-in’s day');
      assert.ok(rotated.exp - now() <= 60);

      // A day and a second after the sign-in.
      await age(late.refresh_token!, 61);
      await assert.rejects(client.refreshTokenGrant(spa, late.refresh_token!), isInvalidGrant);
    });

    test('a desktop app’s refresh tokens keep the normal sliding lifetime', async () => {
      await createUser(h.directory, 'barbara@contoso.test');
      const tokens = await signInTokens(desktop, 'barbara@contoso.test', desktopRedirectUri);
      const first = await stored(tokens.refresh_token!);
      assert.equal(first.limenIssuedTo, 'publicClient');
      assert.equal(first.exp - first.iat, normalLifetime);

      // Two days on, a refresh still works and its token gets a full lifetime again.
      await age(tokens.refresh_token!, 2 * day);
      const refreshed = await client.refreshTokenGrant(desktop, tokens.refresh_token!);
      const second = await stored(refreshed.refresh_token!);
      assert.equal(second.limenIssuedTo, 'publicClient');
      assert.ok(second.exp - now() >= normalLifetime - 5);
    });

    test('the admin center, a built-in single-page app, gets 24-hour refresh tokens', async () => {
      await createUser(h.directory, 'margaret@contoso.test');
      const admin = await discover(h, consoleClient.appId, client.None());
      const tokens = await signInTokens(admin, 'margaret@contoso.test', new URL('/console/callback', h.url).href);
      const first = await stored(tokens.refresh_token!);
      assert.equal(first.limenIssuedTo, 'singlePageApp');
      assert.equal(first.exp - first.iiat, day);
    });

    test('a client that registered itself (RFC 7591) keeps the normal lifetime: a loopback redirect may be a desktop app’s', async () => {
      await createUser(h.directory, 'katherine@contoso.test');
      const registered = await fetch(`${h.url}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'Desktop MCP client', redirect_uris: [desktopRedirectUri], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] }),
      });
      assert.equal(registered.status, 201);
      const { client_id: clientId } = await registered.json() as { client_id: string };
      const tokens = await signInTokens(await discover(h, clientId, client.None()), 'katherine@contoso.test', desktopRedirectUri);
      const first = await stored(tokens.refresh_token!);
      assert.equal(first.limenIssuedTo, 'publicClient');
      assert.equal(first.exp - first.iat, normalLifetime);
    });
  });
}
