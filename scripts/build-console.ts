/**
 * Builds the admin center (console/) into dist/console/, which Limen serves at /console/:
 * type-checks it with its own tsconfig (DOM + JSX), then `vite build`. Run by `npm run build`,
 * `prepare` (so `npm ci` builds it) and `prestart`, and by scripts/test-all.sh before the tests.
 *
 * Skipped when nothing it is built from changed since the last build (a hash of console/, the
 * server files it imports, and the lockfile, kept in dist/console/.source-hash), so `npm start`
 * stays fast. `--force` builds anyway.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const consoleDir = join(root, 'console');
const outDir = join(root, 'dist', 'console');
const stamp = join(outDir, '.source-hash');

/** Everything the bundle is made from: console/ and the server modules it imports. */
const inputs = [
  consoleDir,
  join(root, 'src', 'api', 'permissions.ts'),
  join(root, 'src', 'directory', 'directory-roles.ts'),
  join(root, 'package-lock.json'),
];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && !e.name.startsWith('.'))
    .flatMap((e) => files(join(path, e.name)));
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(files).sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const started = performance.now();
const hash = sourceHash();
if (!process.argv.includes('--force') && existsSync(join(outDir, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
  process.stdout.write('admin center: dist/console is up to date\n');
  process.exit(0);
}

// Both tools run on this very Node (the project's Node 24), whatever `node` the PATH finds first.
const tool = (path: string) => join(root, 'node_modules', ...path.split('/'));
const run = (what: string, script: string, args: string[]) => {
  const t = performance.now();
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`admin center: ${what} failed\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`admin center: ${what} took ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
};

run('type check', tool('typescript/bin/tsc'), ['--noEmit', '-p', join('console', 'tsconfig.json')]);
run('vite build', tool('vite/bin/vite.js'), ['build', '--config', join('console', 'vite.config.ts'), '--logLevel', 'warn']);
writeFileSync(stamp, hash);
process.stdout.write(`admin center: built into dist/console in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
