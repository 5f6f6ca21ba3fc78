/**
 * Limen as a user runs it, for the benchmarks: built, then `limen start` on a fresh SQLite data
 * folder and a free port, with the service client `limen bootstrap-admin service` prints.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/limen-process.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface BuiltLimen {
  child: ChildProcess;
  dataDir: string;
  url: string;
  /** `bootstrap-admin service --json`: clientId, clientSecret, issuer, tokenEndpoint, scope. */
  service: Record<string, string>;
  cleanup: () => void;
}

/** Resolves with the first line of the child's output that matches; rejects if it exits first. */
export function waitForLine(child: ChildProcess, match: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => match(line) && resolve(line));
  });
}

export async function startBuiltLimen(): Promise<BuiltLimen> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'limen-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, LIMEN_DATA_DIR: dataDir, LIMEN_PORT: String(port), LIMEN_PUBLIC_URL: url };
  delete env.LIMEN_DATABASE_URL;
  const cli = join(root, 'dist/cli/main.js');
  const child = spawn(process.execPath, [cli, 'start'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  await waitForLine(child, (l) => l.startsWith('Management API:'));
  const service = JSON.parse(execFileSync(process.execPath, [cli, 'bootstrap-admin', 'service', '--json'], { env, encoding: 'utf8' })) as Record<string, string>;
  return { child, dataDir, url, service, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}
