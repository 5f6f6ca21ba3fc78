import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/index.ts';
import { recordAudit } from '../../logs/index.ts';
import { loadMasterKey, rotateSigningKey } from '../../oidc/index.ts';
import { openStore } from '../../store/index.ts';
import { CliError, exitCodes, printJson } from '../output.ts';

export const keysHelp = `Usage: limen keys rotate [--alg ES256|RS256] [--overlap SECONDS] [--json]

Run on the server's machine. Creates a new token-signing key and retires the current one: the
new key is published at once and signs after --overlap seconds (default 120, so every running
process has it in its JWKS first); the old key stays published until tokens it signed expire.
Use --overlap 0 only when the old key is compromised.`;

export async function keys(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { alg: { type: 'string' }, overlap: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${keysHelp}\n`);
    return exitCodes.ok;
  }
  if (positionals[0] !== 'rotate') throw new CliError(keysHelp, exitCodes.usage);
  const alg = values.alg ?? 'ES256';
  if (alg !== 'ES256' && alg !== 'RS256') throw new CliError('--alg must be ES256 or RS256.', exitCodes.usage);
  const overlapSeconds = values.overlap === undefined ? 120 : Number(values.overlap);
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > 86_400) {
    throw new CliError('--overlap must be a whole number of seconds from 0 to 86400.', exitCodes.usage);
  }
  const config = loadConfig();
  const store = openStore(config);
  try {
    await store.migrate();
    const masterKey = await loadMasterKey(config);
    const kid = await store.db.transaction().execute(async (trx) => {
      const newKid = await rotateSigningKey(trx, masterKey, { alg, overlapSeconds });
      await recordAudit(trx, {
        category: 'KeyManagement',
        activityDisplayName: 'Rotate token signing key',
        operationType: 'Update',
        initiatedBy: {},
        targetResources: [{ id: newKid, displayName: `${alg} signing key`, type: 'SigningKey' }],
        additionalDetails: [{ key: 'initiatedVia', value: 'limen keys rotate' }, { key: 'overlapSeconds', value: String(overlapSeconds) }],
      });
      return newKid;
    });
    if (values.json) printJson({ kid, alg, signsFrom: new Date(Date.now() + overlapSeconds * 1000).toISOString() });
    else process.stdout.write(`New ${alg} signing key ${kid}; it signs from ${overlapSeconds} s from now. Running servers pick it up within a minute.\n`);
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}
