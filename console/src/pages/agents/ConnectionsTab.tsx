/**
 * The registry's sync connections (Amazon Bedrock, Vertex AI): each with its last run, and
 * "Sync now", which answers the run: what it found, added, updated and removed, or why the
 * platform refused.
 */
import { Badge, Body1, Button, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Collection } from '../../api/graph.ts';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { DateTime } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { platformName, type Connection, type SyncRun } from './agent.ts';

const counts = (run: SyncRun) => `${run.agentsFound} found: ${run.added} added, ${run.updated} updated, ${run.removed} removed`;

function RunStatus({ run }: { run: SyncRun | null }) {
  if (!run) return <Badge appearance="tint" color="subtle">Never synced</Badge>;
  return run.status === 'succeeded'
    ? <Badge appearance="tint" color="success">Succeeded</Badge>
    : <Badge appearance="tint" color="danger">Failed</Badge>;
}

function SyncNow({ connection, onRun }: { connection: Connection; onRun: (connection: Connection, run: SyncRun) => void }) {
  const graph = useGraph();
  const client = useQueryClient();
  const sync = useMutation({
    mutationFn: () => graph<SyncRun>(`/agentRegistry/connections/${connection.id}/sync`, { method: 'POST' }),
    onSuccess: async (run) => {
      onRun(connection, run);
      await invalidateGraph(client, '/agentRegistry');
    },
  });
  return (
    <Button icon={<ArrowSyncRegular />} disabled={sync.isPending} aria-label={`Sync ${connection.displayName} now`} onClick={() => sync.mutate()}>
      {sync.isPending ? 'Syncing…' : 'Sync now'}
    </Button>
  );
}

export function ConnectionsTab() {
  const access = useAccess();
  const connections = useGraphQuery<Collection<Connection>>('/agentRegistry/connections');
  const [last, setLast] = useState<{ connection: Connection; run: SyncRun }>();
  const canSync = access.can('AgentInstance.ReadWrite.All');
  return (
    <>
      {last && (
        <MessageBar intent={last.run.status === 'succeeded' ? 'success' : 'error'}>
          <MessageBarBody>
            <MessageBarTitle>{last.connection.displayName}: sync {last.run.status}</MessageBarTitle>
            {last.run.status === 'succeeded' ? counts(last.run) : `${last.run.error?.message ?? 'The platform refused.'} The registry was left as it was.`}
          </MessageBarBody>
        </MessageBar>
      )}
      {connections.error && <ApiErrorBar error={connections.error} />}
      <SimpleTable
        label="Sync connections"
        query={connections}
        empty="No connections. Add one: npx limen agents connections add (see Inventory your agents)."
        headers={['Name', 'Platform', 'Where', 'Last sync', 'Result', 'Finished', ...(canSync ? [''] : [])]}
        rows={(connections.data?.value ?? []).map((c) => ({
          id: c.id,
          cells: [
            c.displayName,
            platformName(c.platform),
            [c.region, c.project, c.location, c.endpoint].filter(Boolean).join(' · '),
            <RunStatus key="s" run={c.lastSyncRun} />,
            c.lastSyncRun ? (c.lastSyncRun.status === 'succeeded' ? counts(c.lastSyncRun) : (c.lastSyncRun.error?.message ?? '')) : '',
            <DateTime key="f" value={c.lastSyncRun?.finishedDateTime} />,
            ...(canSync ? [<SyncNow key="n" connection={c} onRun={(connection, run) => setLast({ connection, run })} />] : []),
          ],
        }))}
      />
      {!canSync && <Body1>Syncing needs a role that writes the registry (Agent ID Administrator).</Body1>}
    </>
  );
}
