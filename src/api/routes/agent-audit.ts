/**
 * Audit records of agent objects, named as Entra names its application activities ("Add
 * application", "Add owner to service principal"), with the agent object's own noun: "Add agent
 * identity", "Update agent identity blueprint", "Add sponsor to agent identity".
 */
import type { DirectoryObject } from '../../directory/index.ts';
import type { AuditRecord, AuditTarget } from './audit-entry.ts';
import type { AgentObjectKind } from './agent-guards.ts';

export const kindNoun: Readonly<Record<AgentObjectKind, string>> = {
  application: 'application',
  agentIdentityBlueprint: 'agent identity blueprint',
  servicePrincipal: 'service principal',
  agentIdentity: 'agent identity',
  agentIdentityBlueprintPrincipal: 'agent identity blueprint principal',
};

const targetType = (kind: AgentObjectKind) =>
  kind === 'application' || kind === 'agentIdentityBlueprint' ? 'Application' : 'ServicePrincipal';

type Details = Array<{ key: string; value: string }>;

/** One change of an agent object (or of an owner link of any application or service principal). */
export function agentObjectAudit(
  activityDisplayName: string,
  kind: AgentObjectKind,
  object: { id: string; displayName: string; appId: string; agentIdentityBlueprintId?: string },
  modifiedProperties: AuditTarget['modifiedProperties'] = [],
  details: Details = [],
): AuditRecord {
  return {
    category: 'ApplicationManagement',
    activityDisplayName,
    targetResources: [{ id: object.id, displayName: object.displayName, type: targetType(kind), modifiedProperties }],
    additionalDetails: [
      { key: 'AppId', value: object.appId },
      ...(object.agentIdentityBlueprintId ? [{ key: 'AgentIdentityBlueprintId', value: object.agentIdentityBlueprintId }] : []),
      ...details,
    ],
  };
}

const linkedType: Record<string, string> = {
  '#microsoft.graph.user': 'User',
  '#microsoft.graph.group': 'Group',
  '#microsoft.graph.servicePrincipal': 'ServicePrincipal',
};

/** "Add sponsor to agent identity", "Remove owner from application"…: the object, then who. */
export function linkAudit(
  adding: boolean,
  relationship: 'owners' | 'sponsors',
  kind: AgentObjectKind,
  object: { id: string; displayName: string; appId: string; agentIdentityBlueprintId?: string },
  linked: DirectoryObject,
): AuditRecord {
  const noun = relationship === 'owners' ? 'owner' : 'sponsor';
  const activity = `${adding ? 'Add' : 'Remove'} ${noun} ${adding ? 'to' : 'from'} ${kindNoun[kind]}`;
  const record = agentObjectAudit(activity, kind, object);
  const name = (linked.userPrincipalName as string | undefined) ?? linked.displayName;
  record.targetResources.push({ id: linked.id, displayName: name, type: linkedType[linked['@odata.type']] ?? 'DirectoryObject' });
  return record;
}
