/**
 * An app registration's pane, in Entra's sections: Overview, Authentication (redirect URIs by
 * platform), Certificates & secrets (a new client secret is shown once; secrets can be removed),
 * API permissions (requiredResourceAccess, named from the resource's service principal) and App
 * roles. Changes are offered only when the admin's roles allow them; the API still decides.
 */
import {
  Badge, Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Dropdown, Field,
  Input, MessageBar, MessageBarBody, Option, Spinner, Subtitle2, Tab, TabList, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { AddRegular, CopyRegular, DeleteRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Collection } from '../../api/graph.ts';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { DetailPane } from '../../components/DetailPane.tsx';
import { DateTime, Properties } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import type { Application, PasswordCredential, RequiredResourceAccess, ResourceServicePrincipal } from './application.ts';

const tabs = {
  overview: 'Overview',
  authentication: 'Authentication',
  credentials: 'Certificates & secrets',
  permissions: 'API permissions',
  roles: 'App roles',
} as const;
type TabValue = keyof typeof tabs;

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  grow: { flexGrow: 1 },
  secret: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase400, padding: tokens.spacingVerticalM, overflowWrap: 'anywhere',
    backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium, userSelect: 'all',
  },
});

export function ApplicationPane({ applicationId, onClose }: { applicationId: string; onClose: () => void }) {
  const styles = useStyles();
  const app = useGraphQuery<Application>(`/applications/${encodeURIComponent(applicationId)}`);
  const [tab, setTab] = useState<TabValue>('overview');
  const a = app.data;
  return (
    <DetailPane open onClose={onClose} label={a ? `Application ${a.displayName}` : 'Application'} title={a?.displayName ?? 'Application'}>
      {app.error && <ApiErrorBar error={app.error} />}
      {app.isPending && <Spinner label="Loading application…" />}
      {a && (
        <>
          <TabList className={styles.tabs} selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabValue)} aria-label="Application details" size="small">
            {Object.entries(tabs).map(([value, label]) => <Tab key={value} value={value}>{label}</Tab>)}
          </TabList>
          <div role="tabpanel" aria-label={tabs[tab]} className={styles.panel}>
            {tab === 'overview' && (
              <Properties items={[
                ['Application (client) ID', <code key="a">{a.appId}</code>],
                ['Object ID', <code key="o">{a.id}</code>],
                ['Description', a.description],
                ['Supported account types', a.signInAudience === 'AzureADMyOrg' ? 'This organization only' : a.signInAudience],
                ['Application ID URIs', (a.identifierUris ?? []).join(', ')],
                ['Created', <DateTime key="c" value={a.createdDateTime} />],
                ['Tags', (a.tags ?? []).join(', ')],
              ]} />
            )}
            {tab === 'authentication' && <RedirectUris app={a} />}
            {tab === 'credentials' && <Credentials app={a} />}
            {tab === 'permissions' && <Permissions app={a} />}
            {tab === 'roles' && (
              <SimpleTable
                label="App roles"
                query={app}
                empty="This application defines no app role."
                headers={['Display name', 'Value', 'Allowed member types', 'Description', 'State']}
                rows={(a.appRoles ?? []).map((r) => ({
                  id: r.id,
                  cells: [r.displayName, <code key="v">{r.value}</code>, r.allowedMemberTypes.join(', '), r.description,
                    r.isEnabled ? <Badge key="s" appearance="tint" color="success">Enabled</Badge> : <Badge key="s" appearance="tint">Disabled</Badge>],
                }))}
              />
            )}
          </div>
        </>
      )}
    </DetailPane>
  );
}

const platformKeys = { web: 'Web', spa: 'Single-page application', publicClient: 'Mobile and desktop applications' } as const;
type Platform = keyof typeof platformKeys;

