/**
 * User registration details: each enabled user with the methods registered and whether they are
 * MFA and passwordless capable (Graph's userRegistrationDetails report), paged and sorted on the
 * server. "Show" narrows to who still has no passkey or no MFA method; kept in the URL.
 */
import { Badge, Caption1, Dropdown, Field, Option, SearchBox, makeStyles, tokens } from '@fluentui/react-components';
import type { SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { odataString } from '../../api/graph.ts';
import { useGraphList } from '../../api/queries.ts';
import { useAccess } from '../../app-context.tsx';
import { AppLink } from '../../components/AppLink.tsx';
import { DataTable, columnHelper, orderByOf } from '../../components/DataTable.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import { useUrlParams } from '../../components/use-url-params.ts';

interface Registration {
  id: string;
  userPrincipalName: string;
  userDisplayName: string;
  userType: 'member' | 'guest';
  isAdmin: boolean;
  isMfaCapable: boolean;
  isPasswordlessCapable: boolean;
  methodsRegistered: string[];
}

const methodNames: Record<string, string> = {
  passKeyDeviceBound: 'Passkey (device-bound)',
  passKeySynced: 'Passkey (synced)',
  softwareOneTimePasscode: 'Authenticator app',
  temporaryAccessPass: 'Temporary Access Pass',
};

const shows = {
  all: { label: 'All users', filter: undefined },
  noPasskey: { label: 'No passkey', filter: 'isPasswordlessCapable eq false' },
  noMfa: { label: 'No MFA method', filter: 'isMfaCapable eq false' },
  admins: { label: 'Administrators', filter: 'isAdmin eq true' },
} as const;
type Show = keyof typeof shows;

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalM },
});

const yesNo = (value: boolean) => (
  <Badge appearance="tint" color={value ? 'success' : 'warning'}>{value ? 'Yes' : 'No'}</Badge>
);

/** The report's `$filter` for the tab's filters. */
export function registrationFilter(show: Show, search: string): string | undefined {
  const parts: string[] = [];
  const chosen = shows[show]?.filter;
  if (chosen) parts.push(chosen);
  const text = search.trim();
  if (text) parts.push(`(startswith(userPrincipalName,${odataString(text)}) or startswith(userDisplayName,${odataString(text)}))`);
  return parts.join(' and ') || undefined;
}

export function RegistrationDetails() {
  const styles = useStyles();
  const access = useAccess();
  const [params, setParam] = useUrlParams();
  const show = (params.get('show') ?? 'all') as Show;
  const search = useDebounced(params.get('user') ?? '');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'userDisplayName', desc: false }]);
  const list = useGraphList<Registration>('/reports/authenticationMethods/userRegistrationDetails', {
    filter: registrationFilter(show, search), orderBy: orderByOf(sorting), top: 50, count: true,
  });
  const canUsers = access.can('User.Read.All');
  const col = columnHelper<Registration>();
  const columns = col.columns([
    col.accessor('userDisplayName', {
      id: 'userDisplayName', header: 'User', enableSorting: true,
      cell: (c) => (
        <span>
          {canUsers ? <AppLink to={`/users/${c.row.original.id}`}>{c.getValue()}</AppLink> : c.getValue()}
          <br /><Caption1>{c.row.original.userPrincipalName}</Caption1>
        </span>
      ),
    }),
    col.accessor((r) => (r.userType === 'guest' ? 'Guest' : 'Member'), { id: 'userType', header: 'User type', enableSorting: false }),
    col.accessor((r) => (r.isAdmin ? 'Yes' : 'No'), { id: 'isAdmin', header: 'Admin', enableSorting: false }),
    col.accessor('isPasswordlessCapable', { id: 'isPasswordlessCapable', header: 'Passwordless capable', enableSorting: false, cell: (c) => yesNo(c.getValue()) }),
    col.accessor('isMfaCapable', { id: 'isMfaCapable', header: 'MFA capable', enableSorting: false, cell: (c) => yesNo(c.getValue()) }),
    col.accessor((r) => r.methodsRegistered.map((m) => methodNames[m] ?? m).join(', ') || 'None', {
      id: 'methodsRegistered', header: 'Methods registered', enableSorting: false,
    }),
  ]);

  return (
    <>
      <div className={styles.filters} role="search" aria-label="Registration filters">
        <Field label="Show">
          <Dropdown value={shows[show]?.label ?? shows.all.label} selectedOptions={[show]}
            onOptionSelect={(_, d) => setParam('show', d.optionValue === 'all' ? undefined : d.optionValue)}>
            {Object.entries(shows).map(([value, s]) => <Option key={value} value={value}>{s.label}</Option>)}
          </Dropdown>
        </Field>
        <Field label="User">
          <SearchBox placeholder="Name or user principal name" value={params.get('user') ?? ''} onChange={(_, d) => setParam('user', d.value)} />
        </Field>
      </div>
      <DataTable label="User registration details" columns={columns} list={list} sorting={sorting} onSortingChange={setSorting}
        empty="No user matches." noun="users" />
    </>
  );
}
