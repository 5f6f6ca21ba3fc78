/** `limen agents blueprints create|list|show|disable|enable` and `limen agents inherit`. */
import { callApi, listAll } from '../api-client.ts';
import { CliError, exitCodes, printJson, printObject, printTable } from '../output.ts';
import { connect, type Connection } from '../session.ts';
import type { AgentsArgs } from './agents.ts';
import { findBlueprint, findPrincipal, findResource, type Item } from './agents-resolve.ts';

type Values = AgentsArgs['values'];
const blueprintsPath = '/applications/microsoft.graph.agentIdentityBlueprint';
const inheritablePath = (id: string) => `/applications/${id}/microsoft.graph.agentIdentityBlueprint/inheritablePermissions`;

async function blueprints(conn: Connection, action: string | undefined, key: string | undefined, values: Values): Promise<number> {
  switch (action ?? 'list') {
    case 'create': {
      if (!values.name) throw new CliError('limen agents blueprints create needs --name.', exitCodes.usage);
      const binds = async (keys: string[] | undefined) => Promise.all((keys ?? []).map(async (k) => (await findPrincipal(conn, k)).url));
      const sponsors = await binds(values.sponsor);
      const owners = await binds(values.owner);
      const blueprint = await callApi<Item>(conn, 'POST', blueprintsPath, {
        displayName: values.name,
        ...(values.description ? { description: values.description } : {}),
        tags: values.tag ?? [],
        ...(sponsors.length ? { 'sponsors@odata.bind': sponsors } : {}),
        ...(owners.length ? { 'owners@odata.bind': owners } : {}),
      });
      if (values.json) printJson(blueprint);
      else process.stdout.write(`Created blueprint '${blueprint.displayName}' (id ${blueprint.id}, appId ${blueprint.appId}) and its blueprint principal.\n` +
        `Its agents act with its credential: add a federated credential or a certificate (client secrets for development only) ` +
        `with the application routes, e.g. POST /v1.0/applications/${blueprint.id}/federatedIdentityCredentials.\n`);
      return exitCodes.ok;
    }
    case 'list': {
      const items = await listAll(conn, `${blueprintsPath}?$top=999&$orderby=displayName`, 10_000);
      if (values.json) printJson(items);
      else printTable(items, ['displayName', 'appId', 'createdDateTime', 'id']);
      return exitCodes.ok;
    }
    case 'show': {
      if (!key) throw new CliError('limen agents blueprints show needs a blueprint.', exitCodes.usage);
      const blueprint = await findBlueprint(conn, key);
      const [principal, sponsors, owners, inheritable, agents] = await Promise.all([
        callApi<Item>(conn, 'GET', `/servicePrincipals(appId='${blueprint.appId}')`).catch(() => undefined),
        listAll(conn, `/applications/${blueprint.id}/sponsors`, 100),
        listAll(conn, `/applications/${blueprint.id}/owners`, 100),
        listAll(conn, inheritablePath(blueprint.id), 100),
        listAll(conn, `/servicePrincipals/microsoft.graph.agentIdentity?$top=999&$filter=${encodeURIComponent(`agentIdentityBlueprintId eq '${blueprint.appId}'`)}`, 10_000),
      ]);
      if (values.json) {
        printJson({ ...blueprint, blueprintPrincipal: principal ?? null, sponsors, owners, inheritablePermissions: inheritable, agentIdentities: agents });
        return exitCodes.ok;
      }
      const { '@odata.context': _context, ...shown } = blueprint;
      printObject({ ...shown, blueprintPrincipal: principal ? `${principal.id} (${principal.accountEnabled ? 'enabled' : 'DISABLED: its agents are stopped'})` : 'none' });
      const who = (o: Record<string, unknown>) => (o.userPrincipalName as string | undefined) ?? (o.displayName as string);
      process.stdout.write(`\nSponsors: ${sponsors.map(who).join(', ') || '(none)'}\nOwners:   ${owners.map(who).join(', ') || '(none)'}\n\nInheritable permissions:\n`);
      printTable(inheritable.map((p) => ({ ...p, scopes: describe(p.inheritableScopes, 'scopes'), roles: describe(p.inheritableRoles, 'roles') })), ['resourceAppId', 'scopes', 'roles']);
      process.stdout.write(`\nAgent identities: ${agents.length}\n`);
      return exitCodes.ok;
    }
    case 'disable':
    case 'enable': {
      if (!key) throw new CliError(`limen agents blueprints ${action} needs a blueprint.`, exitCodes.usage);
      const blueprint = await findBlueprint(conn, key);
      const principal = await callApi<Item>(conn, 'GET', `/servicePrincipals(appId='${blueprint.appId}')`);
      await callApi(conn, 'PATCH', `/servicePrincipals/${principal.id}`, { accountEnabled: action === 'enable' });
      if (values.json) printJson({ id: blueprint.id, blueprintPrincipalId: principal.id, accountEnabled: action === 'enable' });
      else process.stdout.write(action === 'enable' ? `'${blueprint.displayName}' and its agents are enabled again.\n`
        : `'${blueprint.displayName}' is disabled: every agent identity created from it is stopped, their refresh tokens revoked.\n`);
      return exitCodes.ok;
    }
    default:
      throw new CliError(`Unknown action 'blueprints ${action}'.`, exitCodes.usage);
  }
}

