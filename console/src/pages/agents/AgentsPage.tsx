/**
 * Agents: agent identities (with their blueprint, sponsors and an over-privilege warning; one
 * opens in a pane at /console/agents/<id>), the agent registry (managed and unmanaged agents of
 * every platform), blueprints with their agents, and the registry's sync connections. The tab and
 * the filters live in the URL, so a link reproduces the view. Each tab shows only when the
 * admin's roles allow reading its data.
 */
import { Body1, Dropdown, Option, SearchBox, Tab, TabList } from '@fluentui/react-components';
import type { SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { odataString } from '../../api/graph.ts';
import { useGraphList } from '../../api/queries.ts';
import { useAccess } from '../../app-context.tsx';
import { DataTable, columnHelper, orderByOf } from '../../components/DataTable.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DateTime } from '../../components/Properties.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import { AgentPane } from './AgentPane.tsx';
import { BlueprintsTab } from './BlueprintsTab.tsx';
import { ConnectionsTab } from './ConnectionsTab.tsx';
import { RegistryTab } from './RegistryTab.tsx';
import { agentsPath, type AgentIdentity } from './agent.ts';
import { AgentWarnings, enabledBadge, useAgentStyles, useBlueprintNames } from './parts.tsx';
import { useUrlParams } from '../../components/use-url-params.ts';

type TabValue = 'identities' | 'registry' | 'blueprints' | 'connections';

const statusFilters = {
  all: { label: 'All agents', filter: undefined },
  enabled: { label: 'Enabled', filter: 'accountEnabled eq true' },
  disabled: { label: 'Disabled', filter: 'accountEnabled eq false' },
} as const;
type Status = keyof typeof statusFilters;

function IdentitiesTab({ agentId, query }: { agentId: string | undefined; query: string }) {
  const styles = useAgentStyles();
  const navigate = useNavigate();
  const [params, setParam] = useUrlParams();
  const search = params.get('q') ?? '';
  const status = (params.get('status') ?? 'all') as Status;
  const deferred = useDebounced(search);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'displayName', desc: false }]);
  const blueprints = useBlueprintNames(true);
  const filter = [deferred.trim() ? `startswith(displayName,${odataString(deferred.trim())})` : undefined, statusFilters[status]?.filter]
    .filter(Boolean).join(' and ') || undefined;
  const list = useGraphList<AgentIdentity>(agentsPath, { filter, orderBy: orderByOf(sorting), top: 50, count: true });
  const col = columnHelper<AgentIdentity>();
  const columns = col.columns([
    col.accessor('displayName', { id: 'displayName', header: 'Name', enableSorting: true }),
    col.accessor('agentIdentityBlueprintId', {
      id: 'agentIdentityBlueprintId', header: 'Blueprint', enableSorting: false,
      cell: (c) => blueprints.get(c.getValue())?.displayName ?? c.getValue(),
    }),
    col.accessor('sponsorCount', { id: 'sponsorCount', header: 'Sponsors', enableSorting: false, cell: (c) => c.getValue() ?? '—' }),
    col.accessor('accountEnabled', { id: 'accountEnabled', header: 'State', enableSorting: false, cell: (c) => enabledBadge(c.getValue()) }),
    col.display({ id: 'warnings', header: 'Warnings', enableSorting: false, cell: (c) => <AgentWarnings agent={c.row.original} /> }),
    col.accessor('createdDateTime', { id: 'createdDateTime', header: 'Created', enableSorting: true, cell: (c) => <DateTime value={c.getValue()} /> }),
  ]);
  return (
    <>
      <div className={styles.toolbar} role="search">
        <SearchBox className={styles.search} aria-label="Search agent identities" placeholder="Search by name" value={search}
          onChange={(_, data) => setParam('q', data.value)} />
        <Dropdown aria-label="Agent state" value={statusFilters[status]?.label ?? statusFilters.all.label} selectedOptions={[status]}
          onOptionSelect={(_, data) => setParam('status', data.optionValue === 'all' ? undefined : data.optionValue)}>
          {Object.entries(statusFilters).map(([value, f]) => <Option key={value} value={value}>{f.label}</Option>)}
        </Dropdown>
      </div>
      <DataTable
        label="Agent identities"
        noun="agent identities"
        columns={columns}
        list={list}
        sorting={sorting}
        onSortingChange={setSorting}
        selectedId={agentId}
        onOpen={(agent) => navigate(`/agents/${agent.id}${query}`)}
        empty={search ? `No agent identity's name starts with “${search}”.` : 'No agent identities. Create one from a blueprint: npx limen agents create.'}
      />
    </>
  );
}

export default function AgentsPage() {
  const styles = useAgentStyles();
  const access = useAccess();
  const navigate = useNavigate();
  const { agentId } = useParams();
  const [params, setParams] = useSearchParams();
  const canIdentities = access.can('Application.Read.All', 'AgentIdentity.ReadWrite.All', 'AgentIdentityBlueprint.ReadWrite.All');
  const canRegistry = access.can('AgentInstance.Read.All');
  const tabs: Array<[TabValue, string]> = [
    ...(canIdentities ? [['identities', 'Agent identities'] as [TabValue, string]] : []),
    ...(canRegistry ? [['registry', 'Registry'] as [TabValue, string]] : []),
    ...(canIdentities ? [['blueprints', 'Blueprints'] as [TabValue, string]] : []),
    ...(canRegistry ? [['connections', 'Connections'] as [TabValue, string]] : []),
  ];
  const asked = params.get('tab') as TabValue | null;
  const tab = tabs.find(([value]) => value === asked)?.[0] ?? tabs[0]?.[0];
  const query = params.toString() ? `?${params.toString()}` : '';

  return (
    <>
      <PageHeader title="Agents" summary="AI agents: their identities with sponsors and permissions, the registry of every platform, blueprints, and the platforms the registry syncs from." />
      {tabs.length === 0 && <Body1>Your roles do not allow reading agents.</Body1>}
      {tab && (
        <TabList className={styles.tabs} selectedValue={tab} aria-label="Agents"
          onTabSelect={(_, data) => setParams(data.value === tabs[0]![0] ? {} : { tab: String(data.value) })}>
          {tabs.map(([value, label]) => <Tab key={value} value={value}>{label}</Tab>)}
        </TabList>
      )}
      <div role="tabpanel" aria-label={tabs.find(([v]) => v === tab)?.[1]}>
        {tab === 'identities' && <IdentitiesTab agentId={agentId} query={query} />}
        {tab === 'registry' && <RegistryTab />}
        {tab === 'blueprints' && <BlueprintsTab />}
        {tab === 'connections' && <ConnectionsTab />}
      </div>
      {agentId && canIdentities && <AgentPane agentId={agentId} onClose={() => navigate(`/agents${query}`)} />}
    </>
  );
}
