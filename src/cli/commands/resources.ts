import { parseArgs } from 'node:util';
import { callApi, listAll } from '../api-client.ts';
import { CliError, exitCodes, printJson, printObject, printTable } from '../output.ts';
import { connect } from '../session.ts';
import { resourceHelp, resources, type ResourceName } from './resource-table.ts';

/** Flattens the nested fields a table shows for log records. */
function row(name: ResourceName, item: Record<string, unknown>): Record<string, unknown> {
  if (name === 'signins') return { ...item, errorCode: (item.status as { errorCode?: number } | undefined)?.errorCode };
  if (name === 'audit') {
    const by = item.initiatedBy as { user?: { userPrincipalName?: string }; app?: { displayName?: string } } | undefined;
    return { ...item, initiatedBy: by?.user?.userPrincipalName ?? by?.app?.displayName ?? 'Limen' };
  }
  return item;
}

function parseData(text: string | undefined): unknown {
  if (!text) throw new CliError('--data is required: the Graph JSON body.', exitCodes.usage);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`--data is not valid JSON: ${(e as Error).message}`, exitCodes.usage);
  }
}

export async function resourceCommand(name: ResourceName, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      filter: { type: 'string' }, top: { type: 'string' }, select: { type: 'string' },
      data: { type: 'string' }, json: { type: 'boolean' }, server: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [verb, id] = positionals;
  const r = resources[name];
  if (values.help || !verb) {
    process.stdout.write(`${resourceHelp}\n`);
    return values.help ? exitCodes.ok : exitCodes.usage;
  }
  const needsId = verb === 'get' || verb === 'update' || verb === 'delete';
  if (needsId && !id) throw new CliError(`limen ${name} ${verb} needs an id.`, exitCodes.usage);
  if (!r.writable && verb !== 'list' && verb !== 'get') {
    throw new CliError(`limen ${name} supports list and get only.`, exitCodes.usage);
  }
  const top = values.top === undefined ? 100 : Number(values.top);
  if (!Number.isInteger(top) || top < 1) throw new CliError('--top must be a positive whole number.', exitCodes.usage);

  const conn = await connect(values.server);
  const item = (p: string) => `${r.path}/${encodeURIComponent(p)}`;
  switch (verb) {
    case 'list': {
      const q = new URLSearchParams();
      if (values.filter) q.set('$filter', values.filter);
      if (values.select) q.set('$select', values.select);
      q.set('$top', String(Math.min(top, 999)));
      const items = await listAll(conn, `${r.path}?${q.toString()}`, top);
      if (values.json) printJson(items);
      else printTable(items.map((i) => row(name, i)), values.select ? values.select.split(',') : [...r.columns]);
      return exitCodes.ok;
    }
    case 'get': {
      const obj = await callApi<Record<string, unknown>>(conn, 'GET', item(id!));
      if (values.json) printJson(obj);
      else printObject(obj);
      return exitCodes.ok;
    }
    case 'create': {
      const obj = await callApi<Record<string, unknown>>(conn, 'POST', r.path, parseData(values.data));
      if (values.json) printJson(obj);
      else process.stdout.write(`Created ${obj.id}\n`);
      return exitCodes.ok;
    }
    case 'update':
      await callApi(conn, 'PATCH', item(id!), parseData(values.data));
      if (!values.json) process.stdout.write(`Updated ${id}\n`);
      return exitCodes.ok;
    case 'delete':
      await callApi(conn, 'DELETE', item(id!));
      if (!values.json) process.stdout.write(`Deleted ${id}\n`);
      return exitCodes.ok;
    default:
      throw new CliError(`Unknown action '${verb}'.\n${resourceHelp}`, exitCodes.usage);
  }
}
