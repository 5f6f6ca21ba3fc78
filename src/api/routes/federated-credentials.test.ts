import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/support/engines.ts';
import {
  expectAudits,
  expectDenied,
  expectError,
  expectInvalid,
  expectNotFound,
  expectStatus,
  startGraphServer,
  type GraphTestServer,
} from './graph-test-server.ts';

const github = { name: 'github-deploy', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:limen/limen:environment:prod' };

for (const engine of testEngines()) {
  describe(`/v1.0/applications/{id}/federatedIdentityCredentials on ${engine}`, () => {
    let server: GraphTestServer;
    let base: string;
    before(async () => {
      server = await startGraphServer(engine);
      const app = expectStatus(await server.post('/v1.0/applications', 'admin', { displayName: 'Deployer' }), 201) as { id: string };
      base = `/v1.0/applications/${app.id}/federatedIdentityCredentials`;
    });
    after(() => server.close());

    it('adds a credential with the default audience, audited, and finds it by id and by name', async () => {
      let created: any;
      const [audit] = await expectAudits(server, ['Update application – Certificates and secrets management '], async () => {
        const result = await server.post(base, 'appAdmin', github);
        created = expectStatus(result, 201);
        assert.equal(result.headers.get('location'), `https://limen.test${base}/${created.id}`);
      });
      assert.deepEqual(created.audiences, ['api://AzureADTokenExchange']);
      assert.equal(audit!.targetResources[0]!.modifiedProperties[0]!.displayName, 'FederatedIdentityCredentials');
      assert.equal((expectStatus(await server.get(`${base}/${created.id}`, 'admin'), 200) as any).name, 'github-deploy');
      assert.equal((expectStatus(await server.get(`${base}/github-deploy`, 'admin'), 200) as any).id, created.id);
      const list = expectStatus(await server.get(`${base}?$filter=issuer eq '${github.issuer}'`, 'admin'), 200) as any;
      assert.deepEqual(list.value.map((c: any) => c.name), ['github-deploy']);
    });

    it('refuses a duplicate name or issuer+subject, a wildcard subject, http issuers and two audiences, writing nothing', async () => {
      await expectAudits(server, [], async () => {
        expectError(await server.post(base, 'admin', github), 400, 'Request_MultipleObjectsWithSameKeyValue');
        expectError(await server.post(base, 'admin', { ...github, name: 'other' }), 400, 'Request_MultipleObjectsWithSameKeyValue');
        assert.match(expectInvalid(await server.post(base, 'admin', { ...github, name: 'wild', subject: 'repo:limen/*' })), /subject/);
        assert.match(expectInvalid(await server.post(base, 'admin', { ...github, name: 'plain', issuer: 'http://issuer.example.org' })), /issuer/);
        assert.match(expectInvalid(await server.post(base, 'admin', { ...github, name: 'two', audiences: ['a', 'b'] })), /audiences/);
        expectInvalid(await server.post(base, 'admin', { ...github, name: 'x', extra: 1 }));
      });
    });

    it('updates the subject (not the name) and removes by name; readers cannot write', async () => {
      expectStatus(await server.patch(`${base}/github-deploy`, 'admin', { subject: 'repo:limen/limen:ref:refs/heads/main' }), 204);
      expectInvalid(await server.patch(`${base}/github-deploy`, 'admin', { name: 'renamed' }));
      expectDenied(await server.delete(`${base}/github-deploy`, 'appUserRead'));
      expectStatus(await server.delete(`${base}/github-deploy`, 'admin'), 204);
      expectNotFound(await server.get(`${base}/github-deploy`, 'admin'));
    });
  });
}
