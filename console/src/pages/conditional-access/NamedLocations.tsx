/**
 * Named locations: IP ranges and countries that policies name. An admin who may write
 * Conditional Access creates, edits and deletes them; the API validates the ranges and countries
 * and refuses to delete a trusted location or one a policy names (its message is shown).
 */
import {
  Badge, Body1, Button, Checkbox, Combobox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger,
  Field, Input, Option, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, EditRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { iso3166Alpha2 } from '../../../../src/conditional-access/import/country-codes.ts';
import type { Collection } from '../../api/graph.ts';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';

interface NamedLocation {
  '@odata.type': string; id: string; displayName: string; isTrusted?: boolean;
  ipRanges?: Array<{ cidrAddress: string }>; countriesAndRegions?: string[]; includeUnknownCountriesAndRegions?: boolean;
}

const path = '/identity/conditionalAccess/namedLocations';
const ipType = '#microsoft.graph.ipNamedLocation';
const countryType = '#microsoft.graph.countryNamedLocation';
type Kind = 'ip' | 'country';

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalS, marginBottom: tokens.spacingVerticalM },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  chips: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

const countryNames = (() => {
  let names: Intl.DisplayNames | undefined;
  try { names = new Intl.DisplayNames(['en'], { type: 'region' }); } catch { names = undefined; }
  return (code: string) => names?.of(code) ?? code;
})();

export function NamedLocations() {
  const styles = useStyles();
  const canWrite = useAccess().can('Policy.ReadWrite.ConditionalAccess');
  const locations = useGraphQuery<Collection<NamedLocation>>(path);
  return (
    <>
      {canWrite && (
        <div className={styles.toolbar}>
          <LocationDialog kind="ip" />
          <LocationDialog kind="country" />
        </div>
      )}
      <SimpleTable
        label="Named locations"
        headers={canWrite ? ['Name', 'Type', 'Ranges or countries', 'Trusted', ''] : ['Name', 'Type', 'Ranges or countries', 'Trusted']}
        query={locations}
        empty={canWrite ? 'No named locations yet.' : 'No named locations.'}
        rows={(locations.data?.value ?? []).map((l) => {
          const ip = l['@odata.type'].includes('ipNamedLocation');
          const country = l['@odata.type'].includes('countryNamedLocation');
          return {
            id: l.id,
            cells: [
              l.displayName,
              ip ? 'IP ranges' : country ? 'Countries' : 'Compliant network',
              ip ? (l.ipRanges ?? []).map((r) => r.cidrAddress).join(', ') : [...(l.countriesAndRegions ?? []), ...(l.includeUnknownCountriesAndRegions ? ['unknown'] : [])].join(', '),
              l.isTrusted ? <Badge appearance="tint" color="success">Trusted</Badge> : '',
              ...(canWrite ? [
                <div key="a" className={styles.actions}>
                  {(ip || country) && <LocationDialog kind={ip ? 'ip' : 'country'} location={l} />}
                  <DeleteLocation location={l} />
                </div>,
              ] : []),
            ],
          };
        })}
      />
    </>
  );
}

