/**
 * `limen agents registry|connections|sync|import|overview`: the agent registry from the command
 * line. The `agents` command dispatches these verbs here (agentsRegistryVerbs); its other verbs
 * (blueprints, identities, sponsors…) live elsewhere.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { callApi, listAll } from '../api-client.ts';
import { CliError, exitCodes, printJson, printObject, printTable } from '../output.ts';
import { connect, type Connection } from '../session.ts';
import { findAgent, linkRegistryEntry, registryEntry, type RegistryEntry } from './agents-resolve.ts';

export const agentsRegistryVerbs = ['registry', 'connections', 'sync', 'import', 'overview'] as const;

export const agentsRegistryHelp = `Usage: limen agents registry [list] [--unmanaged] [--all] [--platform P] [--json]
       limen agents registry show ID [--json]
       limen agents registry link ID AGENT | unlink ID
       limen agents connections [list] [--json]
       limen agents connections add --name NAME --platform amazonBedrock --region REGION [--endpoint URL]
                 [--access-key-id-variable VAR --secret-access-key-variable VAR [--session-token-variable VAR]] [--json]
       limen agents connections add --name NAME --platform googleVertexAi --project P --location L
                 --access-token-variable VAR [--endpoint URL] [--json]
       limen agents sync CONNECTION [--json]
       limen agents import FILE [--platform P] [--dry-run] [--json]
       limen agents overview [--json]

The agent registry: every agent the tenant knows of, managed (linked to an agent identity) or
unmanaged (seen on a platform, no identity yet).
  registry     the agents present on their platforms; --unmanaged only those without an
               identity, --all removed ones too; show one by id (with its agent card); link one
               to its agent identity (it becomes managed) or unlink it, audited. Syncs keep links.
               (limen agents create --registry-entry ID makes the identity and links it at once)
  connections  the platforms agents are synced from: Amazon Bedrock Agents, Vertex AI Agent
               Engine. A connection names environment variables of the Limen server that hold
               its credential (they must start with LIMEN_AGENT_SYNC_); the secret itself never
               leaves the server. Bedrock without variables uses the AWS default credential chain.
  sync         list a connection's platform now (by id or name): new agents are added, changed
               ones updated, vanished ones marked removed (never deleted). Exits 1 when the
               platform refused; the run says why
  import       agents of any other platform from a JSON array or a CSV file with a header row
               (sourceAgentId, displayName, platform, account, status, url, description…);
               --platform for rows that name none; all or nothing
  overview     totals, new and active in the last 30 days, unmanaged, ownerless, over-privileged`;

type Run = {
  id: string; status: 'succeeded' | 'failed'; agentsFound: number; added: number; updated: number; unchanged: number; removed: number;
  error: { code: string; message: string } | null; finishedDateTime: string;
};
type RegistryConnection = { id: string; displayName: string; platform: string };

const registry = '/agentRegistry/agentInstances';
const connections = '/agentRegistry/connections';

/** A connection by id, or by display name (case-insensitive) when exactly one has it. */
async function findConnection(conn: Connection, nameOrId: string): Promise<RegistryConnection> {
  const all = (await listAll(conn, `${connections}?$top=999`, 999)) as RegistryConnection[];
  const byId = all.find((c) => c.id === nameOrId.toLowerCase());
  if (byId) return byId;
  const named = all.filter((c) => c.displayName.toLowerCase() === nameOrId.toLowerCase());
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new CliError(`${named.length} connections are named '${nameOrId}'; give the id.`, exitCodes.usage);
  throw new CliError(`No agent registry connection '${nameOrId}'. 'limen agents connections' lists them.`, exitCodes.notFound);
}

