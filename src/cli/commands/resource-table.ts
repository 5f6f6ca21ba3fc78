/** What the resource commands know without loading any client code (main and docs use it). */
/** The directory resources the CLI manages, with Graph's paths and the columns a table shows. */
export const resources = {
  users: { path: '/users', columns: ['id', 'userPrincipalName', 'displayName', 'accountEnabled', 'department'], writable: true },
  groups: { path: '/groups', columns: ['id', 'displayName', 'description', 'securityEnabled'], writable: true },
  apps: { path: '/applications', columns: ['id', 'appId', 'displayName', 'createdDateTime'], writable: true },
  sp: { path: '/servicePrincipals', columns: ['id', 'appId', 'displayName', 'accountEnabled'], writable: true },
  signins: {
    path: '/auditLogs/signIns',
    columns: ['createdDateTime', 'userPrincipalName', 'appDisplayName', 'ipAddress', 'errorCode'],
    writable: false,
  },
  audit: {
    path: '/auditLogs/directoryAudits',
    columns: ['activityDateTime', 'activityDisplayName', 'initiatedBy', 'result'],
    writable: false,
  },
} as const;
export type ResourceName = keyof typeof resources;

export const resourceHelp = `Usage: limen <users|groups|apps|sp> list [--filter EXPR] [--top N] [--select a,b] [--json]
       limen <users|groups|apps|sp> get ID [--json]
       limen <users|groups|apps|sp> create --data JSON [--json]
       limen <users|groups|apps|sp> update ID --data JSON
       limen <users|groups|apps|sp> delete ID
       limen signins list [--filter EXPR] [--top N] [--json]
       limen audit list [--filter EXPR] [--top N] [--json]

--filter takes OData as Graph does, e.g. "startswith(displayName,'A')" or "status/errorCode ne 0".
--data takes the Graph JSON body, e.g. '{"accountEnabled":true,"displayName":"Ada","userPrincipalName":"ada@example.org"}'.
Signs in with the session from 'limen login', or LIMEN_CLIENT_ID/LIMEN_CLIENT_SECRET (with LIMEN_SERVER).`;

