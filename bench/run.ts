/**
 * `npm run bench`: client-credentials grants per second against Limen and against a bare
 * oidc-provider, side by side in the same run on the same machine; then agent tokens beside
 * the client-credentials baseline on one Limen (bench/agent-tokens.ts). Each server runs in its own
 * process as a user runs it (Limen: the built CLI, `limen start`, SQLite, sign-in log on); the
 * load generator (autocannon) runs in this one. Idle RSS is read from /proc after the server has
 * been idle for two seconds. Then the figures of the other bench/ files, last the admin center's first
 * load in Chromium (bench/console-load.ts). Prints Markdown tables for docs/benchmarks.md.
 *
 *   npm run bench                       # 10 s per target, 10 connections
 *   BENCH_SECONDS=30 BENCH_CONNECTIONS=20 npm run bench
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConditionalAccessRepository } from '../src/conditional-access/index.ts';
import { recordAudit } from '../src/logs/index.ts';
import { openStore } from '../src/store/index.ts';
import { caEvaluationFigures, frameworkLocations, frameworkPolicies } from './ca-evaluation.ts';
import { agentTokenFigures, agentTokenTable } from './agent-tokens.ts';
import { caReplayFigures } from './ca-replay.ts';
import { consoleLoadFigures, consoleLoadTable } from './console-load.ts';
import { verificationFigures } from './verifications.ts';
import autocannon from 'autocannon';
import { startBuiltLimen, waitForLine } from './built-limen.ts';

interface Target { url: string; clientId: string; clientSecret: string; scope: string; tokenUrl: string }

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const root = fileURLToPath(new URL('../', import.meta.url));

async function startBare(): Promise<{ child: ChildProcess; target: Target; cleanup: () => void }> {
  const child = spawn(process.execPath, [join(root, 'bench/servers/bare-provider.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = JSON.parse(await waitForLine(child, () => true)) as Omit<Target, 'tokenUrl'>;
  return { child, target: { ...ready, tokenUrl: `${ready.url}/token` }, cleanup: () => {} };
}

/**
 * Limen with the 195 framework-shaped Conditional Access policies of bench/ca-evaluation.ts,
 * written into its database by this process (with an audit record, as the API writes them, so
 * the server recompiles), and evaluated on every client-credentials request.
 */
async function startLimenWithPolicies(): Promise<{ child: ChildProcess; target: Target; cleanup: () => void }> {
  const server = await startLimen();
  const store = openStore({ dataDir: server.dataDir, databaseUrl: undefined });
  await store.db.transaction().execute(async (trx) => {
    const repo = createConditionalAccessRepository(trx);
    for (const location of frameworkLocations) await repo.createLocation(location);
    for (const policy of frameworkPolicies()) await repo.createPolicy(policy);
    await recordAudit(trx, { category: 'Policy', activityDisplayName: 'Add conditional access policy', initiatedBy: {}, targetResources: [{ id: 'bench', displayName: '195 policies', type: 'Policy' }] });
  });
  await store.close();
  return server;
}

async function startLimen(): Promise<{ child: ChildProcess; target: Target; cleanup: () => void; dataDir: string }> {
  const { child, dataDir, service: client, cleanup } = await startBuiltLimen();
  return {
    child,
    target: { url: client.issuer!, clientId: client.clientId!, clientSecret: client.clientSecret!, scope: client.scope!, tokenUrl: client.tokenEndpoint! },
    cleanup,
    dataDir,
  };
}

