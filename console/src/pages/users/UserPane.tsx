/**
 * A user's pane: profile, groups, directory roles and authentication methods, and the actions an
 * admin takes on a person (a Temporary Access Pass, revoking sessions, disabling the account).
 * Each action is offered only when the admin's roles allow it; the API still decides.
 */
import {
  Badge, Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, MessageBar,
  MessageBarBody, Spinner, Tab, TabList, Toolbar, ToolbarButton,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { DeleteRegular, KeyRegular, PersonProhibitedRegular, PersonAvailableRegular, SignOutRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement, type ReactNode } from 'react';
import { odataString, type Collection } from '../../api/graph.ts';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { roleName } from '../../auth/permissions.ts';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { AppLink } from '../../components/AppLink.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { DetailPane } from '../../components/DetailPane.tsx';
import { DateTime, Properties } from '../../components/Properties.tsx';
import { TapDialog } from './TapDialog.tsx';
import { methodKinds, type AuthenticationMethod, type SignInActivity, type User } from './user.ts';

type TabValue = 'overview' | 'groups' | 'roles' | 'methods';

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  toolbar: { paddingInline: 0, flexWrap: 'wrap' },
});

export function UserPane({ userId, onClose }: { userId: string; onClose: () => void }) {
  const styles = useStyles();
  const access = useAccess();
  const user = useGraphQuery<User>(`/users/${encodeURIComponent(userId)}`);
  const [tab, setTab] = useState<TabValue>('overview');
  const [notice, setNotice] = useState<string>();
  const [tapOpen, setTapOpen] = useState(false);
  const u = user.data;

  const title = u ? (
    <span>
      {u.displayName}{' '}
      {u.accountEnabled ? <Badge appearance="tint" color="success">Enabled</Badge> : <Badge appearance="tint" color="danger">Disabled</Badge>}
    </span>
  ) : 'User';

  return (
    <DetailPane
      open
      onClose={onClose}
      label={u ? `User ${u.displayName}` : 'User'}
      title={title}
      actions={u && (
        <Toolbar aria-label="User actions" className={styles.toolbar}>
          {access.can('UserAuthenticationMethod.ReadWrite.All') && (
            <ToolbarButton icon={<KeyRegular />} onClick={() => setTapOpen(true)}>Create Temporary Access Pass</ToolbarButton>
          )}
          {access.can('User.RevokeSessions.All') && <RevokeSessions user={u} onDone={setNotice} />}
          {access.can('User.ReadWrite.All') && <EnableDisable user={u} onDone={setNotice} />}
        </Toolbar>
      )}
    >
      {user.error && <ApiErrorBar error={user.error} />}
      {user.isPending && <Spinner label="Loading user…" />}
      {notice && <MessageBar intent="success"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {u && (
        <>
          <TabList className={styles.tabs} selectedValue={tab} onTabSelect={(_, data) => setTab(data.value as TabValue)} aria-label="User details">
            <Tab value="overview">Overview</Tab>
            <Tab value="groups">Groups</Tab>
            <Tab value="roles">Roles</Tab>
            <Tab value="methods">Authentication methods</Tab>
          </TabList>
          <div role="tabpanel" aria-label={tab} className={styles.section}>
            {tab === 'overview' && <Overview user={u} />}
            {tab === 'groups' && <Groups userId={u.id} />}
            {tab === 'roles' && <Roles userId={u.id} />}
            {tab === 'methods' && <Methods user={u} onCreateTap={() => setTapOpen(true)} />}
          </div>
          {tapOpen && <TapDialog user={u} onClose={() => setTapOpen(false)} />}
        </>
      )}
    </DetailPane>
  );
}

function Overview({ user: u }: { user: User }) {
  const access = useAccess();
  return (
    <>
      <Properties items={[
        ['User principal name', u.userPrincipalName],
        ['Object ID', <code key="id">{u.id}</code>],
        ['User type', u.userType],
        ['Given name', u.givenName],
        ['Surname', u.surname],
        ['Email', u.mail],
        ['Job title', u.jobTitle],
        ['Department', u.department],
        ['Employee ID', u.employeeId],
        ['Usage location', u.usageLocation],
        ['Created', <DateTime key="c" value={u.createdDateTime} />],
        ['Sessions valid from', <DateTime key="s" value={u.signInSessionsValidFromDateTime} />],
      ]} />
      {access.can('AuditLog.Read.All') && (
        <>
          <LastSignIns userId={u.id} />
          <Body1>
            <AppLink to={`/sign-ins?user=${encodeURIComponent(u.userPrincipalName)}`}>See this user's sign-ins</AppLink>
          </Body1>
        </>
      )}
    </>
  );
}

/** Graph's signInActivity: returned only when selected, and only to those who may read sign-ins. */
function LastSignIns({ userId }: { userId: string }) {
  const activity = useGraphQuery<{ signInActivity: SignInActivity }>(`/users/${encodeURIComponent(userId)}?$select=signInActivity`);
  if (activity.error) return <ApiErrorBar error={activity.error} />;
  const a = activity.data?.signInActivity;
  if (!a) return <Spinner size="tiny" label="Loading sign-in activity…" />;
  const when = (key: string, value: string | null) => value ? <DateTime key={key} value={value} /> : 'Never';
  return (
    <section aria-label="Sign-in activity">
      <Properties items={[
        ['Last interactive sign-in', when('i', a.lastSignInDateTime)],
        ['Last non-interactive sign-in', when('n', a.lastNonInteractiveSignInDateTime)],
        ['Last successful sign-in', when('s', a.lastSuccessfulSignInDateTime)],
      ]} />
    </section>
  );
}

interface DirectoryObject { '@odata.type'?: string; id: string; displayName?: string; description?: string | null; securityEnabled?: boolean }

function Groups({ userId }: { userId: string }) {
  const groups = useGraphQuery<Collection<DirectoryObject>>(`/users/${userId}/memberOf?$top=999`);
  return (
    <SimpleTable
      label="Groups"
      query={groups}
      empty="Not a direct member of any group."
      headers={['Name', 'Description', 'Type']}
      rows={(groups.data?.value ?? []).map((g) => ({ id: g.id, cells: [g.displayName ?? g.id, g.description ?? '', g.securityEnabled ? 'Security' : 'Group'] }))}
    />
  );
}

interface RoleAssignment { id: string; roleDefinitionId: string; directoryScopeId: string }

function Roles({ userId }: { userId: string }) {
  const access = useAccess();
  const roles = useGraphQuery<Collection<RoleAssignment>>(
    `/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`principalId eq ${odataString(userId)}`)}`,
    { enabled: access.can('RoleManagement.Read.Directory') },
  );
  if (!access.can('RoleManagement.Read.Directory')) return <Body1>Your roles do not allow reading role assignments.</Body1>;
  return (
    <SimpleTable
      label="Directory roles"
      query={roles}
      empty="No directory role."
      headers={['Role', 'Scope']}
      rows={(roles.data?.value ?? []).map((r) => ({ id: r.id, cells: [roleName(r.roleDefinitionId), r.directoryScopeId === '/' ? 'Directory' : r.directoryScopeId] }))}
    />
  );
}

function Methods({ user, onCreateTap }: { user: User; onCreateTap: () => void }) {
  const access = useAccess();
  const path = `/users/${user.id}/authentication/methods`;
  // Fresh each time the tab opens: the person registers methods outside the console (a passkey
  // added with a pass the admin just created), so the tenant-wide 30 s cache would hide it.
  const methods = useGraphQuery<Collection<AuthenticationMethod>>(path, { enabled: access.can('UserAuthenticationMethod.ReadWrite.All'), staleTime: 0 });
  if (!access.can('UserAuthenticationMethod.ReadWrite.All')) return <Body1>Your roles do not allow reading authentication methods.</Body1>;
  return (
    <>
      <div><Button icon={<KeyRegular />} onClick={onCreateTap}>Create Temporary Access Pass</Button></div>
      <SimpleTable
        label="Authentication methods"
        query={methods}
        empty="No authentication method registered. A Temporary Access Pass lets this person sign in and add a passkey."
        headers={['Method', 'Detail', 'Created', '']}
        rows={(methods.data?.value ?? []).map((m) => ({
          id: m.id,
          cells: [
            methodKinds[m['@odata.type']]?.name ?? m['@odata.type'],
            methodDetail(m),
            <DateTime key="c" value={m.createdDateTime ?? m.startDateTime} />,
            methodKinds[m['@odata.type']]?.segment ? <DeleteMethod key="d" user={user} method={m} /> : '',
          ],
        }))}
      />
    </>
  );
}

function methodDetail(m: AuthenticationMethod): string {
  switch (m['@odata.type']) {
    case '#microsoft.graph.fido2AuthenticationMethod':
      return [m.displayName, m.passkeyType === 'synced' ? 'synced' : 'device-bound', m.model].filter(Boolean).join(' · ');
    case '#microsoft.graph.temporaryAccessPassAuthenticationMethod':
      return `${m.isUsableOnce ? 'One-time' : 'Multi-use'}, ${m.lifetimeInMinutes} minutes from ${new Date(m.startDateTime!).toLocaleString()} · ${m.isUsable ? 'usable' : (m.methodUsabilityReason ?? 'not usable')}`;
    default:
      return m.displayName ?? '';
  }
}

function DeleteMethod({ user, method }: { user: User; method: AuthenticationMethod }) {
  const graph = useGraph();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const kind = methodKinds[method['@odata.type']]!;
  const remove = useMutation({
    mutationFn: () => graph(`/users/${user.id}/authentication/${kind.segment}/${method.id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      setOpen(false);
      await invalidateGraph(client, `/users/${user.id}`);
    },
    meta: { showsOwnError: true },
  });
  const label = `${kind.name}${method.displayName ? ` “${method.displayName}”` : ''}`;
  return (
    <Dialog open={open} onOpenChange={(_, data) => { setOpen(data.open); if (!data.open) remove.reset(); }}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="subtle" icon={<DeleteRegular />} aria-label={`Delete ${label}`}>Delete</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete {label}?</DialogTitle>
          <DialogContent>
            {remove.error && <ApiErrorBar error={remove.error} />}
            <Body1>{user.displayName} can no longer sign in with it. Limen refuses to delete a person's last usable method.</Body1>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={remove.isPending} onClick={() => remove.mutate()}>Delete</Button>
            <DialogTrigger disableButtonEnhancement><Button>Cancel</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** A confirm dialog around one action on the user. */
function Confirmed(props: {
  trigger: ReactElement; title: string; body: ReactNode; confirm: string; run: () => Promise<unknown>; onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const action = useMutation({ mutationFn: props.run, onSuccess: () => { setOpen(false); props.onDone(); }, meta: { showsOwnError: true } });
  return (
    <Dialog open={open} onOpenChange={(_, data) => { setOpen(data.open); if (!data.open) action.reset(); }}>
      <DialogTrigger disableButtonEnhancement>{props.trigger}</DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>
            {action.error && <ApiErrorBar error={action.error} />}
            <Body1>{props.body}</Body1>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={action.isPending} onClick={() => action.mutate()}>{props.confirm}</Button>
            <DialogTrigger disableButtonEnhancement><Button>Cancel</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function RevokeSessions({ user, onDone }: { user: User; onDone: (notice: string) => void }) {
  const graph = useGraph();
  const client = useQueryClient();
  return (
    <Confirmed
      trigger={<ToolbarButton icon={<SignOutRegular />}>Revoke sessions</ToolbarButton>}
      title={`Revoke ${user.displayName}'s sessions?`}
      body="Every refresh token and browser session of this person stops working now, and access tokens already issued are refused by the API. They sign in again with their methods."
      confirm="Revoke sessions"
      run={() => graph(`/users/${user.id}/revokeSignInSessions`, { method: 'POST' })}
      onDone={() => {
        onDone(`${user.displayName}'s sessions were revoked.`);
        void invalidateGraph(client, `/users/${user.id}`);
      }}
    />
  );
}

function EnableDisable({ user, onDone }: { user: User; onDone: (notice: string) => void }) {
  const graph = useGraph();
  const client = useQueryClient();
  const disable = user.accountEnabled;
  return (
    <Confirmed
      trigger={<ToolbarButton icon={disable ? <PersonProhibitedRegular /> : <PersonAvailableRegular />}>{disable ? 'Disable account' : 'Enable account'}</ToolbarButton>}
      title={disable ? `Disable ${user.displayName}?` : `Enable ${user.displayName}?`}
      body={disable
        ? 'They cannot sign in, and their sessions and tokens stop working at once. Nothing is deleted; you can enable the account again.'
        : 'They can sign in again with their methods.'}
      confirm={disable ? 'Disable' : 'Enable'}
      run={() => graph(`/users/${user.id}`, { method: 'PATCH', body: { accountEnabled: !disable } })}
      onDone={() => {
        onDone(disable ? `${user.displayName} was disabled.` : `${user.displayName} was enabled.`);
        void invalidateGraph(client, '/users');
      }}
    />
  );
}
