/**
 * `limen agents`: agent identities and their blueprints (this file dispatches; the verbs live in
 * agents-identities.ts and agents-blueprints.ts), and the agent registry (agents-registry.ts).
 */
import { parseArgs } from 'node:util';
import { CliError, exitCodes } from '../output.ts';
import { agentsRegistryVerbs } from './agents-registry.ts';

export const agentsHelp = `Usage: limen agents blueprints create --name NAME [--description TEXT] [--sponsor WHO]... [--owner WHO]... [--json]
       limen agents blueprints list|show [BLUEPRINT] [--json]
       limen agents blueprints disable|enable BLUEPRINT [--json]
       limen agents create --blueprint BLUEPRINT --name NAME [--sponsor WHO]... [--owner WHO]... [--tag T]...
                 [--registry-entry ID] [--json]
       limen agents list [--blueprint BLUEPRINT] [--json]
       limen agents show AGENT [--json]
       limen agents sponsors|owners add|remove AGENT WHO [--json]
       limen agents grant|revoke AGENT --resource APP --role VALUE [--override-high-privilege] [--json]
       limen agents inherit BLUEPRINT --resource APP [--scope S]... [--role R]... [--all-scopes] [--all-roles]
                 [--remove] [--override-high-privilege] [--json]
       limen agents disable|enable AGENT [--json]
       limen agents policy [--default-sponsor WHO]... [--json]

Agent identities (Entra Agent ID's model): a blueprint holds the credentials and the template;
each agent identity created from it is an account an AI agent acts as, with its own client id.
  blueprints  create one (its blueprint principal comes with it), list, show; disable stops
              every agent of the blueprint at once
  create      an agent identity; it needs a sponsor or an owner: named, or you by default.
              --registry-entry links the agent registry's entry ID (an unmanaged agent found by a
              sync or an import) to the new identity, which makes it managed (audited)
  list        every agent, flagged 'high-privilege' when it holds a high-privilege permission
              and 'no sponsor' when nobody is accountable for it
  show        one agent: its sponsors, owners and every permission with where it comes from
  sponsors    the people (users or groups) accountable for an agent; the last cannot be removed
  owners      the people (users or service principals) who administer it
  grant       an app role (application permission) of a resource to an agent; a high-privilege
              one is refused unless --override-high-privilege (audited). revoke takes it back
  inherit     what every agent of a blueprint inherits from one resource: delegated scopes
              (--scope or --all-scopes) and app roles (--role or --all-roles); --remove drops it
  disable     stop an agent now (its refresh tokens are revoked); enable lets it back
  policy      the default sponsors of agents created by apps (none: such creations are refused)
AGENT and BLUEPRINT are an object id, an appId or a display name; WHO is a userPrincipalName,
or the id of a user, group or service principal; APP is a resource's appId or display name.
The agent registry: ${agentsRegistryVerbs.join(', ')} (limen agents registry --help).`;

export const agentsOptions = {
  name: { type: 'string' }, description: { type: 'string' }, blueprint: { type: 'string' },
  sponsor: { type: 'string', multiple: true }, owner: { type: 'string', multiple: true }, tag: { type: 'string', multiple: true },
  resource: { type: 'string' }, role: { type: 'string', multiple: true }, scope: { type: 'string', multiple: true },
  'all-scopes': { type: 'boolean' }, 'all-roles': { type: 'boolean' }, remove: { type: 'boolean' },
  'override-high-privilege': { type: 'boolean' }, 'registry-entry': { type: 'string' }, 'default-sponsor': { type: 'string', multiple: true },
  json: { type: 'boolean' }, server: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

export type AgentsArgs = ReturnType<typeof parseAgentsArgs>;
const parseAgentsArgs = (argv: string[]) => parseArgs({ args: argv, allowPositionals: true, options: agentsOptions });

export async function agents(argv: string[]): Promise<number> {
  const [verb] = argv;
  if ((agentsRegistryVerbs as readonly string[]).includes(verb ?? '')) {
    return (await import('./agents-registry.ts')).agentsRegistry(argv);
  }
  const args = parseAgentsArgs(argv);
  const [, ...positionals] = args.positionals;
  if (args.values.help || !verb) {
    process.stdout.write(`${agentsHelp}\n`);
    return args.values.help ? exitCodes.ok : exitCodes.usage;
  }
  switch (verb) {
    case 'blueprints':
    case 'inherit':
      return (await import('./agents-blueprints.ts')).blueprintCommand(verb, positionals, args.values);
    case 'create':
    case 'list':
    case 'show':
    case 'sponsors':
    case 'owners':
    case 'grant':
    case 'revoke':
    case 'disable':
    case 'enable':
    case 'policy':
      return (await import('./agents-identities.ts')).agentIdentityCommand(verb, positionals, args.values);
    default:
      throw new CliError(`Unknown action '${verb}'.\n${agentsHelp}`, exitCodes.usage);
  }
}
