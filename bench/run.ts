/**
 * `npm run bench`: client-credentials grants per second against Limen and against a bare
 * oidc-provider, side by side in the same run on the same machine, each server in its own process
 * and the load generator (autocannon) in this one. Prints a Markdown table for docs/benchmarks.md.
 *
 *   npm run bench                 # 10 s per target, 10 connections
 *   BENCH_SECONDS=30 npm run bench
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cpus } from 'node:os';
import autocannon from 'autocannon';

interface Ready { url: string; clientId: string; clientSecret: string; scope: string; tokenPath?: string; rss: number }

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

function startServer(script: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ['--expose-gc', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, ready: JSON.parse(line) as Ready }));
  });
}

async function load(name: string, r: Ready) {
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: r.scope }).toString();
  const auth = `Basic ${Buffer.from(`${encodeURIComponent(r.clientId)}:${encodeURIComponent(r.clientSecret)}`).toString('base64')}`;
  const url = `${r.url}${r.tokenPath ?? '/token'}`;
  const check = await fetch(url, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body });
  if (!check.ok) throw new Error(`${name}: token request failed before the run: ${check.status} ${await check.text()}`);
  process.stderr.write(`loading ${name} for ${seconds}s with ${connections} connections…\n`);
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    duration: seconds,
    connections,
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${name}: ${bad} failed requests during the run`);
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, rssMb: r.rss / 2 ** 20, total: result.requests.total };
}

const targets = [
  ['bare oidc-provider', new URL('./servers/bare-provider.ts', import.meta.url).pathname],
  ['Limen (SQLite, sign-in log on)', new URL('./servers/limen-server.ts', import.meta.url).pathname],
] as const;

const rows = [];
for (const [name, script] of targets) {
  const { child, ready } = await startServer(script);
  try {
    rows.push(await load(name, ready));
  } finally {
    child.kill('SIGTERM');
  }
}
const [base, limen] = rows;
const ratio = limen!.rps / base!.rps;
const cpu = cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(`\nClient-credentials grants, ${seconds} s per target, ${connections} connections, ${cpus().length} cores (${cpu}), Node ${process.versions.node}\n\n`);
process.stdout.write('| target | grants/s | p50 ms | p99 ms | idle RSS MB |\n|---|---:|---:|---:|---:|\n');
for (const r of rows) {
  process.stdout.write(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.rssMb.toFixed(0)} |\n`);
}
process.stdout.write(`\nratio Limen / bare oidc-provider: ${ratio.toFixed(2)} (aim: at least 0.80); Limen idle RSS ${limen!.rssMb.toFixed(0)} MB (aim: under 150 MB)\n`);
