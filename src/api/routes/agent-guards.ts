/**
 * The rules every agent route shares: who may write which kind of object, Entra's "at least one
 * owner or sponsor" for new agent objects, and the high-privilege refusal with its override.
 */
import { z } from 'zod';
import {
  DirectoryError,
  readAgentIdentityPolicy,
  type Directory,
  type DirectoryObject,
  type LinkRelationship,
} from '../../directory/index.ts';
import { highPrivilegeAmong } from '../../agents/index.ts';
import type { Db } from '../../store/index.ts';
import { ApiError } from '../api-error.ts';
import { authorize, requires, type Caller } from '../authorization.ts';
import { Permission } from '../permissions.ts';
import { servicePrincipalKindOfId } from './agent-kinds.ts';
import { idFromRef } from './odata-ref.ts';

/** A 400 naming the request property at fault, as the validation errors do. */
export function invalidField(target: string, message: string): ApiError {
  return new ApiError('Request_BadRequest', message, { details: [{ code: 'InvalidValue', message, target }] });
}

/** `?overrideHighPrivilege=true`: the administrator grants a high-privilege permission on purpose. */
export const overrideQuery = z.object({ overrideHighPrivilege: z.enum(['true', 'false']).optional() });
export const overrides = (query: { overrideHighPrivilege?: 'true' | 'false' | undefined }) => query.overrideHighPrivilege === 'true';

/**
 * Refuses high-privilege permissions for an agent (or a blueprint, which passes them on) unless
 * the request overrides; returns those granted anyway, for the audit record. Entra blocks such
 * permissions for agents outright
 * (https://learn.microsoft.com/entra/agent-id/identity-platform/agent-restrictions); Limen lets
 * an administrator decide, on the record.
 */
export function checkHighPrivilege(
  resourceAppId: string,
  values: readonly string[],
  override: boolean,
  field: string,
): string[] {
  const found = highPrivilegeAmong(resourceAppId, values);
  if (found.length === 0 || override) return found;
  const names = found.map((v) => `'${v}'`).join(', ');
  throw invalidField(field,
    `${names} ${found.length === 1 ? 'is a high-privilege permission' : 'are high-privilege permissions'} ` +
    'that agents should not hold. To grant it anyway, repeat the request with ?overrideHighPrivilege=true (the override is audited).');
}

/** The audit detail recording an override, or nothing. */
export const overrideDetails = (granted: readonly string[]) =>
  granted.length ? [{ key: 'HighPrivilegeOverride', value: granted.join(', ') }] : [];

export type AgentObjectKind = 'application' | 'agentIdentityBlueprint' | 'servicePrincipal' | 'agentIdentity' | 'agentIdentityBlueprintPrincipal';

/**
 * Agent routes open to Application.ReadWrite.All and to the Agent ID permissions; an object that
 * is not an agent object still needs Application.ReadWrite.All, as before.
 */
export function assertMayWrite(caller: Caller, kind: AgentObjectKind): void {
  if (kind === 'application' || kind === 'servicePrincipal') authorize(caller, requires(Permission.ApplicationReadWriteAll));
}

export const blueprintWrite = requires(Permission.ApplicationReadWriteAll, Permission.AgentIdentityBlueprintReadWriteAll);
export const servicePrincipalWrite = requires(Permission.ApplicationReadWriteAll, Permission.AgentIdentityReadWriteAll);
export const agentRead = requires(Permission.ApplicationReadAll, Permission.AgentIdentityReadWriteAll, Permission.AgentIdentityBlueprintReadWriteAll);

/** Object ids from `sponsors@odata.bind` / `owners@odata.bind`, or a 400 naming the property. */
function idsFromBinds(refs: readonly string[] | undefined, field: string): string[] {
  return [...new Set((refs ?? []).map((ref, index) => {
    try {
      return idFromRef(ref);
    } catch {
      throw invalidField(field, `Invalid value for property '${field}[${index}]': expected a URL ending in '/users/{id}', '/groups/{id}', '/servicePrincipals/{id}' or '/directoryObjects/{id}'.`);
    }
  }))];
}

/**
 * Entra's rule for a new blueprint or agent identity: at least one owner or sponsor. Sponsors
 * not named default to the signed-in user (delegated calls), or to the tenant's default sponsors
 * (app-only calls, agentIdentityPolicy); with none of them, creation is refused.
 */
export async function sponsorsAndOwners(
  dir: Directory,
  db: Db,
  caller: Caller,
  body: { 'sponsors@odata.bind'?: string[] | undefined; 'owners@odata.bind'?: string[] | undefined },
  noun: string,
): Promise<{ sponsorIds: string[]; ownerIds: string[] }> {
  let sponsorIds = idsFromBinds(body['sponsors@odata.bind'], 'sponsors@odata.bind');
  const ownerIds = idsFromBinds(body['owners@odata.bind'], 'owners@odata.bind');
  if (sponsorIds.length === 0) {
    if (caller.kind === 'user' && (await dir.users.get(caller.id))) sponsorIds = [caller.id];
    else if (caller.kind === 'app') {
      const defaults = (await readAgentIdentityPolicy(db)).defaultSponsorIds;
      const existing = await Promise.all(defaults.map(async (id) => ((await dir.users.get(id)) ?? (await dir.groups.get(id))) && id));
      sponsorIds = existing.filter((id): id is string => Boolean(id));
    }
  }
  if (sponsorIds.length + ownerIds.length === 0) {
    throw invalidField('sponsors@odata.bind',
      `An ${noun} needs at least one owner or sponsor: name them with 'sponsors@odata.bind' or 'owners@odata.bind'. ` +
      'Apps creating agent identities can rely on default sponsors instead, set in /policies/agentIdentityPolicy.');
  }
  return { sponsorIds, ownerIds };
}

/**
 * Links an owner or sponsor named in a create body. Every refusal is the body's fault, so it is a
 * 400 naming the property, and the whole creation rolls back with it.
 */
export async function linkFromBind(
  dir: Directory,
  objectId: string,
  relationship: LinkRelationship,
  linkedId: string,
  field: string,
): Promise<DirectoryObject> {
  try {
    return await dir.objectLinks.add(objectId, relationship, linkedId, field);
  } catch (error) {
    if (error instanceof DirectoryError) throw invalidField(field, error.message);
    throw error;
  }
}

/**
 * The high-privilege check for a grant to any service principal: it applies when the principal
 * is an agent identity or a blueprint principal (whose grants its agents may inherit).
 */
export async function checkAgentGrant(
  dir: Directory,
  principalId: string,
  resourceAppId: string,
  values: readonly string[],
  override: boolean,
  field: string,
): Promise<string[]> {
  const kind = await servicePrincipalKindOfId(dir, principalId);
  if (kind !== 'agentIdentity' && kind !== 'agentIdentityBlueprintPrincipal') return [];
  return checkHighPrivilege(resourceAppId, values, override, field);
}
