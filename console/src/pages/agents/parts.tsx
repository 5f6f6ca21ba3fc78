/** What the Agents page's tabs and the agent pane share: styles, blueprint names, an agent's warnings. */
import { Badge, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { WarningRegular } from '@fluentui/react-icons';
import { useMemo } from 'react';
import type { Collection } from '../../api/graph.ts';
import { useGraphQuery } from '../../api/queries.ts';
import { blueprintsPath, type AgentIdentity, type Blueprint } from './agent.ts';

export const useAgentStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalM },
  search: { minWidth: '320px' },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
});

/** The blueprints by appId (agents name their blueprint by its appId). */
export function useBlueprintNames(enabled: boolean): Map<string, Blueprint> {
  const blueprints = useGraphQuery<Collection<Blueprint>>(enabled ? `${blueprintsPath}?$top=999&$select=id,appId,displayName` : undefined);
  return useMemo(() => new Map((blueprints.data?.value ?? []).map((b) => [b.appId, b])), [blueprints.data]);
}

/** The warnings of an agent: over-privileged (with its high-privilege permissions), no sponsor. */
export function AgentWarnings({ agent }: { agent: AgentIdentity }) {
  const styles = useAgentStyles();
  const high = agent.highPrivilegePermissions ?? [];
  return (
    <span className={styles.badges}>
      {high.length > 0 && (
        <Tooltip content={`High-privilege permissions: ${high.join(', ')}`} relationship="description">
          <Badge appearance="filled" color="danger" icon={<WarningRegular />}>Over-privileged</Badge>
        </Tooltip>
      )}
      {agent.sponsorCount === 0 && <Badge appearance="tint" color="warning">No sponsor</Badge>}
    </span>
  );
}

export const enabledBadge = (enabled: boolean) => enabled
  ? <Badge appearance="tint" color="success">Enabled</Badge>
  : <Badge appearance="tint" color="danger">Disabled</Badge>;
