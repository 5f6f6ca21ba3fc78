import { parseArgs } from 'node:util';
import { bootstrapAdminService, bootstrapAdminUser, NoTenantError, defaultAdminUpn, TapPolicyRefusesBootstrap } from '../../admin/bootstrap-admin.ts';
import { loadConfig } from '../../config/index.ts';
import { openStore } from '../../store/index.ts';
import { CliError, exitCodes, printJson } from '../output.ts';
import { securityInfoUrl, tapInstructions } from '../tap-instructions.ts';

export const bootstrapAdminHelp = `Usage: limen bootstrap-admin user [--upn NAME] [--enable-tap] [--json]
       limen bootstrap-admin service [--name NAME] [--json]

Run on the server's machine: acts on Limen's database directly (same LIMEN_* settings as
'limen start'), so it works when nobody can sign in.
  user     create a Global Administrator user without a password, or recover it (enable it,
           revoke its sessions, lift a lockout; its password and passkeys are kept), and print
           a new one-time Temporary Access Pass to sign in at /my/security-info and add a
           passkey; default name ${defaultAdminUpn}. Stops (exit code 4) when the tenant's
           Temporary Access Pass policy does not cover the user; --enable-tap then changes
           the policy just enough to cover it (audited)
  service  create a confidential client holding Global Administrator, and print its
           client id, secret, token endpoint and scope for scripts`;

export async function bootstrapAdmin(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      upn: { type: 'string' }, name: { type: 'string' }, 'enable-tap': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
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
      const r = await bootstrapAdminUser(store.db, { upn: values.upn ?? defaultAdminUpn, enableTap: values['enable-tap'] ?? false })
        .catch((error: unknown) => {
          throw error instanceof TapPolicyRefusesBootstrap ? new CliError(error.message, exitCodes.denied) : error;
        });
      if (values.json) printJson({ ...r, signInUrl: securityInfoUrl(config.publicUrl) });
      else {
        process.stdout.write(
          (r.tapPolicyChanges.length ? `Changed the Temporary Access Pass policy to cover this user (audited): ${r.tapPolicyChanges.join('; ')}.\n` : '') +
          (r.created
            ? `Created Global Administrator ${r.userPrincipalName}, without a password.\n`
            : `Recovered Global Administrator ${r.userPrincipalName}: enabled, every earlier session revoked, any earlier pass replaced.\n`) +
          tapInstructions(r, config.publicUrl),
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
  } catch (error) {
    if (error instanceof NoTenantError) throw new CliError(error.message, exitCodes.failure);
    throw error;
  } finally {
    await store.close();
  }
}
