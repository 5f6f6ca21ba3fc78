/**
 * Self-registered clients nobody uses go away: MCP clients register afresh at every install, and
 * the abandoned registrations would otherwise fill the cap. Time is moved by rewriting stored
 * dates, never by waiting.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { applicationCreateSchema } from '../../src/directory/index.ts';
import type { DirectoryAudit } from '../../src/logs/index.ts';
import { recordSignIn } from '../../src/oidc/client-sign-in-activity.ts';
import { sweepUnusedRegistrations, type UnusedRegistrationPolicy } from '../../src/oidc/registration/unused-registrations.ts';
import { testEngines } from '../support/engines.ts';
import { Browser, signIn } from './browser.ts';
import { authorizationRequest, createUser, createWebApp, discover, password, redirectUri } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const filesApi = 'https://files.contoso.test';
const policy: UnusedRegistrationPolicy = { idleDays: 90, neverUsedDays: 7 };
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

async function register(h: Harness, name: string): Promise<string> {
  const response = await fetch(`${h.url}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: name, redirect_uris: [redirectUri], token_endpoint_auth_method: 'none', application_type: 'native' }),
  });
  assert.equal(response.status, 201);
  return (await response.json() as { client_id: string }).client_id;
}

async function registeredDaysAgo(h: Harness, appId: string, days: number): Promise<void> {
  await h.store.db.updateTable('applications').set({ created_date_time: daysAgo(days) }).where('app_id', '=', appId).execute();
}

async function lastUsedDaysAgo(h: Harness, appId: string, days: number): Promise<void> {
  const sp = await h.directory.servicePrincipals.getByAppId(appId);
  await h.store.db.insertInto('service_principal_sign_in_activities')
    .values({ service_principal_id: sp!.id, last_sign_in_date_time: daysAgo(days) })
    .onConflict((oc) => oc.column('service_principal_id').doUpdateSet({ last_sign_in_date_time: daysAgo(days) }))
    .execute();
}

const exists = async (h: Harness, appId: string) => (await h.directory.applications.getByAppId(appId)) !== undefined;

async function deletionAudits(h: Harness, appId: string): Promise<DirectoryAudit[]> {
  const rows = await h.store.db.selectFrom('directory_audits').select('data')
    .where('activity_display_name', '=', 'Delete application').execute();
  return rows.map((r) => JSON.parse(r.data) as DirectoryAudit)
    .filter((a) => a.additionalDetails.some((d) => d.key === 'AppId' && d.value === appId));
}

for (const engine of testEngines()) {
  describe(`unused self-registered clients on ${engine}`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine);
      await createUser(h.directory, 'ada@contoso.test');
      await h.audited(async (directory) => {
        const app = await directory.applications.create(applicationCreateSchema.parse({
          displayName: 'Contoso files',
          identifierUris: [filesApi],
          api: { oauth2PermissionScopes: [{ id: randomUUID(), value: 'Files.Read', type: 'User', adminConsentDisplayName: 'Read files', adminConsentDescription: 'Read your files.' }] },
        }));
        await directory.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
      });
    });
    after(() => h.close());

    test('a registration never used for more than 7 days is deleted with its service principal, audited as deleted by Limen', async () => {
      const appId = await register(h, 'Forgotten install');
      const sp = await h.directory.servicePrincipals.getByAppId(appId);
      await registeredDaysAgo(h, appId, 8);
      const swept = await sweepUnusedRegistrations(h.store.db, policy);
      assert.deepEqual(swept.map((s) => [s.appId, s.reason]), [[appId, 'neverUsed']]);
      assert.equal(await exists(h, appId), false);
      assert.equal(await h.directory.servicePrincipals.get(sp!.id), undefined, 'its service principal goes too');
      const [audit, ...more] = await deletionAudits(h, appId);
      assert.equal(more.length, 0);
      assert.equal(audit?.category, 'ApplicationManagement');
      assert.equal(audit?.operationType, 'Delete');
      assert.deepEqual(audit?.initiatedBy, { user: null, app: null }, 'initiated by Limen itself');
      assert.deepEqual(audit?.targetResources.map((t) => t.type), ['Application', 'ServicePrincipal']);
      assert.match(audit!.additionalDetails.find((d) => d.key === 'reason')!.value, /in the 7 days since it registered itself/);
    });

    test('a registration less than 7 days old stays, used or not', async () => {
      const appId = await register(h, 'New install');
      await registeredDaysAgo(h, appId, 6);
      await sweepUnusedRegistrations(h.store.db, policy);
      assert.ok(await exists(h, appId));
    });

    test('a registration used recently stays however old it is; one unused for 91 days is deleted', async () => {
      const recent = await register(h, 'Daily driver');
      await registeredDaysAgo(h, recent, 400);
      await lastUsedDaysAgo(h, recent, 2);
      const stale = await register(h, 'Abandoned laptop');
      await registeredDaysAgo(h, stale, 400);
      await lastUsedDaysAgo(h, stale, 91);
      const swept = await sweepUnusedRegistrations(h.store.db, policy);
      assert.deepEqual(swept.map((s) => [s.appId, s.reason]), [[stale, 'idle']]);
      assert.ok(await exists(h, recent));
      assert.equal(await exists(h, stale), false);
      assert.match((await deletionAudits(h, stale))[0]!.additionalDetails.find((d) => d.key === 'reason')!.value, /more than 90 days/);
    });

    test('admin-registered apps of any age stay, and so do registrations an administrator adopted', async () => {
      const admin = await createWebApp(h.directory, { displayName: 'Payroll' });
      await registeredDaysAgo(h, admin.app.appId, 3000);
      const owned = await register(h, 'Adopted with an owner');
      const untagged = await register(h, 'Adopted by removing its tag');
      const disabled = await register(h, 'Blocked by an administrator');
      const ada = await h.directory.users.get('ada@contoso.test');
      await h.audited(async (directory) => {
        await directory.objectLinks.add((await directory.applications.getByAppId(owned))!.id, 'owners', ada!.id);
        await directory.applications.update((await directory.applications.getByAppId(untagged))!.id, { tags: [] });
        const sp = await directory.servicePrincipals.getByAppId(disabled);
        await directory.servicePrincipals.update(sp!.id, { accountEnabled: false });
      });
      for (const appId of [owned, untagged, disabled]) await registeredDaysAgo(h, appId, 3000);
      await sweepUnusedRegistrations(h.store.db, policy);
      for (const appId of [admin.app.appId, owned, untagged, disabled]) assert.ok(await exists(h, appId), appId);
    });

    test('a token records the client’s use; once the client is deleted, what it was issued stops working', async () => {
      const appId = await register(h, 'Signed-in client');
      const config = await discover(h, appId);
      const browser = new Browser(h.url);
      const codeFor = async () => {
        // A resource scope, as MCP clients ask for their server's, which the user consents to.
        const request = await authorizationRequest(config, 'Files.Read', { resource: filesApi });
        const landed = await signIn(browser, request.url, 'ada@contoso.test', password);
        return { request, landed: new URL(landed.url) };
      };
      const first = await codeFor();
      const tokens = await client.authorizationCodeGrant(config, first.landed, { pkceCodeVerifier: first.request.verifier, expectedState: first.request.state });
      assert.ok(tokens.access_token);
      const sp = await h.directory.servicePrincipals.getByAppId(appId);
      const activity = () => h.store.db.selectFrom('service_principal_sign_in_activities')
        .select(['last_sign_in_date_time', 'last_delegated_sign_in_date_time', 'last_app_only_sign_in_date_time'])
        .where('service_principal_id', '=', sp!.id).executeTakeFirst();
      // Written beside the token response, not in its way: wait for the row, not for a time.
      for (let i = 0; i < 500 && !(await activity()); i++) await new Promise((r) => setImmediate(r));
      const recorded = await activity();
      assert.ok(recorded && Date.now() - Date.parse(recorded.last_sign_in_date_time) < 60_000, 'last use recorded');
      assert.deepEqual([recorded.last_delegated_sign_in_date_time, recorded.last_app_only_sign_in_date_time],
        [recorded.last_sign_in_date_time, null], 'a token for a user: delegated');

      const second = await codeFor();
      await registeredDaysAgo(h, appId, 30);
      assert.deepEqual(await sweepUnusedRegistrations(h.store.db, policy), [], 'used: not swept at 30 days');
      await lastUsedDaysAgo(h, appId, 91);
      assert.deepEqual((await sweepUnusedRegistrations(h.store.db, policy)).map((s) => s.appId), [appId]);
      const stored = await h.store.db.selectFrom('oidc_payloads').select('model').where('payload', 'like', `%${appId}%`)
        .where('model', 'in', ['Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken']).execute();
      assert.deepEqual(stored, [], 'its grants and codes are revoked');
      await assert.rejects(
        client.authorizationCodeGrant(config, second.landed, { pkceCodeVerifier: second.request.verifier, expectedState: second.request.state }),
        (e: unknown) => e instanceof client.ResponseBodyError && ['invalid_client', 'invalid_grant'].includes(e.error),
        'a code issued before the deletion is refused',
      );
    });

    test('the last use is stored to the day: a later token within the day writes nothing', async () => {
      const appId = await register(h, 'Busy client');
      const sp = (await h.directory.servicePrincipals.getByAppId(appId))!;
      const stored = async () => (await h.store.db.selectFrom('service_principal_sign_in_activities').select('last_sign_in_date_time')
        .where('service_principal_id', '=', sp.id).executeTakeFirst())?.last_sign_in_date_time;
      const morning = new Date('2026-03-02T08:00:00Z');
      await recordSignIn(h.store.db, sp.id, morning);
      await recordSignIn(h.store.db, sp.id, new Date('2026-03-02T20:00:00Z'));
      assert.equal(await stored(), morning.toISOString());
      await recordSignIn(h.store.db, sp.id, new Date('2026-03-03T09:00:00Z'));
      assert.equal(await stored(), '2026-03-03T09:00:00.000Z');
      await h.directory.applications.delete((await h.directory.applications.getByAppId(appId))!.id);
    });

    test('0 turns each rule off', async () => {
      const neverUsed = await register(h, 'Never used, kept');
      await registeredDaysAgo(h, neverUsed, 365);
      const idle = await register(h, 'Idle, kept');
      await registeredDaysAgo(h, idle, 365);
      await lastUsedDaysAgo(h, idle, 300);
      assert.deepEqual(await sweepUnusedRegistrations(h.store.db, { idleDays: 0, neverUsedDays: 0 }), []);
      assert.deepEqual((await sweepUnusedRegistrations(h.store.db, { idleDays: 0, neverUsedDays: 7 })).map((s) => s.appId), [neverUsed]);
      assert.ok(await exists(h, idle));
      assert.deepEqual((await sweepUnusedRegistrations(h.store.db, { idleDays: 90, neverUsedDays: 0 })).map((s) => s.appId), [idle]);
    });

    test('two sweeps at once delete each registration once, without an error', async () => {
      const appIds = [await register(h, 'Race one'), await register(h, 'Race two'), await register(h, 'Race three')];
      for (const appId of appIds) await registeredDaysAgo(h, appId, 10);
      const [first, second] = await Promise.all([sweepUnusedRegistrations(h.store.db, policy), sweepUnusedRegistrations(h.store.db, policy)]);
      assert.deepEqual([...first!, ...second!].map((s) => s.appId).sort(), [...appIds].sort());
      for (const appId of appIds) {
        assert.equal(await exists(h, appId), false);
        assert.equal((await deletionAudits(h, appId)).length, 1, 'one audit record each');
      }
    });
  });
}
