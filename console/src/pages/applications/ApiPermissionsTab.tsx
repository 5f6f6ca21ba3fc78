/**
 * API permissions: what the app asks for (requiredResourceAccess), named from each API's service
 * principal, each marked granted for the tenant or not. Add or remove a permission; grant or
 * revoke admin consent for one permission or for all of them (use-admin-consent.ts).
 */
import {
  Badge, Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Subtitle2,
} from '@fluentui/react-components';
import { CheckmarkCircleRegular, DismissCircleRegular } from '@fluentui/react-icons';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { graphKey } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { ConfirmRemove } from '../../components/ConfirmRemove.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { AddPermission } from './AddPermission.tsx';
import type { Application, RequiredResourceAccess, ResourceServicePrincipal } from './application.ts';
import { usePaneStyles } from './pane-styles.ts';
import { useAdminConsent, type AdminConsent, type ConsentItem } from './use-admin-consent.ts';
import { usePatchApplication } from './use-patch-application.ts';

interface PermissionRow {
  key: string;
  access: { id: string; type: 'Scope' | 'Role' };
  value: string | undefined;
  description: string;
  item: ConsentItem | undefined;
}

const resourcePath = (appId: string) => `/servicePrincipals(appId='${encodeURIComponent(appId)}')`;

function rowsOf(resource: RequiredResourceAccess, sp: ResourceServicePrincipal | undefined): PermissionRow[] {
  return resource.resourceAccess.map((p) => {
    const named = p.type === 'Scope'
      ? sp?.oauth2PermissionScopes?.find((s) => s.id === p.id)
      : sp?.appRoles?.find((r) => r.id === p.id);
    const description = !named ? '' : 'adminConsentDisplayName' in named ? named.adminConsentDisplayName : named.displayName;
    const item = sp && named ? { type: p.type, id: p.id, value: named.value, resourceId: sp.id } : undefined;
    return { key: `${p.type}-${p.id}`, access: p, value: named?.value, description, item };
  });
}

export function ApiPermissionsTab({ app }: { app: Application }) {
  const styles = usePaneStyles();
  const access = useAccess();
  const graph = useGraph();
  const mayWrite = access.can('Application.ReadWrite.All');
  const mayConsent = access.can('AppRoleAssignment.ReadWrite.All');
  const resources = app.requiredResourceAccess ?? [];
  const sps = useQueries({
    queries: resources.map((r) => ({
      queryKey: graphKey(resourcePath(r.resourceAppId)),
      queryFn: ({ signal }: { signal: AbortSignal }) => graph<ResourceServicePrincipal>(resourcePath(r.resourceAppId), { signal }),
      enabled: access.can('Application.Read.All'),
    })),
  });
  const consent = useAdminConsent(app, resources.length > 0);
  const sections = resources.map((r, i) => ({ resource: r, sp: sps[i]?.data, error: sps[i]?.error, rows: rowsOf(r, sps[i]?.data) }));
  const items = sections.flatMap((s) => s.rows.flatMap((r) => (r.item ? [r.item] : [])));
  const pending = consent.known ? items.filter((i) => !consent.isGranted(i)) : [];
  const granted = consent.known ? items.filter((i) => consent.isGranted(i)) : [];
  const busy = consent.grant.isPending || consent.revoke.isPending;
  return (
    <>
      {consent.grant.error && <ApiErrorBar error={consent.grant.error} />}
      {consent.revoke.error && <ApiErrorBar error={consent.revoke.error} />}
      {consent.error && <ApiErrorBar error={consent.error} />}
      <div className={styles.row}>
        {mayWrite && <AddPermission app={app} />}
        {mayConsent && (
          <Button appearance="primary" icon={<CheckmarkCircleRegular />} disabled={busy || pending.length === 0} onClick={() => consent.grant.mutate(pending)}>
            Grant admin consent
          </Button>
        )}
        {mayConsent && <RevokeAll consent={consent} items={granted} busy={busy} />}
      </div>
      {resources.length === 0 && <Body1>This application asks for no API permission.</Body1>}
      {sections.map(({ resource, sp, error, rows }) => {
        const name = sp?.displayName ?? resource.resourceAppId;
        return (
          <section key={resource.resourceAppId} className={styles.section} aria-label={`Permissions on ${name}`}>
            <Subtitle2 as="h2">{name}</Subtitle2>
            {error && <ApiErrorBar error={error} />}
            <SimpleTable
              label={`API permissions on ${name}`}
              query={{ isPending: false, error: null }}
              empty="No permission."
              headers={['Permission', 'Type', 'Description', 'Status', ...(mayWrite || mayConsent ? [''] : [])]}
              rows={rows.map((row) => ({
                id: row.key,
                cells: [
                  row.value ?? row.access.id, row.access.type === 'Scope' ? 'Delegated' : 'Application', row.description,
                  <Status key="s" consent={consent} row={row} />,
                  ...(mayWrite || mayConsent ? [
                    <div key="a" className={styles.actions}>
                      {mayConsent && <ConsentButton consent={consent} row={row} busy={busy} />}
                      {mayWrite && <RemovePermission app={app} resourceAppId={resource.resourceAppId} row={row} />}
                    </div>,
                  ] : []),
                ],
              }))}
            />
          </section>
        );
      })}
    </>
  );
}

