/**
 * Limen as a real process (`node src/cli/main.ts start`), for stories that restart it, run two
 * of them on one database, or kill one mid-load. Talks to it only over HTTP and the CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface ProcessOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Same key for every process on one database, as an operator would configure. */
  masterKey?: string;
  env?: Record<string, string>;
}

export interface LimenProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  /** SIGTERM and wait: a clean shutdown. */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function envFor(o: ProcessOptions, port?: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LIMEN_DATA_DIR: o.dataDir, ...o.env };
  if (port !== undefined) {
    env.LIMEN_PORT = String(port);
    env.LIMEN_HOST = '127.0.0.1';
    // A process behind a load balancer keeps the public URL it was given.
    env.LIMEN_PUBLIC_URL = o.env?.LIMEN_PUBLIC_URL ?? `http://127.0.0.1:${port}`;
  }
  if (o.databaseUrl) env.LIMEN_DATABASE_URL = o.databaseUrl;
  else delete env.LIMEN_DATABASE_URL;
  if (o.masterKey) env.LIMEN_MASTER_KEY = o.masterKey;
  return env;
}

export async function startLimenProcess(o: ProcessOptions, port?: number): Promise<LimenProcess> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, [cli, 'start'], { cwd: root, env: envFor(o, p), stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Limen did not start in 30 s:\n${output.join('\n')}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Limen exited with ${code} before it was ready:\n${output.join('\n')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      // The banner's last line: everything before it (the first admin's credential) is read.
      if (line.startsWith('Management API:')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url: `http://127.0.0.1:${p}`,
    child,
    output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs `limen <args>` to completion with the same settings; returns exit code and output. */
export async function runCli(o: ProcessOptions, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: envFor(o), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((r) => child.once('exit', (c) => r(c ?? 1)));
  return { code, stdout, stderr };
}
