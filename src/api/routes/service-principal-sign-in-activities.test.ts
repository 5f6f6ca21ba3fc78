import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { createDirectory } from '../../directory/index.ts';
import { recordSignIn } from '../../oidc/client-sign-in-activity.ts';
import { expectDenied, expectNotFound, expectStatus, startGraphServer, type GraphTestServer } from './graph-test-server.ts';

const reports = '/v1.0/reports/servicePrincipalSignInActivities';
const q = (filter: string) => `${reports}?$filter=${encodeURIComponent(filter)}`;

for (const engine of testEngines()) {
  describe(`service principal sign-in activities on ${engine}`, () => {
    let server: GraphTestServer;
    const apps = {} as Record<'daemon' | 'idle' | 'unused' | 'both', { id: string; appId: string }>;
    const get = async (id: string) => expectStatus(await server.get(`${reports}/${id}`, 'admin'), 200);
    const at = (day: string) => ({ lastSignInDateTime: day, lastSignInRequestId: null });

    before(async () => {
      server = await startGraphServer(engine);
      const directory = createDirectory(server.db);
      for (const name of ['daemon', 'idle', 'unused', 'both'] as const) {
        const app = await directory.applications.create({ displayName: name, signInAudience: 'AzureADMyOrg' });
        const sp = await directory.servicePrincipals.create({ appId: app.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
        apps[name] = { id: sp.id, appId: app.appId };
      }
      // The writer the token endpoint calls (oidc/client-sign-in-activity.ts).
      await recordSignIn(server.db, apps.daemon.id, new Date('2026-11-20T09:30:00Z'), 'appOnly');
      // Recorded before Limen told the kinds apart (migration 0012).
      await recordSignIn(server.db, apps.idle.id, new Date('2026-01-05T12:00:00Z'));
      // An app-only token, an older one for a user, and a later app-only one the same day.
      await recordSignIn(server.db, apps.both.id, new Date('2026-11-10T08:00:00Z'), 'appOnly');
      await recordSignIn(server.db, apps.both.id, new Date('2026-11-05T08:00:00Z'), 'delegated');
      await recordSignIn(server.db, apps.both.id, new Date('2026-11-10T18:00:00Z'), 'appOnly');
    });
    after(() => server.close());

    it("an app that got a token appears with the day of its last token, in Graph's shape", async () => {
      const body = expectStatus(await server.get(`${reports}/${apps.daemon.id}`, 'admin'), 200);
      assert.equal(body['@odata.context'], 'https://limen.test/v1.0/$metadata#reports/servicePrincipalSignInActivities/$entity');
      assert.deepEqual({ ...body, '@odata.context': undefined }, {
        '@odata.context': undefined,
        id: apps.daemon.id,
        appId: apps.daemon.appId,
        lastSignInActivity: at('2026-11-20T09:30:00.000Z'),
        delegatedClientSignInActivity: null,
        delegatedResourceSignInActivity: null,
        applicationAuthenticationClientSignInActivity: at('2026-11-20T09:30:00.000Z'),
        applicationAuthenticationResourceSignInActivity: null,
      });
    });

    it('tokens for a user and app-only tokens are told apart; the last of either is the last sign-in, kept to the day', async () => {
      const both = await get(apps.both.id);
      assert.deepEqual(both.lastSignInActivity, at('2026-11-10T08:00:00.000Z'), 'an older delegated token does not move it back');
      assert.deepEqual(both.delegatedClientSignInActivity, at('2026-11-05T08:00:00.000Z'));
      assert.deepEqual(both.applicationAuthenticationClientSignInActivity, at('2026-11-10T08:00:00.000Z'), 'written once a day');
      const idle = await get(apps.idle.id);
      assert.deepEqual([idle.lastSignInActivity, idle.delegatedClientSignInActivity, idle.applicationAuthenticationClientSignInActivity],
        [at('2026-01-05T12:00:00.000Z'), null, null]);
      const appOnly = expectStatus(await server.get(q('applicationAuthenticationClientSignInActivity/lastSignInDateTime ge 2026-11-01T00:00:00Z'), 'admin'), 200);
      assert.deepEqual(appOnly.value.map((a: { id: string }) => a.id).sort(), [apps.daemon.id, apps.both.id].sort());
    });

    it('an app never issued a token is absent from the list and not found by id', async () => {
      const all = expectStatus(await server.get(reports, 'admin'), 200);
      const appIds = all.value.map((a: { appId: string }) => a.appId);
      assert.ok(appIds.includes(apps.daemon.appId) && appIds.includes(apps.idle.appId));
      assert.equal(appIds.length, new Set(appIds).size);
      assert.ok(!appIds.includes(apps.unused.appId));
      expectNotFound(await server.get(`${reports}/${apps.unused.id}`, 'admin'));
    });

    it('filters by appId with eq and with in, whatever the case of the GUID', async () => {
      const one = expectStatus(await server.get(q(`appId eq '${apps.daemon.appId.toUpperCase()}'`), 'admin'), 200);
      assert.deepEqual(one.value.map((a: { id: string }) => a.id), [apps.daemon.id]);
      const page = expectStatus(await server.get(q(`appId in ('${apps.daemon.appId}','${apps.unused.appId}','${apps.idle.appId}')`), 'admin'), 200);
      assert.deepEqual(page.value.map((a: { appId: string }) => a.appId).sort(), [apps.daemon.appId, apps.idle.appId].sort());
    });

    it('finds the apps unused since a date, oldest first, and pages', async () => {
      const stale = expectStatus(await server.get(`${q('lastSignInActivity/lastSignInDateTime lt 2026-06-01T00:00:00Z')}&$count=true`, 'admin'), 200);
      assert.deepEqual(stale.value.map((a: { id: string }) => a.id), [apps.idle.id]);
      assert.equal(stale['@odata.count'], 1);
      const first = expectStatus(await server.get(`${reports}?$top=2&$orderby=lastSignInActivity/lastSignInDateTime`, 'admin'), 200);
      assert.deepEqual(first.value.map((a: { id: string }) => a.id), [apps.idle.id, apps.both.id]);
      const second = expectStatus(await server.get(first['@odata.nextLink'], 'admin'), 200);
      assert.deepEqual(second.value.map((a: { id: string }) => a.id), [apps.daemon.id]);
    });

    it('is read with AuditLog.Read.All, by a delegated admin or an app; others are refused', async () => {
      expectStatus(await server.get(reports, 'appAudit'), 200);
      expectDenied(await server.get(reports, 'plain'));
      expectDenied(await server.get(reports, 'appUserRead'));
      expectDenied(await server.get(`${reports}/${apps.daemon.id}`, 'plain'));
    });

    it('bad input is a 400 that names it', async () => {
      const cases: Array<[string, RegExp]> = [
        [q("appId eq 'not-a-guid'"), /appId/],
        [q("displayName eq 'daemon'"), /displayName/],
        [`${reports}?$orderby=appDisplayName`, /appDisplayName/],
        [`${reports}/not-a-guid`, /\bid\b/],
        [`${reports}/${apps.daemon.id}?$select=servicePrincipalName`, /servicePrincipalName/],
      ];
      for (const [path, names] of cases) {
        const result = await server.get(path, 'admin');
        assert.equal(result.status, 400, `${path}: ${JSON.stringify(result.json)}`);
        assert.match(result.json.error.message, names, path);
      }
    });
  });
}