function RedirectUris({ app }: { app: Application }) {
  const styles = useStyles();
  const mayWrite = useAccess().can('Application.ReadWrite.All');
  const uris = (p: Platform) => app[p]?.redirectUris ?? [];
  return (
    <>
      {(Object.keys(platformKeys) as Platform[]).map((p) => (
        <section key={p} className={styles.section} aria-label={`${platformKeys[p]} redirect URIs`}>
          <Subtitle2 as="h2">{platformKeys[p]}</Subtitle2>
          <SimpleTable
            label={`${platformKeys[p]} redirect URIs`}
            query={{ isPending: false, error: null }}
            empty="No redirect URI."
            headers={mayWrite ? ['Redirect URI', ''] : ['Redirect URI']}
            rows={uris(p).map((uri) => ({
              id: uri,
              cells: [<code key="u">{uri}</code>, ...(mayWrite ? [<RemoveRedirectUri key="r" app={app} platform={p} uri={uri} />] : [])],
            }))}
          />
          {mayWrite && <AddRedirectUri app={app} platform={p} />}
        </section>
      ))}
      <Properties items={[
        ['Front-channel logout URL', app.web?.logoutUrl],
        ['Home page URL', app.web?.homePageUrl],
        ['Allow public client flows', app.isFallbackPublicClient ? 'Yes' : 'No'],
      ]} />
    </>
  );
}

/** PATCHes one platform's redirect URIs (the web platform keeps its logout and home page URLs). */
function useSaveRedirectUris(app: Application, platform: Platform) {
  const graph = useGraph();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (redirectUris: string[]) => {
      const value = platform === 'web'
        ? { redirectUris, logoutUrl: app.web?.logoutUrl ?? null, homePageUrl: app.web?.homePageUrl ?? null }
        : { redirectUris };
      return graph(`/applications/${app.id}`, { method: 'PATCH', body: { [platform]: value } });
    },
    onSuccess: () => invalidateGraph(client, `/applications/${app.id}`),
    meta: { showsOwnError: true },
  });
}

function AddRedirectUri({ app, platform }: { app: Application; platform: Platform }) {
  const styles = useStyles();
  const [uri, setUri] = useState('');
  const save = useSaveRedirectUris(app, platform);
  const add = () => save.mutate([...(app[platform]?.redirectUris ?? []), uri.trim()], { onSuccess: () => setUri('') });
  return (
    <div className={styles.section}>
      {save.error && <ApiErrorBar error={save.error} />}
      <div className={styles.row}>
        <Input className={styles.grow} value={uri} aria-label={`New ${platformKeys[platform]} redirect URI`} placeholder="https://…"
          onChange={(_, d) => setUri(d.value)} onKeyDown={(e) => { if (e.key === 'Enter' && uri.trim()) add(); }} />
        <Button icon={<AddRegular />} disabled={save.isPending || uri.trim() === ''} onClick={add}
          aria-label={`Add ${platformKeys[platform]} redirect URI`}>Add URI</Button>
      </div>
    </div>
  );
}

function RemoveRedirectUri({ app, platform, uri }: { app: Application; platform: Platform; uri: string }) {
  const save = useSaveRedirectUris(app, platform);
  return (
    <>
      {save.error && <ApiErrorBar error={save.error} />}
      <Button appearance="subtle" icon={<DeleteRegular />} aria-label={`Remove redirect URI ${uri}`} disabled={save.isPending}
        onClick={() => save.mutate((app[platform]?.redirectUris ?? []).filter((u) => u !== uri))}>Remove</Button>
    </>
  );
}

function Credentials({ app }: { app: Application }) {
  const styles = useStyles();
  const access = useAccess();
  const mayWrite = access.can('Application.ReadWrite.All');
  return (
    <>
      <section className={styles.section} aria-label="Certificates">
        <Subtitle2 as="h2">Certificates</Subtitle2>
        <SimpleTable
          label="Certificates"
          query={{ isPending: false, error: null }}
          empty="No certificate. Upload one through the API (keyCredentials) for private_key_jwt."
          headers={['Description', 'Thumbprint', 'Start date', 'Expires', 'Key ID']}
          rows={(app.keyCredentials ?? []).map((k) => ({
            id: k.keyId,
            cells: [k.displayName ?? '', <code key="t">{k.customKeyIdentifier ?? ''}</code>, <DateTime key="s" value={k.startDateTime} />,
              <DateTime key="e" value={k.endDateTime} />, <code key="k">{k.keyId}</code>],
          }))}
        />
      </section>
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
    </>
  );
}

