/**
 * Graph beta's `/reports/servicePrincipalSignInActivities`: when each application last got a
 * token, so administrators can find unused apps and credentials. Read from the table the token
 * endpoint writes (src/oidc/client-sign-in-activity.ts); a service principal that never got a
 * token has no row, as in Graph.
 *
 * What Limen records, to the day: the last token issued to the service principal as a client
 * (`lastSignInActivity`), and split as Graph splits it, the last for a signed-in user
 * (`delegatedClientSignInActivity`) and the last for itself, app-only
 * (`applicationAuthenticationClientSignInActivity`); a split one is null when none of its kind was
 * recorded (nor before the split was, migration 0012). Limen does not record the app as a
 * resource, nor request ids: `delegatedResourceSignInActivity`,
 * `applicationAuthenticationResourceSignInActivity` and `lastSignInRequestId` are null. `id` is
 * the service principal's object id.
 * @see https://learn.microsoft.com/graph/api/resources/serviceprincipalsigninactivity?view=graph-rest-beta
 */
import { applyListQuery, countQuery, type FieldMap } from '../../odata/index.ts';
import type { Db } from '../../store/index.ts';
import type { ApiRouter } from '../api-state.ts';
import { requires } from '../authorization.ts';
import { defineRoute } from '../define-route.ts';
import { Permission } from '../permissions.ts';
import { collectionBody, countValue, entityBody, entityQuery, entitySelect } from './collection.ts';
import { notFound } from './directory-error.ts';
import type { GraphDeps } from './graph-deps.ts';
import { servicePrincipalKey } from './service-principals.routes.ts';

const tags = ['reports'];
/** Graph: AuditLog.Read.All (Reports Reader, Security Reader, Global Reader…). */
const auth = requires(Permission.AuditLogReadAll);
const path = '/reports/servicePrincipalSignInActivities';
const fragment = 'reports/servicePrincipalSignInActivities';
const entityType = 'microsoft.graph.servicePrincipalSignInActivity';

export const servicePrincipalSignInActivityFields: FieldMap = {
  id: { column: 'service_principals.id', type: 'guid' },
  appId: { column: 'service_principals.app_id', type: 'guid' },
  'lastSignInActivity/lastSignInDateTime': { column: 'service_principal_sign_in_activities.last_sign_in_date_time', type: 'dateTime' },
  'delegatedClientSignInActivity/lastSignInDateTime': {
    column: 'service_principal_sign_in_activities.last_delegated_sign_in_date_time', type: 'dateTime',
  },
  'applicationAuthenticationClientSignInActivity/lastSignInDateTime': {
    column: 'service_principal_sign_in_activities.last_app_only_sign_in_date_time', type: 'dateTime',
  },
};

const selectable = [
  'id', 'appId', 'lastSignInActivity', 'delegatedClientSignInActivity', 'delegatedResourceSignInActivity',
  'applicationAuthenticationClientSignInActivity', 'applicationAuthenticationResourceSignInActivity',
];
const listOptions = { fields: servicePrincipalSignInActivityFields, entityType, selectable };

/** Graph's signInActivity as this report fills it. */
export interface SignInActivity {
  lastSignInDateTime: string;
  lastSignInRequestId: string | null;
}

export interface ServicePrincipalSignInActivity {
  id: string;
  appId: string;
  lastSignInActivity: SignInActivity;
  delegatedClientSignInActivity: SignInActivity | null;
  delegatedResourceSignInActivity: SignInActivity | null;
  applicationAuthenticationClientSignInActivity: SignInActivity | null;
  applicationAuthenticationResourceSignInActivity: SignInActivity | null;
}

const activities = (db: Db) => db.selectFrom('service_principal_sign_in_activities')
  .innerJoin('service_principals', 'service_principals.id', 'service_principal_sign_in_activities.service_principal_id');

const activity = (at: string | null): SignInActivity | null => (at ? { lastSignInDateTime: at, lastSignInRequestId: null } : null);

function toActivity(row: {
  id: string; app_id: string; last_sign_in_date_time: string;
  last_delegated_sign_in_date_time: string | null; last_app_only_sign_in_date_time: string | null;
}): ServicePrincipalSignInActivity {
  return {
    id: row.id,
    appId: row.app_id,
    lastSignInActivity: activity(row.last_sign_in_date_time)!,
    delegatedClientSignInActivity: activity(row.last_delegated_sign_in_date_time),
    delegatedResourceSignInActivity: null,
    applicationAuthenticationClientSignInActivity: activity(row.last_app_only_sign_in_date_time),
    applicationAuthenticationResourceSignInActivity: null,
  };
}

const columns = [
  'service_principals.id', 'service_principals.app_id', 'service_principal_sign_in_activities.last_sign_in_date_time',
  'service_principal_sign_in_activities.last_delegated_sign_in_date_time', 'service_principal_sign_in_activities.last_app_only_sign_in_date_time',
] as const;

export function servicePrincipalSignInActivityRoutes(router: ApiRouter, deps: GraphDeps): void {
  const fields = servicePrincipalSignInActivityFields;

  defineRoute(
    router,
    {
      method: 'GET', path, summary: 'List servicePrincipalSignInActivities', tags, auth,
      description: 'When each service principal last got a token as a client, to the day; a service principal never issued ' +
        "a token is absent. `$filter` on appId and id (eq, in: `appId in ('…','…')`) and on " +
        '`lastSignInActivity/lastSignInDateTime` (lt, ge…: apps unused since a date), and the same under ' +
        'delegatedClientSignInActivity (tokens for a user) and applicationAuthenticationClientSignInActivity (app-only tokens); ' +
        '`$orderby` the same. The two resource activities and lastSignInRequestId are null.',
      listQuery: listOptions, status: [200, 400, 403],
    },
    async ({ ctx, listQuery }) => {
      const rows = await applyListQuery(activities(deps.db).select(columns), listQuery, fields, deps.engine).execute();
      const count = listQuery.count
        ? countValue(await countQuery(activities(deps.db), listQuery, fields, deps.engine).executeTakeFirst())
        : undefined;
      return collectionBody(ctx, deps, listQuery, fragment, rows.map(toActivity), count);
    },
  );

  defineRoute(
    router,
    {
      method: 'GET', path: `${path}/:id`, summary: 'Get servicePrincipalSignInActivity', tags, auth,
      description: "One service principal's last token, by the service principal's object id; 404 when it never got one.",
      params: servicePrincipalKey, query: entityQuery, status: [200, 400, 403, 404],
    },
    async ({ params, query }) => {
      const row = await activities(deps.db).select(columns)
        .where('service_principals.id', '=', params.id.toLowerCase()).executeTakeFirst();
      if (!row) throw notFound(params.id);
      return entityBody(deps, fragment, toActivity(row), entitySelect(query, fields, entityType, selectable));
    },
  );
}
