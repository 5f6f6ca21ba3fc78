/**
 * An agent identity's pane: its blueprint, sponsors, owners and every permission with where it
 * comes from (granted to the agent, or inherited from its blueprint), high-privilege ones flagged;
 * and Disable / Enable, which also revokes its refresh tokens and grants.
 */
import {
  Badge, Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, MessageBar,
  MessageBarBody, MessageBarTitle, Spinner, Subtitle2, Toolbar, ToolbarButton, makeStyles, tokens,
} from '@fluentui/react-components';
import { PlayRegular, ProhibitedRegular, WarningRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Collection } from '../../api/graph.ts';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { DetailPane } from '../../components/DetailPane.tsx';
import { DateTime, Properties } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { AgentWarnings, enabledBadge, useBlueprintNames } from './parts.tsx';
import { agentsPath, permissionSources, type AgentIdentity, type AgentPermission, type DirectoryObject } from './agent.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  toolbar: { paddingInline: 0, flexWrap: 'wrap' },
});

const kindOf = (o: DirectoryObject) => (o['@odata.type'] ?? '').replace('#microsoft.graph.', '') || 'object';

function People({ label, path, empty }: { label: string; path: string; empty: string }) {
  const people = useGraphQuery<Collection<DirectoryObject>>(path);
  return (
    <SimpleTable
      label={label}
      query={people}
      empty={empty}
      headers={['Name', 'Type', 'User principal name']}
      rows={(people.data?.value ?? []).map((p) => ({ id: p.id, cells: [p.displayName ?? p.id, kindOf(p), p.userPrincipalName ?? p.mail ?? ''] }))}
    />
  );
}

function Permissions({ agentId }: { agentId: string }) {
  const permissions = useGraphQuery<Collection<AgentPermission>>(`/servicePrincipals/${agentId}/microsoft.graph.agentIdentity/permissions`);
  return (
    <SimpleTable
      label="Permissions"
      query={permissions}
      empty="No permissions, granted or inherited."
      headers={['Permission', 'Type', 'Resource', 'Grant source', 'Privilege']}
      rows={(permissions.data?.value ?? []).map((p, i) => ({
        id: `${p.sourceId}-${p.value}-${i}`,
        cells: [
          p.value,
          p.permissionType,
          p.resourceDisplayName,
          p.source === 'inheritedFromBlueprint' && p.sourceDisplayName ? `${permissionSources[p.source]} “${p.sourceDisplayName}”` : (permissionSources[p.source] ?? p.source),
          p.highPrivilege ? <Badge key="h" appearance="filled" color="danger" icon={<WarningRegular />}>High privilege</Badge> : '',
        ],
      }))}
    />
  );
}

export function AgentPane({ agentId, onClose }: { agentId: string; onClose: () => void }) {
  const styles = useStyles();
  const access = useAccess();
  const agent = useGraphQuery<AgentIdentity>(`/servicePrincipals/${encodeURIComponent(agentId)}/microsoft.graph.agentIdentity`);
  const blueprints = useBlueprintNames(true);
  const [notice, setNotice] = useState<string>();
  const a = agent.data;
  const high = a?.highPrivilegePermissions ?? [];
  const title = a ? <span>{a.displayName} {enabledBadge(a.accountEnabled)}</span> : 'Agent identity';

  return (
    <DetailPane
      open
      onClose={onClose}
      label={a ? `Agent ${a.displayName}` : 'Agent identity'}
      title={title}
      actions={a && access.can('AgentIdentity.ReadWrite.All', 'Application.ReadWrite.All') && (
        <Toolbar aria-label="Agent actions" className={styles.toolbar}><EnableDisable agent={a} onDone={setNotice} /></Toolbar>
      )}
    >
      {agent.error && <ApiErrorBar error={agent.error} />}
      {agent.isPending && <Spinner label="Loading agent…" />}
      {notice && <MessageBar intent="success"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {a && (
        <div className={styles.section}>
          {high.length > 0 && (
            <MessageBar intent="error">
              <MessageBarBody>
                <MessageBarTitle>Over-privileged</MessageBarTitle>
                This agent holds {high.length === 1 ? 'a high-privilege permission' : 'high-privilege permissions'}: {high.join(', ')}. Remove
                {high.length === 1 ? ' it' : ' them'} unless the agent truly needs {high.length === 1 ? 'it' : 'them'}, or disable the agent.
              </MessageBarBody>
            </MessageBar>
          )}
          <Properties items={[
            ['State', a.accountEnabled ? 'Enabled' : 'Disabled (cannot get tokens)'],
            ['Blueprint', blueprints.get(a.agentIdentityBlueprintId)?.displayName ?? a.agentIdentityBlueprintId],
            ['Application (client) ID', <code key="app">{a.appId}</code>],
            ['Object ID', <code key="id">{a.id}</code>],
            ['Sponsors', a.sponsorCount ?? '—'],
            ['Warnings', <AgentWarnings key="w" agent={a} />],
            ['Created', <DateTime key="c" value={a.createdDateTime} />],
            ['Last sign-in', <DateTime key="s" value={a.lastSignInDateTime} />],
          ]} />
          <Subtitle2 as="h3">Sponsors</Subtitle2>
          <People label="Sponsors" path={`/servicePrincipals/${a.id}/sponsors`} empty="No sponsor: nobody is accountable for this agent. Add one with npx limen agents sponsors." />
          <Subtitle2 as="h3">Owners</Subtitle2>
          <People label="Owners" path={`/servicePrincipals/${a.id}/owners`} empty="No owner." />
          <Subtitle2 as="h3">Permissions</Subtitle2>
          <Permissions agentId={a.id} />
        </div>
      )}
    </DetailPane>
  );
}

function EnableDisable({ agent, onDone }: { agent: AgentIdentity; onDone: (notice: string) => void }) {
  const graph = useGraph();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const disable = agent.accountEnabled;
  const action = useMutation({
    mutationFn: () => graph(`/servicePrincipals/${agent.id}`, { method: 'PATCH', body: { accountEnabled: !disable } }),
    onSuccess: async () => {
      setOpen(false);
      onDone(disable ? `${agent.displayName} was disabled; its refresh tokens and grants were revoked.` : `${agent.displayName} was enabled.`);
      await invalidateGraph(client, agentsPath);
      await invalidateGraph(client, `/servicePrincipals/${agent.id}`);
      await invalidateGraph(client, '/agentRegistry');
    },
    meta: { showsOwnError: true },
  });
  return (
    <Dialog open={open} onOpenChange={(_, data) => { setOpen(data.open); if (!data.open) action.reset(); }}>
      <DialogTrigger disableButtonEnhancement>
        <ToolbarButton icon={disable ? <ProhibitedRegular /> : <PlayRegular />}>{disable ? 'Disable agent' : 'Enable agent'}</ToolbarButton>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{disable ? `Disable ${agent.displayName}?` : `Enable ${agent.displayName}?`}</DialogTitle>
          <DialogContent>
            {action.error && <ApiErrorBar error={action.error} />}
            <Body1>
              {disable
                ? 'The agent can no longer get tokens, and its refresh tokens and grants are revoked now, in the same change. Access tokens already issued run out on their own. Nothing is deleted; you can enable it again.'
                : 'The agent can get tokens again with its blueprint\'s credentials.'}
            </Body1>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={action.isPending} onClick={() => action.mutate()}>{disable ? 'Disable' : 'Enable'}</Button>
            <DialogTrigger disableButtonEnhancement><Button>Cancel</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
