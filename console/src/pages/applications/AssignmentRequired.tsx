/**
 * "Assignment required?" (the service principal's appRoleAssignmentRequired). The built-in apps
 * refuse it, each with the API's message: My Security Info must stay open to everyone, and the
 * admin center's and CLI's service principals cannot be changed at all.
 */
import { Body1, Switch } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateGraph } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import type { AppServicePrincipal } from './application.ts';
import { usePaneStyles } from './pane-styles.ts';

export function AssignmentRequired({ sp }: { sp: AppServicePrincipal }) {
  const styles = usePaneStyles();
  const graph = useGraph();
  const client = useQueryClient();
  const mayWrite = useAccess().can('Application.ReadWrite.All');
  const save = useMutation({
    mutationFn: (required: boolean) => graph(`/servicePrincipals/${sp.id}`, { method: 'PATCH', body: { appRoleAssignmentRequired: required } }),
    onSuccess: () => invalidateGraph(client, '/servicePrincipals'),
    meta: { showsOwnError: true },
  });
  const required = sp.appRoleAssignmentRequired;
  return (
    <section className={styles.section} aria-label="Assignment required">
      <Switch
        label="Assignment required?"
        checked={required}
        disabled={!mayWrite || save.isPending}
        onChange={(_, d) => save.mutate(d.checked)}
      />
      {save.error && <ApiErrorBar error={save.error} />}
      <Body1>
        {required
          ? 'On: only the users assigned below, and the direct members of the groups assigned below, can sign in to this app; members of groups nested in those groups are not included.'
          : 'Off: everyone in the directory can sign in to this app; the assignments below only give people their roles.'}
      </Body1>
    </section>
  );
}
