/**
 * App roles: the roles the app defines for users, groups and other apps. Add one; disable or
 * enable it; delete it once disabled (the API refuses to remove an enabled role, as Entra does).
 */
import { Badge, Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger } from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useAccess } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { AddAppRole } from './AddAppRole.tsx';
import type { AppRole, Application } from './application.ts';
import { usePaneStyles } from './pane-styles.ts';
import { usePatchApplication } from './use-patch-application.ts';

export const memberTypeNames = { User: 'Users/Groups', Application: 'Applications' } as const;

export function AppRolesTab({ app }: { app: Application }) {
  const styles = usePaneStyles();
  const mayWrite = useAccess().can('Application.ReadWrite.All');
  const roles = app.appRoles ?? [];
  return (
    <>
      {mayWrite && <div><AddAppRole app={app} /></div>}
      <SimpleTable
        label="App roles"
        query={{ isPending: false, error: null }}
        empty="This application defines no app role."
        headers={['Display name', 'Value', 'Allowed member types', 'Description', 'State', ...(mayWrite ? [''] : [])]}
        rows={roles.map((r) => ({
          id: r.id,
          cells: [r.displayName, <code key="v">{r.value}</code>, r.allowedMemberTypes.map((t) => memberTypeNames[t]).join(', '), r.description,
            r.isEnabled ? <Badge key="s" appearance="tint" color="success">Enabled</Badge> : <Badge key="s" appearance="tint">Disabled</Badge>,
            ...(mayWrite ? [<div key="a" className={styles.actions}><ToggleAppRole app={app} role={r} />{!r.isEnabled && <DeleteAppRole app={app} role={r} />}</div>] : [])],
        }))}
      />
    </>
  );
}

function ToggleAppRole({ app, role }: { app: Application; role: AppRole }) {
  const save = usePatchApplication(app);
  const appRoles = app.appRoles.map((r) => (r.id === role.id ? { ...r, isEnabled: !r.isEnabled } : r));
  return (
    <>
      {save.error && <ApiErrorBar error={save.error} />}
      <Button size="small" disabled={save.isPending} onClick={() => save.mutate({ appRoles })}
        aria-label={`${role.isEnabled ? 'Disable' : 'Enable'} app role ${role.value}`}>{role.isEnabled ? 'Disable' : 'Enable'}</Button>
    </>
  );
}

function DeleteAppRole({ app, role }: { app: Application; role: AppRole }) {
  const save = usePatchApplication(app);
  const [open, setOpen] = useState(false);
  const remove = () => save.mutate({ appRoles: app.appRoles.filter((r) => r.id !== role.id) }, { onSuccess: () => setOpen(false) });
  return (
    <Dialog open={open} onOpenChange={(_, d) => { setOpen(d.open); if (!d.open) save.reset(); }}>
      <DialogTrigger disableButtonEnhancement>
        <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label={`Delete app role ${role.value}`}>Delete</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete the app role {role.displayName}?</DialogTitle>
          <DialogContent>
            {save.error && <ApiErrorBar error={save.error} />}
            <Body1>Tokens stop carrying the role <code>{role.value}</code>. Assignments of it lose their meaning.</Body1>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={save.isPending} onClick={remove}>Delete</Button>
            <DialogTrigger disableButtonEnhancement><Button>Cancel</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
