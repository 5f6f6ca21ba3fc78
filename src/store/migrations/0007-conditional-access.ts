import type { Kysely } from 'kysely';

/**
 * Conditional Access (conditional-access/): policies and named locations, each row holding the
 * whole Graph resource as JSON (unknown beta members included, so an export returns what was
 * imported), with the indexed columns the API filters and sorts on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('conditional_access_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('named_locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('named_locations').execute();
  await db.schema.dropTable('conditional_access_policies').execute();
}
