/**
 * Limen's OIDC face on a real HTTP server, wired the way the lead's server does it: store,
 * migrations, tenant, directory, createOidc, and a node:http server routing by path prefix
 * (`/interaction/` to the sign-in pages, everything else to the provider). Sign-in events go to
 * the real SignInLog and are also kept in memory for assertions.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LockoutOptions } from '../../src/authn/index.ts';
import { loadConfig, type LimenConfig } from '../../src/config/index.ts';
import { createDirectory, ensureTenant, type Directory } from '../../src/directory/index.ts';
import { recordAudit, SignInLog, type SignIn, type SignInInput } from '../../src/logs/index.ts';
import { createOidc, type Oidc } from '../../src/oidc/index.ts';
import { openStore, type Engine, type Store } from '../../src/store/index.ts';
import { freshDatabaseOptions, type FreshDatabase } from '../support/engines.ts';

export interface Harness {
  engine: Engine;
  url: string;
  store: Store;
  directory: Directory;
  tenantId: string;
  oidc: Oidc;
  signIns: SignIn[];
  database: FreshDatabase;
  /**
   * Changes the directory as Limen's API does: in one transaction with an audit record, which
   * is what tells every process's directory cache that the directory changed.
   */
  audited<T>(change: (directory: Directory) => Promise<T>): Promise<T>;
  /** Stops the server and the OIDC timers, keeps the database, starts again on the same port. */
  restart(): Promise<void>;
  /** Stops everything and drops the database. */
  close(): Promise<void>;
}

interface Running {
  server: Server;
  oidc: Oidc;
  log: SignInLog;
}

export interface HarnessOptions {
  accessTokenTtlSeconds?: number;
  keyReloadSeconds?: number;
  lockout?: Partial<LockoutOptions>;
  /** Believe X-Forwarded-For on the sign-in pages, so a test can sign in "from" other IPs. */
  trustProxy?: boolean;
  /** Other settings, as the environment would give them. */
  config?: Partial<LimenConfig>;
}

export async function startHarness(engine: Engine, options: HarnessOptions = {}): Promise<Harness> {
  const database = await freshDatabaseOptions(engine);
  const store = openStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  await store.migrate();
  const { tenant } = await ensureTenant(store.db);
  const directory = createDirectory(store.db);
  const signIns: SignIn[] = [];

  async function start(port: number): Promise<Running & { port: number }> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const actual = (server.address() as AddressInfo).port;
    const config = loadConfig({}, {
      publicUrl: `http://127.0.0.1:${actual}`,
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
      ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
      ...options.config,
    });
    const log = new SignInLog(store.db, { flushMs: 20 });
    const recorder = {
      record(event: SignInInput) {
        const signIn = log.record(event);
        signIns.push(signIn);
        return signIn;
      },
    };
    const oidc = await createOidc({ config, db: store.db, tenantId: tenant.id, signIns: recorder, keyReloadSeconds: options.keyReloadSeconds, lockout: options.lockout });
    if (options.trustProxy) oidc.interactions.proxy = true;
    const provider = oidc.callback();
    const interactions = oidc.interactions.callback();
    server.on('request', (req, res) => (req.url?.startsWith('/interaction/') ? interactions(req, res) : provider(req, res)));
    return { server, oidc, log, port: actual };
  }

  async function stop(running: Running): Promise<void> {
    running.server.closeAllConnections();
    await new Promise<void>((resolve) => running.server.close(() => resolve()));
    await running.oidc.close();
    await running.log.close();
  }

  let running = await start(0);
  const harness: Harness = {
    audited: (change) => store.db.transaction().execute(async (trx) => {
      const result = await change(createDirectory(trx));
      await recordAudit(trx, { category: 'Test', activityDisplayName: 'Test change', initiatedBy: {}, targetResources: [] });
      return result;
    }),
    engine,
    url: `http://127.0.0.1:${running.port}`,
    store,
    directory,
    tenantId: tenant.id,
    oidc: running.oidc,
    signIns,
    database,
    async restart() {
      await stop(running);
      running = await start(running.port);
      harness.oidc = running.oidc;
    },
    async close() {
      await stop(running);
      await store.close();
      await database.cleanup();
    },
  };
  return harness;
}