/** The import body for a file: JSON (an array or { value }) as is, anything else as CSV text. */
async function importBody(file: string): Promise<{ agents: unknown } | { csv: string }> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`, exitCodes.usage);
  }
  if (extname(file).toLowerCase() === '.csv') return { csv: text };
  try {
    return { agents: JSON.parse(text) as unknown };
  } catch (error) {
    if (extname(file).toLowerCase() === '.json') throw new CliError(`${file}: not JSON: ${(error as Error).message}`, exitCodes.usage);
    return { csv: text };
  }
}

const counts = (r: Pick<Run, 'agentsFound' | 'added' | 'updated' | 'unchanged' | 'removed'>) =>
  `${r.agentsFound} agents found: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged, ${r.removed} removed`;

export async function agentsRegistry(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' }, unmanaged: { type: 'boolean' }, all: { type: 'boolean' }, platform: { type: 'string' },
      name: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' }, project: { type: 'string' }, location: { type: 'string' },
      'access-key-id-variable': { type: 'string' }, 'secret-access-key-variable': { type: 'string' }, 'session-token-variable': { type: 'string' },
      'access-token-variable': { type: 'string' }, 'dry-run': { type: 'boolean' }, server: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [verb, action, ...rest] = positionals;
  if (values.help || !verb) {
    process.stdout.write(`${agentsRegistryHelp}\n`);
    return values.help ? exitCodes.ok : exitCodes.usage;
  }
  switch (verb) {
    case 'registry': {
      const conn = await connect(values.server);
      if (action === 'show') {
        const id = rest[0];
        if (!id) throw new CliError('limen agents registry show needs an agent id.', exitCodes.usage);
        const agent = await callApi<Record<string, unknown>>(conn, 'GET', `${registry}/${encodeURIComponent(id)}`);
        if (values.json) printJson(agent);
        else printObject(Object.fromEntries(Object.entries(agent).filter(([k]) => !k.startsWith('@odata') && k !== 'nativeData')));
        return exitCodes.ok;
      }
      if (action === 'link' || action === 'unlink') {
        const [id, agentKey] = rest;
        if (!id || (action === 'link') !== Boolean(agentKey)) throw new CliError('limen agents registry link ID AGENT | unlink ID', exitCodes.usage);
        const entry = action === 'link' ? await registryEntry(conn, id) : await callApi<RegistryEntry>(conn, 'GET', `${registry}/${encodeURIComponent(id)}`);
        const agent = agentKey ? await findAgent(conn, agentKey) : undefined;
        await linkRegistryEntry(conn, entry.id, agent?.id ?? null);
        const after = await callApi<Record<string, unknown>>(conn, 'GET', `${registry}/${encodeURIComponent(entry.id)}`);
        if (values.json) printJson(after);
        else if (agent) process.stdout.write(`Linked '${entry.displayName}' (${entry.platform} ${entry.sourceAgentId}) to agent identity '${agent.displayName}': it is managed.\n`);
        else process.stdout.write(`Unlinked '${entry.displayName}' (${entry.platform} ${entry.sourceAgentId}) from its agent identity: it is unmanaged.\n`);
        return exitCodes.ok;
      }
      if (action !== undefined && action !== 'list') throw new CliError(`Unknown action '${action}'.\n${agentsRegistryHelp}`, exitCodes.usage);
      const filters = [
        ...(values.all ? [] : ['removedDateTime eq null']),
        ...(values.unmanaged ? ['managed eq false'] : []),
        ...(values.platform ? [`platform eq '${values.platform.replace(/'/g, "''")}'`] : []),
      ];
      const query = `$top=999&$orderby=displayName${filters.length ? `&$filter=${encodeURIComponent(filters.join(' and '))}` : ''}`;
      const agents = await listAll(conn, `${registry}?${query}`, 100_000);
      if (values.json) printJson(agents);
      else {
        printTable(agents.map((a) => ({ ...a, managed: a.managed ? 'yes' : 'no' })),
          ['displayName', 'platform', 'status', 'managed', 'sourceAgentId', 'lastSeenDateTime', 'id']);
      }
      return exitCodes.ok;
    }
    case 'connections': {
      const conn = await connect(values.server);
      if (action === undefined || action === 'list') {
        const items = await listAll(conn, `${connections}?$top=999`, 999);
        if (values.json) printJson(items);
        else {
          printTable(items.map((c) => {
            const run = c.lastSyncRun as { status: string; finishedDateTime: string } | null;
            return { ...c, where: c.region ?? `${String(c.project)}/${String(c.location)}`, lastSync: run ? `${run.status} ${run.finishedDateTime}` : 'never' };
          }), ['displayName', 'platform', 'where', 'lastSync', 'id']);
        }
        return exitCodes.ok;
      }
      if (action !== 'add') throw new CliError(`Unknown action '${action}'.\n${agentsRegistryHelp}`, exitCodes.usage);
      if (!values.name || !values.platform) throw new CliError('limen agents connections add needs --name and --platform.', exitCodes.usage);
      const bedrockVariables = values['access-key-id-variable'] || values['secret-access-key-variable'];
      const credential = values.platform === 'googleVertexAi'
        ? (values['access-token-variable'] ? { accessTokenVariable: values['access-token-variable'] } : undefined)
        : bedrockVariables
          ? {
            accessKeyIdVariable: values['access-key-id-variable'], secretAccessKeyVariable: values['secret-access-key-variable'],
            ...(values['session-token-variable'] ? { sessionTokenVariable: values['session-token-variable'] } : {}),
          }
          : undefined;
      const created = await callApi<RegistryConnection>(conn, 'POST', connections, {
        displayName: values.name, platform: values.platform,
        ...(values.region ? { region: values.region } : {}), ...(values.project ? { project: values.project } : {}),
        ...(values.location ? { location: values.location } : {}), ...(values.endpoint ? { endpoint: values.endpoint } : {}),
        ...(credential ? { credential } : {}),
      });
      if (values.json) printJson(created);
      else process.stdout.write(`Added connection '${created.displayName}' (${created.platform}): ${created.id}\nRun 'limen agents sync ${created.id}' to read its agents.\n`);
      return exitCodes.ok;
    }
    case 'sync': {
      if (!action) throw new CliError('limen agents sync needs a connection id or name.', exitCodes.usage);
      const conn = await connect(values.server);
      const target = await findConnection(conn, action);
      const started = Date.now();
      process.stderr.write(`Syncing '${target.displayName}' (${target.platform})…\n`);
      // The server lists the whole platform before answering; say it is still at work.
      const ticker = setInterval(() => process.stderr.write(`  still syncing (${Math.round((Date.now() - started) / 1000)} s)…\n`), 10_000);
      let run: Run;
      try {
        run = await callApi<Run>(conn, 'POST', `${connections}/${target.id}/sync`);
      } finally {
        clearInterval(ticker);
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (values.json) printJson(run);
      else if (run.status === 'succeeded') process.stdout.write(`Synced '${target.displayName}' in ${seconds} s: ${counts(run)}.\n`);
      if (run.status === 'failed') {
        process.stderr.write(`limen: sync of '${target.displayName}' failed (${run.error?.code}): ${run.error?.message}\n` +
          'Nothing in the registry was changed.\n');
        return exitCodes.failure;
      }
      return exitCodes.ok;
    }
    case 'import': {
      if (!action) throw new CliError('limen agents import needs a file (JSON or CSV).', exitCodes.usage);
      const body = { ...(await importBody(action)), ...(values.platform ? { platform: values.platform } : {}), dryRun: values['dry-run'] ?? false };
      const r = await callApi<Run & { dryRun: boolean }>(await connect(values.server), 'POST', '/agentRegistry/import', body);
      if (values.json) printJson(r);
      else process.stdout.write(`${r.dryRun ? 'Would import' : 'Imported'} ${action}: ${counts(r)}.\n`);
      return exitCodes.ok;
    }
    case 'overview': {
      const o = await callApi<Record<string, unknown> & { byPlatform: Array<Record<string, unknown>> }>(await connect(values.server), 'GET', '/agentRegistry/overview');
      if (values.json) {
        printJson(o);
        return exitCodes.ok;
      }
      const { byPlatform, ...numbers } = o;
      printObject(numbers);
      process.stdout.write('\n');
      printTable(byPlatform, ['platform', 'total', 'unmanaged']);
      return exitCodes.ok;
    }
    default:
      throw new CliError(`Unknown command 'agents ${verb}'.\n${agentsRegistryHelp}`, exitCodes.usage);
  }
}
