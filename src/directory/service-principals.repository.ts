import type { SelectQueryBuilder } from 'kysely';
import type { Db, ServicePrincipalRow, Tables } from '../store/index.ts';
import type { ApplicationData } from './application.ts';
import { DirectoryError } from './directory-error.ts';
import { fromBool, parseJson } from './json.ts';
import {
  toGraphServicePrincipal,
  type ServicePrincipal,
  type ServicePrincipalCreate,
  type ServicePrincipalUpdate,
} from './service-principal.ts';
import { newId, nowIso } from './stable-id.ts';

export type ServicePrincipalQuery = SelectQueryBuilder<Tables, 'service_principals', ServicePrincipalRow>;

export function createServicePrincipalsRepository(db: Db) {
  async function requireRow(id: string): Promise<ServicePrincipalRow> {
    const row = await db.selectFrom('service_principals').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DirectoryError('notFound', `Service principal '${id}' does not exist.`);
    return row;
  }

  return {
    async get(id: string): Promise<ServicePrincipal | undefined> {
      const row = await db.selectFrom('service_principals').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toGraphServicePrincipal(row);
    },

    async getByAppId(appId: string): Promise<ServicePrincipal | undefined> {
      const row = await db.selectFrom('service_principals').selectAll().where('app_id', '=', appId).executeTakeFirst();
      return row && toGraphServicePrincipal(row);
    },

    async list(refine: (q: ServicePrincipalQuery) => ServicePrincipalQuery = (q) => q.orderBy('display_name')) {
      return (await refine(db.selectFrom('service_principals').selectAll()).execute()).map(toGraphServicePrincipal);
    },

    /** Creates the tenant's service principal for an app registration (one per appId). */
    async create(input: ServicePrincipalCreate): Promise<ServicePrincipal> {
      const app = await db.selectFrom('applications').selectAll().where('app_id', '=', input.appId).executeTakeFirst();
      if (!app) throw new DirectoryError('notFound', `No application with appId '${input.appId}' exists.`);
      const existing = await db.selectFrom('service_principals').select('id').where('app_id', '=', input.appId).executeTakeFirst();
      if (existing) {
        throw new DirectoryError('conflict', `A service principal for appId '${input.appId}' already exists.`);
      }
      const appData = parseJson<Partial<ApplicationData>>(app.data, {});
      const row: ServicePrincipalRow = {
        id: newId(),
        app_id: input.appId,
        display_name: app.display_name,
        account_enabled: fromBool(input.accountEnabled),
        app_role_assignment_required: fromBool(input.appRoleAssignmentRequired),
        service_principal_type: 'Application',
        data: JSON.stringify({
          servicePrincipalNames: [input.appId, ...(appData.identifierUris ?? [])],
          appRoles: appData.appRoles ?? [],
          oauth2PermissionScopes: appData.api?.oauth2PermissionScopes ?? [],
          tags: input.tags,
        }),
        created_date_time: nowIso(),
      };
      await db.insertInto('service_principals').values(row).execute();
      return toGraphServicePrincipal(row);
    },

    async update(id: string, patch: ServicePrincipalUpdate): Promise<{ before: ServicePrincipal; after: ServicePrincipal }> {
      const row = await requireRow(id);
      const set: Partial<ServicePrincipalRow> = {};
      if (patch.accountEnabled !== undefined) set.account_enabled = fromBool(patch.accountEnabled);
      if (patch.appRoleAssignmentRequired !== undefined) {
        set.app_role_assignment_required = fromBool(patch.appRoleAssignmentRequired);
      }
      if (patch.displayName !== undefined) set.display_name = patch.displayName;
      if (patch.tags !== undefined) set.data = JSON.stringify({ ...parseJson(row.data, {}), tags: patch.tags });
      if (Object.keys(set).length) await db.updateTable('service_principals').set(set).where('id', '=', id).execute();
      return { before: toGraphServicePrincipal(row), after: toGraphServicePrincipal({ ...row, ...set }) };
    },

    async delete(id: string): Promise<ServicePrincipal> {
      const row = await requireRow(id);
      await db.deleteFrom('app_role_assignments').where((e) => e.or([e('principal_id', '=', id), e('resource_id', '=', id)])).execute();
      await db.deleteFrom('oauth2_permission_grants').where((e) => e.or([e('client_id', '=', id), e('resource_id', '=', id)])).execute();
      await db.deleteFrom('role_assignments').where('principal_id', '=', id).execute();
      await db.deleteFrom('group_members').where('member_id', '=', id).execute();
      await db.deleteFrom('object_links').where((e) => e.or([e('object_id', '=', id), e('linked_id', '=', id)])).execute();
      await db.deleteFrom('service_principals').where('id', '=', id).execute();
      return toGraphServicePrincipal(row);
    },
  };
}

export type ServicePrincipalsRepository = ReturnType<typeof createServicePrincipalsRepository>;
