import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/index.ts';
import { startLimen } from '../../limen.ts';
import { exitCodes } from '../output.ts';
import { tapInstructions } from '../tap-instructions.ts';

/** `limen start`: runs the server until SIGINT or SIGTERM, then shuts down cleanly. */
export async function start(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { demo: { type: 'boolean' }, port: { type: 'string' } } });
  const config = loadConfig(process.env, {
    ...(values.demo ? { demo: true } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
  });
  const limen = await startLimen(config);
  const out = process.stdout;
  out.write(`Limen is running at ${limen.url}  (tenant ${limen.tenant.id}, ${limen.store.engine === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'})\n`);
  if (limen.firstAdmin) {
    out.write(
      '\nFirst start: the tenant was created with a Global Administrator, without a password.\n' +
      tapInstructions(limen.firstAdmin, limen.url) +
      'For scripts, `npx limen bootstrap-admin service --json` creates a client with a secret.\n',
    );
    if (config.demo) out.write('Demo data: Riverside Food Bank (about 50 people, groups and apps).\n');
  }
  out.write(`\nAdmin center:         ${limen.url}/console/\nOpenID configuration: ${limen.url}/.well-known/openid-configuration\nManagement API:       ${limen.url}/v1.0 (OpenAPI at ${limen.url}/openapi.json)\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`\n${signal} received: finishing requests and writing the sign-in log…\n`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await limen.close();
  return exitCodes.ok;
}
