/**
 * Reads for `/v1.0/auditLogs/signIns` and `/v1.0/auditLogs/directoryAudits`. Filters here are a
 * plain object; the OData layer (src/odata) plugs in `$filter` through the field maps below, which
 * name every Graph property that has a column of its own. Everything else lives only in `data`.
 */
import { timeOrderedIdFloor } from './time-ordered-id.ts';
import type { SelectQueryBuilder } from 'kysely';
import type { Db, DirectoryAuditRow, SignInRow, Tables } from '../store/index.ts';
import { toGraphDirectoryAudit, type DirectoryAudit } from './directory-audit.ts';
import { toGraphSignIn, type SignIn } from './sign-in.ts';

/** Edm types of the mapped properties, as Graph's metadata declares them. */
export type LogFieldType = 'String' | 'Guid' | 'Int32' | 'DateTimeOffset';

export interface LogField<Column extends string> {
  column: Column;
  type: LogFieldType;
}

/** Graph signIn property (OData path) -> `sign_ins` column. */
export const signInFields = {
  id: { column: 'id', type: 'String' },
  createdDateTime: { column: 'created_date_time', type: 'DateTimeOffset' },
  userId: { column: 'user_id', type: 'String' },
  appId: { column: 'app_id', type: 'String' },
  correlationId: { column: 'correlation_id', type: 'String' },
  'status/errorCode': { column: 'error_code', type: 'Int32' },
} as const satisfies Record<string, LogField<keyof SignInRow & string>>;

/**
 * Graph directoryAudit property (OData path) -> `directory_audits` column. `initiated_by_id` holds
 * the initiating user's id, or the app's service principal id; object ids are unique across the
 * directory, so one column answers both paths.
 */
export const directoryAuditFields = {
  id: { column: 'id', type: 'String' },
  activityDateTime: { column: 'activity_date_time', type: 'DateTimeOffset' },
  category: { column: 'category', type: 'String' },
  activityDisplayName: { column: 'activity_display_name', type: 'String' },
  result: { column: 'result', type: 'String' },
  'initiatedBy/user/id': { column: 'initiated_by_id', type: 'String' },
  'initiatedBy/app/servicePrincipalId': { column: 'initiated_by_id', type: 'String' },
} as const satisfies Record<string, LogField<keyof DirectoryAuditRow & string>>;

export interface LogPageQuery {
  top: number;
  skip: number;
  /** Newest first, as Graph lists both logs. @default true */
  orderDesc?: boolean;
}

/** Time bounds are ISO 8601 UTC: `from` inclusive, `to` exclusive. */
export interface TimeRange {
  from?: string;
  to?: string;
}

export interface SignInQuery extends LogPageQuery {
  where?: TimeRange & { userId?: string; appId?: string; errorCode?: number };
}

export interface DirectoryAuditQuery extends LogPageQuery {
  where?: TimeRange & { category?: string; activityDisplayName?: string; initiatedById?: string };
}

export interface LogPage<T> {
  value: T[];
  /** More rows exist past this page (the API turns it into `@odata.nextLink`). */
  hasMore: boolean;
}

export async function listSignIns(db: Db, q: SignInQuery): Promise<LogPage<SignIn>> {
  const w = q.where ?? {};
  const dir = q.orderDesc === false ? 'asc' : 'desc';
  let query = db.selectFrom('sign_ins').select('data');
  if (w.userId !== undefined) query = query.where('user_id', '=', w.userId);
  if (w.appId !== undefined) query = query.where('app_id', '=', w.appId);
  if (w.errorCode !== undefined) query = query.where('error_code', '=', w.errorCode);
  if (w.from !== undefined) query = query.where('created_date_time', '>=', w.from);
  if (w.to !== undefined) query = query.where('created_date_time', '<', w.to);
  // id breaks ties between events of the same millisecond, so pages never overlap.
  const rows = await query.orderBy('created_date_time', dir).orderBy('id', dir)
    .limit(checkedTop(q) + 1).offset(checkedSkip(q)).execute();
  return page(rows.map(toGraphSignIn), q.top);
}

/**
 * Every sign-in from `from` (inclusive) to `to` (exclusive), for replaying history, read in
 * batches by keyset on the primary key: ids are RFC 9562 v7 UUIDs (time first), so the scan
 * starts at the first id of `from` and walks the index in order, each batch where the last ended,
 * with flat memory over millions of rows. Rows written by a process whose clock was a little off
 * are still found: the scan starts and stops a minute wide and filters on the recorded time.
 */
export async function* signInsBetween(db: Db, from: string, to: string, batch = 2000): AsyncGenerator<SignIn> {
  const skewMs = 60_000;
  let after = timeOrderedIdFloor(new Date(Date.parse(from) - skewMs));
  const stop = timeOrderedIdFloor(new Date(Date.parse(to) + skewMs));
  for (;;) {
    const rows = await db.selectFrom('sign_ins').select(['id', 'created_date_time', 'data'])
      .where('id', '>', after).where('id', '<', stop).orderBy('id').limit(batch).execute();
    for (const row of rows) if (row.created_date_time >= from && row.created_date_time < to) yield toGraphSignIn(row);
    if (rows.length < batch) return;
    after = rows.at(-1)!.id;
  }
}

