/**
 * The pane a list opens on the right (Entra's "blade"): a Fluent OverlayDrawer with a title, a
 * close button, and the item's content; Escape closes it and focus returns to the list.
 */
import { Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, OverlayDrawer } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';

export function DetailPane(props: { title: ReactNode; label: string; open: boolean; onClose: () => void; actions?: ReactNode; children: ReactNode }) {
  return (
    <OverlayDrawer
      position="end"
      size="large"
      open={props.open}
      onOpenChange={(_, data) => { if (!data.open) props.onClose(); }}
      aria-label={props.label}
    >
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={props.onClose} />}>
          {props.title}
        </DrawerHeaderTitle>
        {props.actions}
      </DrawerHeader>
      <DrawerBody>{props.children}</DrawerBody>
    </OverlayDrawer>
  );
}
