/**
 * A group's pane: its properties; its direct members (users and nested groups), everyone who is a
 * member through nested groups, its owners and the groups it belongs to. Members and owners are
 * added and removed by `$ref` (POST …/members/$ref, DELETE …/members/{id}/$ref) when the admin's
 * roles allow it; the API still decides.
 */
import {
  Badge, Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Dropdown, Field,
  Option, SearchBox, Spinner, Tab, TabList, makeStyles, tokens,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { odataString, type Collection } from '../../api/graph.ts';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { ConfirmRemove } from '../../components/ConfirmRemove.tsx';
import { AppLink } from '../../components/AppLink.tsx';
import { DetailPane } from '../../components/DetailPane.tsx';
import { DateTime, Properties } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import { groupKind, objectKind, type DirectoryObject, type Group } from './group.ts';

const tabs = {
  overview: 'Overview',
  members: 'Members',
  transitive: 'All members',
  owners: 'Owners',
  memberOf: 'Member of',
} as const;
type TabValue = keyof typeof tabs;

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  picker: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  results: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  result: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
});

export function GroupPane({ groupId, onClose }: { groupId: string; onClose: () => void }) {
  const styles = useStyles();
  const group = useGraphQuery<Group>(`/groups/${encodeURIComponent(groupId)}`);
  const [tab, setTab] = useState<TabValue>('overview');
  const g = group.data;
  return (
    <DetailPane open onClose={onClose} label={g ? `Group ${g.displayName}` : 'Group'} title={g ? <span>{g.displayName} <Badge appearance="tint">{groupKind(g)}</Badge></span> : 'Group'}>
      {group.error && <ApiErrorBar error={group.error} />}
      {group.isPending && <Spinner label="Loading group…" />}
      {g && (
        <>
          <TabList className={styles.tabs} selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabValue)} aria-label="Group details">
            {Object.entries(tabs).map(([value, label]) => <Tab key={value} value={value}>{label}</Tab>)}
          </TabList>
          <div role="tabpanel" aria-label={tabs[tab]} className={styles.panel}>
            {tab === 'overview' && (
              <Properties items={[
                ['Description', g.description],
                ['Group type', groupKind(g)],
                ['Mail nickname', g.mailNickname],
                ['Object ID', <code key="id">{g.id}</code>],
                ['Created', <DateTime key="c" value={g.createdDateTime} />],
              ]} />
            )}
            {tab === 'members' && <Links group={g} segment="members" />}
            {tab === 'transitive' && <Transitive group={g} />}
            {tab === 'owners' && <Links group={g} segment="owners" />}
            {tab === 'memberOf' && <MemberOf group={g} />}
          </div>
        </>
      )}
    </DetailPane>
  );
}

function objectName(o: DirectoryObject) {
  const name = o.displayName ?? o.userPrincipalName ?? o.id;
  switch (o['@odata.type']) {
    case '#microsoft.graph.user': return <AppLink to={`/users/${o.id}`}>{name}</AppLink>;
    case '#microsoft.graph.group': return <AppLink to={`/groups/${o.id}`}>{name}</AppLink>;
    default: return name;
  }
}

/** Direct members or owners, with add and remove. */
function Links({ group, segment }: { group: Group; segment: 'members' | 'owners' }) {
  const access = useAccess();
  const path = `/groups/${group.id}/${segment}`;
  const list = useGraphQuery<Collection<DirectoryObject>>(`${path}?$top=999`);
  const mayWrite = access.can('GroupMember.ReadWrite.All');
  const noun = segment === 'members' ? 'member' : 'owner';
  return (
    <>
      {mayWrite && <div><AddDialog group={group} segment={segment} present={new Set((list.data?.value ?? []).map((o) => o.id))} /></div>}
      <SimpleTable
        label={segment === 'members' ? 'Direct members' : 'Owners'}
        query={list}
        empty={segment === 'members' ? 'No direct member.' : 'No owner.'}
        headers={mayWrite ? ['Name', 'Type', 'User principal name', ''] : ['Name', 'Type', 'User principal name']}
        rows={(list.data?.value ?? []).map((o) => ({
          id: o.id,
          cells: [
            objectName(o), objectKind(o), o.userPrincipalName ?? '',
            ...(mayWrite ? [<RemoveLink key="r" group={group} segment={segment} object={o} noun={noun} />] : []),
          ],
        }))}
      />
    </>
  );
}

