/**
 * Groups: search (the start of the name, as Graph's `startswith`), sort and page on the server; a
 * group opens in a pane at /console/groups/<id> with its members (direct, and everyone through
 * nested groups), owners and the groups it belongs to.
 */
import { Badge, SearchBox, makeStyles, tokens } from '@fluentui/react-components';
import type { SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { odataString } from '../../api/graph.ts';
import { useGraphList } from '../../api/queries.ts';
import { DataTable, columnHelper, orderByOf } from '../../components/DataTable.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DateTime } from '../../components/Properties.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import { GroupPane } from './GroupPane.tsx';
import { groupKind, type Group } from './group.ts';
import { useUrlParams } from '../../components/use-url-params.ts';

const col = columnHelper<Group>();
const columns = col.columns([
  col.accessor('displayName', { id: 'displayName', header: 'Display name', enableSorting: true }),
  col.accessor((g) => g.description ?? '', { id: 'description', header: 'Description', enableSorting: true }),
  col.accessor((g) => groupKind(g), { id: 'groupType', header: 'Group type', enableSorting: false, cell: (c) => <Badge appearance="tint">{c.getValue()}</Badge> }),
  col.accessor('createdDateTime', { id: 'createdDateTime', header: 'Created', enableSorting: true, cell: (c) => <DateTime value={c.getValue()} /> }),
]);

const select = ['id', 'displayName', 'description', 'securityEnabled', 'mailEnabled', 'groupTypes', 'createdDateTime'];

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalM },
  search: { minWidth: '320px' },
});

/** Graph's `$filter` for the search box: the start of the name or the mail nickname. */
export function groupSearchFilter(text: string): string | undefined {
  const term = text.trim();
  if (!term) return undefined;
  const literal = odataString(term);
  return `(startswith(displayName,${literal}) or startswith(mailNickname,${literal}))`;
}

export default function GroupsPage() {
  const styles = useStyles();
  const navigate = useNavigate();
  const { groupId } = useParams();
  const [params, setParam] = useUrlParams();
  const search = params.get('q') ?? '';
  const deferredSearch = useDebounced(search);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'displayName', desc: false }]);
  const list = useGraphList<Group>('/groups', { filter: groupSearchFilter(deferredSearch), orderBy: orderByOf(sorting), top: 50, count: true, select });
  const query = params.toString() ? `?${params.toString()}` : '';

  return (
    <>
      <PageHeader title="Groups" summary="Security groups with their members, owners and nested groups. Open a group to add or remove members." />
      <div className={styles.toolbar} role="search">
        <SearchBox
          className={styles.search}
          aria-label="Search groups"
          placeholder="Search by name"
          value={search}
          onChange={(_, data) => setParam('q', data.value)}
        />
      </div>
      <DataTable
        label="Groups"
        noun="groups"
        columns={columns}
        list={list}
        sorting={sorting}
        onSortingChange={setSorting}
        selectedId={groupId}
        onOpen={(g) => navigate(`/groups/${g.id}${query}`)}
        empty={search ? `No group's name starts with “${search}”.` : 'No groups.'}
      />
      {groupId && <GroupPane groupId={groupId} onClose={() => navigate(`/groups${query}`)} />}
    </>
  );
}
