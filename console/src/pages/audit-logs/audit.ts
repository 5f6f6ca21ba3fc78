/** Graph's directoryAudit, as /auditLogs/directoryAudits returns it (src/logs/directory-audit.ts). */
export interface ModifiedProperty { displayName: string; oldValue: string | null; newValue: string | null }

export interface TargetResource {
  id: string;
  displayName: string | null;
  type: string;
  userPrincipalName: string | null;
  groupType: string | null;
  modifiedProperties: ModifiedProperty[];
}

export interface DirectoryAudit {
  id: string;
  category: string;
  correlationId: string;
  result: 'success' | 'failure';
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: {
    user: { id: string; displayName: string | null; ipAddress: string | null; userPrincipalName: string } | null;
    app: { appId: string; displayName: string; servicePrincipalId: string; servicePrincipalName: string } | null;
  };
  targetResources: TargetResource[];
  additionalDetails: Array<{ key: string; value: string }>;
}

/** Who made the change, in one line. */
export function initiator(a: Pick<DirectoryAudit, 'initiatedBy'>): string {
  const { user, app } = a.initiatedBy ?? { user: null, app: null };
  if (user) return user.userPrincipalName || user.displayName || user.id;
  if (app) return app.displayName || app.servicePrincipalName || app.appId;
  return 'Limen';
}

/** A modified property's value (JSON text in Graph) pretty-printed; other text as it is. */
export function prettyValue(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}
