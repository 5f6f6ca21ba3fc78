import type { Kysely } from 'kysely';

/**
 * Agent identities (directory/, Entra Agent ID's object model): an agent identity blueprint is
 * an application, its blueprint principal and its agent identities are service principals, so
 * each subtype only adds a row beside its base object (removed with it) holding what the base
 * lacks. Owners and sponsors of applications and service principals are links in one table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('agent_identity_blueprints')
    .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id').onDelete('cascade'))
    .addColumn('app_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_by_app_id', 'text')
    .execute();

  await db.schema.createTable('agent_identities')
    .addColumn('id', 'text', (c) => c.primaryKey().references('service_principals.id').onDelete('cascade'))
    // The blueprint's appId, as Graph's agentIdentityBlueprintId. No foreign key: a blueprint with
    // agents cannot be deleted (the directory refuses), and the appId outlives a re-created row.
    .addColumn('blueprint_app_id', 'text', (c) => c.notNull())
    .addColumn('created_by_app_id', 'text')
    .addColumn('last_sign_in_date_time', 'text')
    .addColumn('custom_security_attributes', 'text')
    .execute();
  await db.schema.createIndex('agent_identities_blueprint').on('agent_identities').column('blueprint_app_id').execute();

  await db.schema.createTable('inheritable_permissions')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('resource_app_id', 'text', (c) => c.notNull())
    .addColumn('inheritable_scopes', 'text', (c) => c.notNull())
    .addColumn('inheritable_roles', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inheritable_permissions_pk', ['application_id', 'resource_app_id'])
    .execute();

  await db.schema.createTable('object_links')
    // An application's or a service principal's id.
    .addColumn('object_id', 'text', (c) => c.notNull())
    // 'owners' or 'sponsors'
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('linked_id', 'text', (c) => c.notNull())
    // 'user', 'group' or 'servicePrincipal'
    .addColumn('linked_type', 'text', (c) => c.notNull())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('object_links_pk', ['object_id', 'relationship', 'linked_id'])
    .execute();
  await db.schema.createIndex('object_links_linked').on('object_links').column('linked_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('object_links').execute();
  await db.schema.dropTable('inheritable_permissions').execute();
  await db.schema.dropTable('agent_identities').execute();
  await db.schema.dropTable('agent_identity_blueprints').execute();
}
