/**
 * The directory audit log: one Graph directoryAudit per directory change, written in the same
 * transaction as the change (no change without its record, no record without its change), and
 * hash-chained so that an edited, deleted or truncated record shows up in `verifyAuditChain`.
 *
 * Chain: record n carries `seq = n`, `prev_hash` = hash of record n-1 (64 zeros for the first) and
 * `hash = sha256(prev_hash + canonicalJson({ seq, record }))`. The head (last seq and hash) is
 * also kept in `settings` under `audit.head`, written in the same transaction, because a chain
 * alone cannot show that its last records were deleted.
 *
 * What this does not do: someone who can write the database and knows this scheme can rebuild the
 * whole chain and head. Anchor `readAuditHead` somewhere else (a ticket, a log shipper) to catch that.
 */
import { createHash, randomUUID } from 'node:crypto';
import { PostgresIntrospector, sql } from 'kysely';
import type { Db } from '../store/index.ts';
import { canonicalJson } from './canonical-json.ts';
import { auditColumns, type DirectoryAudit } from './directory-audit.ts';

export interface AuditEntry {
  /** Graph category, e.g. `UserManagement`, `GroupManagement`, `ApplicationManagement`, `RoleManagement`. */
  category: string;
  /** Entra's activity name, e.g. `Add user`, `Add member to group`. */
  activityDisplayName: string;
  /** Defaults from the first word of activityDisplayName when it is one of the five, else `Update`. */
  operationType?: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign' | (string & {});
  /** @default 'success' */
  result?: 'success' | 'failure';
  resultReason?: string;
  /** A user, an app, or neither for Limen itself (bootstrap, scheduled jobs). */
  initiatedBy: {
    user?: { id: string; userPrincipalName: string; displayName?: string; ipAddress?: string };
    app?: { appId: string; displayName: string; servicePrincipalId: string };
  };
  targetResources: Array<{
    id: string;
    displayName?: string | null;
    type: string;
    userPrincipalName?: string | null;
    modifiedProperties?: Array<{ displayName: string; oldValue: string | null; newValue: string | null }>;
  }>;
  additionalDetails?: Array<{ key: string; value: string }>;
  /** Ties the record to the request that caused it; a new GUID when absent. */
  correlationId?: string;
  /** @default 'Core Directory' (what Entra logs for directory object changes) */
  loggedByService?: string;
}

export const AUDIT_HEAD_KEY = 'audit.head';
export const GENESIS_HASH = '0'.repeat(64);
/** Key of the PostgreSQL advisory lock that makes appends a single line ("limen" in ASCII). */
export const AUDIT_CHAIN_LOCK = 0x6c696d656e;

export interface AuditHead {
  seq: number;
  hash: string;
}

const operationTypes = new Set(['Add', 'Update', 'Delete', 'Assign', 'Unassign']);

/**
 * Takes, early, the lock an audited write takes anyway when it appends its record: a write that
 * counts before it inserts (a limit of 195 policies) then cannot race another process's.
 */
export async function serialiseAuditedWrites(trx: Db): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`.execute(trx);
}

/**
 * Appends one audit record. Call it with the transaction that makes the change, so both commit or
 * neither does; it throws outside a transaction.
 */
export async function recordAudit(trx: Db, entry: AuditEntry): Promise<DirectoryAudit> {
  if (!trx.isTransaction) {
    throw new Error('recordAudit must run inside the transaction that makes the change');
  }
  // PostgreSQL: processes append one at a time. The lock is held until our transaction ends, and
  // under READ COMMITTED the head read below then sees the previous holder's commit.
  // SQLite: one connection per process serialises; another process's concurrent append fails with
  // SQLITE_BUSY instead of forking. On both, the seq primary key refuses a second record n.
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`.execute(trx);

  const tip = await readChainTip(trx);
  const seq = tip.seq + 1;
  const audit = toDirectoryAudit(entry);
  const hash = chainHash(tip.hash, seq, audit);
  await trx
    .insertInto('directory_audits')
    .values({ seq, ...auditColumns(audit), data: canonicalJson(audit), prev_hash: tip.hash, hash })
    .execute();
  const head = JSON.stringify({ seq, hash } satisfies AuditHead);
  await trx
    .insertInto('settings')
    .values({ key: AUDIT_HEAD_KEY, value: head })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: head }))
    .execute();
  return audit;
}

export function chainHash(prevHash: string, seq: number, record: DirectoryAudit): string {
  return createHash('sha256').update(prevHash).update(canonicalJson({ seq, record })).digest('hex');
}

/** The head as last written by recordAudit, or undefined before the first record. */
export async function readAuditHead(db: Db): Promise<AuditHead | undefined> {
  return auditHeadReader(db)();
}

/**
 * `readAuditHead` for hot paths (the directory version, read by the token endpoint): the query is
 * compiled once here instead of being built and compiled by Kysely on every call.
 */
export function auditHeadReader(db: Db): () => Promise<AuditHead | undefined> {
  const query = db.selectFrom('settings').select('value').where('key', '=', AUDIT_HEAD_KEY).compile();
  return async () => {
    const [row] = (await db.executeQuery(query)).rows;
    return row ? (JSON.parse(row.value) as AuditHead) : undefined;
  };
}

/**
 * Where the next record attaches. Normally head and last row agree. When the last rows were
 * deleted the head is ahead, and attaching to it keeps the gap visible to the verifier forever.
 */
async function readChainTip(db: Db): Promise<AuditHead> {
  const head = await readAuditHead(db);
  const last = await db.selectFrom('directory_audits').select(['seq', 'hash'])
    .orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (head && (!last || head.seq >= last.seq)) return head;
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

function toDirectoryAudit(entry: AuditEntry): DirectoryAudit {
  const { user, app } = entry.initiatedBy;
  const firstWord = entry.activityDisplayName.split(' ')[0] ?? '';
  return {
    id: randomUUID(),
    category: entry.category,
    correlationId: entry.correlationId ?? randomUUID(),
    result: entry.result ?? 'success',
    resultReason: entry.resultReason ?? '',
    activityDisplayName: entry.activityDisplayName,
    activityDateTime: new Date().toISOString(),
    loggedByService: entry.loggedByService ?? 'Core Directory',
    operationType: entry.operationType ?? (operationTypes.has(firstWord) ? firstWord : 'Update'),
    initiatedBy: {
      user: user
        ? {
            id: user.id,
            displayName: user.displayName ?? null,
            ipAddress: user.ipAddress ?? null,
            userPrincipalName: user.userPrincipalName,
          }
        : null,
      app: app
        ? {
            appId: app.appId,
            displayName: app.displayName,
            servicePrincipalId: app.servicePrincipalId,
            // Graph: "the application name in the tenant", the same name as displayName.
            servicePrincipalName: app.displayName,
          }
        : null,
    },
    targetResources: entry.targetResources.map((t) => ({
      id: t.id,
      displayName: t.displayName ?? null,
      type: t.type,
      userPrincipalName: t.userPrincipalName ?? null,
      groupType: null,
      modifiedProperties: t.modifiedProperties ?? [],
    })),
    additionalDetails: entry.additionalDetails ?? [],
  };
}

/** The engine, through Kysely's public surface: each dialect brings its own introspector. */
function isPostgres(db: Db): boolean {
  return db.introspection instanceof PostgresIntrospector;
}