const lifetimes = { '3': '3 months', '6': '6 months', '12': '12 months', '24': '24 months' } as const;

/** Adds a client secret; its value is in this dialog's state only, and gone when it closes. */
function AddSecret({ app }: { app: Application }) {
  const styles = useStyles();
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
  const [open, setOpen] = useState(false);
  const label = secret.displayName ? `“${secret.displayName}”` : secret.keyId;
  const remove = useMutation({
    mutationFn: () => graph(`/applications/${app.id}/removePassword`, { method: 'POST', body: { keyId: secret.keyId } }),
    onSuccess: async () => { setOpen(false); await invalidateGraph(client, '/applications'); },
    meta: { showsOwnError: true },
  });
  return (
    <Dialog open={open} onOpenChange={(_, d) => { setOpen(d.open); if (!d.open) remove.reset(); }}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="subtle" icon={<DeleteRegular />} aria-label={`Remove secret ${label}`}>Remove</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Remove the client secret {label}?</DialogTitle>
          <DialogContent>
            {remove.error && <ApiErrorBar error={remove.error} />}
            <Body1>{app.displayName} can no longer get tokens with it. Anything still using this secret stops working.</Body1>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={remove.isPending} onClick={() => remove.mutate()}>Remove</Button>
            <DialogTrigger disableButtonEnhancement><Button>Cancel</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

interface PermissionGrant { id: string; clientId: string; consentType: string; resourceId: string; scope: string }
interface RoleAssignment { id: string; appRoleId: string; resourceId: string }

/**
 * The permissions the app asks for, each marked granted or not for the tenant: delegated ones by
 * the client's AllPrincipals oauth2PermissionGrants, application ones by its app role
 * assignments. "Grant admin consent" creates the app's service principal first if it has none.
 */
function Permissions({ app }: { app: Application }) {
  const styles = useStyles();
  const access = useAccess();
  const graph = useGraph();
  const client = useQueryClient();
  const resources = app.requiredResourceAccess ?? [];
  const spPath = `/servicePrincipals?$filter=appId eq '${encodeURIComponent(app.appId)}'`;
  const clientSp = useGraphQuery<Collection<{ id: string }>>(spPath, { enabled: resources.length > 0 && access.can('Application.Read.All') });
  const spId = clientSp.data?.value[0]?.id;
  const grants = useGraphQuery<Collection<PermissionGrant>>(
    spId ? `/oauth2PermissionGrants?$filter=clientId eq '${spId}'` : undefined, { enabled: access.can('Directory.Read.All') });
  const assignments = useGraphQuery<Collection<RoleAssignment>>(spId ? `/servicePrincipals/${spId}/appRoleAssignments` : undefined);
  const mayGrant = access.can('AppRoleAssignment.ReadWrite.All');
  const status: ConsentStatus = {
    known: spId === undefined ? clientSp.isSuccess : grants.isSuccess && assignments.isSuccess,
    delegated: (resourceId, value) => (grants.data?.value ?? []).some((g) => g.consentType === 'AllPrincipals' && g.resourceId === resourceId && g.scope.split(' ').includes(value)),
    application: (resourceId, roleId) => (assignments.data?.value ?? []).some((a) => a.resourceId === resourceId && a.appRoleId === roleId),
  };
  const grant = useMutation({
    mutationFn: async (items: ConsentItem[]) => {
      let id = spId;
      if (!id) id = (await graph<{ id: string }>('/servicePrincipals', { method: 'POST', body: { appId: app.appId } })).id;
      for (const item of items) {
        if (item.type === 'Scope') {
          await graph('/oauth2PermissionGrants', { method: 'POST', body: { clientId: id, consentType: 'AllPrincipals', resourceId: item.resourceId, scope: item.value } });
        } else {
          await graph(`/servicePrincipals/${id}/appRoleAssignments`, { method: 'POST', body: { principalId: id, resourceId: item.resourceId, appRoleId: item.id } });
        }
      }
    },
    onSettled: async () => {
      await invalidateGraph(client, '/servicePrincipals');
      await invalidateGraph(client, '/oauth2PermissionGrants');
    },
    meta: { showsOwnError: true },
  });
  if (resources.length === 0) return <Body1>This application asks for no API permission.</Body1>;
  return (
    <>
      {grant.error && <ApiErrorBar error={grant.error} />}
      {clientSp.error && <ApiErrorBar error={clientSp.error} />}
      {resources.map((r) => (
        <section key={r.resourceAppId} className={styles.section}>
          <ResourcePermissions resource={r} status={status} grant={mayGrant ? (items) => grant.mutate(items) : undefined} busy={grant.isPending} />
        </section>
      ))}
    </>
  );
}

interface ConsentItem { type: 'Scope' | 'Role'; id: string; value: string; resourceId: string }
interface ConsentStatus {
  known: boolean;
  delegated(resourceId: string, value: string): boolean;
  application(resourceId: string, roleId: string): boolean;
}

/** One API's permissions, named from its service principal's scopes and app roles. */
function ResourcePermissions({ resource, status, grant, busy }: {
  resource: RequiredResourceAccess; status: ConsentStatus; grant: ((items: ConsentItem[]) => void) | undefined; busy: boolean;
}) {
  const styles = useStyles();
  const access = useAccess();
  const sp = useGraphQuery<ResourceServicePrincipal>(
    `/servicePrincipals(appId='${encodeURIComponent(resource.resourceAppId)}')`,
    { enabled: access.can('Application.Read.All') },
  );
  const name = sp.data?.displayName ?? resource.resourceAppId;
  const describe = (p: { id: string; type: 'Scope' | 'Role' }): [string | undefined, string] => {
    if (p.type === 'Scope') {
      const scope = sp.data?.oauth2PermissionScopes?.find((s) => s.id === p.id);
      return [scope?.value, scope?.adminConsentDisplayName ?? ''];
    }
    const role = sp.data?.appRoles?.find((s) => s.id === p.id);
    return [role?.value, role?.displayName ?? ''];
  };
  const rows = resource.resourceAccess.map((p) => {
    const [value, description] = describe(p);
    const resourceId = sp.data?.id;
    const granted = resourceId !== undefined && value !== undefined &&
      (p.type === 'Scope' ? status.delegated(resourceId, value) : status.application(resourceId, p.id));
    const item: ConsentItem | undefined = resourceId !== undefined && value !== undefined ? { type: p.type, id: p.id, value, resourceId } : undefined;
    return { p, value, description, granted, item };
  });
  const pending = rows.filter((r) => status.known && !r.granted && r.item).map((r) => r.item!);
  return (
    <>
      <div className={styles.row}>
        <Subtitle2 as="h2" className={styles.grow}>{name}</Subtitle2>
        {grant && pending.length > 0 && (
          <Button appearance="primary" disabled={busy} onClick={() => grant(pending)}>Grant admin consent for {name}</Button>
        )}
      </div>
      <SimpleTable
        label={`API permissions on ${name}`}
        query={{ isPending: false, error: null }}
        empty="No permission."
        headers={grant ? ['Permission', 'Type', 'Description', 'Status', ''] : ['Permission', 'Type', 'Description', 'Status']}
        rows={rows.map(({ p, value, description, granted, item }) => ({
          id: `${p.type}-${p.id}`,
          cells: [
            value ?? p.id, p.type === 'Scope' ? 'Delegated' : 'Application', description,
            !status.known ? '' : granted
              ? <Badge key="s" appearance="tint" color="success">Granted for the tenant</Badge>
              : <Badge key="s" appearance="tint" color="warning">Not granted</Badge>,
            ...(grant ? [status.known && !granted && item
              ? <Button key="g" size="small" disabled={busy} aria-label={`Grant admin consent for ${value ?? p.id}`} onClick={() => grant([item])}>Grant</Button>
              : ''] : []),
          ],
        }))}
      />
    </>
  );
}
