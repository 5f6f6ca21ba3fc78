/**
 * How the CLI talks: tables for people, one JSON document for scripts (`--json`), errors on
 * stderr, and exit codes scripts can rely on.
 */
export const exitCodes = {
  ok: 0,
  /** Anything unexpected: a bug, an unreachable server. */
  failure: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** The object asked for does not exist. */
  notFound: 3,
  /** Not signed in, or not allowed. */
  denied: 4,
  /** A check found a problem (e.g. `audit verify` found tampering). */
  checkFailed: 5,
} as const;

export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode: number = exitCodes.failure) {
    super(message);
    this.exitCode = exitCode;
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain aligned table; cells are cut at 48 characters so rows stay on one line. */
export function printTable(rows: Array<Record<string, unknown>>, columns: string[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return s.length > 48 ? `${s.slice(0, 47)}…` : s;
  };
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line(columns.map((c) => cell(r[c])))}\n`);
}

/** Key: value lines for one object. */
export function printObject(obj: Record<string, unknown>): void {
  const keys = Object.keys(obj).filter((k) => obj[k] !== null && obj[k] !== undefined);
  const width = Math.max(...keys.map((k) => k.length));
  for (const k of keys) {
    const v = obj[k];
    process.stdout.write(`${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : String(v)}\n`);
  }
}
