/**
 * Entra's "Add Assignment": a user or a group, found by the start of its name, and one of the
 * app's enabled roles for users and groups (Default Access when it defines none), posted to
 * appRoleAssignedTo. The API checks the role and the principal and names what is wrong.
 */
import {
  Button, Combobox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Dropdown, Field, Option, Radio, RadioGroup,
} from '@fluentui/react-components';
import { PersonAddRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { odataString, type Collection } from '../../api/graph.ts';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import { defaultAccessRoleId, type AppServicePrincipal, type Application } from './application.ts';
import { usePaneStyles } from './pane-styles.ts';

type Kind = 'users' | 'groups';
interface Candidate { id: string; displayName: string | null; userPrincipalName?: string }

/** The roles a person or a group can be given: enabled, for users/groups; Default Access when there is none. */
export function assignableRoles(app: Pick<Application, 'appRoles'>): Array<{ id: string; displayName: string }> {
  const roles = (app.appRoles ?? []).filter((r) => r.isEnabled && r.allowedMemberTypes.includes('User'));
  return roles.length ? roles : [{ id: defaultAccessRoleId, displayName: 'Default Access' }];
}

function useCandidates(kind: Kind, text: string, enabled: boolean) {
  const term = useDebounced(text).trim();
  const literal = odataString(term);
  const filter = kind === 'users'
    ? `startswith(displayName,${literal}) or startswith(userPrincipalName,${literal})`
    : `startswith(displayName,${literal})`;
  const select = kind === 'users' ? 'id,displayName,userPrincipalName' : 'id,displayName';
  return { term, found: useGraphQuery<Collection<Candidate>>(`/${kind}?$top=10&$select=${select}&$filter=${encodeURIComponent(filter)}`, { enabled: enabled && term.length > 0 }) };
}

export function AddAssignment({ app, sp }: { app: Application; sp: AppServicePrincipal }) {
  const styles = usePaneStyles();
  const access = useAccess();
  const graph = useGraph();
  const client = useQueryClient();
  const kinds = ([['users', 'User.Read.All'], ['groups', 'Group.Read.All']] as const).filter(([, p]) => access.can(p)).map(([k]) => k);
  const roles = assignableRoles(app);
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>(kinds[0] ?? 'users');
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<Candidate | undefined>();
  const [roleId, setRoleId] = useState<string | undefined>();
  const role = roles.find((r) => r.id === roleId) ?? (roles.length === 1 ? roles[0] : undefined);
  const { term, found } = useCandidates(kind, text, open && !chosen);
  const assign = useMutation({
    mutationFn: (body: { principalId: string; resourceId: string; appRoleId: string }) =>
      graph(`/servicePrincipals/${sp.id}/appRoleAssignedTo`, { method: 'POST', body }),
    onSuccess: async () => { close(); await invalidateGraph(client, `/servicePrincipals/${sp.id}/appRoleAssignedTo`); },
    meta: { showsOwnError: true },
  });
  function close() { setOpen(false); setText(''); setChosen(undefined); setRoleId(undefined); assign.reset(); }
  const noun = kind === 'users' ? 'User' : 'Group';
  const options = found.data?.value ?? [];
  if (kinds.length === 0) return null;
  return (
    <Dialog open={open} onOpenChange={(_, d) => { if (d.open) setOpen(true); else close(); }}>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<PersonAddRegular />}>Add user/group</Button>
      </DialogTrigger>
      <DialogSurface aria-label="Add assignment">
        <DialogBody>
          <DialogTitle>Add an assignment to {app.displayName}</DialogTitle>
          <DialogContent className={styles.form}>
            {assign.error && <ApiErrorBar error={assign.error} />}
            {kinds.length > 1 && (
              <Field label="Assign">
                <RadioGroup layout="horizontal" value={kind} onChange={(_, d) => { setKind(d.value as Kind); setText(''); setChosen(undefined); }}>
                  <Radio value="users" label="A user" />
                  <Radio value="groups" label="A group" />
                </RadioGroup>
              </Field>
            )}
            <Field label={noun} required hint={kind === 'users' ? 'Start typing a name or a user principal name' : 'Start typing the group’s name; its direct members are admitted'}>
              <Combobox
                freeform
                value={text}
                placeholder={kind === 'users' ? 'Name or user principal name' : 'Group name'}
                selectedOptions={chosen ? [chosen.id] : []}
                onChange={(e) => { setText(e.target.value); setChosen(undefined); }}
                onOptionSelect={(_, d) => {
                  const pick = options.find((o) => o.id === d.optionValue);
                  if (pick) { setChosen(pick); setText(d.optionText ?? pick.displayName ?? pick.id); }
                }}
              >
                {options.map((o) => (
                  <Option key={o.id} value={o.id} text={o.displayName ?? o.id}>
                    {o.userPrincipalName ? `${o.displayName ?? o.id} (${o.userPrincipalName})` : o.displayName ?? o.id}
                  </Option>
                ))}
                {term && found.data && options.length === 0
                  ? <Option key="none" value="" disabled text={`No ${kind === 'users' ? 'user' : 'group'} starts with “${term}”`}>{`No ${kind === 'users' ? 'user' : 'group'} starts with “${term}”`}</Option>
                  : null}
              </Combobox>
            </Field>
            {found.error && <ApiErrorBar error={found.error} />}
            <Field label="Role" required>
              <Dropdown
                placeholder="Select a role"
                value={role?.displayName ?? ''}
                selectedOptions={role ? [role.id] : []}
                onOptionSelect={(_, d) => setRoleId(d.optionValue)}
              >
                {roles.map((r) => <Option key={r.id} value={r.id}>{r.displayName}</Option>)}
              </Dropdown>
            </Field>
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={assign.isPending || !chosen || !role}
              onClick={() => chosen && role && assign.mutate({ principalId: chosen.id, resourceId: sp.id, appRoleId: role.id })}
            >Assign</Button>
            <Button onClick={close}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
