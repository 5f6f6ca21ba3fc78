/**
 * Replay throughput: the 195 framework-shaped policies of ca-evaluation.ts replayed over a
 * million stored sign-ins (SQLite in a temporary folder), read by keyset and evaluated as
 * `POST /identity/conditionalAccess/simulate` does. Two histories of the same size, in the same
 * database, each read and replayed on its own:
 * - every sign-in from its own address (81.2.x.y over i), as this benchmark first wrote it: no
 *   address repeats, so replay reuses evaluations only by what the policies can see of an
 *   address (its country and named locations) and classifies a million addresses;
 * - a realistic one: each of the 500 users signs in from home, the office or a phone network,
 *   on a laptop or a phone, to one of five apps, a quarter of the time silently (refresh tokens).
 * Baseline in the same run: reading and parsing the rows without evaluating them. The last pass
 * replays the realistic history with a new subject object for every sign-in, as if each were a
 * different person: nothing can be reused, so it measures the evaluator itself (and checks that
 * reuse changed no count). bench/run.ts prints the baseline and the first history.
 *
 *   BENCH_REPLAY_ROWS=1000000 node bench/ca-replay.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePolicies, replay, type CaSubject, type ReplayReport } from '../src/conditional-access/index.ts';
import { signInsBetween, type SignIn } from '../src/logs/index.ts';
import { toSignIn, toSignInRow, type SignInInput } from '../src/logs/sign-in.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { frameworkLocations, frameworkPolicies, frameworkStrengths } from './ca-evaluation.ts';

export interface ReplayFigures {
  rows: number;
  writeSeconds: number;
  /** Reading and parsing only. */
  readPerSecond: number;
  /** Every sign-in from its own address. */
  replayPerSecond: number;
  /** 500 users, a few addresses and devices each. */
  realisticPerSecond: number;
  /** The realistic history with a new subject per sign-in: no evaluation reused. */
  freshSubjectsPerSecond: number;
  /** CPU time of each pass: near its wall time unless other processes held the cores. */
  cpuSeconds: { read: number; replay: number; realistic: number; freshSubjects: number };
}

const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};

