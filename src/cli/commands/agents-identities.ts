/** `limen agents create|list|show|sponsors|owners|grant|revoke|disable|enable|policy`. */
import { callApi, listAll } from '../api-client.ts';
import { CliError, exitCodes, printJson, printObject, printTable } from '../output.ts';
import { connect, type Connection } from '../session.ts';
import type { AgentsArgs } from './agents.ts';
import { findAgent, findBlueprint, findPrincipal, findResource, linkRegistryEntry, registryEntry, type Item } from './agents-resolve.ts';

type Values = AgentsArgs['values'];
const agentsPath = '/servicePrincipals/microsoft.graph.agentIdentity';

/** What a list row flags: over-privileged, sponsorless, disabled. */
function flags(agent: Record<string, unknown>): string {
  const marks = [
    ...((agent.highPrivilegePermissions as string[] | undefined)?.length ? ['high-privilege'] : []),
    ...(agent.sponsorCount === 0 ? ['no sponsor'] : []),
    ...(agent.accountEnabled === false ? ['disabled'] : []),
  ];
  return marks.join(', ');
}

async function show(conn: Connection, agent: Item, json: boolean | undefined): Promise<number> {
  const [sponsors, owners, permissions] = await Promise.all([
    listAll(conn, `/servicePrincipals/${agent.id}/sponsors`, 100),
    listAll(conn, `/servicePrincipals/${agent.id}/owners`, 100),
    listAll(conn, `/servicePrincipals/${agent.id}/microsoft.graph.agentIdentity/permissions?$top=999`, 999),
  ]);
  if (json) {
    printJson({ ...agent, sponsors, owners, permissions });
    return exitCodes.ok;
  }
  const { '@odata.context': _context, ...shown } = agent;
  printObject(shown);
  const who = (o: Record<string, unknown>) => (o.userPrincipalName as string | undefined) ?? (o.displayName as string);
  process.stdout.write(`\nSponsors: ${sponsors.map(who).join(', ') || '(none: nobody is accountable for this agent)'}\n`);
  process.stdout.write(`Owners:   ${owners.map(who).join(', ') || '(none)'}\n\nPermissions:\n`);
  printTable(permissions.map((p) => ({
    ...p,
    from: p.source === 'inheritedFromBlueprint' ? `blueprint '${String(p.sourceDisplayName)}'` : String(p.source),
    high: p.highPrivilege ? 'HIGH' : '',
  })), ['high', 'permissionType', 'value', 'resourceDisplayName', 'from']);
  return exitCodes.ok;
}

async function link(conn: Connection, relationship: 'sponsors' | 'owners', positionals: string[], values: Values): Promise<number> {
  const [action, agentKey, whoKey] = positionals;
  if ((action !== 'add' && action !== 'remove') || !agentKey || !whoKey) {
    throw new CliError(`limen agents ${relationship} add|remove AGENT WHO`, exitCodes.usage);
  }
  const agent = await findAgent(conn, agentKey);
  const who = await findPrincipal(conn, whoKey);
  const path = `/servicePrincipals/${agent.id}/${relationship}`;
  if (action === 'add') await callApi(conn, 'POST', `${path}/$ref`, { '@odata.id': who.url });
  else await callApi(conn, 'DELETE', `${path}/${who.id}/$ref`);
  const noun = relationship === 'sponsors' ? 'sponsor' : 'owner';
  if (values.json) printJson({ agentId: agent.id, [relationship]: await listAll(conn, path, 100) });
  else process.stdout.write(`${who.label} ${action === 'add' ? 'is now' : 'is no longer'} a ${noun} of '${agent.displayName}'.\n`);
  return exitCodes.ok;
}

/** The app role of `resource` whose value is `--role`, for grant and revoke. */
async function roleOf(conn: Connection, values: Values): Promise<{ resource: Item; role: { id: string; value: string } }> {
  const [value] = values.role ?? [];
  if (!values.resource || !value) throw new CliError('grant and revoke need --resource APP and --role VALUE.', exitCodes.usage);
  const resource = await findResource(conn, values.resource);
  const role = (resource.appRoles as Array<{ id: string; value: string; allowedMemberTypes: string[] }>)
    .find((r) => r.value === value && r.allowedMemberTypes.includes('Application'));
  if (!role) throw new CliError(`'${resource.displayName}' has no application permission (app role) '${value}'.`, exitCodes.usage);
  return { resource, role };
}

