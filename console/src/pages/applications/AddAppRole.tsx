/** A new app role: Entra's "Create app role" form; the API checks the value and names what is wrong. */
import {
  Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, Radio, RadioGroup, Textarea,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import type { AppRole, Application } from './application.ts';
import { usePaneStyles } from './pane-styles.ts';
import { usePatchApplication } from './use-patch-application.ts';

const memberChoices = {
  User: { label: 'Users/Groups', types: ['User'] },
  Application: { label: 'Applications', types: ['Application'] },
  Both: { label: 'Both (Users/Groups + Applications)', types: ['User', 'Application'] },
} as const satisfies Record<string, { label: string; types: AppRole['allowedMemberTypes'] }>;
type MemberChoice = keyof typeof memberChoices;

export function AddAppRole({ app }: { app: Application }) {
  const styles = usePaneStyles();
  const save = usePatchApplication(app);
  const [open, setOpen] = useState(false);
  const [displayName, setDisplayName] = useState('');
  const [members, setMembers] = useState<MemberChoice>('User');
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const [enabled, setEnabled] = useState(true);
  const close = () => { setOpen(false); setDisplayName(''); setMembers('User'); setValue(''); setDescription(''); setEnabled(true); save.reset(); };
  const add = () => {
    const role: AppRole = {
      id: crypto.randomUUID(), displayName: displayName.trim(), value: value.trim(), description: description.trim(),
      allowedMemberTypes: [...memberChoices[members].types], isEnabled: enabled,
    };
    save.mutate({ appRoles: [...(app.appRoles ?? []), role] }, { onSuccess: close });
  };
  return (
    <Dialog open={open} onOpenChange={(_, d) => { if (d.open) setOpen(true); else close(); }}>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<AddRegular />}>Create app role</Button>
      </DialogTrigger>
      <DialogSurface aria-label="Create app role">
        <DialogBody>
          <DialogTitle>Create an app role</DialogTitle>
          <DialogContent className={styles.form}>
            {save.error && <ApiErrorBar error={save.error} />}
            <Field label="Display name" required>
              <Input value={displayName} maxLength={100} onChange={(_, d) => setDisplayName(d.value)} />
            </Field>
            <Field label="Allowed member types">
              <RadioGroup value={members} onChange={(_, d) => setMembers(d.value as MemberChoice)}>
                {Object.entries(memberChoices).map(([key, c]) => <Radio key={key} value={key} label={c.label} />)}
              </RadioGroup>
            </Field>
            <Field label="Value" required hint="In the roles claim of tokens, e.g. Reports.Read; no spaces.">
              <Input value={value} maxLength={120} onChange={(_, d) => setValue(d.value)} />
            </Field>
            <Field label="Description">
              <Textarea value={description} maxLength={1000} onChange={(_, d) => setDescription(d.value)} />
            </Field>
            <Checkbox checked={enabled} label="Enable this app role" onChange={(_, d) => setEnabled(d.checked === true)} />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={save.isPending || !displayName.trim() || !value.trim()} onClick={add}>Apply</Button>
            <Button onClick={close}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
