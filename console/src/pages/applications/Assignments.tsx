/**
 * The users and groups assigned to the app (appRoleAssignedTo, without the applications that
 * hold its roles as application permissions), one server page at a time; remove one after
 * confirming.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { invalidateGraph, useGraphList } from '../../api/queries.ts';
import { useGraph } from '../../app-context.tsx';
import { ConfirmRemove } from '../../components/ConfirmRemove.tsx';
import { columnHelper, DataTable, orderByOf } from '../../components/DataTable.tsx';
import { DateTime } from '../../components/Properties.tsx';
import { VisuallyHidden } from '../../components/VisuallyHidden.tsx';
import { assignedRoleName, type AppRoleAssignment, type AppServicePrincipal, type Application } from './application.ts';

const column = columnHelper<AppRoleAssignment>();
const principalTypes = { User: 'User', Group: 'Group', ServicePrincipal: 'Service principal' } as const;
const nameOf = (a: AppRoleAssignment) => a.principalDisplayName ?? a.principalId;

export function Assignments({ app, sp, mayRemove }: { app: Application; sp: AppServicePrincipal; mayRemove: boolean }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'principalDisplayName', desc: false }]);
  const list = useGraphList<AppRoleAssignment>(`/servicePrincipals/${sp.id}/appRoleAssignedTo`, {
    filter: "principalType ne 'ServicePrincipal'", orderBy: orderByOf(sorting), top: 25, count: true,
  });
  const columns = [
    column.accessor((a) => nameOf(a), { id: 'principalDisplayName', header: 'Name', enableSorting: true }),
    column.accessor((a) => principalTypes[a.principalType] ?? a.principalType, { id: 'principalType', header: 'Type', enableSorting: false }),
    column.accessor((a) => assignedRoleName(app, a.appRoleId), { id: 'appRoleId', header: 'Role assigned', enableSorting: false }),
    column.accessor('createdDateTime', { header: 'Assigned', enableSorting: true, cell: (c) => <DateTime value={c.getValue()} /> }),
    ...(mayRemove ? [column.display({
      id: 'actions', header: () => <VisuallyHidden>Actions</VisuallyHidden>,
      cell: (c) => <RemoveAssignment app={app} sp={sp} assignment={c.row.original} />,
    })] : []),
  ];
  return (
    <DataTable
      label="Users and groups"
      columns={columns}
      list={list}
      sorting={sorting}
      onSortingChange={setSorting}
      empty="Nobody is assigned to this app."
      noun="assignments"
    />
  );
}

function RemoveAssignment({ app, sp, assignment }: { app: Application; sp: AppServicePrincipal; assignment: AppRoleAssignment }) {
  const graph = useGraph();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => graph(`/servicePrincipals/${sp.id}/appRoleAssignedTo/${encodeURIComponent(assignment.id)}`, { method: 'DELETE' }),
    onSuccess: () => invalidateGraph(client, `/servicePrincipals/${sp.id}/appRoleAssignedTo`),
    meta: { showsOwnError: true },
  });
  const name = nameOf(assignment);
  const role = assignedRoleName(app, assignment.appRoleId);
  return (
    <ConfirmRemove size="small" label={`Remove ${name} (${role})`} title={<>Remove {name}?</>} mutation={remove} onConfirm={(close) => remove.mutate(undefined, { onSuccess: close })}>
      {name} loses the role {role} in {app.displayName}.
      {sp.appRoleAssignmentRequired && ` Unless assigned otherwise, ${assignment.principalType === 'Group' ? 'its members' : 'they'} can no longer sign in to it, and tokens already issued stop being refreshed.`}
    </ConfirmRemove>
  );
}
