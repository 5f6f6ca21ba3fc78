/**
 * One method's pane: on or off, whom it targets, and for passkeys their profiles, for the
 * Temporary Access Pass its lifetimes. Every save is a PATCH of the method configuration; the
 * API's 400 (a bad combination, an unknown group or profile) is shown in the pane with its path.
 */
import {
  Badge, Body1, Button, Caption1, Checkbox, Field, Label, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Spinner, Subtitle2, Switch,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { invalidateGraph, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { DetailPane } from '../../components/DetailPane.tsx';
import {
  configurationPath, describeProfile, methodBySegment, policyPath, targetsBody, writePermission,
  type Fido2Configuration, type MethodConfiguration, type PasskeyProfile, type TapConfiguration,
} from './method.ts';
import { TargetsEditor } from './Targets.tsx';
import { VisuallyHidden } from '../../components/VisuallyHidden.tsx';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginBottom: tokens.spacingVerticalXXL },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  form: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
  },
  numbers: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalL },
  aaguids: { fontFamily: tokens.fontFamilyMonospace, minHeight: '6rem' },
});

/** A PATCH of this method's configuration, refreshing the list and the pane. */
function usePatch(segment: string, onDone?: () => void) {
  const graph = useGraph();
  const queryClient = useQueryClient();
  return useMutation({
    meta: { showsOwnError: true },
    mutationFn: (body: object) => graph(configurationPath(segment), { method: 'PATCH', body }),
    onSuccess: async () => { await invalidateGraph(queryClient, policyPath); onDone?.(); },
  });
}

export function MethodPane({ segment, onClose }: { segment: string; onClose: () => void }) {
  const styles = useStyles();
  const method = methodBySegment(segment);
  const config = useGraphQuery<MethodConfiguration>(method ? configurationPath(method.segment) : undefined);
  const canWrite = useAccess().can(writePermission);
  const c = config.data;
  return (
    <DetailPane
      open
      onClose={onClose}
      label={method ? `Method ${method.name}` : 'Method'}
      title={method ? <span>{method.name} {c && <Badge appearance="tint" color={c.state === 'enabled' ? 'success' : 'informative'}>{c.state === 'enabled' ? 'Enabled' : 'Disabled'}</Badge>}</span> : 'Unknown method'}
    >
      {!method && <Body1>There is no method “{segment}”.</Body1>}
      {config.error && <ApiErrorBar error={config.error} />}
      {method && config.isPending && <Spinner label="Loading the policy…" />}
      {method && c && (
        <>
          <div className={styles.section}>
            <Body1>{method.about}</Body1>
            <StateSwitch segment={method.segment} config={c} canWrite={canWrite} />
          </div>
          <Targets segment={method.segment} config={c} canWrite={canWrite} />
          {method.segment === 'fido2' && <PasskeyProfiles config={c as Fido2Configuration} canWrite={canWrite} />}
          {method.segment === 'temporaryAccessPass' && <TapSettings config={c as TapConfiguration} canWrite={canWrite} />}
        </>
      )}
    </DetailPane>
  );
}

function StateSwitch({ segment, config, canWrite }: { segment: string; config: MethodConfiguration; canWrite: boolean }) {
  const patch = usePatch(segment);
  return (
    <>
      <Switch
        label={config.state === 'enabled' ? 'Enabled' : 'Disabled'}
        aria-label="Enable this method"
        checked={config.state === 'enabled'}
        disabled={!canWrite || patch.isPending}
        onChange={(_, d) => patch.mutate({ state: d.checked ? 'enabled' : 'disabled' })}
      />
      {patch.error && <ApiErrorBar error={patch.error} />}
    </>
  );
}

function Targets({ segment, config, canWrite }: { segment: string; config: MethodConfiguration; canWrite: boolean }) {
  const styles = useStyles();
  const [draft, setDraft] = useState<Pick<MethodConfiguration, 'includeTargets' | 'excludeTargets'>>();
  const [saved, setSaved] = useState(false);
  const patch = usePatch(segment, () => { setDraft(undefined); setSaved(true); });
  const include = draft?.includeTargets ?? config.includeTargets;
  const exclude = draft?.excludeTargets ?? config.excludeTargets;
  const fido2 = segment === 'fido2' ? config as Fido2Configuration : undefined;
  return (
    <section className={styles.section} aria-label="Targets">
      <Subtitle2 as="h2">Targets</Subtitle2>
      <TargetsEditor
        include={include}
        exclude={exclude}
        readOnly={!canWrite}
        profiles={fido2?.passkeyProfiles}
        defaultProfile={fido2?.defaultPasskeyProfile}
        onChange={(i, x) => { setSaved(false); patch.reset(); setDraft({ includeTargets: i, excludeTargets: x }); }}
      />
      {canWrite && draft && (
        <div className={styles.row}>
          <Button appearance="primary" disabled={patch.isPending} onClick={() => patch.mutate(targetsBody(segment, include, exclude))}>Save targets</Button>
          <Button onClick={() => { setDraft(undefined); patch.reset(); }}>Discard</Button>
        </div>
      )}
      {patch.error && <ApiErrorBar error={patch.error} />}
      {saved && !draft && <MessageBar intent="success"><MessageBarBody>Targets saved.</MessageBarBody></MessageBar>}
    </section>
  );
}

