/**
 * A Remove button that asks first. The dialog says what goes and what follows from it, shows the
 * API's refusal in place (the mutation sets `meta: { showsOwnError: true }`), and closes once the
 * removal succeeded.
 */
import { Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger } from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useState, type ReactNode } from 'react';
import { ApiErrorBar } from './ApiErrorBar.tsx';

export interface ConfirmRemoveProps {
  /** The button's accessible name, naming the item: "Remove certificate AB12…". */
  label: string;
  /** The question the dialog asks: "Remove the certificate AB12…?". */
  title: ReactNode;
  /** What removing it does. */
  children: ReactNode;
  mutation: { error: unknown; isPending: boolean; reset: () => void };
  /** Starts the removal; calls `close` when it succeeded. */
  onConfirm: (close: () => void) => void;
  size?: 'small' | 'medium';
}

export function ConfirmRemove({ label, title, children, mutation, onConfirm, size = 'medium' }: ConfirmRemoveProps) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={(_, d) => { setOpen(d.open); if (!d.open) mutation.reset(); }}>
      <DialogTrigger disableButtonEnhancement>
        <Button size={size} appearance="subtle" icon={<DeleteRegular />} aria-label={label}>Remove</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>
            {mutation.error ? <ApiErrorBar error={mutation.error} /> : null}
            <Body1>{children}</Body1>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={mutation.isPending} onClick={() => onConfirm(() => setOpen(false))}>Remove</Button>
            <DialogTrigger disableButtonEnhancement><Button>Cancel</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
