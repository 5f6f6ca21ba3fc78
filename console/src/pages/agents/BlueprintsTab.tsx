/** Blueprints: the applications agents are made from, each with its agents (a blueprint opens in a pane). */
import { Body1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { odataString, type Collection } from '../../api/graph.ts';
import { useGraphList, useGraphQuery } from '../../api/queries.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { DataTable, columnHelper, orderByOf } from '../../components/DataTable.tsx';
import { DetailPane } from '../../components/DetailPane.tsx';
import { DateTime, Properties } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { agentsPath, blueprintsPath, type AgentIdentity, type Blueprint, type DirectoryObject } from './agent.ts';
import { AgentWarnings, enabledBadge } from './parts.tsx';

const useStyles = makeStyles({ section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

const col = columnHelper<Blueprint>();
const columns = col.columns([
  col.accessor('displayName', { id: 'displayName', header: 'Name', enableSorting: true }),
  col.accessor('appId', { id: 'appId', header: 'Application (client) ID', enableSorting: false, cell: (c) => <code>{c.getValue()}</code> }),
  col.accessor('createdDateTime', { id: 'createdDateTime', header: 'Created', enableSorting: true, cell: (c) => <DateTime value={c.getValue()} /> }),
]);

function BlueprintPane({ blueprint, onClose }: { blueprint: Blueprint; onClose: () => void }) {
  const styles = useStyles();
  const agents = useGraphQuery<Collection<AgentIdentity>>(
    `${agentsPath}?$top=999&$filter=${encodeURIComponent(`agentIdentityBlueprintId eq ${odataString(blueprint.appId)}`)}`);
  const sponsors = useGraphQuery<Collection<DirectoryObject>>(`/applications/${blueprint.id}/sponsors`);
  return (
    <DetailPane open onClose={onClose} label={`Blueprint ${blueprint.displayName}`} title={blueprint.displayName}>
      <div className={styles.section}>
        <Properties items={[
          ['Application (client) ID', <code key="a">{blueprint.appId}</code>],
          ['Object ID', <code key="o">{blueprint.id}</code>],
          ['Description', blueprint.description],
          ['Created', <DateTime key="c" value={blueprint.createdDateTime} />],
          ['Sponsors', (sponsors.data?.value ?? []).map((s) => s.displayName ?? s.id).join(', ')],
        ]} />
        <Subtitle2 as="h3">Agents of this blueprint</Subtitle2>
        <SimpleTable
          label="Agents of this blueprint"
          query={agents}
          empty="No agent identity was made from this blueprint yet."
          headers={['Name', 'State', 'Sponsors', 'Warnings']}
          rows={(agents.data?.value ?? []).map((a) => ({
            id: a.id,
            cells: [<AppLink key="n" to={`/agents/${a.id}`}>{a.displayName}</AppLink>, enabledBadge(a.accountEnabled), a.sponsorCount ?? '—', <AgentWarnings key="w" agent={a} />],
          }))}
        />
        <Body1>Disabling the blueprint's principal stops all of its agents: npx limen agents blueprints disable.</Body1>
      </div>
    </DetailPane>
  );
}

export function BlueprintsTab() {
  const [params, setParams] = useSearchParams();
  const [sorting, setSorting] = useState<SortingState>([{ id: 'displayName', desc: false }]);
  const list = useGraphList<Blueprint>(blueprintsPath, { orderBy: orderByOf(sorting), top: 50, count: true });
  const selectedId = params.get('blueprint') ?? undefined;
  const selected = list.rows?.find((b) => b.id === selectedId);
  const select = (id: string | undefined) => {
    const next = new URLSearchParams(params);
    if (id) next.set('blueprint', id);
    else next.delete('blueprint');
    setParams(next, { replace: true });
  };
  return (
    <>
      <DataTable
        label="Blueprints"
        noun="blueprints"
        columns={columns}
        list={list}
        sorting={sorting}
        onSortingChange={setSorting}
        selectedId={selectedId}
        onOpen={(b) => select(b.id)}
        empty="No blueprints. Create one: npx limen agents blueprints create."
      />
      {selected && <BlueprintPane blueprint={selected} onClose={() => select(undefined)} />}
    </>
  );
}
