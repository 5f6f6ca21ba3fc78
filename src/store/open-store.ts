import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrationProvider } from './migrations/index.ts';
import { openNodeSqlite } from './node-sqlite-database.ts';
import type { Tables } from './tables.ts';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Tables>;

export interface Store {
  readonly db: Db;
  readonly engine: Engine;
  /** Applies pending migrations; returns the names it applied. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A postgres:// URL, or undefined for the SQLite file `limen.db` under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** PostgreSQL pool size; one process rarely needs more than the default. */
  poolSize?: number;
}

/** pg is loaded only when PostgreSQL is used, so the embedded default does not carry it. */
async function postgresPool(connectionString: string, max: number) {
  const { default: pg } = await import('pg');
  // int8 (bigint) arrives as a string from pg by default; our bigints are epoch seconds, well
  // inside Number's exact range.
  pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  return new pg.Pool({ connectionString, max });
}

export function openStore(options: StoreOptions): Store {
  const engine: Engine = options.databaseUrl ? 'postgres' : 'sqlite';
  const dialect = options.databaseUrl
    ? new PostgresDialect({ pool: () => postgresPool(options.databaseUrl!, options.poolSize ?? 10) })
    : new SqliteDialect({
        database: () => {
          mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
          return Promise.resolve(openNodeSqlite(join(options.dataDir, 'limen.db')));
        },
      });
  const db = new Kysely<Tables>({ dialect });
  return {
    db,
    engine,
    async migrate() {
      const migrator = new Migrator({ db, provider: migrationProvider });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error;
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    close: () => db.destroy(),
  };
}
