import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeDocument, DocumentDecodeError } from '../../conditional-access/import/index.ts';
import { callApi, listAll } from '../api-client.ts';
import { CliError, exitCodes, printJson, printTable } from '../output.ts';
import { connect } from '../session.ts';

export const caHelp = `Usage: limen ca list [--json]
       limen ca export [--json]
       limen ca import FILE... [--locations FILE]... [--dry-run] [--keep-ids] [--allow-unresolved] [--json]

Conditional Access policies, as Microsoft Graph exports them.
  list      the policies: state, name, id
  export    every policy as a Graph list ({"value": [...]}) on standard output
  import    policies from files exported from Entra or Limen: one policy or a list per file, in
            UTF-8 or UTF-16 (as PowerShell writes them); named locations with --locations (once per file).
            All or nothing: any problem is listed by file item and JSON path, and nothing is stored.
              --dry-run           check and report only
              --keep-ids          keep the files' ids (so policies still find imported locations)
              --allow-unresolved  import even when groups, users or locations named do not exist
                                  here (each is listed); without it they are refused`;

/** The items of every file: each holds one resource or a Graph list. */
async function readItems(files: readonly string[]): Promise<unknown[]> {
  const items: unknown[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = decodeDocument(await readFile(file));
    } catch (error) {
      if (error instanceof DocumentDecodeError) throw new CliError(`${file}: ${error.message}`, exitCodes.usage);
      throw new CliError(`${file}: ${(error as Error).message}`, exitCodes.usage);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${file}: not JSON: ${(error as Error).message}`, exitCodes.usage);
    }
    const list = (value as { value?: unknown } | null)?.value;
    items.push(...(Array.isArray(value) ? value : Array.isArray(list) ? list : [value]));
  }
  return items;
}

export async function conditionalAccess(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      locations: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' }, 'keep-ids': { type: 'boolean' },
      'allow-unresolved': { type: 'boolean' }, json: { type: 'boolean' }, server: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [verb, ...files] = positionals;
  if (values.help || !verb) {
    process.stdout.write(`${caHelp}\n`);
    return values.help ? exitCodes.ok : exitCodes.usage;
  }
  const path = '/identity/conditionalAccess/policies';
  switch (verb) {
    case 'list': {
      const items = await listAll(await connect(values.server), `${path}?$top=999`, 999);
      if (values.json) printJson(items);
      else printTable(items, ['state', 'displayName', 'id']);
      return exitCodes.ok;
    }
    case 'export': {
      const items = await listAll(await connect(values.server), `${path}?$top=999`, 999);
      printJson({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies', value: items });
      return exitCodes.ok;
    }
    case 'import': {
      if (files.length === 0 && !values.locations?.length) throw new CliError('limen ca import needs at least one file.', exitCodes.usage);
      const body = {
        ...(files.length ? { policies: await readItems(files) } : {}),
        ...(values.locations?.length ? { namedLocations: await readItems(values.locations) } : {}),
        dryRun: values['dry-run'] ?? false,
        keepIds: values['keep-ids'] ?? false,
        allowUnresolvedReferences: values['allow-unresolved'] ?? false,
      };
      const report = await callApi<{
        dryRun: boolean; policies: Array<{ id: string; displayName: string; state: string }>; namedLocations: Array<{ id: string; displayName: string }>;
        problems: Array<{ item?: { index: number; displayName?: string }; path: string; message: string }>;
        unresolvedReferences: Array<{ item?: { displayName?: string }; path: string; message: string }>;
      }>(await connect(values.server), 'POST', '/identity/conditionalAccess/import', body);
      if (values.json) {
        printJson(report);
        return report.problems.length ? exitCodes.checkFailed : exitCodes.ok;
      }
      const verbWord = report.dryRun ? 'Would import' : 'Imported';
      process.stdout.write(`${verbWord} ${report.policies.length} policies and ${report.namedLocations.length} named locations.\n`);
      for (const p of report.policies) process.stdout.write(`  ${p.state.padEnd(34)} ${p.displayName}  (${p.id})\n`);
      for (const p of report.problems) process.stdout.write(`problem: ${p.item?.displayName ?? ''} ${p.path}: ${p.message}\n`);
      if (report.unresolvedReferences.length) {
        process.stdout.write(`${report.unresolvedReferences.length} references name objects this tenant does not have:\n`);
        for (const r of report.unresolvedReferences.slice(0, 50)) process.stdout.write(`  ${r.item?.displayName ?? ''} ${r.path}: ${r.message}\n`);
      }
      return report.problems.length ? exitCodes.checkFailed : exitCodes.ok;
    }
    default:
      throw new CliError(`Unknown action '${verb}'.\n${caHelp}`, exitCodes.usage);
  }
}