function Status({ consent, row }: { consent: AdminConsent; row: PermissionRow }) {
  if (!consent.known || !row.item) return null;
  return consent.isGranted(row.item)
    ? <Badge appearance="tint" color="success">Granted for the tenant</Badge>
    : <Badge appearance="tint" color="warning">Not granted</Badge>;
}

function ConsentButton({ consent, row, busy }: { consent: AdminConsent; row: PermissionRow; busy: boolean }) {
  const item = row.item;
  if (!consent.known || !item) return null;
  return consent.isGranted(item)
    ? <Button size="small" disabled={busy} aria-label={`Revoke admin consent for ${item.value}`} onClick={() => consent.revoke.mutate([item])}>Revoke</Button>
    : <Button size="small" disabled={busy} aria-label={`Grant admin consent for ${item.value}`} onClick={() => consent.grant.mutate([item])}>Grant</Button>;
}

function RevokeAll({ consent, items, busy }: { consent: AdminConsent; items: ConsentItem[]; busy: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<DismissCircleRegular />} disabled={busy || items.length === 0}>Revoke admin consent</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Revoke admin consent?</DialogTitle>
          <DialogContent>
            <Body1>
              Takes back the tenant-wide consent for {items.length} {items.length === 1 ? 'permission' : 'permissions'}: the app's next tokens
              carry none of them until consent is granted again.
            </Body1>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => { setOpen(false); consent.revoke.mutate(items); }}>Revoke</Button>
            <DialogTrigger disableButtonEnhancement><Button>Cancel</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function RemovePermission({ app, resourceAppId, row }: { app: Application; resourceAppId: string; row: PermissionRow }) {
  const save = usePatchApplication(app);
  const name = row.value ?? row.access.id;
  const remove = (close: () => void) => {
    const requiredResourceAccess = app.requiredResourceAccess
      .map((r) => (r.resourceAppId !== resourceAppId ? r : {
        ...r, resourceAccess: r.resourceAccess.filter((p) => !(p.id === row.access.id && p.type === row.access.type)),
      }))
      .filter((r) => r.resourceAccess.length > 0);
    save.mutate({ requiredResourceAccess }, { onSuccess: close });
  };
  return (
    <ConfirmRemove size="small" label={`Remove permission ${name}`} title={<>Remove the permission {name}?</>} mutation={save} onConfirm={remove}>
      The app stops asking for it. Consent already granted stays until revoked: revoke it first if the app should lose it now.
    </ConfirmRemove>
  );
}
