import { createDirectory, type Directory } from '../../directory/index.ts';
import { recordAudit, type AuditEntry, type ModifiedProperty } from '../../logs/index.ts';
import type { Db } from '../../store/index.ts';
import type { ApiContext } from '../api-state.ts';
import type { Caller } from '../authorization.ts';
import type { GraphDeps } from './graph-deps.ts';

/** What a route says about its change; who did it and the correlation id are filled in here. */
export type AuditRecord = Omit<AuditEntry, 'initiatedBy' | 'correlationId'>;
export type AuditTarget = AuditEntry['targetResources'][number];

/**
 * Who made the change, as Entra writes `initiatedBy`: a user by id and userPrincipalName, or an
 * app by appId, display name and service principal id
 * (https://learn.microsoft.com/graph/api/resources/auditactivityinitiator).
 */
export async function initiatorOf(
  dir: Directory,
  caller: Caller,
  ipAddress?: string,
): Promise<AuditEntry['initiatedBy']> {
  if (caller.kind === 'user') {
    const user = await dir.users.get(caller.id);
    return {
      user: {
        id: caller.id,
        userPrincipalName: user?.userPrincipalName ?? '',
        ...(user ? { displayName: user.displayName } : {}),
        ...(ipAddress ? { ipAddress } : {}),
      },
    };
  }
  const servicePrincipal = await dir.servicePrincipals.get(caller.id);
  return {
    app: {
      appId: caller.appId || (servicePrincipal?.appId ?? ''),
      displayName: servicePrincipal?.displayName ?? '',
      servicePrincipalId: caller.id,
    },
  };
}

/**
 * Entra's modifiedProperties: PascalCase names, values as JSON text of an array (`"[\"Sales\"]"`,
 * `"[]"` for none). An update also lists the changed names under "Included Updated Properties",
 * as Entra's "Update user" records do. `before` is undefined for a new object.
 */
export function modifiedProperties(
  before: object | undefined,
  after: object,
  options: { omit?: readonly string[] } = {},
): ModifiedProperty[] {
  const omit = new Set(options.omit ?? []);
  const changed: ModifiedProperty[] = [];
  for (const [key, value] of Object.entries(after)) {
    if (omit.has(key) || key.startsWith('@odata.')) continue;
    const old = (before as Record<string, unknown> | undefined)?.[key];
    if (before ? sameValue(old, value) : isEmpty(value)) continue;
    changed.push({
      displayName: pascalCase(key),
      oldValue: before ? auditValue(old) : '[]',
      newValue: auditValue(value),
    });
  }
  if (before && changed.length > 0) {
    changed.push({
      displayName: 'Included Updated Properties',
      oldValue: null,
      newValue: JSON.stringify(changed.map((p) => p.displayName).join(', ')),
    });
  }
  return changed;
}

/** A value as Entra writes it in an audit record: JSON text of an array. */
export function auditValue(value: unknown): string {
  if (value === null || value === undefined) return '[]';
  return JSON.stringify(Array.isArray(value) ? value : [value]);
}

const pascalCase = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const isEmpty = (value: unknown) =>
  value === null || value === undefined || (Array.isArray(value) && value.length === 0);
const sameValue = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Old and new value of a link added (`[] → [value]`) or removed (`[value] → []`). */
export function linkChange(
  adding: boolean,
  value: unknown,
): { oldValue: string; newValue: string } {
  return adding
    ? { oldValue: '[]', newValue: auditValue(value) }
    : { oldValue: auditValue(value), newValue: '[]' };
}

export interface AuditedChange<T> {
  result: T;
  /** One record per change, several when Graph's single call is several Entra activities. */
  audit: AuditRecord | AuditRecord[];
  /**
   * Checked after the audit record is written, i.e. after recordAudit has taken the audit
   * chain's lock: on PostgreSQL (READ COMMITTED) it then sees every concurrent change that
   * committed first, so an invariant such as "one Global Administrator remains" cannot be
   * broken by two requests racing. Throwing rolls the change and its record back.
   */
  recheck?: (dir: Directory) => Promise<void>;
}

/**
 * Runs a directory change and its audit record in one transaction: both commit or neither does
 * (src/logs recordAudit). The record's correlationId is the request id, so an administrator
 * can tie the API response to the audit entry.
 */
export async function auditedWrite<T>(
  deps: GraphDeps,
  request: { caller: Caller; ctx: ApiContext },
  change: (dir: Directory, trx: Db) => Promise<AuditedChange<T>>,
): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    const dir = createDirectory(trx);
    // Read first: the change may remove the initiator itself (a user deleting their account).
    const initiatedBy = await initiatorOf(dir, request.caller, request.ctx.ip);
    const { result, audit, recheck } = await change(dir, trx);
    for (const record of Array.isArray(audit) ? audit : [audit]) {
      const correlationId = request.ctx.state.requestId;
      await recordAudit(trx, { ...record, initiatedBy, correlationId });
    }
    if (recheck) await recheck(dir);
    return result;
  });
}
