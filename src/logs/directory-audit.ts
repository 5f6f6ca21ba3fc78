/**
 * Graph's directoryAudit resource, and how it maps to the `directory_audits` columns.
 * @see https://learn.microsoft.com/graph/api/resources/directoryaudit (v1.0)
 */
import type { DirectoryAuditRow } from '../store/index.ts';

/** Graph `userIdentity`, as found under `initiatedBy.user`. */
export interface AuditUserIdentity {
  id: string;
  displayName: string | null;
  ipAddress: string | null;
  userPrincipalName: string;
}

/** Graph `appIdentity`, as found under `initiatedBy.app`. */
export interface AuditAppIdentity {
  appId: string;
  displayName: string;
  servicePrincipalId: string;
  servicePrincipalName: string;
}

export interface ModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

/** Graph `targetResource`. */
export interface TargetResource {
  id: string;
  displayName: string | null;
  type: string;
  userPrincipalName: string | null;
  groupType: string | null;
  modifiedProperties: ModifiedProperty[];
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface DirectoryAudit {
  id: string;
  category: string;
  correlationId: string;
  /** Graph's operationResult also has `timeout`; Limen's changes either commit or do not. */
  result: 'success' | 'failure';
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: { user: AuditUserIdentity | null; app: AuditAppIdentity | null };
  targetResources: TargetResource[];
  additionalDetails: KeyValue[];
}

/**
 * The indexed columns, all derived from the Graph object. The verifier recomputes them from `data`
 * too, because an edit to a column alone would change what a filtered query returns.
 */
export function auditColumns(audit: DirectoryAudit): Omit<DirectoryAuditRow, 'seq' | 'data' | 'prev_hash' | 'hash'> {
  return {
    id: audit.id,
    activity_date_time: audit.activityDateTime,
    category: audit.category,
    activity_display_name: audit.activityDisplayName,
    result: audit.result,
    // Who did it: a user's object id, else the calling app's service principal (object) id.
    initiated_by_id: audit.initiatedBy.user?.id ?? audit.initiatedBy.app?.servicePrincipalId ?? null,
  };
}

export function toGraphDirectoryAudit(row: Pick<DirectoryAuditRow, 'data'>): DirectoryAudit {
  return JSON.parse(row.data) as DirectoryAudit;
}
