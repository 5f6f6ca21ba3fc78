import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freshDatabaseOptions, testEngines } from '../../test/support/engines.ts';
import { openStore } from './index.ts';
import type { Tables } from './tables.ts';

// `satisfies` makes this list fail to compile when a table is added to Tables but not here.
const everyTable = Object.keys({
  settings: true, users: true, groups: true, group_members: true, group_owners: true,
  applications: true, application_secrets: true, federated_identity_credentials: true,
  service_principals: true, app_role_assignments: true, oauth2_permission_grants: true,
  role_assignments: true, oidc_payloads: true, signing_keys: true, sign_ins: true,
  directory_audits: true, sign_in_lockouts: true, temporary_access_passes: true, passkeys: true, software_oath_methods: true, authentication_strengths: true, conditional_access_policies: true, named_locations: true,
  webauthn_challenges: true, recovery_attempts: true, risky_users: true, risky_service_principals: true, risk_history: true,
  agent_registry_connections: true, agent_registry_entries: true, agent_registry_sync_runs: true,
  agent_identity_blueprints: true, agent_identities: true, inheritable_permissions: true, object_links: true,
  service_principal_sign_in_activities: true, user_sign_in_activities: true,
} satisfies Record<keyof Tables, true>).sort();

for (const engine of testEngines()) {
  describe(`store on ${engine}`, () => {
    test('migrations create every table and can run twice', async () => {
      const options = await freshDatabaseOptions(engine);
      const store = openStore(options);
      try {
        assert.ok((await store.migrate()).length > 0, 'the first run applies migrations');
        const tables = (await store.db.introspection.getTables())
          .map((t) => t.name)
          .filter((name) => !name.startsWith('kysely_'));
        assert.deepEqual(tables.sort(), everyTable);
        assert.deepEqual(await store.migrate(), [], 'the second run applies nothing');
      } finally {
        await store.close();
        await options.cleanup();
      }
    });

    test('a row written survives closing and reopening the store', async () => {
      const options = await freshDatabaseOptions(engine);
      try {
        const first = openStore(options);
        await first.migrate();
        await first.db.insertInto('settings').values({ key: 'test.reopen', value: 'kept' }).execute();
        await first.close();

        const second = openStore(options);
        try {
          const row = await second.db.selectFrom('settings').selectAll()
            .where('key', '=', 'test.reopen').executeTakeFirst();
          // node:sqlite rows have a null prototype; spread to compare plain objects.
          assert.deepEqual({ ...row }, { key: 'test.reopen', value: 'kept' });
        } finally {
          await second.close();
        }
      } finally {
        await options.cleanup();
      }
    });
  });
}
