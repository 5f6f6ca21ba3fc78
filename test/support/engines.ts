/**
 * Which storage engines a test run covers, and a fresh, isolated database on each.
 *
 * SQLite always runs. PostgreSQL runs when `LIMEN_TEST_DATABASE_URL` names a server we may create
 * databases on (scripts/test-all.sh starts a throwaway one); every test gets its own database, so
 * test files can run in parallel against one server.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Engine, type Store } from '../../src/store/index.ts';

const adminUrlVariable = 'LIMEN_TEST_DATABASE_URL';
let warned = false;

/** 'sqlite', plus 'postgres' when a test server is configured. CI must never skip PostgreSQL. */
export function testEngines(): Engine[] {
  if (process.env[adminUrlVariable]) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true') {
    throw new Error(`${adminUrlVariable} is not set on CI; PostgreSQL tests must not be skipped`);
  }
  if (!warned) {
    warned = true;
    process.stderr.write(
      `warning: ${adminUrlVariable} is not set, PostgreSQL tests are not run (use scripts/test-all.sh)\n`,
    );
  }
  return ['sqlite'];
}

export interface FreshDatabase {
  /** A postgres:// URL to a database of its own, or undefined for SQLite under `dataDir`. */
  databaseUrl: string | undefined;
  /** An empty temporary folder, removed by `cleanup`. */
  dataDir: string;
  /** Drops the database and removes `dataDir`. Close every store on it first. */
  cleanup(): Promise<void>;
}

/** A fresh, empty database and data folder, without opening a store (for whole-server tests). */
export async function freshDatabaseOptions(engine: Engine): Promise<FreshDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'limen-test-'));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  if (engine === 'sqlite') return { databaseUrl: undefined, dataDir, cleanup: removeDir };

  const adminUrl = process.env[adminUrlVariable];
  if (!adminUrl) throw new Error(`${adminUrlVariable} is not set`);
  // Hex only, so the name is safe inside the double quotes below.
  const name = `limen_t_${randomBytes(8).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    async cleanup() {
      await withAdmin(adminUrl, async (c) => {
        // pg's Pool.end() resolves before its connections have closed. Wait for them, so FORCE
        // (PostgreSQL 13+) only ends connections a failed test really left open: ending one that
        // is closing surfaces as an uncaught error in whichever test runs next.
        for (let waited = 0; waited < 5000; waited += 20) {
          const { rows } = await c.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
      await removeDir();
    },
  };
}

export interface FreshStore extends FreshDatabase {
  /** Open and migrated. */
  store: Store;
  /** Closes the store, then drops the database and removes `dataDir`. */
  cleanup(): Promise<void>;
}

/** A migrated store on a fresh database of the given engine. */
export async function freshStore(engine: Engine): Promise<FreshStore> {
  const options = await freshDatabaseOptions(engine);
  const store = openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    await options.cleanup();
    throw error;
  }
  return {
    ...options,
    store,
    async cleanup() {
      await store.close();
      await options.cleanup();
    },
  };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
