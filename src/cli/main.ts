#!/usr/bin/env node
import { ConfigError } from '../config/index.ts';
import { mainHelp as help } from './help.ts';
import { CliError, exitCodes } from './output.ts';
import { resourceHelp, resources, type ResourceName } from './commands/resource-table.ts';


async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${help}\n`);
      return command === undefined ? exitCodes.usage : exitCodes.ok;
    case 'start':
      return (await import('./commands/start.ts')).start(rest);
    case 'bootstrap-admin':
      return (await import('./commands/bootstrap-admin.ts')).bootstrapAdmin(rest);
    case 'keys':
      return (await import('./commands/keys.ts')).keys(rest);
    case 'ca':
      return (await import('./commands/conditional-access.ts')).conditionalAccess(rest);
    case 'agents':
      // Agent identities and blueprints; the registry's verbs are passed on to agents-registry.ts.
      return (await import('./commands/agents.ts')).agents(rest);
    case 'login':
      return (await import('./commands/login.ts')).login(rest);
    case 'audit':
      if (rest[0] === 'verify') return (await import('./commands/audit-verify.ts')).auditVerify({ json: rest.includes('--json') });
      return (await import('./commands/resources.ts')).resourceCommand('audit', rest);
    default:
      if (command in resources) {
        return (await import('./commands/resources.ts')).resourceCommand(command as ResourceName, rest);
      }
      throw new CliError(`Unknown command '${command}'.\n\n${help}`, exitCodes.usage);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError || error instanceof ConfigError) {
      process.stderr.write(`limen: ${error.message}\n`);
      process.exitCode = error instanceof CliError ? error.exitCode : exitCodes.usage;
    } else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`limen: ${error.message}\n${resourceHelp}\n`);
      process.exitCode = exitCodes.usage;
    } else {
      process.stderr.write(`limen: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = exitCodes.failure;
    }
  },
);