export async function agentIdentityCommand(verb: string, positionals: string[], values: Values): Promise<number> {
  const conn = await connect(values.server);
  switch (verb) {
    case 'create': {
      if (!values.blueprint || !values.name) throw new CliError('limen agents create needs --blueprint and --name.', exitCodes.usage);
      const blueprint = await findBlueprint(conn, values.blueprint);
      // The registry entry is checked before the agent is made, so a wrong id creates nothing.
      const entry = values['registry-entry'] ? await registryEntry(conn, values['registry-entry']) : undefined;
      const binds = async (keys: string[] | undefined) => Promise.all((keys ?? []).map(async (k) => (await findPrincipal(conn, k)).url));
      const sponsors = await binds(values.sponsor);
      const owners = await binds(values.owner);
      const agent = await callApi<Item>(conn, 'POST', agentsPath, {
        displayName: values.name,
        agentIdentityBlueprintId: blueprint.appId,
        tags: values.tag ?? [],
        ...(sponsors.length ? { 'sponsors@odata.bind': sponsors } : {}),
        ...(owners.length ? { 'owners@odata.bind': owners } : {}),
      });
      if (entry) await linkRegistryEntry(conn, entry.id, agent.id);
      if (values.json) printJson(agent);
      else {
        process.stdout.write(`Created agent identity '${agent.displayName}' (id ${agent.id}, client id ${agent.appId}) from '${blueprint.displayName}'.\n`);
        if (entry) process.stdout.write(`Linked the registry's '${entry.displayName}' (${entry.platform} ${entry.sourceAgentId}) to it: that agent is now managed.\n`);
      }
      return exitCodes.ok;
    }
    case 'list': {
      const blueprint = values.blueprint ? await findBlueprint(conn, values.blueprint) : undefined;
      const filter = blueprint ? `&$filter=${encodeURIComponent(`agentIdentityBlueprintId eq '${blueprint.appId}'`)}` : '';
      const items = await listAll(conn, `${agentsPath}?$top=999&$orderby=displayName${filter}`, 10_000);
      if (values.json) {
        printJson(items);
        return exitCodes.ok;
      }
      printTable(items.map((a) => ({ ...a, flags: flags(a), sponsors: a.sponsorCount })), ['displayName', 'appId', 'accountEnabled', 'sponsors', 'flags', 'id']);
      const over = items.filter((a) => (a.highPrivilegePermissions as string[]).length > 0).length;
      const sponsorless = items.filter((a) => a.sponsorCount === 0).length;
      const noun = items.length === 1 ? 'agent identity' : 'agent identities';
      process.stdout.write(`\n${items.length} ${noun}: ${over} with high-privilege permissions, ${sponsorless} without a sponsor.\n`);
      return exitCodes.ok;
    }
    case 'show': {
      if (!positionals[0]) throw new CliError('limen agents show needs an agent.', exitCodes.usage);
      return show(conn, await findAgent(conn, positionals[0]), values.json);
    }
    case 'sponsors':
    case 'owners':
      return link(conn, verb, positionals, values);
    case 'grant':
    case 'revoke': {
      if (!positionals[0]) throw new CliError(`limen agents ${verb} needs an agent.`, exitCodes.usage);
      const agent = await findAgent(conn, positionals[0]);
      const { resource, role } = await roleOf(conn, values);
      const path = `/servicePrincipals/${agent.id}/appRoleAssignments`;
      if (verb === 'grant') {
        const query = values['override-high-privilege'] ? '?overrideHighPrivilege=true' : '';
        const assignment = await callApi(conn, 'POST', `${path}${query}`, { principalId: agent.id, resourceId: resource.id, appRoleId: role.id });
        if (values.json) printJson(assignment);
        else process.stdout.write(`Granted '${role.value}' of '${resource.displayName}' to '${agent.displayName}'.\n`);
        return exitCodes.ok;
      }
      const held = (await listAll(conn, path, 999)).find((a) => a.resourceId === resource.id && a.appRoleId === role.id);
      if (!held) throw new CliError(`'${agent.displayName}' does not hold '${role.value}' of '${resource.displayName}' directly.`, exitCodes.notFound);
      await callApi(conn, 'DELETE', `${path}/${String(held.id)}`);
      if (values.json) printJson({ revoked: held });
      else process.stdout.write(`Revoked '${role.value}' of '${resource.displayName}' from '${agent.displayName}'.\n`);
      return exitCodes.ok;
    }
    case 'disable':
    case 'enable': {
      if (!positionals[0]) throw new CliError(`limen agents ${verb} needs an agent.`, exitCodes.usage);
      const agent = await findAgent(conn, positionals[0]);
      await callApi(conn, 'PATCH', `/servicePrincipals/${agent.id}`, { accountEnabled: verb === 'enable' });
      if (values.json) printJson({ id: agent.id, accountEnabled: verb === 'enable' });
      else process.stdout.write(verb === 'enable' ? `'${agent.displayName}' is enabled.\n` : `'${agent.displayName}' is disabled; its refresh tokens were revoked.\n`);
      return exitCodes.ok;
    }
    case 'policy': {
      const path = '/policies/agentIdentityPolicy';
      if (values['default-sponsor']?.length) {
        const ids = await Promise.all(values['default-sponsor'].map(async (k) => (await findPrincipal(conn, k)).id));
        await callApi(conn, 'PATCH', path, { defaultSponsorIds: ids });
      }
      const policy = await callApi<{ defaultSponsorIds: string[] }>(conn, 'GET', path);
      if (values.json) printJson(policy);
      else process.stdout.write(policy.defaultSponsorIds.length
        ? `Agents created by apps without a sponsor get: ${policy.defaultSponsorIds.join(', ')}\n`
        : 'No default sponsors: apps must name a sponsor or an owner for every agent they create.\n');
      return exitCodes.ok;
    }
    default:
      throw new CliError(`Unknown action '${verb}'.`, exitCodes.usage);
  }
}