async function idleRssMb(child: ChildProcess): Promise<number> {
  await new Promise((r) => setTimeout(r, 2000));
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

async function load(name: string, t: Target) {
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: t.scope }).toString();
  const headers = {
    authorization: `Basic ${Buffer.from(`${encodeURIComponent(t.clientId)}:${encodeURIComponent(t.clientSecret)}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  };
  const check = await fetch(t.tokenUrl, { method: 'POST', headers, body });
  if (!check.ok) throw new Error(`${name}: token request failed before the run: ${check.status} ${await check.text()}`);
  process.stderr.write(`loading ${name} for ${seconds}s with ${connections} connections…\n`);
  const result = await autocannon({ url: t.tokenUrl, method: 'POST', headers, body, duration: seconds, connections });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${name}: ${bad} failed requests during the run`);
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const rows = [];
for (const [name, start] of [
  ['bare oidc-provider', startBare],
  ['Limen (SQLite, sign-in log on)', startLimen],
  ['Limen, 195 Conditional Access policies', startLimenWithPolicies],
] as const) {
  const server = await start();
  try {
    const rssMb = await idleRssMb(server.child);
    rows.push({ ...(await load(name, server.target)), rssMb });
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    server.cleanup();
  }
}
const [base, limen, withCa] = rows;
const ratio = limen!.rps / base!.rps;
const cpu = cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(`\nClient-credentials grants, ${seconds} s per target, ${connections} connections, ${cpus().length} cores (${cpu}), Node ${process.versions.node}\n\n`);
process.stdout.write('| target | grants/s | p50 ms | p99 ms | idle RSS MB |\n|---|---:|---:|---:|---:|\n');
for (const r of rows) process.stdout.write(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.rssMb.toFixed(0)} |\n`);
process.stdout.write(`\nratio Limen / bare oidc-provider: ${ratio.toFixed(2)} (aim: at least 0.80); Limen idle RSS ${limen!.rssMb.toFixed(0)} MB (aim: under 150 MB)\n`);
process.stdout.write(`ratio Limen with 195 Conditional Access policies / bare oidc-provider: ${(withCa!.rps / base!.rps).toFixed(2)}\n`);

const agentRows = await agentTokenFigures(seconds, connections);
process.stdout.write(`\nAgent tokens with 195 Conditional Access policies (bench/agent-tokens.ts), ${seconds} s per run, ${connections} connections\n\n${agentTokenTable(agentRows)}`);

const verificationRows = await verificationFigures(Math.min(seconds, 5));
process.stdout.write(`\nSign-in verifications on one core (in process, ${Math.min(seconds, 5)} s each)\n\n| verification | per second |\n|---|---:|\n`);
for (const r of verificationRows) process.stdout.write(`| ${r.name} | ${r.perSecond.toFixed(0)} |\n`);

const caRows = caEvaluationFigures(Math.min(seconds, 5));
process.stdout.write(`\nConditional Access on one core (195 policies, a member of 300 groups; ${Math.min(seconds, 5)} s each)\n\n| operation | median µs | p99 µs |\n|---|---:|---:|\n`);
for (const r of caRows) process.stdout.write(`| ${r.name} | ${r.medianMicroseconds.toFixed(1)} | ${r.p99Microseconds.toFixed(1)} |\n`);

const replayRows = Number(process.env.BENCH_REPLAY_ROWS ?? 1_000_000);
process.stderr.write(`writing ${replayRows} sign-ins for the replay benchmark…\n`);
const replayed = await caReplayFigures(replayRows);
process.stdout.write(`\nReplay of 195 policies over ${replayed.rows} stored sign-ins (SQLite, one core; rows written in ${replayed.writeSeconds.toFixed(0)} s)\n\n` +
  `| pass over the rows | sign-ins per second |\n|---|---:|\n| read and parse only (baseline) | ${replayed.readPerSecond.toFixed(0)} |\n| read, parse and evaluate (replay) | ${replayed.replayPerSecond.toFixed(0)} |\n`);

const consoleRows = await consoleLoadFigures(Number(process.env.BENCH_LOADS ?? 10));
process.stdout.write(`\nAdmin center first load on localhost (bench/console-load.ts; Chromium, ${process.env.BENCH_LOADS ?? 10} loads each)\n\n${consoleLoadTable(consoleRows)}`);
