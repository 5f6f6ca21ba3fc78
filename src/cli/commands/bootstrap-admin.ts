import { parseArgs } from 'node:util';
import { bootstrapAdminService, bootstrapAdminUser, defaultAdminUpn } from '../../admin/bootstrap-admin.ts';
import { loadConfig } from '../../config/index.ts';
import { openStore } from '../../store/index.ts';
import { CliError, exitCodes, printJson } from '../output.ts';

export const bootstrapAdminHelp = `Usage: limen bootstrap-admin user [--upn NAME] [--json]
       limen bootstrap-admin service [--name NAME] [--json]

Run on the server's machine: acts on Limen's database directly (same LIMEN_* settings as
'limen start'), so it works when nobody can sign in.
  user     create a Global Administrator user, or recover it (enable it, new one-time password,
           sessions revoked); default name ${defaultAdminUpn}
  service  create a confidential client holding Global Administrator, and print its
           client id, secret, token endpoint and scope for scripts`;

export async function bootstrapAdmin(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { upn: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const kind = positionals[0];
  if (values.help) {
    process.stdout.write(`${bootstrapAdminHelp}\n`);
    return exitCodes.ok;
  }
  if (kind !== 'user' && kind !== 'service') throw new CliError(`${bootstrapAdminHelp}`, exitCodes.usage);
  const config = loadConfig();
  const store = openStore(config);
  try {
    await store.migrate();
    if (kind === 'user') {
      const r = await bootstrapAdminUser(store.db, values.upn ?? defaultAdminUpn);
      if (values.json) printJson({ ...r, signInUrl: config.publicUrl });
      else {
        process.stdout.write(
          `${r.created ? 'Created' : 'Recovered'} Global Administrator ${r.userPrincipalName}\n` +
          `  one-time password: ${r.password}\n` +
          `  sign in at:        ${config.publicUrl}\n` +
          'This password is shown only now. Every earlier session of this user was revoked.\n',
        );
      }
    } else {
      const r = await bootstrapAdminService(store.db, config.publicUrl, values.name);
      if (values.json) printJson(r);
      else {
        process.stdout.write(
          `Created a client holding Global Administrator\n` +
          `  clientId:       ${r.clientId}\n  clientSecret:   ${r.clientSecret}   (shown only now; expires ${r.clientSecretExpires})\n` +
          `  tokenEndpoint:  ${r.tokenEndpoint}\n  scope:          ${r.scope}\n`,
        );
      }
    }
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}
