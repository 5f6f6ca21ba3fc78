/**
 * Re-walks the audit hash chain (see audit-log.ts) and names every place it does not hold.
 * Reads in pages by seq, so memory stays flat however long the log is.
 */
import type { Db, DirectoryAuditRow } from '../store/index.ts';
import { chainHash, GENESIS_HASH, readAuditHead, type AuditHead } from './audit-log.ts';
import { auditColumns, type DirectoryAudit } from './directory-audit.ts';

export type AuditChainProblemKind =
  /** The record's content, or an indexed column, no longer matches its hash. */
  | 'edited'
  /** Records are missing before this point (a gap in seq). */
  | 'deleted'
  /** The record does not link to the one before it: moved, replaced, or its predecessor rehashed. */
  | 'reordered'
  /** The last records are missing: the chain ends before the recorded head. */
  | 'truncated'
  /** The recorded head is missing, or records exist beyond it (written around recordAudit). */
  | 'head-mismatch';

export interface AuditChainProblem {
  seq: number;
  /** The record's id; null when the record is gone. */
  id: string | null;
  problem: AuditChainProblemKind;
  detail: string;
}

export interface AuditChainReport {
  ok: boolean;
  /** Records examined. */
  checked: number;
  head: AuditHead | undefined;
  problems: AuditChainProblem[];
  /** True when more than `maxProblems` were found and the rest left out. */
  problemsCapped: boolean;
}

export interface VerifyOptions {
  /** Called after each page with the number of records checked so far. */
  onProgress?: (checked: number) => void;
  /** @default 1000 */
  pageSize?: number;
  /** @default 1000 */
  maxProblems?: number;
}

export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<AuditChainReport> {
  const pageSize = options.pageSize ?? 1000;
  const maxProblems = options.maxProblems ?? 1000;
  const problems: AuditChainProblem[] = [];
  let problemsCapped = false;
  const report = (p: AuditChainProblem) => {
    if (problems.length < maxProblems) problems.push(p);
    else problemsCapped = true;
  };

  // Judge the chain up to the head as it is now; records appended while we walk are left for the
  // next run (their head is read again at the end).
  const head = await readAuditHead(db);
  let checked = 0;
  let previous: Pick<DirectoryAuditRow, 'seq' | 'id' | 'hash'> = { seq: 0, id: '', hash: GENESIS_HASH };
  for (;;) {
    let page = db.selectFrom('directory_audits').selectAll()
      .where('seq', '>', previous.seq).orderBy('seq').limit(pageSize);
    if (head) page = page.where('seq', '<=', head.seq);
    const rows = await page.execute();
    for (const row of rows) {
      checkLink(row, previous, report);
      checkContent(row, report);
      previous = row;
    }
    checked += rows.length;
    options.onProgress?.(checked);
    if (rows.length < pageSize) break;
  }

  if (head) {
    if (previous.seq < head.seq) {
      report({
        seq: previous.seq + 1, id: null, problem: 'truncated',
        detail: `records ${previous.seq + 1}–${head.seq} are missing from the end of the log`,
      });
    } else if (previous.hash !== head.hash) {
      report({
        seq: previous.seq, id: previous.id, problem: 'edited',
        detail: 'the last record does not match the recorded head',
      });
    }
    await checkBeyondHead(db, head, report);
  } else if (previous.seq > 0) {
    report({
      seq: previous.seq, id: previous.id, problem: 'head-mismatch',
      detail: 'records exist but the recorded head (settings audit.head) is missing',
    });
  }
  return { ok: problems.length === 0 && !problemsCapped, checked, head, problems, problemsCapped };
}

type Report = (p: AuditChainProblem) => void;

function checkLink(row: DirectoryAuditRow, previous: Pick<DirectoryAuditRow, 'seq' | 'hash'>, report: Report) {
  const expected = previous.seq + 1;
  if (row.seq > expected) {
    const range = row.seq - 1 === expected ? `record ${expected} is` : `records ${expected}–${row.seq - 1} are`;
    report({ seq: expected, id: null, problem: 'deleted', detail: `${range} missing` });
  } else if (row.prev_hash !== previous.hash) {
    report({
      seq: row.seq, id: row.id, problem: 'reordered',
      detail: 'does not link to the record before it (moved, replaced, or the one before was rehashed)',
    });
  }
}

function checkContent(row: DirectoryAuditRow, report: Report) {
  const edited = (detail: string) => report({ seq: row.seq, id: row.id, problem: 'edited', detail });
  let record: DirectoryAudit;
  try {
    record = JSON.parse(row.data) as DirectoryAudit;
  } catch {
    return edited('data is not valid JSON');
  }
  if (chainHash(row.prev_hash, row.seq, record) !== row.hash) return edited('content does not match its hash');
  for (const [column, value] of Object.entries(auditColumns(record))) {
    if (row[column as keyof DirectoryAuditRow] !== value) return edited(`column ${column} differs from the record`);
  }
}

async function checkBeyondHead(db: Db, head: AuditHead, report: Report) {
  const beyond = await db.selectFrom('directory_audits').select((eb) => eb.fn.max('seq').as('seq'))
    .where('seq', '>', head.seq).executeTakeFirst();
  const maxSeq = beyond?.seq;
  if (maxSeq === null || maxSeq === undefined) return;
  // Appended while we walked? Then the head has moved past them.
  const now = await readAuditHead(db);
  if (!now || now.seq < Number(maxSeq)) {
    report({
      seq: (now?.seq ?? head.seq) + 1, id: null, problem: 'head-mismatch',
      detail: `records up to ${maxSeq} lie beyond the recorded head`,
    });
  }
}
