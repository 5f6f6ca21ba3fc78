/**
 * Replay throughput: the 195 framework-shaped policies of ca-evaluation.ts replayed over a
 * million stored sign-ins (SQLite in a temporary folder), read by keyset and evaluated one by
 * one, as `POST /identity/conditionalAccess/simulate` does. Baseline in the same run: reading
 * and parsing the same rows without evaluating them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePolicies, replay, type CaSubject } from '../src/conditional-access/index.ts';
import { signInsBetween } from '../src/logs/index.ts';
import { toSignIn, toSignInRow } from '../src/logs/sign-in.ts';
import { openStore } from '../src/store/index.ts';
import { frameworkLocations, frameworkPolicies, frameworkStrengths } from './ca-evaluation.ts';

export interface ReplayFigures { rows: number; readPerSecond: number; replayPerSecond: number; writeSeconds: number }

export async function caReplayFigures(rows: number): Promise<ReplayFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'limen-replay-'));
  const store = openStore({ dataDir: dir, databaseUrl: undefined });
  try {
    await store.migrate();
    const start = Date.parse('2026-11-01T00:00:00Z');
    const users = Array.from({ length: 500 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const agents = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X)'];
    const methods = [['Password'], ['Password', 'OATH verification code'], ['Passkey (device-bound)']];
    const t0 = performance.now();
    for (let done = 0; done < rows;) {
      const n = Math.min(5000, rows - done);
      await store.db.transaction().execute(async (trx) => {
        const batch = Array.from({ length: n }, (_, k) => {
          const i = done + k;
          const used = methods[i % 3]!;
          return toSignInRow(toSignIn({
            userId: users[i % users.length]!, userPrincipalName: `user${i % users.length}@contoso.test`, appId: 'app-payroll', appDisplayName: 'Payroll',
            ipAddress: `81.2.${(i >> 8) & 255}.${i & 255}`, userAgent: agents[i % 3]!, clientAppUsed: 'Browser',
            authenticationDetails: used.map((m) => ({ authenticationStepDateTime: '', authenticationMethod: m, authenticationMethodDetail: null, succeeded: true, authenticationStepResultDetail: '', authenticationStepRequirement: '' })),
          }, new Date(start + i * 1000)));
        });
        // 7 columns a row: 100 rows a statement stays under SQLite's bound-variable limit.
        for (let k = 0; k < batch.length; k += 100) await trx.insertInto('sign_ins').values(batch.slice(k, k + 100)).execute();
      });
      done += n;
    }
    const writeSeconds = (performance.now() - t0) / 1000;
    const from = new Date(start).toISOString();
    const to = new Date(start + rows * 1000 + 1000).toISOString();

    let t = performance.now();
    let read = 0;
    for await (const _ of signInsBetween(store.db, from, to)) read += 1;
    const readPerSecond = read / ((performance.now() - t) / 1000);

    const compiled = compilePolicies(frameworkPolicies(), frameworkLocations, frameworkStrengths);
    const groupIds = new Set(Array.from({ length: 300 }, (_, i) => `grp-member-${i}`));
    const subjects = new Map<string, CaSubject>();
    const subjectOf = async (s: { userId: string | null }) => {
      let subject = subjects.get(s.userId!);
      if (!subject) subjects.set(s.userId!, (subject = { kind: 'user', userId: s.userId!, groupIds, roleTemplateIds: [], userType: 'member' }));
      return subject;
    };
    t = performance.now();
    const report = await replay(compiled, signInsBetween(store.db, from, to), subjectOf);
    const replayPerSecond = report.signIns / ((performance.now() - t) / 1000);
    if (report.signIns !== rows) throw new Error(`replayed ${report.signIns} of ${rows}`);
    return { rows, readPerSecond, replayPerSecond, writeSeconds };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await caReplayFigures(Number(process.env.BENCH_REPLAY_ROWS ?? 1_000_000));
  process.stdout.write(`rows ${r.rows} (written in ${r.writeSeconds.toFixed(0)} s): read ${r.readPerSecond.toFixed(0)}/s, replayed ${r.replayPerSecond.toFixed(0)}/s\n`);
}