/** Creates a location of `kind`, or edits `location` (whose kind is fixed, as in Graph). */
function LocationDialog({ kind, location }: { kind: Kind; location?: NamedLocation }) {
  const styles = useStyles();
  const graph = useGraph();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [ranges, setRanges] = useState('');
  const [trusted, setTrusted] = useState(false);
  const [countries, setCountries] = useState<string[]>([]);
  const [unknown, setUnknown] = useState(false);
  const [search, setSearch] = useState('');
  const [pickerOpen, setPickerOpen] = useState(false);
  const reset = () => {
    setName(location?.displayName ?? '');
    setRanges((location?.ipRanges ?? []).map((r) => r.cidrAddress).join('\n'));
    setTrusted(location?.isTrusted ?? false);
    setCountries(location?.countriesAndRegions ?? []);
    setUnknown(location?.includeUnknownCountriesAndRegions ?? false);
    setSearch('');
  };
  const save = useMutation({
    mutationFn: () => {
      const body = kind === 'ip'
        ? {
          '@odata.type': ipType, displayName: name, isTrusted: trusted,
          ipRanges: ranges.split('\n').map((r) => r.trim()).filter(Boolean).map((cidrAddress) => ({
            '@odata.type': cidrAddress.includes(':') ? '#microsoft.graph.iPv6CidrRange' : '#microsoft.graph.iPv4CidrRange', cidrAddress,
          })),
        }
        : { '@odata.type': countryType, displayName: name, countriesAndRegions: countries, includeUnknownCountriesAndRegions: unknown };
      return location
        ? graph(`${path}/${encodeURIComponent(location.id)}`, { method: 'PATCH', body })
        : graph(path, { method: 'POST', body });
    },
    onSuccess: async () => { setOpen(false); await invalidateGraph(client, path); },
    meta: { showsOwnError: true },
  });
  const allCountries = useMemo(() => [...iso3166Alpha2].map((code) => ({ code, name: countryNames(code) })).sort((a, b) => a.name.localeCompare(b.name)), []);
  const shown = allCountries.filter((c) => search === '' || c.name.toLowerCase().includes(search.toLowerCase()) || c.code.toLowerCase() === search.toLowerCase());
  const what = kind === 'ip' ? 'IP ranges location' : 'countries location';
  const title = location ? `Edit ${location.displayName}` : `New ${what}`;
  return (
    <Dialog open={open} onOpenChange={(_, d) => { if (d.open) reset(); else save.reset(); setOpen(d.open); }}>
      <DialogTrigger disableButtonEnhancement>
        {location
          ? <Button appearance="subtle" icon={<EditRegular />} aria-label={`Edit ${location.displayName}`}>Edit</Button>
          : <Button icon={<AddRegular />}>{kind === 'ip' ? 'IP ranges location' : 'Countries location'}</Button>}
      </DialogTrigger>
      <DialogSurface aria-label={title}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent className={styles.form}>
            {save.error && <ApiErrorBar error={save.error} />}
            <Field label="Name" required>
              <Input value={name} maxLength={256} onChange={(_, d) => setName(d.value)} />
            </Field>
            {kind === 'ip' && (
              <>
                <Field label="IP ranges" hint="One IPv4 or IPv6 CIDR range a line, such as 203.0.113.0/24." required>
                  <Textarea value={ranges} rows={5} resize="vertical" onChange={(_, d) => setRanges(d.value)} />
                </Field>
                <Checkbox label="Mark as trusted location" checked={trusted} onChange={(_, d) => setTrusted(d.checked === true)} />
              </>
            )}
            {kind === 'country' && (
              <>
                <Field label="Countries and regions" hint={`${countries.length} selected`}>
                  <Combobox
                    multiselect
                    freeform
                    inlinePopup
                    placeholder="Search countries"
                    value={search}
                    open={pickerOpen}
                    onOpenChange={(_, d) => setPickerOpen(d.open)}
                    selectedOptions={countries}
                    onChange={(e) => { setSearch(e.target.value); setPickerOpen(true); }}
                    onOptionSelect={(_, d) => { setCountries(d.selectedOptions); setSearch(''); }}
                  >
                    {shown.map((c) => <Option key={c.code} value={c.code} text={c.name}>{`${c.name} (${c.code})`}</Option>)}
                  </Combobox>
                </Field>
                {countries.length > 0 && (
                  <div className={styles.chips} role="group" aria-label="Selected countries">
                    {countries.map((code) => (
                      <Button key={code} size="small" appearance="outline" aria-label={`Remove ${countryNames(code)}`}
                        onClick={() => setCountries(countries.filter((c) => c !== code))}>{`${countryNames(code)} ✕`}</Button>
                    ))}
                  </div>
                )}
                <Checkbox label="Include unknown countries and regions" checked={unknown} onChange={(_, d) => setUnknown(d.checked === true)} />
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={save.isPending || name.trim() === ''} onClick={() => save.mutate()}>{location ? 'Save' : 'Create'}</Button>
            <DialogTrigger disableButtonEnhancement><Button>Cancel</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function DeleteLocation({ location }: { location: NamedLocation }) {
  const graph = useGraph();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => graph(`${path}/${encodeURIComponent(location.id)}`, { method: 'DELETE' }),
    onSuccess: async () => { setOpen(false); await invalidateGraph(client, path); },
    meta: { showsOwnError: true },
  });
  return (
    <Dialog open={open} onOpenChange={(_, d) => { setOpen(d.open); if (!d.open) remove.reset(); }}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="subtle" icon={<DeleteRegular />} aria-label={`Delete ${location.displayName}`}>Delete</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete the named location {location.displayName}?</DialogTitle>
          <DialogContent>
            {remove.error && <ApiErrorBar error={remove.error} />}
            <Body1>Policies can no longer name it. A trusted location, or one a policy names, cannot be deleted.</Body1>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={remove.isPending} onClick={() => remove.mutate()}>Delete</Button>
            <DialogTrigger disableButtonEnhancement><Button>Cancel</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