function RemoveLink({ group, segment, object, noun }: { group: Group; segment: 'members' | 'owners'; object: DirectoryObject; noun: string }) {
  const graph = useGraph();
  const client = useQueryClient();
  const name = object.displayName ?? object.userPrincipalName ?? object.id;
  const remove = useMutation({
    mutationFn: () => graph(`/groups/${group.id}/${segment}/${object.id}/$ref`, { method: 'DELETE' }),
    onSuccess: () => invalidateGraph(client, `/groups/${group.id}`),
    meta: { showsOwnError: true },
  });
  return (
    <ConfirmRemove label={`Remove ${name}`} title={<>Remove {name} as {noun} of {group.displayName}?</>} mutation={remove} onConfirm={(close) => remove.mutate(undefined, { onSuccess: close })}>
      {segment === 'members'
        ? `${name} loses what ${group.displayName} grants (and, for a group, so do its members) at their next sign-in or token refresh.`
        : `${name} can no longer manage ${group.displayName}'s members.`}
    </ConfirmRemove>
  );
}

/** Find a user (or, for members, a group) by the start of the name and add it by `$ref`. */
function AddDialog({ group, segment, present }: { group: Group; segment: 'members' | 'owners'; present: ReadonlySet<string> }) {
  const styles = useStyles();
  const graph = useGraph();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<'users' | 'groups'>('users');
  const [text, setText] = useState('');
  const term = useDebounced(text).trim();
  const literal = odataString(term);
  const filter = kind === 'users'
    ? `startswith(displayName,${literal}) or startswith(userPrincipalName,${literal})`
    : `startswith(displayName,${literal})`;
  const candidates = useGraphQuery<Collection<DirectoryObject>>(
    `/${kind}?$top=8&$select=id,displayName${kind === 'users' ? ',userPrincipalName' : ''}&$filter=${encodeURIComponent(filter)}`,
    { enabled: open && term.length > 0 },
  );
  const add = useMutation({
    mutationFn: (id: string) => graph(`/groups/${group.id}/${segment}/$ref`, {
      method: 'POST', body: { '@odata.id': `${window.location.origin}/v1.0/directoryObjects/${id}` },
    }),
    onSuccess: () => invalidateGraph(client, `/groups/${group.id}`),
    meta: { showsOwnError: true },
  });
  const noun = segment === 'members' ? 'members' : 'owners';
  const rows = (candidates.data?.value ?? []).filter((o) => o.id !== group.id);
  return (
    <Dialog open={open} onOpenChange={(_, d) => { setOpen(d.open); if (!d.open) { add.reset(); setText(''); } }}>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<AddRegular />}>Add {noun}</Button>
      </DialogTrigger>
      <DialogSurface aria-label={`Add ${noun}`}>
        <DialogBody>
          <DialogTitle>Add {noun} to {group.displayName}</DialogTitle>
          <DialogContent className={styles.picker}>
            {add.error && <ApiErrorBar error={add.error} />}
            {segment === 'members' && (
              <Field label="Kind">
                <Dropdown value={kind === 'users' ? 'Users' : 'Groups'} selectedOptions={[kind]} onOptionSelect={(_, d) => setKind(d.optionValue as 'users' | 'groups')}>
                  <Option value="users">Users</Option>
                  <Option value="groups">Groups</Option>
                </Dropdown>
              </Field>
            )}
            <Field label="Search">
              <SearchBox aria-label={`Search ${kind}`} placeholder="Start of the name" value={text} onChange={(_, d) => setText(d.value)} />
            </Field>
            {candidates.error && <ApiErrorBar error={candidates.error} />}
            {term && candidates.isFetching && <Spinner size="tiny" />}
            <div className={styles.results} role="list" aria-label="Candidates">
              {rows.map((o) => (
                <div key={o.id} className={styles.result} role="listitem">
                  <span>{o.displayName ?? o.id}{o.userPrincipalName ? ` · ${o.userPrincipalName}` : ''}</span>
                  {present.has(o.id)
                    ? <Badge appearance="tint">Already added</Badge>
                    : <Button size="small" disabled={add.isPending} aria-label={`Add ${o.displayName ?? o.id}`} onClick={() => add.mutate(o.id)}>Add</Button>}
                </div>
              ))}
              {term && !candidates.isPending && rows.length === 0 && <Body1>No match.</Body1>}
            </div>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement><Button appearance="primary">Done</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Transitive({ group }: { group: Group }) {
  const list = useGraphQuery<Collection<DirectoryObject>>(`/groups/${group.id}/transitiveMembers?$top=999`);
  return (
    <SimpleTable
      label="All members"
      query={list}
      empty="No member, directly or through nested groups."
      headers={['Name', 'Type', 'User principal name']}
      rows={(list.data?.value ?? []).map((o) => ({ id: o.id, cells: [objectName(o), objectKind(o), o.userPrincipalName ?? ''] }))}
    />
  );
}

function MemberOf({ group }: { group: Group }) {
  const list = useGraphQuery<Collection<DirectoryObject>>(`/groups/${group.id}/memberOf?$top=999`);
  return (
    <SimpleTable
      label="Member of"
      query={list}
      empty="Not a member of any group."
      headers={['Name', 'Description']}
      rows={(list.data?.value ?? []).map((o) => ({ id: o.id, cells: [objectName(o), o.description ?? ''] }))}
    />
  );
}