function describe(pattern: unknown, list: 'scopes' | 'roles'): string {
  const p = pattern as { kind?: string; scopes?: string[]; roles?: string[] } | undefined;
  if (p?.kind === 'enumerated') return (p[list] ?? []).join(' ');
  return p?.kind === 'allAllowed' ? '(all the blueprint principal holds)' : '';
}

/** Sets (or with --remove drops) what every agent of a blueprint inherits from one resource. */
async function inherit(conn: Connection, key: string | undefined, values: Values): Promise<number> {
  if (!key || !values.resource) throw new CliError('limen agents inherit needs a blueprint and --resource.', exitCodes.usage);
  const blueprint = await findBlueprint(conn, key);
  const resource = await findResource(conn, values.resource);
  const path = inheritablePath(blueprint.id);
  const existing = (await listAll(conn, path, 100)).find((p) => p.resourceAppId === resource.appId);
  if (values.remove) {
    if (!existing) throw new CliError(`'${blueprint.displayName}' passes on nothing of '${resource.displayName}'.`, exitCodes.notFound);
    await callApi(conn, 'DELETE', `${path}/${resource.appId}`);
    if (values.json) printJson({ removed: existing });
    else process.stdout.write(`Agents of '${blueprint.displayName}' no longer inherit anything of '${resource.displayName}'.\n`);
    return exitCodes.ok;
  }
  const scopes = values.scope ?? [];
  const roles = values.role ?? [];
  const body = {
    inheritableScopes: values['all-scopes'] ? { '@odata.type': '#microsoft.graph.allAllowedScopes' }
      : scopes.length ? { '@odata.type': '#microsoft.graph.enumeratedScopes', scopes } : { '@odata.type': '#microsoft.graph.noScopes' },
    inheritableRoles: values['all-roles'] ? { '@odata.type': '#microsoft.graph.allAllowedRoles' }
      : roles.length ? { '@odata.type': '#microsoft.graph.enumeratedRoles', roles } : { '@odata.type': '#microsoft.graph.noRoles' },
  };
  const query = values['override-high-privilege'] ? '?overrideHighPrivilege=true' : '';
  if (existing) await callApi(conn, 'PATCH', `${path}/${resource.appId}${query}`, body);
  else await callApi(conn, 'POST', `${path}${query}`, { resourceAppId: resource.appId, ...body });
  const entry = await callApi<{ inheritableScopes: unknown; inheritableRoles: unknown }>(conn, 'GET', `${path}/${resource.appId}`);
  if (values.json) printJson(entry);
  else process.stdout.write(`Agents of '${blueprint.displayName}' inherit from '${resource.displayName}': ` +
    `scopes: ${describe(entry.inheritableScopes, 'scopes') || 'none'}; app roles: ${describe(entry.inheritableRoles, 'roles') || 'none'}.\n`);
  return exitCodes.ok;
}

export async function blueprintCommand(verb: string, positionals: string[], values: Values): Promise<number> {
  const conn = await connect(values.server);
  if (verb === 'inherit') return inherit(conn, positionals[0], values);
  return blueprints(conn, positionals[0], positionals[1], values);
}
