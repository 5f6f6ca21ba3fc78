import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Fits Node's built-in `node:sqlite` to Kysely's SQLite dialect, so the embedded default needs no
 * native addon and no install script. Kysely asks for `reader` to know whether a statement returns
 * rows; node:sqlite answers that through `columns()`.
 */
export function openNodeSqlite(filename: string): SqliteDatabase {
  const db = new DatabaseSync(filename);
  // WAL lets readers proceed during a write; busy_timeout waits out a concurrent CLI write
  // instead of failing with SQLITE_BUSY.
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA foreign_keys = ON');
  return {
    close: () => db.close(),
    prepare: (sql: string) => wrapStatement(db.prepare(sql)),
  };
}

function wrapStatement(statement: StatementSync): SqliteStatement {
  const reader = statement.columns().length > 0;
  return {
    reader,
    all: (parameters) => statement.all(...bind(parameters)),
    run: (parameters) => {
      const { changes, lastInsertRowid } = statement.run(...bind(parameters));
      return { changes, lastInsertRowid };
    },
    iterate: (parameters) => statement.iterate(...bind(parameters)),
  };
}

/** node:sqlite binds no booleans or undefined; SQLite stores booleans as 0 and 1 anyway. */
function bind(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  return parameters.map((p) => {
    if (p === undefined) return null;
    if (typeof p === 'boolean') return p ? 1 : 0;
    return p as SQLInputValue;
  });
}