export async function getSignIn(db: Db, id: string): Promise<SignIn | undefined> {
  const row = await db.selectFrom('sign_ins').select('data').where('id', '=', id).executeTakeFirst();
  return row && toGraphSignIn(row);
}

export async function listDirectoryAudits(db: Db, q: DirectoryAuditQuery): Promise<LogPage<DirectoryAudit>> {
  const w = q.where ?? {};
  let query = db.selectFrom('directory_audits').select('data');
  if (w.category !== undefined) query = query.where('category', '=', w.category);
  if (w.activityDisplayName !== undefined) {
    query = query.where('activity_display_name', '=', w.activityDisplayName);
  }
  if (w.initiatedById !== undefined) query = query.where('initiated_by_id', '=', w.initiatedById);
  if (w.from !== undefined) query = query.where('activity_date_time', '>=', w.from);
  if (w.to !== undefined) query = query.where('activity_date_time', '<', w.to);
  // seq is the commit order of the chain: the truest "newest first" across processes.
  const rows = await query.orderBy('seq', q.orderDesc === false ? 'asc' : 'desc')
    .limit(checkedTop(q) + 1).offset(checkedSkip(q)).execute();
  return page(rows.map(toGraphDirectoryAudit), q.top);
}

export async function getDirectoryAudit(db: Db, id: string): Promise<DirectoryAudit | undefined> {
  const row = await db.selectFrom('directory_audits').select('data').where('id', '=', id).executeTakeFirst();
  return row && toGraphDirectoryAudit(row);
}

function checkedTop(q: LogPageQuery): number {
  if (!Number.isInteger(q.top) || q.top < 1) throw new RangeError(`top must be a positive integer, got ${q.top}`);
  return q.top;
}

function checkedSkip(q: LogPageQuery): number {
  if (!Number.isInteger(q.skip) || q.skip < 0) throw new RangeError(`skip must be a non-negative integer, got ${q.skip}`);
  return q.skip;
}

function page<T>(items: T[], top: number): LogPage<T> {
  return { value: items.slice(0, top), hasMore: items.length > top };
}

/**
 * Hooks for the API's OData layer (`$filter`, `$orderby`, paging compiled through the field maps
 * above, src/api/routes): the caller refines the select, the logs keep their tables and their
 * default order. `newestFirst` puts the default order (newest first, as Graph lists both logs)
 * ahead of whatever the refinement adds; pass false when the request has its own `$orderby`.
 */
export type SignInSelect = SelectQueryBuilder<Tables, 'sign_ins', Pick<SignInRow, 'data'>>;
export type DirectoryAuditSelect =
  SelectQueryBuilder<Tables, 'directory_audits', Pick<DirectoryAuditRow, 'data'>>;
/** A filter-only refinement, for counts. */
export type LogFilter<T extends 'sign_ins' | 'directory_audits'> = (
  q: SelectQueryBuilder<Tables, T, object>,
) => SelectQueryBuilder<Tables, T, object>;

export async function querySignIns(
  db: Db,
  refine: (q: SignInSelect) => SignInSelect,
  options: { newestFirst: boolean },
): Promise<SignIn[]> {
  let query: SignInSelect = db.selectFrom('sign_ins').select('data');
  // id breaks ties between events of the same millisecond, so pages never overlap.
  if (options.newestFirst) {
    query = query.orderBy('created_date_time', 'desc').orderBy('id', 'desc');
  }
  return (await refine(query).execute()).map(toGraphSignIn);
}

export async function countSignIns(db: Db, filter: LogFilter<'sign_ins'>): Promise<number> {
  const row = await filter(db.selectFrom('sign_ins'))
    .select((e) => e.fn.countAll().as('count')).executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function queryDirectoryAudits(
  db: Db,
  refine: (q: DirectoryAuditSelect) => DirectoryAuditSelect,
  options: { newestFirst: boolean },
): Promise<DirectoryAudit[]> {
  let query: DirectoryAuditSelect = db.selectFrom('directory_audits').select('data');
  // seq is the commit order of the chain: the truest "newest first" across processes.
  if (options.newestFirst) query = query.orderBy('seq', 'desc');
  return (await refine(query).execute()).map(toGraphDirectoryAudit);
}

export async function countDirectoryAudits(
  db: Db,
  filter: LogFilter<'directory_audits'>,
): Promise<number> {
  const row = await filter(db.selectFrom('directory_audits'))
    .select((e) => e.fn.countAll().as('count')).executeTakeFirst();
  return Number(row?.count ?? 0);
}
