/**
 * Users: search (by the start of the name or user principal name, as Graph's `startswith`),
 * filter by account status or inactivity, sort and page on the server; a user opens in a pane at
 * /console/users/<id> (a link that can be shared), keeping the search in the URL. An admin who
 * may read audit logs also sees each user's last successful sign-in (Graph's signInActivity).
 */
import { Badge, Dropdown, Option, SearchBox, makeStyles, tokens } from '@fluentui/react-components';
import type { SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { odataString } from '../../api/graph.ts';
import { useGraphList } from '../../api/queries.ts';
import { useAccess } from '../../app-context.tsx';
import { DataTable, columnHelper, orderByOf } from '../../components/DataTable.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DateTime } from '../../components/Properties.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import { UserPane } from './UserPane.tsx';
import type { User } from './user.ts';
import { useUrlParams } from '../../components/use-url-params.ts';

const col = columnHelper<User>();
const baseColumns = col.columns([
  col.accessor('displayName', { id: 'displayName', header: 'Display name', enableSorting: true }),
  col.accessor('userPrincipalName', { id: 'userPrincipalName', header: 'User principal name', enableSorting: true }),
  col.accessor('accountEnabled', {
    id: 'accountEnabled',
    header: 'Account',
    enableSorting: false,
    cell: (c) => c.getValue()
      ? <Badge appearance="tint" color="success">Enabled</Badge>
      : <Badge appearance="tint" color="danger">Disabled</Badge>,
  }),
  col.accessor('jobTitle', { id: 'jobTitle', header: 'Job title', enableSorting: true, cell: (c) => c.getValue() ?? '' }),
  col.accessor('department', { id: 'department', header: 'Department', enableSorting: true, cell: (c) => c.getValue() ?? '' }),
  col.accessor('createdDateTime', { id: 'createdDateTime', header: 'Created', enableSorting: true, cell: (c) => <DateTime value={c.getValue()} /> }),
]);

/**
 * The last successful sign-in, interactive or not: what Entra advises for finding unused accounts
 * (failed attempts, someone else's guesses, count as sign-ins in lastSignInDateTime).
 */
const lastSignIn = 'signInActivity/lastSuccessfulSignInDateTime';
const lastSignInColumn = col.accessor((u) => u.signInActivity?.lastSuccessfulSignInDateTime ?? null, {
  id: lastSignIn,
  header: 'Last sign-in',
  enableSorting: true,
  cell: (c) => c.getValue() ? <DateTime value={c.getValue()} /> : 'Never',
});

const select = ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'jobTitle', 'department', 'createdDateTime', 'userType', 'mail'];

const inactiveDays = 90;
/** Midnight UTC 90 days ago: the same all day, so the list's query (and its cache) stays put. */
function inactiveSince(): string {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  return new Date(today.getTime() - inactiveDays * 86_400_000).toISOString();
}

const statusFilters = {
  all: { label: 'All users', filter: () => undefined, needsAuditLog: false },
  enabled: { label: 'Enabled', filter: () => 'accountEnabled eq true', needsAuditLog: false },
  disabled: { label: 'Disabled', filter: () => 'accountEnabled eq false', needsAuditLog: false },
  inactive: {
    label: `Not signed in for ${inactiveDays} days`,
    filter: () => `(${lastSignIn} le ${inactiveSince()} or ${lastSignIn} eq null)`,
    needsAuditLog: true,
  },
} as const;
type Status = keyof typeof statusFilters;

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalM },
  search: { minWidth: '320px' },
});

/** Graph's `$filter` for a search box's text: the start of the name or the UPN. */
export function userSearchFilter(text: string): string | undefined {
  const term = text.trim();
  if (!term) return undefined;
  const literal = odataString(term);
  return `(startswith(displayName,${literal}) or startswith(userPrincipalName,${literal}) or startswith(mail,${literal}))`;
}

export default function UsersPage() {
  const styles = useStyles();
  const navigate = useNavigate();
  const { userId } = useParams();
  const [params, setParam] = useUrlParams();
  const search = params.get('q') ?? '';
  const readsSignIns = useAccess().can('AuditLog.Read.All');
  const offered = Object.entries(statusFilters).filter(([, f]) => readsSignIns || !f.needsAuditLog);
  const asked = (params.get('status') ?? 'all') as Status;
  const status: Status = offered.some(([value]) => value === asked) ? asked : 'all';
  const deferredSearch = useDebounced(search);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'displayName', desc: false }]);
  const filter = [userSearchFilter(deferredSearch), statusFilters[status].filter()].filter(Boolean).join(' and ') || undefined;
  const columns = useMemo(() => readsSignIns ? [...baseColumns, lastSignInColumn] : baseColumns, [readsSignIns]);
  const list = useGraphList<User>('/users', {
    filter, orderBy: orderByOf(sorting), top: 50, count: true,
    select: readsSignIns ? [...select, 'signInActivity'] : select,
  });
  const query = params.toString() ? `?${params.toString()}` : '';

  return (
    <>
      <PageHeader title="Users" summary="Everyone in the directory. Open a user to see their groups, roles and sign-in methods, give them a Temporary Access Pass, revoke their sessions or disable them." />
      <div className={styles.toolbar} role="search">
        <SearchBox
          className={styles.search}
          aria-label="Search users"
          placeholder="Search by name, user principal name or email"
          value={search}
          onChange={(_, data) => setParam('q', data.value)}
        />
        <Dropdown
          aria-label="Account status"
          value={statusFilters[status].label}
          selectedOptions={[status]}
          onOptionSelect={(_, data) => setParam('status', data.optionValue === 'all' ? undefined : data.optionValue)}
        >
          {offered.map(([value, f]) => <Option key={value} value={value}>{f.label}</Option>)}
        </Dropdown>
      </div>
      <DataTable
        label="Users"
        noun="users"
        columns={columns}
        list={list}
        sorting={sorting}
        onSortingChange={setSorting}
        selectedId={userId}
        onOpen={(user) => navigate(`/users/${user.id}${query}`)}
        empty={search
          ? `No user's name, user principal name or email starts with “${search}”.`
          : status === 'inactive' ? `Every user signed in within the last ${inactiveDays} days.` : 'No users.'}
      />
      {userId && <UserPane userId={userId} onClose={() => navigate(`/users${query}`)} />}
    </>
  );
}
