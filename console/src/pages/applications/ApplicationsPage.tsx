/**
 * Applications (app registrations): search by the start of the name or the application (client)
 * ID, sort and page on the server; an app opens in a pane at /console/applications/<id> with its
 * redirect URIs, certificates and secrets, API permissions and app roles. Readers of the reports
 * also see when each app last got a token ("Never" for none), to spot unused apps.
 */
import { Badge, SearchBox, makeStyles, tokens } from '@fluentui/react-components';
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
import { ApplicationPane } from './ApplicationPane.tsx';
import type { Application } from './application.ts';
import { LastSignIn, useLastSignIns, type ServicePrincipalSignInActivity } from './last-sign-in.tsx';
import { useUrlParams } from '../../components/use-url-params.ts';

const col = columnHelper<Application>();
const nameColumns = col.columns([
  col.accessor('displayName', { id: 'displayName', header: 'Display name', enableSorting: true }),
  col.accessor('appId', { id: 'appId', header: 'Application (client) ID', enableSorting: true, cell: (c) => <code>{c.getValue()}</code> }),
  col.accessor((a) => (a.passwordCredentials?.length ?? 0) + (a.keyCredentials?.length ?? 0), {
    id: 'credentials', header: 'Certificates & secrets', enableSorting: false,
    cell: (c) => c.getValue() ? <Badge appearance="tint">{c.getValue()}</Badge> : '—',
  }),
]);
const createdColumn = col.accessor('createdDateTime', { id: 'createdDateTime', header: 'Created', enableSorting: true, cell: (c) => <DateTime value={c.getValue()} /> });

/** The columns, with "Last sign-in" when the report is readable (`signIns` undefined while it loads). */
function columnsWith(showSignIns: boolean, signIns: Map<string, ServicePrincipalSignInActivity> | undefined) {
  if (!showSignIns) return [...nameColumns, createdColumn];
  const lastSignIn = col.display({
    id: 'lastSignIn', header: 'Last sign-in', enableSorting: false,
    cell: (c) => (signIns ? <LastSignIn activity={signIns.get(c.row.original.appId.toLowerCase())?.lastSignInActivity} /> : '…'),
  });
  return [...nameColumns, lastSignIn, createdColumn];
}

const select = ['id', 'appId', 'displayName', 'createdDateTime', 'passwordCredentials', 'keyCredentials'];

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalM },
  search: { minWidth: '320px' },
});

/** Graph's `$filter` for the search box: the start of the name, or the whole application ID. */
export function applicationSearchFilter(text: string): string | undefined {
  const term = text.trim();
  if (!term) return undefined;
  const literal = odataString(term);
  return /^[0-9a-f-]{36}$/i.test(term) ? `appId eq ${literal}` : `startswith(displayName,${literal})`;
}

export default function ApplicationsPage() {
  const styles = useStyles();
  const navigate = useNavigate();
  const { applicationId } = useParams();
  const [params, setParam] = useUrlParams();
  const search = params.get('q') ?? '';
  const deferredSearch = useDebounced(search);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'displayName', desc: false }]);
  const list = useGraphList<Application>('/applications', { filter: applicationSearchFilter(deferredSearch), orderBy: orderByOf(sorting), top: 50, count: true, select });
  const query = params.toString() ? `?${params.toString()}` : '';
  const canReadSignIns = useAccess().can('AuditLog.Read.All');
  const signIns = useLastSignIns(list.rows?.map((a) => a.appId), canReadSignIns);
  const columns = useMemo(() => columnsWith(canReadSignIns, signIns), [canReadSignIns, signIns]);

  return (
    <>
      <PageHeader title="Applications" summary="App registrations: where each app may receive tokens, the secrets and certificates it proves itself with, the permissions it asks for and the roles it defines." />
      <div className={styles.toolbar} role="search">
        <SearchBox
          className={styles.search}
          aria-label="Search applications"
          placeholder="Search by name or application (client) ID"
          value={search}
          onChange={(_, data) => setParam('q', data.value)}
        />
      </div>
      <DataTable
        label="Applications"
        noun="applications"
        columns={columns}
        list={list}
        sorting={sorting}
        onSortingChange={setSorting}
        selectedId={applicationId}
        onOpen={(a) => navigate(`/applications/${a.id}${query}`)}
        empty={search ? `No application matches “${search}”.` : 'No application registered.'}
      />
      {applicationId && <ApplicationPane applicationId={applicationId} onClose={() => navigate(`/applications${query}`)} />}
    </>
  );
}
