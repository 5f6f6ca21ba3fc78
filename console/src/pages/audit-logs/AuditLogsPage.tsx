/**
 * Audit logs: every change to the directory and its policies, from /auditLogs/directoryAudits.
 * Filters for time, category, activity and who did it become Graph's `$filter` (the properties
 * src/api/routes/field-maps.ts lets it name) and are kept in the URL; paged and sorted on the
 * server, newest first. An entry opens in a pane at /console/audit-logs/<id>.
 */
import { Badge, Button, Caption1, Dropdown, Field, Option, SearchBox, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import type { SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { odataString } from '../../api/graph.ts';
import { invalidateGraph, useGraphList } from '../../api/queries.ts';
import { DataTable, columnHelper, orderByOf } from '../../components/DataTable.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DateTime } from '../../components/Properties.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import { AuditPane } from './AuditPane.tsx';
import { initiator, type DirectoryAudit } from './audit.ts';
import { useUrlParams } from '../../components/use-url-params.ts';

const col = columnHelper<DirectoryAudit>();
const columns = col.columns([
  col.accessor('activityDateTime', { id: 'activityDateTime', header: 'Date', enableSorting: true, cell: (c) => <DateTime value={c.getValue()} /> }),
  col.accessor('activityDisplayName', { id: 'activityDisplayName', header: 'Activity', enableSorting: true }),
  col.accessor('category', { id: 'category', header: 'Category', enableSorting: true }),
  col.accessor('result', {
    id: 'result', header: 'Result', enableSorting: true,
    cell: (c) => c.getValue() === 'success'
      ? <Badge appearance="tint" color="success">Success</Badge>
      : <Badge appearance="tint" color="danger">Failure</Badge>,
  }),
  col.accessor((a) => initiator(a), {
    id: 'initiatedBy', header: 'Initiated by', enableSorting: false,
    cell: (c) => (
      <span>
        {c.getValue()}
        {c.row.original.initiatedBy?.app && !c.row.original.initiatedBy.user && <><br /><Caption1>Application</Caption1></>}
      </span>
    ),
  }),
  col.accessor((a) => (a.targetResources ?? []).map((t) => t.displayName ?? t.userPrincipalName ?? t.id).join(', '), {
    id: 'targets', header: 'Target', enableSorting: false,
  }),
]);

const select = ['id', 'activityDateTime', 'activityDisplayName', 'category', 'result', 'initiatedBy', 'targetResources'];

const ranges = {
  '24h': { label: 'Last 24 hours', ms: 24 * 3600_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
  all: { label: 'Any time', ms: undefined },
} as const;
type Range = keyof typeof ranges;

/** The categories Limen writes (Graph's names). */
export const auditCategories = [
  'ApplicationManagement', 'UserManagement', 'GroupManagement', 'RoleManagement', 'Policy', 'DirectoryManagement',
  'KeyManagement', 'IdentityProtection', 'AgentRegistry',
] as const;

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalM },
});

/** The `$filter` for the page's filters (exported for tests of the query the page sends). */
export function auditFilter(f: { since?: string; category?: string; activity?: string; initiatedBy?: string }): string | undefined {
  const parts: string[] = [];
  if (f.since) parts.push(`activityDateTime ge ${f.since}`);
  if (f.category) parts.push(`category eq ${odataString(f.category)}`);
  const activity = f.activity?.trim();
  if (activity) parts.push(`startswith(activityDisplayName,${odataString(activity)})`);
  const by = f.initiatedBy?.trim();
  if (by) {
    const literal = odataString(by);
    parts.push(`(startswith(initiatedBy/user/userPrincipalName,${literal}) or startswith(initiatedBy/user/displayName,${literal}) or startswith(initiatedBy/app/displayName,${literal}))`);
  }
  return parts.join(' and ') || undefined;
}

export default function AuditLogsPage() {
  const styles = useStyles();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { auditId } = useParams();
  const [params, setParam] = useUrlParams();
  const range = (params.get('range') ?? '7d') as Range;
  const category = params.get('category') ?? '';
  const activity = useDebounced(params.get('activity') ?? '');
  const initiatedBy = useDebounced(params.get('by') ?? '');
  // The window's start is fixed when the range is picked (or refreshed), so paging stays put.
  const [now, setNow] = useState(() => Date.now());
  const since = useMemo(() => {
    const ms = (ranges[range] ?? ranges['7d']).ms;
    return ms === undefined ? undefined : new Date(now - ms).toISOString();
  }, [now, range]);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'activityDateTime', desc: true }]);
  const filter = auditFilter({ since, category, activity, initiatedBy });
  const list = useGraphList<DirectoryAudit>('/auditLogs/directoryAudits', { filter, orderBy: orderByOf(sorting), top: 50, select });
  const query = params.toString() ? `?${params.toString()}` : '';

  return (
    <>
      <PageHeader title="Audit logs" summary="Every change to the directory and its policies: who made it, when, to what, and each property's old and new value." />
      <div className={styles.filters} role="search" aria-label="Audit log filters">
        <Field label="Date">
          <Dropdown value={ranges[range]?.label} selectedOptions={[range]} onOptionSelect={(_, d) => { setNow(Date.now()); setParam('range', d.optionValue === '7d' ? undefined : d.optionValue); }}>
            {Object.entries(ranges).map(([value, r]) => <Option key={value} value={value}>{r.label}</Option>)}
          </Dropdown>
        </Field>
        <Field label="Category">
          <Dropdown value={category || 'All'} selectedOptions={[category || 'all']} onOptionSelect={(_, d) => setParam('category', d.optionValue === 'all' ? undefined : d.optionValue)}>
            <Option value="all">All</Option>
            {auditCategories.map((c) => <Option key={c} value={c}>{c}</Option>)}
          </Dropdown>
        </Field>
        <Field label="Activity">
          <SearchBox placeholder="Start of the activity's name" value={params.get('activity') ?? ''} onChange={(_, d) => setParam('activity', d.value)} />
        </Field>
        <Field label="Initiated by">
          <SearchBox placeholder="User principal name, name or app" value={params.get('by') ?? ''} onChange={(_, d) => setParam('by', d.value)} />
        </Field>
        <Button icon={<ArrowClockwiseRegular />} onClick={() => { setNow(Date.now()); void invalidateGraph(client, '/auditLogs/directoryAudits'); }}>Refresh</Button>
      </div>
      <DataTable
        label="Audit log"
        noun="entries"
        columns={columns}
        list={list}
        sorting={sorting}
        onSortingChange={setSorting}
        selectedId={auditId}
        onOpen={(a) => navigate(`/audit-logs/${a.id}${query}`)}
        empty="No audit entry matches these filters."
      />
      {auditId && <AuditPane auditId={auditId} onClose={() => navigate(`/audit-logs${query}`)} />}
    </>
  );
}
