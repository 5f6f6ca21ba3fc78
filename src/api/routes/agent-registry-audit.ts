import type { AgentRegistryConnection, AppliedAgents, SyncRun } from '../../agents/index.ts';
import type { AuditRecord } from './audit-entry.ts';

/**
 * How the agent registry's changes read in the audit log. Entra has no audit category for a
 * registry of agents (Agent 365 keeps its own log), so these records carry Limen's category
 * `AgentRegistry`, logged by the `Agent Registry` service.
 */
export const registryAudit = { category: 'AgentRegistry', loggedByService: 'Agent Registry' } as const;

export const connectionTarget = (c: Pick<AgentRegistryConnection, 'id' | 'displayName'>) =>
  ({ id: c.id, displayName: c.displayName, type: 'AgentRegistryConnection' });

/** The counts of a sync or an import, as key/value details. */
export function countDetails(applied: Pick<AppliedAgents, 'agentsFound' | 'added' | 'updated' | 'unchanged' | 'removed'>) {
  return (['agentsFound', 'added', 'updated', 'unchanged', 'removed'] as const).map((key) => ({ key, value: String(applied[key]) }));
}

/** One record per sync run, succeeded or failed; a failed one says why in the platform's words. */
export function syncRunAudit(connection: AgentRegistryConnection, run: SyncRun): AuditRecord {
  return {
    ...registryAudit,
    activityDisplayName: 'Sync agent registry connection',
    operationType: 'Update',
    result: run.status === 'succeeded' ? 'success' : 'failure',
    ...(run.error ? { resultReason: run.error.message.slice(0, 1000) } : {}),
    targetResources: [connectionTarget(connection)],
    additionalDetails: [{ key: 'syncRunId', value: run.id }, { key: 'platform', value: connection.platform }, ...countDetails(run)],
  };
}