const users = Array.from({ length: 500 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const agents = {
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1',
  iPhone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X)',
  android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/131.0 Mobile',
};
const methods = [['Password'], ['Password', 'OATH verification code'], ['Passkey (device-bound)']];
const details = (used: readonly string[]) => used.map((m) => ({
  authenticationStepDateTime: '', authenticationMethod: m, authenticationMethodDetail: null, succeeded: true,
  authenticationStepResultDetail: '', authenticationStepRequirement: '',
}));

/** The first history: user, platform and methods in turn, and a new address for every sign-in. */
function uniqueAddresses(i: number): SignInInput {
  return {
    userId: users[i % users.length]!, userPrincipalName: `user${i % users.length}@contoso.test`, appId: 'app-payroll', appDisplayName: 'Payroll',
    ipAddress: `81.2.${(i >> 8) & 255}.${i & 255}`, userAgent: [agents.windows, agents.mac, agents.iPhone][i % 3]!, clientAppUsed: 'Browser',
    authenticationDetails: details(methods[i % 3]!),
  };
}

const apps = [['app-payroll', 'Payroll'], ['app-mail-0', 'Mail'], ['app-files-0', 'Files'], ['app-portal', 'Portal'], ['app-chat', 'Chat']] as const;
/** Two offices (one inside the trusted "allowed networks" location) and a phone network's egress addresses. */
const offices = ['62.140.1.1', '100.1.2.3'];
const carrier = Array.from({ length: 16 }, (_, k) => `85.144.${k}.1`);
/** Homes in Great Britain, the Netherlands, Germany, the United States, and one user in ten in a high-risk country. */
const homeNetworks = ['86.1', '145.53', '91.64', '73.1', '86.2', '145.54', '91.65', '73.2', '24.5', '36.110'];

/** A small deterministic generator (mulberry32), so every run writes the same history. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The second history: who, from where, on what and for which app drawn per sign-in, each user with a home, a laptop and a phone of their own. */
function realistic(): (i: number) => SignInInput {
  const next = random(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  return () => {
    const u = Math.floor(next() * users.length);
    const onPhone = next() < 0.4;
    const where = next();
    const ipAddress = onPhone && where < 0.5 ? pick(carrier)
      : where < 0.5 ? `${homeNetworks[u % homeNetworks.length]}.${u >> 8}.${u & 255}` : offices[u % offices.length]!;
    const userAgent = onPhone ? (u % 3 === 0 ? agents.android : agents.iPhone) : u % 4 === 0 ? agents.mac : agents.windows;
    const [appId, appDisplayName] = pick(apps);
    const interactive = next() >= 0.25;
    return {
      userId: users[u]!, userPrincipalName: `user${u}@contoso.test`, appId, appDisplayName, ipAddress, userAgent,
      clientAppUsed: interactive ? 'Browser' : 'Mobile Apps and Desktop clients', isInteractive: interactive,
      signInEventTypes: [interactive ? 'interactiveUser' : 'nonInteractiveUser'],
      authenticationDetails: details(onPhone ? methods[2]! : pick(methods)),
    };
  };
}

async function write(store: Store, rows: number, start: number, input: (i: number) => SignInInput): Promise<void> {
  for (let done = 0; done < rows;) {
    const n = Math.min(5000, rows - done);
    await store.db.transaction().execute(async (trx) => {
      const batch = Array.from({ length: n }, (_, k) => toSignInRow(toSignIn(input(done + k), new Date(start + (done + k) * 1000))));
      // 7 columns a row: 100 rows a statement stays under SQLite's bound-variable limit.
      for (let k = 0; k < batch.length; k += 100) await trx.insertInto('sign_ins').values(batch.slice(k, k + 100)).execute();
    });
    done += n;
  }
}

export async function caReplayFigures(rows: number): Promise<ReplayFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'limen-replay-'));
  const store = openStore({ dataDir: dir, databaseUrl: undefined });
  try {
    await store.migrate();
    const day = 86_400_000;
    const first = Date.parse('2026-11-01T00:00:00Z');
    const second = first + Math.ceil(rows / 86_400 + 1) * day;
    const range = (start: number) => [new Date(start).toISOString(), new Date(start + rows * 1000 + 1000).toISOString()] as const;
    const t0 = performance.now();
    await write(store, rows, first, uniqueAddresses);
    await write(store, rows, second, realistic());
    const writeSeconds = (performance.now() - t0) / 1000;

    const t = performance.now();
    const cpu = process.cpuUsage();
    let read = 0;
    for await (const _ of signInsBetween(store.db, ...range(first))) read += 1;
    const readPerSecond = read / ((performance.now() - t) / 1000);
    const readCpu = cpuSince(cpu);

    const compiled = compilePolicies(frameworkPolicies(), frameworkLocations, frameworkStrengths);
    const groupIds = new Set(Array.from({ length: 300 }, (_, i) => `grp-member-${i}`));
    const newSubject = (userId: string): CaSubject => ({ kind: 'user', userId, groupIds, roleTemplateIds: [], userType: 'member' });
    /** As the simulate route does: each user looked up once per replay. */
    const cachedSubjects = () => {
      const subjects = new Map<string, CaSubject>();
      return async (s: SignIn) => {
        let subject = subjects.get(s.userId!);
        if (!subject) subjects.set(s.userId!, (subject = newSubject(s.userId!)));
        return subject;
      };
    };
    const timedReplay = async (start: number, subjectOf: (s: SignIn) => Promise<CaSubject>) => {
      const t1 = performance.now();
      const cpu1 = process.cpuUsage();
      const report: ReplayReport = await replay(compiled, signInsBetween(store.db, ...range(start)), subjectOf);
      const perSecond = report.signIns / ((performance.now() - t1) / 1000);
      if (report.signIns !== rows) throw new Error(`replayed ${report.signIns} of ${rows}`);
      return { perSecond, report, cpu: cpuSince(cpu1) };
    };
    const worst = await timedReplay(first, cachedSubjects());
    const real = await timedReplay(second, cachedSubjects());
    const fresh = await timedReplay(second, async (s) => newSubject(s.userId!));
    if (JSON.stringify(fresh.report) !== JSON.stringify(real.report)) throw new Error('a replay with fresh subjects reported differently');
    return {
      rows, writeSeconds, readPerSecond,
      replayPerSecond: worst.perSecond, realisticPerSecond: real.perSecond, freshSubjectsPerSecond: fresh.perSecond,
      cpuSeconds: { read: readCpu, replay: worst.cpu, realistic: real.cpu, freshSubjects: fresh.cpu },
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = Number(process.env.BENCH_REPLAY_ROWS ?? 1_000_000);
  const r = await caReplayFigures(rows);
  const row = (name: string, perSecond: number, cpu: number) => `| ${name} | ${perSecond.toFixed(0)} | ${(rows / perSecond).toFixed(1)} | ${cpu.toFixed(1)} |\n`;
  process.stdout.write(`\nReplay of 195 policies over ${rows} stored sign-ins per history (SQLite; rows written in ${r.writeSeconds.toFixed(0)} s)\n\n` +
    '| pass over the rows | sign-ins per second | seconds | CPU seconds |\n|---|---:|---:|---:|\n' +
    row('read and parse only (baseline)', r.readPerSecond, r.cpuSeconds.read) +
    row('replay, every sign-in from its own address', r.replayPerSecond, r.cpuSeconds.replay) +
    row('replay, realistic history (500 users, a few addresses and devices each)', r.realisticPerSecond, r.cpuSeconds.realistic) +
    row('replay, realistic history, a new subject per sign-in (nothing reused)', r.freshSubjectsPerSecond, r.cpuSeconds.freshSubjects));
}
