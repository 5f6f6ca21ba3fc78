import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import {
  expectDenied,
  expectError,
  expectStatus,
  startGraphServer,
  type GraphTestServer,
} from './graph-test-server.ts';

for (const engine of testEngines()) {
  describe(`/v1.0/me and /v1.0/organization on ${engine}`, () => {
    let server: GraphTestServer;
    before(async () => {
      server = await startGraphServer(engine);
    });
    after(() => server.close());

    it('/me answers the signed-in user, with only User.Read and no role', async () => {
      const me = await server.get('/v1.0/me?$select=id,userPrincipalName', 'basic');
      assert.deepEqual(me.json, {
        '@odata.context': 'https://limen.test/v1.0/$metadata#users(id,userPrincipalName)/$entity',
        id: server.users.plain,
        userPrincipalName: 'plain@limen.test',
      });
    });

    it('/me with an app-only token is a 400, as in Graph', async () => {
      const app = await server.get('/v1.0/me', 'appDirectoryWrite');
      assert.equal(
        expectError(app, 400, 'BadRequest'),
        '/me request is only valid with delegated authentication flow.',
      );
      expectDenied(await server.get('/v1.0/me', 'appNothing'));
    });

    it("/me/memberOf and /me/transitiveMemberOf list the signed-in user's groups", async () => {
      const group = {
        displayName: 'Readers',
        mailEnabled: false,
        securityEnabled: true,
        'members@odata.bind': [`https://limen.test/v1.0/users/${server.users.plain}`],
      };
      expectStatus(await server.post('/v1.0/groups', 'admin', group), 201);
      for (const path of ['/v1.0/me/memberOf', '/v1.0/me/transitiveMemberOf']) {
        const result = expectStatus(await server.get(path, 'basic'), 200);
        assert.deepEqual(
          result.value.map((g: { displayName: string }) => g.displayName),
          ['Readers'],
        );
      }
      expectError(await server.get('/v1.0/me/memberOf', 'appUserRead'), 400, 'BadRequest');
    });

    it('/organization: any signed-in user, or an app with Directory.Read.All', async () => {
      const result = await server.get('/v1.0/organization', 'basic');
      assert.deepEqual(result.json, {
        '@odata.context': 'https://limen.test/v1.0/$metadata#organization',
        value: [
          {
            id: server.tenant.id,
            displayName: server.tenant.displayName,
            createdDateTime: server.tenant.createdDateTime,
            verifiedDomains: [],
          },
        ],
      });
      expectStatus(await server.get('/v1.0/organization', 'appDirectoryWrite'), 200);
      expectDenied(await server.get('/v1.0/organization', 'appUserRead'));
    });
  });
}
