/**
 * How `limen agents` finds what its arguments name: an agent identity or a blueprint by object
 * id, appId or display name; a person by userPrincipalName or id; a resource by appId or name.
 */
import { callApi, listAll } from '../api-client.ts';
import { CliError, exitCodes } from '../output.ts';
import type { Connection } from '../session.ts';

export type Item = Record<string, unknown> & { id: string; displayName: string; appId: string };

const isGuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The one item of a collection whose id, appId or displayName is `key`. */
async function findIn(conn: Connection, collection: string, key: string, noun: string): Promise<Item> {
  const filter = isGuid(key)
    ? `id eq ${quoted(key)} or appId eq ${quoted(key)}`
    : `displayName eq ${quoted(key)}`;
  const found = (await listAll(conn, `${collection}?$filter=${encodeURIComponent(filter)}&$top=10`, 10)) as Item[];
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new CliError(`${found.length} ${noun}s are named '${key}'; give the id.`, exitCodes.usage);
  throw new CliError(`No ${noun} '${key}'.`, exitCodes.notFound);
}

export const findAgent = (conn: Connection, key: string) =>
  findIn(conn, '/servicePrincipals/microsoft.graph.agentIdentity', key, 'agent identity');

export const findBlueprint = (conn: Connection, key: string) =>
  findIn(conn, '/applications/microsoft.graph.agentIdentityBlueprint', key, 'agent identity blueprint');

/** A resource's service principal (the API whose permissions are granted), by appId or name. */
export const findResource = (conn: Connection, key: string) =>
  findIn(conn, '/servicePrincipals', key, 'service principal');

async function getOrUndefined<T>(conn: Connection, path: string): Promise<T | undefined> {
  try {
    return await callApi<T>(conn, 'GET', path);
  } catch (error) {
    if (error instanceof CliError && error.exitCode === exitCodes.notFound) return undefined;
    throw error;
  }
}

/**
 * A user (by userPrincipalName or id), group or service principal (by id), as the URL an
 * `@odata.id` or `@odata.bind` names, and a label for messages.
 */
export async function findPrincipal(conn: Connection, key: string): Promise<{ id: string; url: string; label: string }> {
  const kinds = isGuid(key) ? ['users', 'groups', 'servicePrincipals'] : ['users'];
  for (const kind of kinds) {
    const found = await getOrUndefined<{ id: string; displayName: string; userPrincipalName?: string }>(conn, `/${kind}/${encodeURIComponent(key)}`);
    if (found) return { id: found.id, url: `${conn.server}/v1.0/${kind}/${found.id}`, label: found.userPrincipalName ?? found.displayName };
  }
  throw new CliError(`No user${isGuid(key) ? ', group or service principal' : ''} '${key}'.`, exitCodes.notFound);
}

export type RegistryEntry = { id: string; displayName: string; platform: string; sourceAgentId: string; agentIdentityId: string | null };

/** An entry of the agent registry by id, refused when it is already linked to an identity. */
export async function registryEntry(conn: Connection, id: string): Promise<RegistryEntry> {
  const entry = await callApi<RegistryEntry>(conn, 'GET', `/agentRegistry/agentInstances/${encodeURIComponent(id)}`);
  if (entry.agentIdentityId) {
    throw new CliError(`The registry's '${entry.displayName}' is already linked to agent identity ${entry.agentIdentityId}; ` +
      `'limen agents registry unlink ${entry.id}' first.`, exitCodes.usage);
  }
  return entry;
}

/** Links a registry entry to an agent identity (null: unlinks it); the API audits it. */
export async function linkRegistryEntry(conn: Connection, entryId: string, agentIdentityId: string | null): Promise<void> {
  await callApi(conn, 'PATCH', `/agentRegistry/agentInstances/${encodeURIComponent(entryId)}`, { agentIdentityId });
}
