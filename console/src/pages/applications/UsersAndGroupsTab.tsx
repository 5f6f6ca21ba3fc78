/**
 * Users and groups: who may use the app, kept on its service principal (Entra's enterprise
 * application). "Assignment required?" admits only the people assigned, directly or as direct
 * members of an assigned group; the list shows the assignments, server paged. An app without a
 * service principal has neither yet: the tab offers to create it.
 */
import { Body1, Button, Spinner } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { GraphError } from '../../api/graph.ts';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { AddAssignment } from './AddAssignment.tsx';
import type { AppServicePrincipal, Application } from './application.ts';
import { AssignmentRequired } from './AssignmentRequired.tsx';
import { Assignments } from './Assignments.tsx';
import { usePaneStyles } from './pane-styles.ts';

export const servicePrincipalPath = (appId: string) => `/servicePrincipals(appId='${encodeURIComponent(appId)}')`;

export function UsersAndGroupsTab({ app }: { app: Application }) {
  const styles = usePaneStyles();
  const access = useAccess();
  const sp = useGraphQuery<AppServicePrincipal>(servicePrincipalPath(app.appId), { enabled: access.can('Application.Read.All') });
  if (!access.can('Application.Read.All')) return <Body1>Your roles do not allow reading who is assigned to this app.</Body1>;
  if (sp.isPending) return <Spinner size="small" label="Loading the service principal…" />;
  if (sp.error instanceof GraphError && sp.error.status === 404) return <NoServicePrincipal app={app} />;
  if (sp.error) return <ApiErrorBar error={sp.error} />;
  const mayAssign = access.can('AppRoleAssignment.ReadWrite.All');
  return (
    <>
      <AssignmentRequired sp={sp.data} />
      {mayAssign && <div className={styles.row}><AddAssignment app={app} sp={sp.data} /></div>}
      <Assignments app={app} sp={sp.data} mayRemove={mayAssign} />
    </>
  );
}

/** Entra creates the service principal with the app; Limen on the first consent, or here. */
function NoServicePrincipal({ app }: { app: Application }) {
  const graph = useGraph();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: () => graph('/servicePrincipals', { method: 'POST', body: { appId: app.appId } }),
    onSuccess: () => invalidateGraph(client, '/servicePrincipals'),
    meta: { showsOwnError: true },
  });
  const mayCreate = useAccess().can('Application.ReadWrite.All');
  return (
    <>
      {create.error && <ApiErrorBar error={create.error} />}
      <Body1>
        This app has no service principal in this directory yet, so nobody can be assigned to it. It gets one when someone first
        consents to it{mayCreate ? '; you can also create it now.' : '; your roles do not allow creating it here.'}
      </Body1>
      {mayCreate && (
        <div><Button icon={<AddRegular />} disabled={create.isPending} onClick={() => create.mutate()}>Create service principal</Button></div>
      )}
    </>
  );
}
