import { DirectoryCache } from '../../src/oidc/directory-cache.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDirectory, ensureTenant, managementApi } from '../../src/directory/index.ts';
import { createResources, delegatedScopes, splitScope } from '../../src/oidc/resources.ts';
import { freshStore, testEngines } from '../support/engines.ts';

describe('Entra-style scopes', () => {
  test('a scope names its resource by prefix; bare values mean the management API; OIDC scopes name none', () => {
    assert.deepEqual(splitScope('api://limen/User.Read'), { prefix: 'api://limen', value: 'User.Read' });
    assert.deepEqual(splitScope('00000003-0000-0000-c000-000000000000/.default'), { prefix: managementApi.appId, value: '.default' });
    assert.deepEqual(splitScope('User.Read'), { prefix: managementApi.identifierUri, value: 'User.Read' });
    assert.equal(splitScope('openid'), undefined);
    assert.equal(splitScope('offline_access'), undefined);
  });

  test('`.default` stands for every consented scope; named scopes count only when consented', () => {
    assert.deepEqual(delegatedScopes(['api://limen/.default'], ['User.Read', 'Group.Read.All']), ['User.Read', 'Group.Read.All']);
    assert.deepEqual(delegatedScopes(['api://limen/User.Read', 'api://limen/Group.Read.All'], ['User.Read']), ['User.Read']);
    assert.deepEqual(delegatedScopes(['openid'], ['User.Read']), []);
  });
});

for (const engine of testEngines()) {
  describe(`resource resolution on ${engine}`, () => {
    test('finds the management API by identifier URI, appId and api://appId, and refuses unknown or mixed resources', async () => {
      const { store, cleanup } = await freshStore(engine);
      try {
        await ensureTenant(store.db);
        const resources = createResources(createDirectory(store.db), new DirectoryCache(store.db));
        for (const name of ['api://limen', managementApi.appId, `api://${managementApi.appId}`]) {
          assert.equal((await resources.find(name))?.indicator, 'api://limen', name);
        }
        assert.equal((await resources.fromScopes(['openid', 'User.Read']))?.audience, 'api://limen');
        assert.equal(await resources.fromScopes(['openid', 'profile']), undefined);
        await assert.rejects(resources.fromScopes(['api://nowhere/.default']), (e: { error_description?: string }) => /AADSTS500011/.test(e.error_description ?? ''));
        const other = await createDirectory(store.db).applications.create({ displayName: 'Other API', signInAudience: 'AzureADMyOrg', identifierUris: ['api://other'] });
        await createDirectory(store.db).servicePrincipals.create({ appId: other.appId, accountEnabled: true, appRoleAssignmentRequired: false, tags: [] });
        await assert.rejects(resources.fromScopes(['api://limen/.default', 'api://other/.default']), (e: { error_description?: string }) => /AADSTS28000/.test(e.error_description ?? ''));
      } finally {
        await cleanup();
      }
    });
  });
}
