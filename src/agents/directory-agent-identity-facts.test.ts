import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshStore, testEngines, type FreshStore } from '../../test/support/engines.ts';
import { createDirectory, ensureTenant, managementApi, managementAppRoles, userCreateSchema } from '../directory/index.ts';
import { directoryAgentIdentities } from './directory-agent-identity-facts.ts';

for (const engine of testEngines()) {
  describe(`agent identity facts from the directory on ${engine}`, () => {
    let fresh: FreshStore;
    let agentId: string;
    before(async () => {
      fresh = await freshStore(engine);
      await fresh.store.db.transaction().execute(async (trx) => {
        await ensureTenant(trx);
        const dir = createDirectory(trx);
        const user = await dir.users.create(userCreateSchema.parse({ accountEnabled: true, displayName: 'Sam', userPrincipalName: 'sam@limen.test' }));
        const { blueprint } = await dir.agentIdentityBlueprints.create({ displayName: 'Helpers', signInAudience: 'AzureADMyOrg' }, null);
        const agent = await dir.agentIdentities.create({ displayName: 'Helper', blueprintAppId: blueprint.appId, accountEnabled: true, tags: [] }, null);
        await dir.objectLinks.add(agent.id, 'sponsors', user.id);
        const api = (await dir.servicePrincipals.getByAppId(managementApi.appId))!;
        const role = managementAppRoles.find((r) => r.value === 'Group.ReadWrite.All')!;
        await dir.assignments.assignAppRole({ principalId: agent.id, resourceId: api.id, appRoleId: role.id });
        agentId = agent.id;
      });
    });
    after(() => fresh.cleanup());

    it('counts owners and sponsors and names the high-privilege permissions an agent holds', async () => {
      const facts = await directoryAgentIdentities(fresh.store.db).get(agentId);
      assert.deepEqual(facts && { ...facts, createdDateTime: null }, {
        id: agentId, displayName: 'Helper', accountEnabled: true, createdDateTime: null,
        ownerCount: 0, sponsorCount: 1, highPrivilegePermissions: ['Group.ReadWrite.All'], lastSignInDateTime: null,
      });
      assert.deepEqual((await directoryAgentIdentities(fresh.store.db).list()).map((f) => f.id), [agentId]);
    });
  });
}
