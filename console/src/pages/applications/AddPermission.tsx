/**
 * "Add a permission", as Entra's "Request API permissions": pick an API (a service principal
 * exposing scopes or app roles), then delegated scopes or application roles. Only adds to
 * requiredResourceAccess; consent is a separate step.
 */
import {
  Body1, Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Dropdown, Field,
  Option, Radio, RadioGroup, SearchBox, Spinner,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { Collection } from '../../api/graph.ts';
import { useGraphQuery } from '../../api/queries.ts';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import type { Application, ResourceServicePrincipal } from './application.ts';
import { usePaneStyles } from './pane-styles.ts';
import { usePatchApplication } from './use-patch-application.ts';

type Kind = 'Scope' | 'Role';
const apisPath = '/servicePrincipals?$select=id,appId,displayName,appRoles,oauth2PermissionScopes&$top=999';

/** What an API offers of a kind: enabled scopes, or enabled roles other apps may hold. */
function offered(sp: ResourceServicePrincipal, kind: Kind): Array<{ id: string; value: string; name: string }> {
  return kind === 'Scope'
    ? (sp.oauth2PermissionScopes ?? []).filter((s) => s.isEnabled !== false).map((s) => ({ id: s.id, value: s.value, name: s.adminConsentDisplayName }))
    : (sp.appRoles ?? []).filter((r) => r.isEnabled !== false && (r.allowedMemberTypes ?? ['Application']).includes('Application'))
      .map((r) => ({ id: r.id, value: r.value, name: r.displayName }));
}

export function AddPermission({ app }: { app: Application }) {
  const styles = usePaneStyles();
  const save = usePatchApplication(app);
  const [open, setOpen] = useState(false);
  const apis = useGraphQuery<Collection<ResourceServicePrincipal>>(apisPath, { enabled: open });
  const [apiId, setApiId] = useState<string | undefined>();
  const [kind, setKind] = useState<Kind>('Scope');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const choices = (apis.data?.value ?? []).filter((sp) => offered(sp, 'Scope').length + offered(sp, 'Role').length > 0)
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const api = choices.find((sp) => sp.id === apiId);
  const asked = new Set(app.requiredResourceAccess.find((r) => r.resourceAppId === api?.appId)?.resourceAccess.map((p) => `${p.type}-${p.id}`));
  const term = search.trim().toLowerCase();
  const permissions = api ? offered(api, kind).filter((p) => !asked.has(`${kind}-${p.id}`))
    .filter((p) => !term || p.value.toLowerCase().includes(term) || p.name.toLowerCase().includes(term)) : [];
  const close = () => { setOpen(false); setApiId(undefined); setKind('Scope'); setSearch(''); setChosen([]); save.reset(); };
  const add = () => {
    if (!api) return;
    const added = chosen.map((id) => ({ id, type: kind }));
    const existing = app.requiredResourceAccess.find((r) => r.resourceAppId === api.appId);
    const requiredResourceAccess = existing
      ? app.requiredResourceAccess.map((r) => (r === existing ? { ...r, resourceAccess: [...r.resourceAccess, ...added] } : r))
      : [...app.requiredResourceAccess, { resourceAppId: api.appId, resourceAccess: added }];
    save.mutate({ requiredResourceAccess }, { onSuccess: close });
  };
  return (
    <Dialog open={open} onOpenChange={(_, d) => { if (d.open) setOpen(true); else close(); }}>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<AddRegular />}>Add a permission</Button>
      </DialogTrigger>
      <DialogSurface aria-label="Add a permission">
        <DialogBody>
          <DialogTitle>Request API permissions for {app.displayName}</DialogTitle>
          <DialogContent className={styles.form}>
            {save.error && <ApiErrorBar error={save.error} />}
            {apis.error && <ApiErrorBar error={apis.error} />}
            {apis.isPending && <Spinner size="small" label="Loading APIs…" />}
            {apis.isSuccess && (
              <Field label="API">
                <Dropdown placeholder="Select an API" value={api?.displayName ?? ''} selectedOptions={apiId ? [apiId] : []}
                  onOptionSelect={(_, d) => { setApiId(d.optionValue); setChosen([]); }}>
                  {choices.map((sp) => <Option key={sp.id} value={sp.id}>{sp.displayName}</Option>)}
                </Dropdown>
              </Field>
            )}
            {api && (
              <>
                <Field label="Type of permissions">
                  <RadioGroup layout="horizontal" value={kind} onChange={(_, d) => { setKind(d.value as Kind); setChosen([]); }}>
                    <Radio value="Scope" label="Delegated permissions" />
                    <Radio value="Role" label="Application permissions" />
                  </RadioGroup>
                </Field>
                <SearchBox aria-label="Filter permissions" placeholder="Filter permissions" value={search} onChange={(_, d) => setSearch(d.value)} />
                <div role="group" aria-label="Permissions" className={styles.choices}>
                  {permissions.length === 0 && <Body1>No permission of this type left to add.</Body1>}
                  {permissions.map((p) => (
                    <Checkbox key={p.id} label={`${p.value}: ${p.name}`} checked={chosen.includes(p.id)}
                      onChange={(_, d) => setChosen((c) => (d.checked ? [...c, p.id] : c.filter((x) => x !== p.id)))} />
                  ))}
                </div>
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={save.isPending || chosen.length === 0} onClick={add}>Add permissions</Button>
            <Button onClick={close}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
