/** Client secrets: a new one's value is shown once, in its dialog; secrets can be removed. */
import {
  Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Dropdown, Field,
  Input, MessageBar, MessageBarBody, Option, Subtitle2, Text,
} from '@fluentui/react-components';
import { AddRegular, CopyRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { invalidateGraph } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { ConfirmRemove } from '../../components/ConfirmRemove.tsx';
import { DateTime, Properties } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import type { Application, PasswordCredential } from './application.ts';
import { usePaneStyles } from './pane-styles.ts';

export function SecretsSection({ app }: { app: Application }) {
  const styles = usePaneStyles();
  const mayWrite = useAccess().can('Application.ReadWrite.All');
  return (
    <section className={styles.section} aria-label="Client secrets">
      <Subtitle2 as="h2">Client secrets</Subtitle2>
      {mayWrite && <div><AddSecret app={app} /></div>}
      <SimpleTable
        label="Client secrets"
        query={{ isPending: false, error: null }}
        empty="No client secret."
        headers={mayWrite ? ['Description', 'Value', 'Start date', 'Expires', 'Secret ID', ''] : ['Description', 'Value', 'Start date', 'Expires', 'Secret ID']}
        rows={(app.passwordCredentials ?? []).map((p) => ({
          id: p.keyId,
          cells: [p.displayName ?? '', p.hint ? `${p.hint}…` : '', <DateTime key="s" value={p.startDateTime} />, <DateTime key="e" value={p.endDateTime} />,
            <code key="k">{p.keyId}</code>, ...(mayWrite ? [<RemoveSecret key="r" app={app} secret={p} />] : [])],
        }))}
      />
    </section>
  );
}

const lifetimes = { '3': '3 months', '6': '6 months', '12': '12 months', '24': '24 months' } as const;

/** Adds a client secret; its value is in this dialog's state only, and gone when it closes. */
function AddSecret({ app }: { app: Application }) {
  const styles = usePaneStyles();
  const graph = useGraph();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState('');
  const [months, setMonths] = useState<keyof typeof lifetimes>('6');
  const [copied, setCopied] = useState(false);
  const add = useMutation({
    mutationFn: () => {
      const end = new Date();
      end.setMonth(end.getMonth() + Number(months));
      return graph<PasswordCredential>(`/applications/${app.id}/addPassword`, {
        method: 'POST', body: { passwordCredential: { displayName: description || null, endDateTime: end.toISOString() } },
      });
    },
    onSuccess: () => invalidateGraph(client, '/applications'),
    meta: { showsOwnError: true },
  });
  const created = add.data;
  const close = () => { setOpen(false); add.reset(); setDescription(''); setCopied(false); };
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, d) => { if (d.open) setOpen(true); else close(); }}>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<AddRegular />}>New client secret</Button>
      </DialogTrigger>
      <DialogSurface aria-label="Client secret">
        <DialogBody>
          <DialogTitle>New client secret for {app.displayName}</DialogTitle>
          <DialogContent className={styles.form}>
            {add.error && <ApiErrorBar error={add.error} />}
            {!created && (
              <>
                <Field label="Description">
                  <Input value={description} maxLength={256} onChange={(_, d) => setDescription(d.value)} />
                </Field>
                <Field label="Expires">
                  <Dropdown value={lifetimes[months]} selectedOptions={[months]} onOptionSelect={(_, d) => setMonths(d.optionValue as keyof typeof lifetimes)}>
                    {Object.entries(lifetimes).map(([value, label]) => <Option key={value} value={value}>{label}</Option>)}
                  </Dropdown>
                </Field>
              </>
            )}
            {created && (
              <>
                <MessageBar intent="warning">
                  <MessageBarBody>Copy the secret's value now: it is shown only once, and Limen keeps only its hash.</MessageBarBody>
                </MessageBar>
                <Text as="p" className={styles.secret} aria-label="Secret value" data-testid="secret-value">{created.secretText}</Text>
                <Properties items={[
                  ['Secret ID', <code key="k">{created.keyId}</code>],
                  ['Expires', <DateTime key="e" value={created.endDateTime} />],
                ]} />
              </>
            )}
          </DialogContent>
          <DialogActions>
            {!created && <Button appearance="primary" disabled={add.isPending} onClick={() => add.mutate()}>Add</Button>}
            {created && (
              <Button icon={<CopyRegular />} onClick={() => void navigator.clipboard?.writeText(created.secretText ?? '').then(() => setCopied(true))}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
            <Button appearance={created ? 'primary' : 'secondary'} onClick={close}>{created ? 'Done' : 'Cancel'}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function RemoveSecret({ app, secret }: { app: Application; secret: PasswordCredential }) {
  const graph = useGraph();
  const client = useQueryClient();
  const label = secret.displayName ? `“${secret.displayName}”` : secret.keyId;
  const remove = useMutation({
    mutationFn: () => graph(`/applications/${app.id}/removePassword`, { method: 'POST', body: { keyId: secret.keyId } }),
    onSuccess: () => invalidateGraph(client, '/applications'),
    meta: { showsOwnError: true },
  });
  return (
    <ConfirmRemove label={`Remove secret ${label}`} title={<>Remove the client secret {label}?</>} mutation={remove} onConfirm={(close) => remove.mutate(undefined, { onSuccess: close })}>
      {app.displayName} can no longer get tokens with it. Anything still using this secret stops working.
    </ConfirmRemove>
  );
}
