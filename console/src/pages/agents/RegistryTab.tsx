/**
 * The agent registry: every agent the tenant knows of, managed (linked to an agent identity, which
 * it links to) or unmanaged (found on a platform with no identity yet), by platform and status.
 */
import { Badge, Checkbox, Dropdown, Option, SearchBox } from '@fluentui/react-components';
import type { SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { odataString } from '../../api/graph.ts';
import { useGraphList, useGraphQuery } from '../../api/queries.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { DataTable, columnHelper, orderByOf } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/Properties.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import { platformName, platformNames, type AgentInstance, type AgentRegistryOverview } from './agent.ts';
import { useAgentStyles } from './parts.tsx';
import { useUrlParams } from '../../components/use-url-params.ts';

const col = columnHelper<AgentInstance>();
const columns = col.columns([
  col.accessor('displayName', { id: 'displayName', header: 'Name', enableSorting: true }),
  col.accessor('platform', { id: 'platform', header: 'Platform', enableSorting: true, cell: (c) => platformName(c.getValue()) }),
  col.accessor('managed', {
    id: 'managed', header: 'Identity', enableSorting: false,
    cell: (c) => c.getValue() && c.row.original.agentIdentityId
      ? <AppLink to={`/agents/${c.row.original.agentIdentityId}`}>Managed: open its identity</AppLink>
      : <Badge appearance="tint" color="warning">Unmanaged</Badge>,
  }),
  col.accessor('status', {
    id: 'status', header: 'Status', enableSorting: true,
    cell: (c) => c.row.original.removedDateTime ? <Badge appearance="tint" color="subtle">Removed</Badge> : (c.getValue() ?? ''),
  }),
  col.accessor('account', { id: 'account', header: 'Account', enableSorting: false, cell: (c) => c.getValue() ?? '' }),
  col.accessor('lastSeenDateTime', { id: 'lastSeenDateTime', header: 'Last seen', enableSorting: true, cell: (c) => <DateTime value={c.getValue()} /> }),
]);

const managedFilters = {
  all: { label: 'Managed and unmanaged', filter: undefined },
  managed: { label: 'Managed', filter: 'managed eq true' },
  unmanaged: { label: 'Unmanaged', filter: 'managed eq false' },
} as const;
type Managed = keyof typeof managedFilters;

export function RegistryTab() {
  const styles = useAgentStyles();
  const [params, setParam] = useUrlParams();
  const search = params.get('q') ?? '';
  const managed = (params.get('managed') ?? 'all') as Managed;
  const platform = params.get('platform') ?? '';
  const removed = params.get('removed') === 'true';
  const deferred = useDebounced(search);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'displayName', desc: false }]);
  const overview = useGraphQuery<AgentRegistryOverview>('/agentRegistry/overview');
  const platforms = [...new Set([...Object.keys(platformNames), ...(overview.data?.byPlatform ?? []).map((p) => p.platform)])].filter((p) => p !== 'directory');
  const filter = [
    deferred.trim() ? `startswith(displayName,${odataString(deferred.trim())})` : undefined,
    managedFilters[managed]?.filter,
    platform ? `platform eq ${odataString(platform)}` : undefined,
    removed ? undefined : 'removedDateTime eq null',
  ].filter(Boolean).join(' and ') || undefined;
  const list = useGraphList<AgentInstance>('/agentRegistry/agentInstances', { filter, orderBy: orderByOf(sorting), top: 50, count: true });
  return (
    <>
      <div className={styles.toolbar} role="search">
        <SearchBox className={styles.search} aria-label="Search the registry" placeholder="Search by name" value={search}
          onChange={(_, data) => setParam('q', data.value)} />
        <Dropdown aria-label="Managed" value={managedFilters[managed]?.label ?? managedFilters.all.label} selectedOptions={[managed]}
          onOptionSelect={(_, data) => setParam('managed', data.optionValue === 'all' ? undefined : data.optionValue)}>
          {Object.entries(managedFilters).map(([value, f]) => <Option key={value} value={value}>{f.label}</Option>)}
        </Dropdown>
        <Dropdown aria-label="Platform" value={platform ? platformName(platform) : 'All platforms'} selectedOptions={[platform || 'all']}
          onOptionSelect={(_, data) => setParam('platform', data.optionValue === 'all' ? undefined : data.optionValue)}>
          <Option value="all">All platforms</Option>
          {platforms.map((p) => <Option key={p} value={p}>{platformName(p)}</Option>)}
        </Dropdown>
        <Checkbox label="Include removed agents" checked={removed} onChange={(_, data) => setParam('removed', data.checked ? 'true' : undefined)} />
      </div>
      <DataTable
        label="Agent registry"
        noun="agents"
        columns={columns}
        list={list}
        sorting={sorting}
        onSortingChange={setSorting}
        empty="No agents in the registry. Add a connection and sync it, or import agents: npx limen agents import."
      />
    </>
  );
}
