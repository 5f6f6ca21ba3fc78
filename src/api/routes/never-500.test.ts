import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import { startGraphServer, type GraphTestServer } from './graph-test-server.ts';

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const engine of testEngines()) {
  describe(`every Graph route on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    it('answers odd and hostile requests with a 4xx or 2xx, never a 500', async () => {
      const openApi = (await server.call('GET', '/openapi.json')).json;
      const routes = Object.entries(openApi.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, methods]) => Object.keys(methods).map((m) => [m.toUpperCase(), path]));
      assert.ok(routes.length > 60, `only ${routes.length} routes`);
      const random = randomFrom(Number(process.env.LIMEN_FUZZ_SEED ?? 2026));
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const ids = [
        server.users.plain,
        server.automation.id,
        'admin@limen.test',
        '00000000-0000-4000-8000-000000000000',
        "'00000003-0000-0000-c000-000000000000'",
        'nope',
        '%E2%82%AC',
        'x'.repeat(300),
        '%27%27',
      ];
      const queries = [
        '',
        '?$top=1',
        '?$select=id',
        '?$count=true',
        `?$filter=${encodeURIComponent("id eq 'x'")}`,
        `?$filter=${encodeURIComponent('displayName eq null')}`,
        '?$orderby=id desc',
        '?$skiptoken=abc',
        '?$expand=members',
      ];
      const bodies = [
        undefined,
        {},
        { displayName: 'Fuzz', accountEnabled: true, userPrincipalName: 'fuzz@limen.test' },
        { '@odata.id': `https://limen.test/v1.0/users/${server.users.plain}` },
        { displayName: 7 },
        { keyId: 'x', passwordCredential: null },
        { principalId: server.users.plain, resourceId: server.automation.id, appRoleId: 'x' },
        [1, 2],
        'text',
      ];
      for (let i = 0; i < 300; i += 1) {
        const [method, template] = pick(routes)!;
        // OpenAPI paths keep the router's escapes: `/applications\(appId={appId}\)`.
        const path = template!.replace(/\\/g, '').replace(/\{[^}]+\}/g, () => pick(ids));
        const token = pick(['admin', 'helpdesk', 'appDirectoryWrite', 'appUserRead', 'basic']);
        const body = method === 'GET' || method === 'DELETE' ? undefined : pick(bodies);
        // call() itself fails the test on any 5xx.
        await server.call(method!, `${path}${pick(queries)}`, { token, body });
      }
    });
  });
}
