import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { SignInLog, signInStatus } from '../../logs/index.ts';
import {
  expectDenied,
  expectError,
  expectNotFound,
  expectStatus,
  filter,
  startGraphServer,
  type GraphTestServer,
} from './graph-test-server.ts';

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
const signIns = '/v1.0/auditLogs/signIns';
const audits = '/v1.0/auditLogs/directoryAudits';

for (const engine of testEngines()) {
  describe(`/v1.0/auditLogs on ${engine}`, () => {
    let server: GraphTestServer;
    let secondBatchFrom: string;
    before(async () => {
      server = await startGraphServer(engine);
      const log = new SignInLog(server.db, { flushMs: 10_000 });
      for (let i = 0; i < 3; i += 1) {
        const { plain } = server.users;
        log.record({ userId: plain, userPrincipalName: 'Plain@limen.test', appId: 'app-1' });
        await pause();
      }
      secondBatchFrom = new Date().toISOString();
      await pause();
      for (let i = 0; i < 2; i += 1) {
        log.record({
          userId: server.users.admin,
          userPrincipalName: 'admin@limen.test',
          status: signInStatus('invalidUsernameOrPassword'),
        });
        await pause();
      }
      await log.close();
      for (const upn of ['one@limen.test', 'two@limen.test']) {
        const user = { accountEnabled: true, displayName: upn, userPrincipalName: upn };
        expectStatus(await server.post('/v1.0/users', 'admin', user), 201);
      }
      const group = { displayName: 'Audited', mailEnabled: false, securityEnabled: true };
      expectStatus(await server.post('/v1.0/groups', 'appDirectoryWrite', group), 201);
    });
    after(() => server.close());

    const get = async (path: string, token = 'appAudit') => (await server.get(path, token)).json;

    it('lists sign-ins newest first in Graph shape', async () => {
      const result = await get(signIns);
      assert.equal(
        result['@odata.context'],
        'https://limen.test/v1.0/$metadata#auditLogs/signIns',
      );
      const times = result.value.map((s: { createdDateTime: string }) => s.createdDateTime);
      assert.equal(times.length, 5);
      assert.deepEqual(times, [...times].sort().reverse());
      assert.equal(result.value[0].status.errorCode, 50126);
      assert.equal(result.value[4].userPrincipalName, 'plain@limen.test');
    });

    it("filters sign-ins on Graph's property paths", async () => {
      const failures = await get(`${signIns}?${filter('status/errorCode ne 0')}&$count=true`);
      assert.equal(failures['@odata.count'], 2);
      const byUser = await get(`${signIns}?${filter(`userId eq '${server.users.plain}'`)}`);
      assert.equal(byUser.value.length, 3);
      const since = await get(`${signIns}?${filter(`createdDateTime ge ${secondBatchFrom}`)}`);
      assert.deepEqual(
        since.value.map((s: { userId: string }) => s.userId),
        [server.users.admin, server.users.admin],
      );
      const byUpn = filter("userPrincipalName eq 'PLAIN@limen.test'");
      const selected = await get(`${signIns}?${byUpn}&$select=id,userPrincipalName`);
      assert.equal(selected.value.length, 3);
      assert.deepEqual(Object.keys(selected.value[0]).sort(), ['id', 'userPrincipalName']);
    });

    it('pages with $top and @odata.nextLink, and gets one sign-in by id', async () => {
      const seen: string[] = [];
      let next: string | undefined = `${signIns}?$top=2`;
      while (next) {
        const page = await get(next);
        assert.ok(page.value.length <= 2);
        seen.push(...page.value.map((s: { id: string }) => s.id));
        next = page['@odata.nextLink'];
      }
      assert.equal(new Set(seen).size, 5);
      const one = await get(`${signIns}/${seen[0]}`);
      assert.equal(
        one['@odata.context'],
        'https://limen.test/v1.0/$metadata#auditLogs/signIns/$entity',
      );
      assert.equal(one.id, seen[0]);
      expectNotFound(await server.get(`${signIns}/nope`, 'appAudit'));
    });

    it('lists directory audits newest first, filtered by activity, initiator, app', async () => {
      const all = await get(audits);
      assert.deepEqual(
        all.value.map((a: { activityDisplayName: string }) => a.activityDisplayName),
        ['Add group', 'Add user', 'Add user'],
      );
      const addUser = filter("activityDisplayName eq 'Add user'");
      const added = await get(`${audits}?${addUser}&$count=true`);
      assert.equal(added['@odata.count'], 2);
      const admin = filter(`initiatedBy/user/id eq '${server.users.admin}'`);
      const byAdmin = await get(`${audits}?${admin}`);
      assert.equal(byAdmin.value.length, 2);
      const appId = server.automation.appId;
      const byApp = await get(`${audits}?${filter(`initiatedBy/app/appId eq '${appId}'`)}`);
      assert.deepEqual(
        byApp.value.map((a: { category: string }) => a.category),
        ['GroupManagement'],
      );
      const oldestFirst = '$orderby=activityDateTime asc&$top=1&$select=activityDisplayName';
      const oldest = await get(`${audits}?${oldestFirst}`);
      assert.deepEqual(oldest.value, [{ activityDisplayName: 'Add user' }]);
      const one = await get(`${audits}/${all.value[0].id}?$select=id,category`);
      assert.deepEqual(Object.keys(one).sort(), ['@odata.context', 'category', 'id']);
    });

    it('needs AuditLog.Read.All, and answers bad OData with 400', async () => {
      for (const token of ['appUserRead', 'plain', 'userAdmin']) {
        expectDenied(await server.get(signIns, token));
        expectDenied(await server.get(audits, token));
      }
      expectStatus(await server.get(audits, 'appAdmin'), 200);
      const unknown = await server.get(`${signIns}?${filter("password eq 'x'")}`, 'appAudit');
      assert.match(expectError(unknown, 400, 'BadRequest'), /password/);
      expectError(await server.get(`${signIns}?$top=1000`, 'appAudit'), 400, 'BadRequest');
      const notANumber = filter("status/errorCode eq 'x'");
      const wrongType = await server.get(`${signIns}?${notANumber}`, 'appAudit');
      expectError(wrongType, 400, 'BadRequest');
    });
  });
}

