/**
 * Updating and deleting agent identities and blueprint principals through the service principal
 * routes. Disabling is one action (https://learn.microsoft.com/entra/agent-id/disable-agent-identities):
 * `accountEnabled: false` on an agent stops it, on a blueprint principal stops every agent of the
 * blueprint; in the same transaction their refresh tokens and grants are revoked, so nothing
 * issued before keeps working. The token flows also refuse disabled agents on every request.
 */
import {
  agentIdentityBlueprintPrincipalType,
  type Directory,
  type ServicePrincipal,
  type ServicePrincipalUpdate,
} from '../../directory/index.ts';
import { revokeClientGrants } from '../../oidc/revoke-client-grants.ts';
import type { Db } from '../../store/index.ts';
import { agentObjectAudit } from './agent-audit.ts';
import { invalidField } from './agent-guards.ts';
import type { ServicePrincipalKind } from './agent-kinds.ts';
import { modifiedProperties, type AuditRecord } from './audit-entry.ts';

type AgentKind = Exclude<ServicePrincipalKind, 'servicePrincipal'>;

/** The client ids a disabled or deleted agent object stops: the agent, or the blueprint and all its agents. */
async function clientsOf(dir: Directory, kind: AgentKind, sp: ServicePrincipal): Promise<string[]> {
  if (kind === 'agentIdentity') return [sp.appId];
  return [sp.appId, ...(await dir.agentIdentities.listByBlueprint(sp.appId)).map((a) => a.appId)];
}

const revokedDetail = (count: number) => [{ key: 'RevokedTokensAndGrants', value: String(count) }];

export async function updateAgentServicePrincipal(
  dir: Directory,
  trx: Db,
  kind: AgentKind,
  sp: ServicePrincipal,
  patch: ServicePrincipalUpdate,
): Promise<AuditRecord> {
  const revoked = patch.accountEnabled === false ? await revokeClientGrants(trx, await clientsOf(dir, kind, sp)) : undefined;
  const details = revoked === undefined ? [] : revokedDetail(revoked);
  if (kind === 'agentIdentity') {
    const { before, after } = await dir.agentIdentities.update(sp.id, patch);
    return agentObjectAudit('Update agent identity', kind, after, modifiedProperties(before, after), details);
  }
  if (patch.customSecurityAttributes !== undefined) {
    throw invalidField('customSecurityAttributes', "Invalid value for property 'customSecurityAttributes': Limen keeps custom security attributes on agent identities only.");
  }
  const { before, after } = await dir.servicePrincipals.update(sp.id, patch);
  const typed = { '@odata.type': agentIdentityBlueprintPrincipalType, ...after };
  return agentObjectAudit('Update agent identity blueprint principal', kind, typed, modifiedProperties(before, after), details);
}

export async function deleteAgentServicePrincipal(dir: Directory, trx: Db, kind: AgentKind, sp: ServicePrincipal): Promise<AuditRecord> {
  const agent = kind === 'agentIdentity' ? await dir.agentIdentities.get(sp.id) : undefined;
  const revoked = await revokeClientGrants(trx, await clientsOf(dir, kind, sp));
  await dir.servicePrincipals.delete(sp.id);
  const activity = kind === 'agentIdentity' ? 'Delete agent identity' : 'Delete agent identity blueprint principal';
  return agentObjectAudit(activity, kind, agent ?? sp, [], revokedDetail(revoked));
}
