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
  // Kysely prepares every query anew; preparing costs more than running the small indexed
  // queries Limen makes on hot paths, so prepared statements are kept per SQL text. The set of
  // distinct texts is bounded by the code (values are always bound parameters), but a cap keeps
  // a pathological caller from growing it without end.
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= maxCachedStatements) cache.clear();
        statement = wrapStatement(db.prepare(sql));
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

const maxCachedStatements = 500;

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
