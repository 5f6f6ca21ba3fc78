import type { Kysely } from 'kysely';

/**
 * The first schema. Column types are the portable subset (text, integer, bigint) so one
 * migration serves SQLite and PostgreSQL alike; see tables.ts for what each column means.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_principal_name', 'text', (c) => c.notNull())
    .addColumn('upn_lower', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text')
    .addColumn('surname', 'text')
    .addColumn('mail', 'text')
    .addColumn('account_enabled', 'integer', (c) => c.notNull())
    .addColumn('user_type', 'text', (c) => c.notNull())
    .addColumn('job_title', 'text')
    .addColumn('department', 'text')
    .addColumn('employee_id', 'text')
    .addColumn('employee_hire_date', 'text')
    .addColumn('employee_leave_date_time', 'text')
    .addColumn('manager_id', 'text')
    .addColumn('usage_location', 'text')
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .addColumn('sign_in_sessions_valid_from', 'text', (c) => c.notNull())
    .addColumn('custom_security_attributes', 'text')
    .addColumn('password_hash', 'text')
    .execute();
  await s.createIndex('users_display_name').on('users').column('display_name').execute();

  await s.createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('mail_nickname', 'text')
    .addColumn('security_enabled', 'integer', (c) => c.notNull())
    .addColumn('mail_enabled', 'integer', (c) => c.notNull())
    .addColumn('group_types', 'text', (c) => c.notNull())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('member_type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'member_id'])
    .execute();
  await s.createIndex('group_members_member').on('group_members').column('member_id').execute();

  await s.createTable('group_owners')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_owners_pk', ['group_id', 'owner_id'])
    .execute();

  await s.createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('sign_in_audience', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('application_secrets')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('display_name', 'text')
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('start_date_time', 'text', (c) => c.notNull())
    .addColumn('end_date_time', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('federated_identity_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) =>
      c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('audiences', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addUniqueConstraint('fic_app_name', ['application_id', 'name'])
    .execute();

  await s.createTable('service_principals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('account_enabled', 'integer', (c) => c.notNull())
    .addColumn('app_role_assignment_required', 'integer', (c) => c.notNull())
    .addColumn('service_principal_type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('app_role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_role_id', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_display_name', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) =>
      c.notNull().references('service_principals.id').onDelete('cascade'))
    .addColumn('resource_display_name', 'text', (c) => c.notNull())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .addUniqueConstraint('ara_unique', ['principal_id', 'resource_id', 'app_role_id'])
    .execute();
  await s.createIndex('ara_principal').on('app_role_assignments').column('principal_id').execute();

  await s.createTable('oauth2_permission_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('consent_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text')
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('opg_client').on('oauth2_permission_grants').column('client_id').execute();

  await s.createTable('role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('role_definition_id', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('directory_scope_id', 'text', (c) => c.notNull())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .addUniqueConstraint('role_assignment_unique', [
      'role_definition_id', 'principal_id', 'directory_scope_id',
    ])
    .execute();
  await s.createIndex('role_assignments_principal').on('role_assignments')
    .column('principal_id').execute();

  await s.createTable('oidc_payloads')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('user_code', 'text')
    .addColumn('uid', 'text')
    .addColumn('expires_at', 'bigint')
    .addColumn('consumed_at', 'bigint')
    .addPrimaryKeyConstraint('oidc_payloads_pk', ['model', 'id'])
    .execute();
  await s.createIndex('oidc_payloads_grant').on('oidc_payloads').column('grant_id').execute();
  await s.createIndex('oidc_payloads_user_code').on('oidc_payloads').column('user_code').execute();
  await s.createIndex('oidc_payloads_uid').on('oidc_payloads').column('uid').execute();
  await s.createIndex('oidc_payloads_expires').on('oidc_payloads').column('expires_at').execute();

  await s.createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('encrypted_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();

  await s.createTable('sign_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_date_time', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('app_id', 'text')
    .addColumn('error_code', 'integer', (c) => c.notNull())
    .addColumn('correlation_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('sign_ins_created').on('sign_ins').column('created_date_time').execute();
  await s.createIndex('sign_ins_user').on('sign_ins').column('user_id').execute();
  await s.createIndex('sign_ins_app').on('sign_ins').column('app_id').execute();

  await s.createTable('directory_audits')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('activity_date_time', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('activity_display_name', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('initiated_by_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('directory_audits_time').on('directory_audits')
    .column('activity_date_time').execute();
}