for (const engine of testEngines()) {
  describe(`/v1.0/auditLogs/signIns kinds, agents and IP addresses on ${engine}`, () => {
    let server: GraphTestServer;
    const agentIdentityId = '7d2c4a52-7c35-4b1e-9a43-0f4f1d2b9e11';
    before(async () => {
      server = await startGraphServer(engine);
      const log = new SignInLog(server.db, { flushMs: 10_000 });
      log.record({ userId: server.users.plain, ipAddress: '203.0.113.7' });
      log.record({ userId: server.users.plain, signInEventTypes: ['nonInteractiveUser'], ipAddress: '198.51.100.1' });
      log.record({ appId: 'daemon', signInEventTypes: ['servicePrincipal'], conditionalAccessStatus: 'notApplied' });
      log.record({
        appId: 'agent-app', signInEventTypes: ['servicePrincipal'], conditionalAccessStatus: 'failure',
        status: signInStatus('blockedByConditionalAccess'),
        agent: {
          agentType: 'agenticAppInstance', agentSubjectType: 'agenticAppInstance',
          agentSubjectParentId: null, parentAppId: 'blueprint-app', agentIdentityId,
        },
      });
      await log.close();
    });
    after(() => server.close());

    const appIds = async (expression: string) => {
      const result = await server.get(`${signIns}?${filter(expression)}`, 'appAudit');
      assert.equal(result.status, 200, JSON.stringify(result.json));
      return (result.json.value as Array<{ appId: string | null; userId: string | null }>).map((s) => s.appId ?? s.userId).sort();
    };

    it('filters on signInEventTypes with any(), on the agent section, on IP address and CA result', async () => {
      assert.deepEqual(await appIds("signInEventTypes/any(t: t eq 'servicePrincipal')"), ['agent-app', 'daemon']);
      assert.deepEqual(await appIds("signInEventTypes/any(t: t eq 'nonInteractiveUser')"), [server.users.plain]);
      assert.deepEqual(await appIds("signInEventTypes/any(t: t eq 'servicePrincipal') and agent/agentType eq 'notAgentic'"), ['daemon']);
      assert.deepEqual(await appIds("agent/agentType ne 'notAgentic'"), ['agent-app']);
      assert.deepEqual(await appIds(`agent/agentIdentityId eq '${agentIdentityId}' and agent/parentAppId eq 'blueprint-app'`), ['agent-app']);
      assert.deepEqual(await appIds("startswith(ipAddress,'203.0.113.')"), [server.users.plain]);
      assert.deepEqual(await appIds("conditionalAccessStatus eq 'failure'"), ['agent-app']);
      // Stored without their defaults, the others still read as Graph's default.
      assert.deepEqual(await appIds("conditionalAccessStatus eq 'notApplied' and userId eq null"), ['daemon']);
      const sorted = await server.get(`${signIns}?$orderby=signInEventTypes`, 'appAudit');
      expectError(sorted, 400, 'Request_UnsupportedQuery');
    });
  });
}