/** Passkey profiles: each in plain words, the default marked; create, edit, delete, make default. */
function PasskeyProfiles({ config, canWrite }: { config: Fido2Configuration; canWrite: boolean }) {
  const styles = useStyles();
  const [editing, setEditing] = useState<PasskeyProfile | 'new'>();
  const [message, setMessage] = useState<string>();
  const patch = usePatch('fido2');
  const save = (body: object, done: string) => {
    setMessage(undefined);
    patch.mutate(body, { onSuccess: () => { setEditing(undefined); setMessage(done); } });
  };
  const profiles = config.passkeyProfiles;
  return (
    <section className={styles.section} aria-label="Passkey profiles">
      <Subtitle2 as="h2">Passkey profiles</Subtitle2>
      <Body1>A person may use a passkey that satisfies any profile of a target they are in. Profiles are checked when a passkey is added and at every sign-in.</Body1>
      <Table aria-label="Passkey profiles" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Profile</TableHeaderCell>
            <TableHeaderCell>What it allows</TableHeaderCell>
            {canWrite && <TableHeaderCell><VisuallyHidden>Actions</VisuallyHidden></TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {profiles.map((p) => (
            <TableRow key={p.id}>
              <TableCell>{p.name} {p.id === config.defaultPasskeyProfile && <Badge appearance="tint" color="brand">Default</Badge>}</TableCell>
              <TableCell>{describeProfile(p)}</TableCell>
              {canWrite && (
                <TableCell>
                  <div className={styles.row}>
                    <Button size="small" onClick={() => { patch.reset(); setEditing(p); }} aria-label={`Edit ${p.name}`}>Edit</Button>
                    {p.id !== config.defaultPasskeyProfile && (
                      <Button size="small" disabled={patch.isPending} onClick={() => save({ defaultPasskeyProfile: p.id }, `${p.name} is now the default profile.`)}>Make default</Button>
                    )}
                    {p.id !== '00000000-0000-0000-0000-000000000001' && (
                      <Button size="small" disabled={patch.isPending} aria-label={`Delete ${p.name}`}
                        onClick={() => { if (window.confirm(`Delete the passkey profile “${p.name}”?`)) save({ passkeyProfiles: profiles.filter((x) => x.id !== p.id) }, `${p.name} was deleted.`); }}>
                        Delete
                      </Button>
                    )}
                  </div>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {canWrite && !editing && (
        <div className={styles.row}>
          <Button icon={<AddRegular />} onClick={() => { patch.reset(); setMessage(undefined); setEditing('new'); }}>New passkey profile</Button>
        </div>
      )}
      {editing && (
        <ProfileForm
          key={editing === 'new' ? 'new' : editing.id}
          profile={editing === 'new' ? undefined : editing}
          pending={patch.isPending}
          onCancel={() => { setEditing(undefined); patch.reset(); }}
          onSave={(p) => save(
            { passkeyProfiles: editing === 'new' ? [...profiles, p] : profiles.map((x) => x.id === editing.id ? { ...p, id: x.id } : x) },
            `${p.name} was saved.`,
          )}
        />
      )}
      {patch.error && <ApiErrorBar error={patch.error} />}
      {message && !patch.error && <MessageBar intent="success"><MessageBarBody>{message}</MessageBarBody></MessageBar>}
    </section>
  );
}

type Restriction = 'none' | 'allow' | 'block';

function ProfileForm({ profile, pending, onSave, onCancel }: {
  profile: PasskeyProfile | undefined; pending: boolean; onSave: (p: Omit<PasskeyProfile, 'id'> & { id?: string }) => void; onCancel: () => void;
}) {
  const styles = useStyles();
  const types = (profile?.passkeyTypes ?? 'deviceBound,synced').split(',').map((t) => t.trim());
  const [name, setName] = useState(profile?.name ?? '');
  const [deviceBound, setDeviceBound] = useState(types.includes('deviceBound'));
  const [synced, setSynced] = useState(types.includes('synced'));
  const [attestation, setAttestation] = useState(profile?.attestationEnforcement === 'registrationOnly');
  const k = profile?.keyRestrictions;
  const [restriction, setRestriction] = useState<Restriction>(k?.isEnforced ? k.enforcementType : 'none');
  const [aaGuids, setAaGuids] = useState((k?.aaGuids ?? []).join('\n'));
  const draft = {
    name: name.trim(),
    passkeyTypes: [deviceBound && 'deviceBound', synced && 'synced'].filter(Boolean).join(','),
    attestationEnforcement: attestation ? 'registrationOnly' as const : 'disabled' as const,
    keyRestrictions: {
      isEnforced: restriction !== 'none',
      enforcementType: restriction === 'allow' ? 'allow' as const : 'block' as const,
      aaGuids: restriction === 'none' ? [] : aaGuids.split(/[\s,]+/).filter(Boolean),
    },
  };
  const problem = !draft.name ? 'Give the profile a name.' : !draft.passkeyTypes ? 'Allow at least one passkey type.' : undefined;
  return (
    <form className={styles.form} aria-label={profile ? `Edit ${profile.name}` : 'New passkey profile'}
      onSubmit={(e) => { e.preventDefault(); if (!problem) onSave(draft); }}>
      <Subtitle2 as="h3">{profile ? `Edit ${profile.name}` : 'New passkey profile'}</Subtitle2>
      <Field label="Profile name" required><Input value={name} maxLength={64} onChange={(_, d) => setName(d.value)} /></Field>
      {/* Not in a Field: a Field gives its one id to every checkbox in it. */}
      <div role="group" aria-labelledby="passkey-types-label">
        <Label id="passkey-types-label">Passkey types</Label>
        <div className={styles.row}>
          <Checkbox label="Device-bound" checked={deviceBound} onChange={(_, d) => setDeviceBound(!!d.checked)} />
          <Checkbox label="Synced" checked={synced} onChange={(_, d) => setSynced(!!d.checked)} />
        </div>
        <Caption1>Device-bound: security keys, Windows Hello. Synced: phone keychains and password managers.</Caption1>
      </div>
      <Switch label="Require attestation (device-bound passkeys only; checked when the passkey is added)" checked={attestation} onChange={(_, d) => setAttestation(d.checked)} />
      <Field label="Models (AAGUIDs)">
        <RadioGroup layout="horizontal" value={restriction} onChange={(_, d) => setRestriction(d.value as Restriction)}>
          <Radio value="none" label="Any model" />
          <Radio value="allow" label="Only these models" />
          <Radio value="block" label="All but these models" />
        </RadioGroup>
      </Field>
      {restriction !== 'none' && (
        <Field label="AAGUIDs, one per line">
          <Textarea className={styles.aaguids} textarea={{ className: styles.aaguids, spellCheck: false }} value={aaGuids} onChange={(_, d) => setAaGuids(d.value)} placeholder="cb69481e-8ff7-4039-93ec-0a2729a154a8" />
        </Field>
      )}
      <Body1 data-testid="profile-draft-summary">{problem ?? describeProfile(draft)}</Body1>
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={!!problem || pending}>Save profile</Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

/** The Temporary Access Pass: lifetimes, length, one-time use. */
function TapSettings({ config, canWrite }: { config: TapConfiguration; canWrite: boolean }) {
  const styles = useStyles();
  const [values, setValues] = useState({
    minimumLifetimeInMinutes: String(config.minimumLifetimeInMinutes),
    maximumLifetimeInMinutes: String(config.maximumLifetimeInMinutes),
    defaultLifetimeInMinutes: String(config.defaultLifetimeInMinutes),
    defaultLength: String(config.defaultLength),
  });
  const [isUsableOnce, setIsUsableOnce] = useState(config.isUsableOnce);
  const [saved, setSaved] = useState(false);
  const patch = usePatch('temporaryAccessPass', () => setSaved(true));
  const number = (key: keyof typeof values, label: string, hint: string) => (
    <Field label={label} hint={hint} validationState={Number.isInteger(Number(values[key])) && values[key] !== '' ? 'none' : 'error'}>
      <Input type="number" value={values[key]} disabled={!canWrite} onChange={(_, d) => { setSaved(false); setValues({ ...values, [key]: d.value }); }} />
    </Field>
  );
  const valid = Object.values(values).every((v) => v !== '' && Number.isInteger(Number(v)));
  return (
    <form className={styles.section} aria-label="Temporary Access Pass settings"
      onSubmit={(e) => { e.preventDefault(); patch.mutate({ ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)])), isUsableOnce }); }}>
      <Subtitle2 as="h2">Settings</Subtitle2>
      <div className={styles.numbers}>
        {number('minimumLifetimeInMinutes', 'Minimum lifetime (minutes)', '10 to 43200')}
        {number('maximumLifetimeInMinutes', 'Maximum lifetime (minutes)', '10 to 43200')}
        {number('defaultLifetimeInMinutes', 'Default lifetime (minutes)', 'Between the minimum and maximum')}
        {number('defaultLength', 'Length (characters)', '8 to 48')}
      </div>
      <Checkbox label="One-time use: a pass can be used only once" checked={isUsableOnce} disabled={!canWrite} onChange={(_, d) => { setSaved(false); setIsUsableOnce(!!d.checked); }} />
      {canWrite && <div className={styles.row}><Button type="submit" appearance="primary" disabled={!valid || patch.isPending}>Save settings</Button></div>}
      {patch.error && <ApiErrorBar error={patch.error} />}
      {saved && !patch.error && <MessageBar intent="success"><MessageBarBody>Settings saved.</MessageBarBody></MessageBar>}
    </form>
  );
}
