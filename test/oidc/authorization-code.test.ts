import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { applicationCreateSchema, managementApi } from '../../src/directory/index.ts';
import { AccessTokenError } from '../../src/oidc/index.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from './browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, oauthError, password, redirectUri, type RegisteredApp } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

for (const engine of testEngines()) {
  describe(`authorization code flow on ${engine}`, () => {
    let h: Harness;
    let web: RegisteredApp;
    let userId: string;

    before(async () => {
      h = await startHarness(engine);
      web = await createWebApp(h.directory);
      userId = (await createUser(h.directory)).id;
    });
    after(() => h.close());

    test('discovery names Limen as the issuer and the JWKS publishes an ES256 and an RS256 key', async () => {
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const metadata = config.serverMetadata();
      assert.equal(metadata.issuer, h.url);
      assert.deepEqual(metadata.response_types_supported, ['code']);
      assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
      assert.equal(metadata.authorization_response_iss_parameter_supported, true);
      assert.ok(!metadata.grant_types_supported?.includes('implicit'));
      assert.ok(!metadata.grant_types_supported?.includes('password'));
      assert.ok(!metadata.token_endpoint_auth_methods_supported?.includes('client_secret_jwt'));
      const jwks = await (await fetch(metadata.jwks_uri!)).json() as { keys: Array<Record<string, string>> };
      assert.deepEqual(jwks.keys.map((k) => k.alg).sort(), ['ES256', 'RS256']);
      for (const key of jwks.keys) assert.equal(key.d, undefined, 'no private material in the JWKS');
    });

    test('a user signs in with PKCE, consents, and gets Entra-shaped ID and access tokens', async () => {
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const request = await authorizationRequest(config, `openid profile email offline_access ${managementApi.identifierUri}/User.Read`);
      const browser = new Browser(h.url);
      const landed = await signIn(browser, request.url, 'ada@contoso.test', password);
      assert.ok(landed.url.startsWith(redirectUri), `ended at ${landed.url}: ${landed.html.slice(0, 300)}`);
      // RFC 9207: the authorization response names its issuer.
      assert.equal(new URL(landed.url).searchParams.get('iss'), h.url);

      const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      });
      assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');
      const idClaims = tokens.claims()!;
      assert.equal(idClaims.sub, userId);
      assert.equal(idClaims.oid, userId);
      assert.equal(idClaims.tid, h.tenantId);
      assert.equal(idClaims.name, 'Ada Lovelace');
      assert.equal(idClaims.preferred_username, 'ada@contoso.test');
      assert.equal(idClaims.email, 'ada@contoso.test');
      assert.equal(decodeProtectedHeader(tokens.id_token!).alg, 'ES256');

      const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
      const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
        issuer: h.url,
        audience: managementApi.identifierUri,
        typ: 'at+jwt',
      });
      assert.equal(protectedHeader.alg, 'ES256');
      assert.equal(payload.sub, userId);
      assert.equal(payload.oid, userId);
      assert.equal(payload.tid, h.tenantId);
      assert.equal(payload.azp, web.app.appId);
      assert.equal(payload.appid, web.app.appId);
      assert.equal(payload.idtyp, 'user');
      assert.equal(payload.scp, 'User.Read');
      assert.equal(payload.ver, '2.0');

      const claims = await h.oidc.verifyAccessToken(tokens.access_token);
      assert.equal(claims.oid, userId);
      await assert.rejects(h.oidc.verifyAccessToken(tokens.access_token, 'api://someone-else'),
        (e: unknown) => e instanceof AccessTokenError && e.code === 'wrong_audience');
      await assert.rejects(h.oidc.verifyAccessToken(tokens.id_token!, web.app.appId),
        (e: unknown) => e instanceof AccessTokenError, 'an ID token is not an access token');

      // The user's consent is now in the directory: a second sign-in asks nothing.
      const grants = await h.directory.assignments.listPermissionGrants({ clientId: web.sp.id });
      assert.deepEqual(grants.map((g) => [g.consentType, g.principalId, g.scope]), [['Principal', userId, 'User.Read']]);
    });

    test('an app tagged idTokenSigningAlg:RS256 gets RS256 ID tokens; access tokens stay ES256', async () => {
      const legacy = await createWebApp(h.directory, { displayName: 'Legacy RP', tags: ['idTokenSigningAlg:RS256'] });
      const config = await discover(h, legacy.app.appId, client.ClientSecretBasic(legacy.secret), { id_token_signed_response_alg: 'RS256' });
      const request = await authorizationRequest(config, `openid ${managementApi.defaultScope}`);
      const landed = await signIn(new Browser(h.url), request.url, 'ada@contoso.test', password);
      const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      assert.equal(decodeProtectedHeader(tokens.id_token!).alg, 'RS256');
      assert.equal(decodeProtectedHeader(tokens.access_token).alg, 'ES256');
    });

    test('a single-page app redeems its code without a secret, and only its own origin gets CORS', async () => {
      const spa = await h.directory.applications.create(applicationCreateSchema.parse({ displayName: 'Contoso SPA', spa: { redirectUris: [redirectUri] } }));
      await h.directory.servicePrincipals.create({ appId: spa.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
      const config = await discover(h, spa.appId, client.None());
      const request = await authorizationRequest(config, `openid ${managementApi.defaultScope}`);
      const landed = await signIn(new Browser(h.url), request.url, 'ada@contoso.test', password);
      const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      assert.equal((await h.oidc.verifyAccessToken(tokens.access_token)).azp, spa.appId);

      const preflight = (origin: string) => fetch(`${h.url}/token`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      assert.equal((await preflight('http://localhost:8765')).status, 204);
      const cors = async (origin: string) => (await fetch(`${h.url}/token`, {
        method: 'POST',
        headers: { origin },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x', client_id: spa.appId }),
      })).headers.get('access-control-allow-origin');
      assert.equal(await cors('http://localhost:8765'), 'http://localhost:8765');
      assert.equal(await cors('https://evil.example'), null);
    });

    test('a native (desktop) app signs in through a loopback redirect URI (RFC 8252)', async () => {
      const desktop = await h.directory.applications.create(applicationCreateSchema.parse({ displayName: 'Contoso Desktop', publicClient: { redirectUris: ['http://127.0.0.1/callback'] } }));
      await h.directory.servicePrincipals.create({ appId: desktop.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
      const config = await discover(h, desktop.appId, client.None());
      // RFC 8252 §7.3: any port on the loopback address.
      const request = await authorizationRequest(config, `openid offline_access ${managementApi.defaultScope}`, { redirect_uri: 'http://127.0.0.1:51234/callback' });
      const landed = await signIn(new Browser(h.url), request.url, 'ada@contoso.test', password);
      assert.ok(landed.url.startsWith('http://127.0.0.1:51234/callback?'), landed.url);
      const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state }, { redirect_uri: 'http://127.0.0.1:51234/callback' });
      assert.ok(tokens.refresh_token);
    });

    test('a web app cannot redeem a code without its secret', async () => {
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const request = await authorizationRequest(config, 'openid');
      const landed = await signIn(new Browser(h.url), request.url, 'ada@contoso.test', password);
      const secretless = await discover(h, web.app.appId, client.None());
      await assert.rejects(
        client.authorizationCodeGrant(secretless, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state }),
        (e: unknown) => oauthError(e) === 'invalid_client',
      );
    });

    test('a replayed authorization code is refused', async () => {
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const request = await authorizationRequest(config, `openid ${managementApi.defaultScope}`);
      const landed = await signIn(new Browser(h.url), request.url, 'ada@contoso.test', password);
      const callback = new URL(landed.url);
      await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state });
      await assert.rejects(
        client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state }),
        (e: unknown) => e instanceof client.ResponseBodyError && e.error === 'invalid_grant',
      );
      assert.ok(h.signIns.some((s) => s.status.errorCode === 54005), 'logged as AADSTS54005');
    });

    test('an unregistered redirect URI is refused on a page, without redirecting', async () => {
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const request = await authorizationRequest(config, 'openid', { redirect_uri: 'http://localhost:8765/callback/evil' });
      const response = await new Browser(h.url).request(request.url.toString());
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('location'), null);
      const html = await response.text();
      assert.match(html, /invalid_redirect_uri/);
      assert.match(html, /Correlation ID/);
    });

    test('an authorization request without PKCE is refused', async () => {
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid', state: 'x' });
      const page = await new Browser(h.url).follow(url.toString());
      const error = new URL(page.url).searchParams;
      assert.equal(error.get('error'), 'invalid_request');
      assert.match(error.get('error_description') ?? '', /PKCE/);
    });

    test('a wrong password and an unknown user read the same; both are logged as failures', async () => {
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const { url } = await authorizationRequest(config, 'openid');
      const browser = new Browser(h.url);
      let page = await browser.follow(url.toString());
      page = await browser.submit(page, '/username', { username: 'ada@contoso.test' });
      const wrong = await browser.submit(page, '/login', { password: 'not it' });
      page = await browser.submit(wrong, '/login', { username: 'nobody@contoso.test', password: 'not it' });
      const message = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1];
      assert.equal(wrong.status, 400);
      assert.match(message(wrong.html)!, /AADSTS50126/);
      assert.equal(message(page.html), message(wrong.html));
      const codes = h.signIns.filter((s) => s.isInteractive).map((s) => s.status.errorCode);
      assert.ok(codes.includes(50126) && codes.includes(50034));
    });

    test('a disabled user who knows the password is told the account is disabled', async () => {
      const bob = await createUser(h.directory, 'bob@contoso.test');
      await h.directory.users.update(bob.id, { accountEnabled: false });
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const { url } = await authorizationRequest(config, 'openid');
      const page = await signIn(new Browser(h.url), url, 'bob@contoso.test', password);
      assert.match(page.html, /AADSTS50057/);
      assert.ok(h.signIns.some((s) => s.userId === bob.id && s.status.errorCode === 50057));
    });

    test('a sign-in form posted without the interaction cookie is refused (CSRF)', async () => {
      const config = await discover(h, web.app.appId, client.ClientSecretBasic(web.secret));
      const { url } = await authorizationRequest(config, 'openid');
      const browser = new Browser(h.url);
      const page = await browser.follow(url.toString());
      browser.clearCookies();
      const posted = await browser.submit(page, '/username', { username: 'ada@contoso.test' });
      assert.equal(posted.status, 400);
      assert.doesNotMatch(posted.html, /Enter password/);
    });
    test('consenting to more scopes of an API later extends the same grant: one grant per user, app and API, as Graph keeps it', async () => {
      const notes = await h.audited(async (directory) => {
        const app = await directory.applications.create(applicationCreateSchema.parse({
          displayName: 'Contoso notes', identifierUris: ['api://notes'],
          api: { oauth2PermissionScopes: ['Notes.Read', 'Notes.Write'].map((value) => ({
            id: randomUUID(), value, type: 'User', adminConsentDisplayName: value, adminConsentDescription: value,
          })) },
        }));
        return directory.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
      });
      const reader = await createWebApp(h.directory, { displayName: 'Notes reader' });
      const config = await discover(h, reader.app.appId, client.ClientSecretBasic(reader.secret));
      const browser = new Browser(h.url);
      for (const scope of ['api://notes/Notes.Read', 'api://notes/Notes.Read api://notes/Notes.Write']) {
        const request = await authorizationRequest(config, `openid ${scope}`);
        const landed = await signIn(browser, request.url, 'ada@contoso.test', password);
        await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      }
      const grants = await h.directory.assignments.listPermissionGrants({ clientId: reader.sp.id, resourceId: notes.id });
      assert.deepEqual(grants.map((g) => [g.consentType, g.principalId, g.scope]), [['Principal', userId, 'Notes.Read Notes.Write']]);

      // The API disables Notes.Write: consent to it stays on record, but no token carries it any more.
      const api = (await h.directory.applications.getByAppId(notes.appId))!;
      await h.audited((directory) => directory.applications.update(api.id, {
        api: { ...api.api, oauth2PermissionScopes: api.api.oauth2PermissionScopes.map((s) => (s.value === 'Notes.Write' ? { ...s, isEnabled: false } : s)) },
      }));
      const request = await authorizationRequest(config, 'openid api://notes/.default');
      const landed = await signIn(browser, request.url, 'ada@contoso.test', password);
      const tokens = await client.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: request.verifier, expectedState: request.state });
      assert.equal(decodeJwt(tokens.access_token).scp, 'Notes.Read');
    });
  });
}
