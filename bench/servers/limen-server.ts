/**
 * Limen as a user runs it: SQLite in a fresh data folder, sign-in logging on, one client holding
 * an app role on the management API. Prints one JSON line `{url, clientId, clientSecret, scope, rss}`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapAdminService } from '../../src/admin/bootstrap-admin.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startLimen } from '../../src/limen.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'limen-bench-'));
const config = loadConfig({}, { port: 0, host: '127.0.0.1', publicUrl: 'http://127.0.0.1:0', dataDir, databaseUrl: undefined });
const limen = await startLimen(config);
const client = await bootstrapAdminService(limen.store.db, limen.url, 'bench');
await new Promise((r) => setTimeout(r, 1000));
globalThis.gc?.();
process.stdout.write(`${JSON.stringify({ url: limen.url, clientId: client.clientId, clientSecret: client.clientSecret, scope: client.scope, tokenPath: new URL(client.tokenEndpoint).pathname, rss: process.memoryUsage().rss })}\n`);
process.on('SIGTERM', () => void limen.close().then(() => process.exit(0)));
