/**
 * Creating a Temporary Access Pass: lifetime and one-time use (the tenant's policy bounds both;
 * the API's message says how when a value is refused), then the pass itself, shown once: it is
 * in this dialog's state only, and gone when the dialog closes.
 */
import {
  Body1, Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar,
  MessageBarBody, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { invalidateGraph } from '../../api/queries.ts';
import { useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { Properties } from '../../components/Properties.tsx';
import type { CreatedTap, User } from './user.ts';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  code: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeHero700, letterSpacing: '0.08em', padding: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium, textAlign: 'center', userSelect: 'all',
  },
});

export function TapDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const styles = useStyles();
  const graph = useGraph();
  const client = useQueryClient();
  const [lifetime, setLifetime] = useState('');
  const [once, setOnce] = useState(true);
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () => graph<CreatedTap>(`/users/${user.id}/authentication/temporaryAccessPassMethods`, {
      method: 'POST',
      body: { ...(lifetime ? { lifetimeInMinutes: Number(lifetime) } : {}), isUsableOnce: once },
    }),
    onSuccess: () => invalidateGraph(client, `/users/${user.id}/authentication`),
    meta: { showsOwnError: true },
  });
  const tap = create.data;

  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => { if (!data.open) onClose(); }}>
      <DialogSurface aria-label="Temporary Access Pass">
        <DialogBody>
          <DialogTitle>Temporary Access Pass for {user.displayName}</DialogTitle>
          <DialogContent className={styles.form}>
            {create.error && <ApiErrorBar error={create.error} />}
            {!tap && (
              <>
                <Body1>
                  A time-limited pass {user.displayName} signs in with to add a passkey, with no password. It replaces any pass they
                  already have.
                </Body1>
                <Field label="Lifetime in minutes" hint="Empty: the policy's default. Must lie within the policy's minimum and maximum.">
                  <Input type="number" min={10} max={43200} placeholder="Policy default" value={lifetime} onChange={(_, data) => setLifetime(data.value)} />
                </Field>
                <Checkbox label="One-time use" checked={once} onChange={(_, data) => setOnce(Boolean(data.checked))} />
              </>
            )}
            {tap && (
              <>
                <MessageBar intent="warning">
                  <MessageBarBody>This pass is shown only now. Give it to {user.displayName} through a channel you trust; close this dialog when done.</MessageBarBody>
                </MessageBar>
                <Text as="p" className={styles.code} aria-label="Temporary Access Pass" data-testid="tap-code">{tap.temporaryAccessPass}</Text>
                <Properties items={[
                  ['Valid from', new Date(tap.startDateTime).toLocaleString()],
                  ['Valid until', new Date(Date.parse(tap.startDateTime) + tap.lifetimeInMinutes * 60_000).toLocaleString()],
                  ['Use', tap.isUsableOnce ? 'One sign-in' : 'Any number of sign-ins while valid'],
                  ['Sign-in page', `${window.location.origin}/my/security-info`],
                ]} />
              </>
            )}
          </DialogContent>
          <DialogActions>
            {!tap && <Button appearance="primary" disabled={create.isPending} onClick={() => create.mutate()}>Create pass</Button>}
            {tap && (
              <Button icon={<CopyRegular />} onClick={() => void navigator.clipboard?.writeText(tap.temporaryAccessPass).then(() => setCopied(true))}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
            <Button appearance={tap ? 'primary' : 'secondary'} onClick={onClose}>{tap ? 'Done' : 'Cancel'}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
