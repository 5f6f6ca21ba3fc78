/**
 * Self-service account recovery end to end: Limen started in-process with two verification
 * profiles (production with relaxed matching and revocation; evaluation with exact matching),
 * both on a real test identity verification provider (test-idv.ts), users and policies set
 * through the Graph API, the user played by the fetch browser of the OIDC tests.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { generateKeyPair } from 'jose';
import { bootstrapAdminService } from '../../src/admin/bootstrap-admin.ts';
import { createPasskeyRepository } from '../../src/authn/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { roleTemplateIds } from '../../src/directory/index.ts';
import { startLimen, type Limen } from '../../src/limen.ts';
import { createAccountRecovery, createSignedJwtVerifier, recoveryActivity } from '../../src/recovery/index.ts';
import { freshDatabaseOptions, testEngines, type FreshDatabase } from '../support/engines.ts';
import { appOnlyClient, expectStatus, type GraphClient } from '../support/graph-client.ts';
import { Browser, signIn, type Page } from '../oidc/browser.ts';
import { startTestIdv, type TestIdv, type Visitor } from './test-idv.ts';

const tapPolicy = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';

interface AuditRecord {
  result: string;
  resultReason: string;
  initiatedBy: { user: { id: string } | null };
  targetResources: Array<{ id: string }>;
  additionalDetails: Array<{ key: string; value: string }>;
}

const detail = (a: AuditRecord, key: string) => a.additionalDetails.find((d) => d.key === key)?.value;

for (const engine of testEngines()) {
  describe(`self-service account recovery on ${engine}`, () => {
    let idv: TestIdv;
    let database: FreshDatabase;
    let limen: Limen;
    let admin: GraphClient;

    before(async () => {
      idv = await startTestIdv();
      database = await freshDatabaseOptions(engine);
      const verifier = (id: string, displayName: string) => createSignedJwtVerifier({
        id, displayName, verificationUrl: idv.verificationUrl, issuer: idv.issuer, jwksUrl: idv.jwksUrl, clientId: idv.clientId,
      });
      limen = await startLimen(loadConfig({}, {
        host: '127.0.0.1', port: 0, publicUrl: 'http://127.0.0.1:0', dataDir: database.dataDir, databaseUrl: database.databaseUrl, signInLogFlushMs: 20,
      }), {
        recoveryProfiles: [
          { verifier: verifier('test-idv', 'Test ID check'), mode: 'production', nameMatching: 'relaxed', revokePasskeysAndSessions: true },
          { verifier: verifier('test-idv-pilot', 'Test ID check (pilot)'), mode: 'evaluation' },
        ],
      });
      idv.redirectUri = `${limen.url}/recover/callback`;
      const service = await bootstrapAdminService(limen.store.db, limen.url);
      admin = await appOnlyClient(limen.url, service.clientId, service.clientSecret);
      await expectStatus(admin.call('PATCH', tapPolicy, { state: 'enabled' }), 204);
    });
    after(async () => {
      await limen?.close();
      await database?.cleanup();
      await idv?.close();
    });

    async function createUser(upn: string, givenName: string, surname: string, password?: string) {
      return expectStatus(admin.call<{ id: string; userPrincipalName: string }>('POST', '/users', {
        accountEnabled: true, displayName: `${givenName} ${surname}`, userPrincipalName: upn, mailNickname: upn.split('@')[0], givenName, surname,
        ...(password ? { passwordProfile: { password, forceChangePasswordNextSignIn: false } } : {}),
      }), 201);
    }

    const passesOf = async (userId: string) =>
      (await expectStatus(admin.call<{ value: Array<{ id: string; startDateTime: string; isUsableOnce: boolean; lifetimeInMinutes: number }> }>(
        'GET', `/users/${userId}/authentication/temporaryAccessPassMethods`), 200)).value;

    /** The recovery audit records about a user (or naming `upn` when no user matched), oldest first. */
    async function recoveryAudits(match: { userId?: string; upn?: string }): Promise<AuditRecord[]> {
      const filter = encodeURIComponent(`activityDisplayName eq '${recoveryActivity}'`);
      const page = await expectStatus(admin.call<{ value: AuditRecord[] }>('GET', `/auditLogs/directoryAudits?$filter=${filter}&$top=999`), 200);
      return page.value.filter((a) => (match.userId ? a.targetResources[0]?.id === match.userId : detail(a, 'claimedUserPrincipalName') === match.upn)).reverse();
    }

    /** Starts recovery at /recover and stops where Limen sends the browser to the provider. */
    async function startRecovery(browser: Browser, upn: string, verifier = 'test-idv'): Promise<Page> {
      const start = await browser.follow(`${limen.url}/recover`);
      assert.equal(start.status, 200);
      const toProvider = await browser.submit(start, '/recover', { username: upn, verifier });
      assert.ok(toProvider.url.startsWith(idv.verificationUrl), `sent to the provider, not ${toProvider.url} ${toProvider.html.slice(0, 300)}`);
      return toProvider;
    }

    /** The provider's redirect back to Limen, not followed (to replay it, or to open it elsewhere). */
    async function providerAnswer(atProvider: Page, visitor: Visitor): Promise<string> {
      idv.expect(visitor);
      const response = await fetch(atProvider.url, { redirect: 'manual' });
      assert.equal(response.status, 302);
      return response.headers.get('location')!;
    }

    async function recover(upn: string, visitor: Visitor, verifier = 'test-idv'): Promise<Page> {
      const browser = new Browser(limen.url);
      const atProvider = await startRecovery(browser, upn, verifier);
      return browser.follow(await providerAnswer(atProvider, visitor));
    }

    const passOn = (page: Page) => /id="temporary-access-pass">([^<]+)</.exec(page.html)?.[1];

    /** Signs in to My Security Info with a pass; returns the page reached. */
    async function signInWithPass(browser: Browser, upn: string, code: string): Promise<Page> {
      let page = await browser.follow(`${limen.url}/my/security-info`);
      page = await browser.submit(page, '/username', { username: upn });
      return browser.submit(page, '/tap', { tap: code });
    }

    test('the sign-in page links to recovery once a verifier is set up', async () => {
      const browser = new Browser(limen.url);
      const page = await browser.submit(await browser.follow(`${limen.url}/my/security-info`), '/username', { username: 'someone@contoso.test' });
      assert.match(page.html, /<a href="\/recover">Lost every way to sign in\? Recover your account<\/a>/);
    });

    test('a user who lost every method proves who they are and gets a one-time pass that signs them in; old passkeys and sessions are gone', async () => {
      const password = 'stolen-with-the-laptop-42';
      const user = await createUser('maria.garcia@contoso.test', 'Maria', 'Garcia', password);
      // Before the loss: a passkey on the lost phone, and a session in the lost laptop's browser.
      await createPasskeyRepository(limen.store.db).add({
        id: 'lost-phone', userId: user.id, credentialId: 'lost-phone-credential', publicKey: new Uint8Array(65), signCount: 0,
        displayName: 'Lost phone', aaGuid: '00000000-0000-0000-0000-000000000000', model: null, attestationFormat: 'none',
        attestationLevel: 'notAttested', attestationCertificates: [], transports: ['internal'], backupEligible: false, backupState: false,
        createdDateTime: new Date().toISOString(), lastUsedDateTime: null,
      });
      const lostLaptop = new Browser(limen.url);
      assert.match((await signIn(lostLaptop, `${limen.url}/my/security-info`, user.userPrincipalName, password)).html, /<h1>Security info<\/h1>/);

      // Her passport spells the whole legal name, in capitals with accents; relaxed matching finds her.
      const page = await recover(user.userPrincipalName, { givenName: 'MARÍA ELENA', surname: 'GARCÍA LÓPEZ' });
      assert.equal(page.status, 200, page.html.slice(0, 800));
      assert.match(page.html, /Your account is recovered/);
      assert.match(page.html, /signed out everywhere and your passkey was removed/);
      assert.match(page.html, /href="\/my\/security-info"/);
      const code = passOn(page);
      assert.ok(code && code.length >= 8);

      const [pass] = await passesOf(user.id);
      assert.equal(pass!.isUsableOnce, true, 'a one-time pass');
      assert.equal(pass!.lifetimeInMinutes, 60, 'the policy’s default lifetime');
      const fido2 = await expectStatus(admin.call<{ value: unknown[] }>('GET', `/users/${user.id}/authentication/fido2Methods`), 200);
      assert.deepEqual(fido2.value, [], 'the lost passkey is deleted');
      const stale = await lostLaptop.follow(`${limen.url}/my/security-info`);
      assert.doesNotMatch(stale.html, /<h1>Security info<\/h1>/, 'the lost laptop’s session is revoked');
      assert.match(stale.html, /\/username"/, 'and asked to sign in again');

      // The pass starts when the revocation takes effect (the next whole second).
      await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(pass!.startDateTime) - Date.now() + 50)));
      const signedIn = await signInWithPass(new Browser(limen.url), user.userPrincipalName, code);
      assert.ok(signedIn.url.endsWith('/my/security-info'), signedIn.html.slice(0, 800));
      assert.match(signedIn.html, /<h1>Security info<\/h1>/);
      assert.match(signedIn.html, /You have no passkeys yet/);

      const [audit, ...more] = await recoveryAudits({ userId: user.id });
      assert.equal(more.length, 0);
      assert.equal(audit!.result, 'success');
      assert.equal(audit!.initiatedBy.user?.id, user.id);
      assert.equal(detail(audit!, 'outcome'), 'temporaryAccessPassIssued');
      assert.equal(detail(audit!, 'temporaryAccessPassId'), pass!.id);
      assert.equal(detail(audit!, 'passkeysRemoved'), '1');
      assert.equal(detail(audit!, 'signInSessionsRevoked'), 'true');
      assert.equal(detail(audit!, 'evidenceId'), idv.issued.at(-1));
      assert.equal(detail(audit!, 'verifiedSurname'), 'GARCÍA LÓPEZ');
      assert.equal(detail(audit!, 'nameMatching'), 'relaxed');
    });

    test('a document in another name is refused, nothing is issued, and the names are audited for the admin', async () => {
      const user = await createUser('ana.lee@contoso.test', 'Ana', 'Lee');
      const page = await recover(user.userPrincipalName, { givenName: 'Anna', surname: 'Leigh' });
      assert.equal(page.status, 400);
      assert.match(page.html, /The name on your ID does not match the account you entered/);
      assert.equal(passOn(page), undefined);
      assert.deepEqual(await passesOf(user.id), []);
      const [audit] = await recoveryAudits({ userId: user.id });
      assert.equal(audit!.result, 'failure');
      assert.equal(detail(audit!, 'outcome'), 'nameMismatch');
      assert.equal(detail(audit!, 'verifiedGivenName'), 'Anna');
      assert.equal(detail(audit!, 'accountGivenName'), 'Ana');
    });

    test('an account that does not exist reads as a mismatch too, and is audited by the name typed', async () => {
      const page = await recover('nobody@contoso.test', { givenName: 'No', surname: 'Body' });
      assert.equal(page.status, 400);
      assert.match(page.html, /does not match the account you entered/);
      const [audit] = await recoveryAudits({ upn: 'nobody@contoso.test' });
      assert.equal(detail(audit!, 'outcome'), 'accountNotFound');
      assert.deepEqual(audit!.targetResources, []);
    });

    test('when another account has the same name, neither is recovered', async () => {
      const sam = await createUser('sam.smith@contoso.test', 'Sam', 'Smith');
      await createUser('sam.smith2@contoso.test', 'Sam', 'Smith');
      const page = await recover(sam.userPrincipalName, { givenName: 'Sam', surname: 'Smith' });
      assert.equal(page.status, 400);
      assert.match(page.html, /Another account has the same name/);
      assert.deepEqual(await passesOf(sam.id), []);
      assert.equal(detail((await recoveryAudits({ userId: sam.id }))[0]!, 'outcome'), 'ambiguousName');
    });

    test('in evaluation mode the identity is verified and audited, but no pass is issued and nothing changes', async () => {
      const user = await createUser('priya.patel@contoso.test', 'Priya', 'Patel');
      const page = await recover(user.userPrincipalName, { givenName: 'Priya', surname: 'Patel' }, 'test-idv-pilot');
      assert.equal(page.status, 200);
      assert.match(page.html, /Your identity was verified/);
      assert.match(page.html, /no pass was issued/);
      assert.equal(passOn(page), undefined);
      assert.deepEqual(await passesOf(user.id), []);
      const [audit] = await recoveryAudits({ userId: user.id });
      assert.equal(audit!.result, 'success');
      assert.equal(detail(audit!, 'outcome'), 'evaluationOnly');
      assert.equal(detail(audit!, 'mode'), 'evaluation');
    });

    test('a replayed callback is refused, issues no second pass, and is audited once however often it comes', async () => {
      const user = await createUser('omar.haddad@contoso.test', 'Omar', 'Haddad');
      const browser = new Browser(limen.url);
      const callback = await providerAnswer(await startRecovery(browser, user.userPrincipalName), { givenName: 'Omar', surname: 'Haddad' });
      assert.ok(passOn(await browser.follow(callback)));
      const [pass] = await passesOf(user.id);
      for (let i = 0; i < 3; i++) {
        const replay = await browser.follow(callback);
        assert.equal(replay.status, 400);
        assert.match(replay.html, /already used/);
      }
      assert.deepEqual((await passesOf(user.id)).map((p) => p.id), [pass!.id], 'still the first pass');
      const outcomes = (await recoveryAudits({ userId: user.id })).map((a) => detail(a, 'outcome'));
      assert.deepEqual(outcomes, ['temporaryAccessPassIssued', 'attemptReplayed']);
    });

    test('a callback opened in another browser than the one that started is refused, and the attempt is spent', async () => {
      const user = await createUser('lena.berg@contoso.test', 'Lena', 'Berg');
      const starter = new Browser(limen.url);
      const callback = await providerAnswer(await startRecovery(starter, user.userPrincipalName), { givenName: 'Lena', surname: 'Berg' });
      const other = await new Browser(limen.url).follow(callback);
      assert.equal(other.status, 400);
      assert.match(other.html, /started in another browser/);
      assert.match((await starter.follow(callback)).html, /already used/);
      assert.deepEqual(await passesOf(user.id), []);
      assert.deepEqual((await recoveryAudits({ userId: user.id })).map((a) => detail(a, 'outcome')), ['browserMismatch', 'attemptReplayed']);
    });

    test('forged evidence is refused: a token signed by another key, and a genuine token made for another attempt', async () => {
      const user = await createUser('kofi.mensah@contoso.test', 'Kofi', 'Mensah');
      const claims = { given_name: 'Kofi', family_name: 'Mensah' };

      const browser = new Browser(limen.url);
      const atProvider = new URL((await startRecovery(browser, user.userPrincipalName)).url);
      const { privateKey: forgersKey } = await generateKeyPair('ES256');
      const forged = await idv.sign({ ...claims, nonce: atProvider.searchParams.get('nonce')! }, forgersKey);
      const callback = new URL(idv.redirectUri);
      callback.search = new URLSearchParams({ state: atProvider.searchParams.get('state')!, verification: forged }).toString();
      const refused = await browser.follow(callback.href);
      assert.equal(refused.status, 400);
      assert.match(refused.html, /could not confirm your identity/);

      // Signed by the provider, but for a nonce that is not this attempt's (lifted from another).
      const second = new URL((await startRecovery(browser, user.userPrincipalName)).url);
      const lifted = await idv.sign({ ...claims, nonce: atProvider.searchParams.get('nonce')! });
      callback.search = new URLSearchParams({ state: second.searchParams.get('state')!, verification: lifted }).toString();
      assert.match((await browser.follow(callback.href)).html, /does not belong to this recovery/);

      assert.deepEqual(await passesOf(user.id), []);
      const audits = await recoveryAudits({ userId: user.id });
      assert.deepEqual(audits.map((a) => detail(a, 'outcome')), ['verificationFailed', 'evidenceNotBound']);
      assert.match(audits[0]!.resultReason, /signature verification failed/);
    });

    test('a person the provider could not verify is refused, with the provider’s reason kept for the admin only', async () => {
      const user = await createUser('ines.duarte@contoso.test', 'Ines', 'Duarte');
      const page = await recover(user.userPrincipalName, { refuse: 'document expired <script>' });
      assert.equal(page.status, 400);
      assert.match(page.html, /could not confirm your identity/);
      assert.doesNotMatch(page.html, /document expired/);
      const [audit] = await recoveryAudits({ userId: user.id });
      assert.equal(detail(audit!, 'outcome'), 'verificationFailed');
      assert.match(audit!.resultReason, /access_denied: document expired <script>/);
    });

    test('a user the Temporary Access Pass policy does not target is refused with a clear message', async () => {
      const user = await createUser('tom.weber@contoso.test', 'Tom', 'Weber');
      const group = await expectStatus(admin.call<{ id: string }>('POST', '/groups', { displayName: 'No passes', mailEnabled: false, securityEnabled: true, mailNickname: 'nopasses' }), 201);
      await expectStatus(admin.call('POST', `/groups/${group.id}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user.id}` }), 204);
      await expectStatus(admin.call('PATCH', tapPolicy, { excludeTargets: [{ id: group.id }] }), 204);
      try {
        const page = await recover(user.userPrincipalName, { givenName: 'Tom', surname: 'Weber' });
        assert.equal(page.status, 400);
        assert.match(page.html, /Your identity was verified, but your organization does not let your account use a Temporary Access Pass/);
        assert.deepEqual(await passesOf(user.id), []);
        assert.equal(detail((await recoveryAudits({ userId: user.id }))[0]!, 'outcome'), 'temporaryAccessPassNotEnabled');
      } finally {
        await expectStatus(admin.call('PATCH', tapPolicy, { excludeTargets: [] }), 204);
      }
    });

    test('an administrator is not recovered by self-service', async () => {
      const user = await createUser('helen.desk@contoso.test', 'Helen', 'Desk');
      await expectStatus(admin.call('POST', '/roleManagement/directory/roleAssignments', {
        roleDefinitionId: roleTemplateIds.helpdeskAdministrator, principalId: user.id, directoryScopeId: '/',
      }), 201);
      const page = await recover(user.userPrincipalName, { givenName: 'Helen', surname: 'Desk' });
      assert.match(page.html, /administrator roles can’t be recovered this way/);
      assert.deepEqual(await passesOf(user.id), []);
      assert.equal(detail((await recoveryAudits({ userId: user.id }))[0]!, 'outcome'), 'administrator');
    });

    test('hostile or broken requests get a page, never a 500; starting is rate-limited per account', async () => {
      const raw = (path: string, init: RequestInit = {}) => fetch(`${limen.url}${path}`, { redirect: 'manual', ...init });
      const form = (body: string, headers: Record<string, string> = {}) =>
        raw('/recover', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
      const statuses = [
        (await raw('/recover/callback')).status,
        (await raw('/recover/callback?state=a&state=b')).status,
        (await raw(`/recover/callback?state=${'A'.repeat(43)}&verification=x`)).status,
        (await raw(`/recover/callback?state=${encodeURIComponent('<script>')}`)).status,
        (await form('')).status,
        (await form(`username=${'a'.repeat(300)}%40contoso.test&verifier=test-idv`)).status,
        (await form('username=ana.lee%40contoso.test&verifier=unknown')).status,
        (await form('username=%E0%A4%A&verifier=%')).status,
        (await form(`username=${'x'.repeat(20_000)}`)).status,
        (await raw('/recover', { method: 'POST', body: '{"username":1}', headers: { 'content-type': 'application/json' } })).status,
        (await raw('/recover/nothing-here')).status,
      ];
      assert.deepEqual(statuses, [400, 400, 400, 400, 400, 400, 400, 400, 413, 400, 404]);
      const crossSite = await form('username=ana.lee%40contoso.test&verifier=test-idv', { origin: 'https://evil.example' });
      assert.equal(crossSite.status, 403);

      const ok = await form('username=rate.limit%40contoso.test&verifier=test-idv');
      assert.equal(ok.status, 303);
      for (let i = 0; i < 4; i++) assert.equal((await form('username=RATE.LIMIT%40contoso.test&verifier=test-idv')).status, 303);
      const limited = await form('username=rate.limit%40contoso.test&verifier=test-idv');
      assert.equal(limited.status, 429);
      assert.match(await limited.text(), /too many recovery attempts/i);
    });

    test('without verification profiles, /recover sends the user to their administrator', async () => {
      const app = createAccountRecovery({ db: limen.store.db, publicUrl: limen.url, profiles: [] });
      const server = createServer(app.callback());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const page = await fetch(`${base}/recover`);
        assert.equal(page.status, 200);
        assert.match(await page.text(), /not set up for this organization[\s\S]*ask your administrator for a Temporary Access Pass/i);
        const post = await fetch(`${base}/recover`, { method: 'POST', body: 'username=a%40b.c&verifier=test-idv', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.equal(post.status, 404);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
}
