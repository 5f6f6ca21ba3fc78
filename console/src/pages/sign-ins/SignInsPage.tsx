/**
 * Sign-in logs: tabs for the kind of sign-in (people interactive or not, service principals,
 * agents) and filters for time, user, application, IP address, status and Conditional Access
 * result, each
 * turned into Graph's `$filter` on /auditLogs/signIns and kept in the URL; paged and sorted on
 * the server, newest first. A sign-in opens in a pane at /console/sign-ins/<id>.
 */
import { Button, Caption1, Dropdown, Field, Option, SearchBox, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
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
import { CaBadge, StatusBadge } from './badges.tsx';
import { SignInPane } from './SignInPane.tsx';
import type { SignIn } from './sign-in.ts';
import { useUrlParams } from '../../components/use-url-params.ts';

const col = columnHelper<SignIn>();
const columns = col.columns([
  col.accessor('createdDateTime', { id: 'createdDateTime', header: 'Date', enableSorting: true, cell: (c) => <DateTime value={c.getValue()} /> }),
  col.accessor((s) => s.userDisplayName ?? s.servicePrincipalName ?? '', {
    id: 'userDisplayName', header: 'User', enableSorting: true,
    cell: (c) => (
      <span>
        {c.getValue()}
        {c.row.original.userPrincipalName && <><br /><Caption1>{c.row.original.userPrincipalName}</Caption1></>}
      </span>
    ),
  }),
  col.accessor((s) => s.appDisplayName ?? '', { id: 'appDisplayName', header: 'Application', enableSorting: true }),
  col.accessor('status', { id: 'status', header: 'Status', enableSorting: false, cell: (c) => <StatusBadge signIn={c.row.original} /> }),
  col.accessor((s) => s.ipAddress ?? '', { id: 'ipAddress', header: 'IP address', enableSorting: true }),
  col.accessor((s) => [s.location?.city, s.location?.countryOrRegion].filter(Boolean).join(', '), { id: 'location', header: 'Location', enableSorting: false }),
  col.accessor('conditionalAccessStatus', { id: 'conditionalAccessStatus', header: 'Conditional Access', enableSorting: true, cell: (c) => <CaBadge status={c.getValue()} /> }),
  col.accessor((s) => s.authenticationRequirement === 'multiFactorAuthentication' ? 'Multifactor' : 'Single-factor', {
    id: 'authenticationRequirement', header: 'Authentication requirement', enableSorting: false,
  }),
]);

const select = [
  'id', 'createdDateTime', 'userDisplayName', 'userPrincipalName', 'servicePrincipalName', 'appDisplayName', 'status', 'ipAddress',
  'location', 'conditionalAccessStatus', 'authenticationRequirement', 'agent',
];

const ranges = {
  '1h': { label: 'Last hour', ms: 3600_000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 3600_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
} as const;
type Range = keyof typeof ranges;

const statuses = {
  all: { label: 'All', filter: undefined },
  success: { label: 'Success', filter: 'status/errorCode eq 0' },
  failure: { label: 'Failure', filter: 'status/errorCode ne 0' },
} as const;
type Status = keyof typeof statuses;

const caResults = {
  all: { label: 'All', filter: undefined },
  success: { label: 'Success', filter: "conditionalAccessStatus eq 'success'" },
  failure: { label: 'Failure', filter: "conditionalAccessStatus eq 'failure'" },
  notApplied: { label: 'Not applied', filter: "conditionalAccessStatus eq 'notApplied'" },
} as const;
type CaResult = keyof typeof caResults;

/** Entra's tabs of the sign-in log: who signed in, and whether they were there; agents apart. */
const kinds = {
  interactive: { label: 'User sign-ins (interactive)', filter: 'isInteractive eq true' },
  nonInteractive: { label: 'User sign-ins (non-interactive)', filter: 'isInteractive eq false and userId ne null' },
  servicePrincipal: {
    label: 'Service principal sign-ins',
    filter: "signInEventTypes/any(t: t eq 'servicePrincipal' or t eq 'managedIdentity') and agent/agentType eq 'notAgentic'",
  },
  // Agent identities, their blueprints and agents' user accounts, on their own or for a person.
  agents: { label: 'Agent sign-ins', filter: "agent/agentType ne 'notAgentic'" },
} as const;
type Kind = keyof typeof kinds;

const useStyles = makeStyles({
  // Five kinds of sign-in: on a laptop screen the tabs wrap rather than widen the page.
  kinds: { marginBottom: tokens.spacingVerticalS, flexWrap: 'wrap' },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalM },
});

/** The `$filter` for the page's filters (exported for tests of the query the page sends). */
export function signInFilter(f: { kind: Kind; since?: string; user?: string; app?: string; ip?: string; status: Status; ca: CaResult }): string | undefined {
  const parts: string[] = [kinds[f.kind]?.filter ?? kinds.interactive.filter];
  if (f.since) parts.push(`createdDateTime ge ${f.since}`);
  const user = f.user?.trim();
  if (user) parts.push(`(startswith(userPrincipalName,${odataString(user)}) or startswith(userDisplayName,${odataString(user)}))`);
  const app = f.app?.trim();
  if (app) parts.push(`startswith(appDisplayName,${odataString(app)})`);
  const ip = f.ip?.trim();
  if (ip) parts.push(`startswith(ipAddress,${odataString(ip)})`);
  const status = statuses[f.status]?.filter;
  if (status) parts.push(status);
  const ca = caResults[f.ca]?.filter;
  if (ca) parts.push(ca);
  return parts.join(' and ') || undefined;
}

export default function SignInsPage() {
  const styles = useStyles();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { signInId } = useParams();
  const [params, setParam] = useUrlParams();
  const kind = (params.get('type') ?? 'interactive') as Kind;
  const range = (params.get('range') ?? '24h') as Range;
  const status = (params.get('status') ?? 'all') as Status;
  const ca = (params.get('ca') ?? 'all') as CaResult;
  const user = useDebounced(params.get('user') ?? '');
  const app = useDebounced(params.get('app') ?? '');
  const ip = useDebounced(params.get('ip') ?? '');
  // The window's start is fixed when the range is picked (or refreshed), so paging stays put.
  const [now, setNow] = useState(() => Date.now());
  const since = useMemo(() => new Date(now - (ranges[range]?.ms ?? ranges['24h'].ms)).toISOString(), [now, range]);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'createdDateTime', desc: true }]);
  const filter = signInFilter({ kind, since, user, app, ip, status, ca });
  const list = useGraphList<SignIn>('/auditLogs/signIns', { filter, orderBy: orderByOf(sorting), top: 50, select });
  const query = params.toString() ? `?${params.toString()}` : '';

  return (
    <>
      <PageHeader title="Sign-in logs" summary="Every sign-in by people, applications and agents: how they signed in, from where, and what Conditional Access decided." />
      <TabList className={styles.kinds} selectedValue={kind} onTabSelect={(_, d) => setParam('type', d.value === 'interactive' ? undefined : String(d.value))} aria-label="Kind of sign-in">
        {Object.entries(kinds).map(([value, k]) => <Tab key={value} value={value}>{k.label}</Tab>)}
      </TabList>
      <div className={styles.filters} role="search" aria-label="Sign-in filters">
        <Field label="Date">
          <Dropdown value={ranges[range]?.label} selectedOptions={[range]} onOptionSelect={(_, d) => { setNow(Date.now()); setParam('range', d.optionValue === '24h' ? undefined : d.optionValue); }}>
            {Object.entries(ranges).map(([value, r]) => <Option key={value} value={value}>{r.label}</Option>)}
          </Dropdown>
        </Field>
        <Field label="User">
          <SearchBox placeholder="Name or user principal name" value={params.get('user') ?? ''} onChange={(_, d) => setParam('user', d.value)} />
        </Field>
        <Field label="Application">
          <SearchBox placeholder="Application name" value={params.get('app') ?? ''} onChange={(_, d) => setParam('app', d.value)} />
        </Field>
        <Field label="IP address">
          <SearchBox placeholder="Starts with" value={params.get('ip') ?? ''} onChange={(_, d) => setParam('ip', d.value)} />
        </Field>
        <Field label="Status">
          <Dropdown value={statuses[status]?.label} selectedOptions={[status]} onOptionSelect={(_, d) => setParam('status', d.optionValue === 'all' ? undefined : d.optionValue)}>
            {Object.entries(statuses).map(([value, s]) => <Option key={value} value={value}>{s.label}</Option>)}
          </Dropdown>
        </Field>
        <Field label="Conditional Access">
          <Dropdown value={caResults[ca]?.label} selectedOptions={[ca]} onOptionSelect={(_, d) => setParam('ca', d.optionValue === 'all' ? undefined : d.optionValue)}>
            {Object.entries(caResults).map(([value, s]) => <Option key={value} value={value}>{s.label}</Option>)}
          </Dropdown>
        </Field>
        <Button icon={<ArrowClockwiseRegular />} onClick={() => { setNow(Date.now()); void invalidateGraph(client, '/auditLogs/signIns'); }}>Refresh</Button>
      </div>
      <DataTable
        label="Sign-ins"
        noun="sign-ins"
        columns={columns}
        list={list}
        sorting={sorting}
        onSortingChange={setSorting}
        selectedId={signInId}
        onOpen={(s) => navigate(`/sign-ins/${s.id}${query}`)}
        empty="No sign-in matches these filters."
      />
      {signInId && <SignInPane signInId={signInId} onClose={() => navigate(`/sign-ins${query}`)} />}
    </>
  );
}
