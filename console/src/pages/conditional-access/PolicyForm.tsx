/**
 * The policy as a form (issue #6), in Entra's order: name and state, users, target resources,
 * workload and agent identities, conditions, grant, session. It edits the same draft document as
 * the JSON view: every change is written into that document at its own path, so properties the
 * form does not show are kept as they were.
 */
import {
  Caption1, Checkbox, Combobox, Dropdown, Field, Input, Option, Radio, RadioGroup, Subtitle2, Tag, TagGroup, makeStyles, tokens,
} from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { odataString, type Collection } from '../../api/graph.ts';
import { useGraphQuery } from '../../api/queries.ts';
import { useDebounced } from '../../components/use-debounced.ts';

type Json = Record<string, unknown>;
type Draft = Json;

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingVerticalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  note: { color: tokens.colorPaletteRedForeground1 },
});

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? v as Json : {});
const arr = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const flags = (v: unknown): string[] => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/**
 * The draft with `value` at `path`: the objects along the path are copied, not replaced, so their
 * other properties stay. `undefined` removes the property.
 */
export function setIn(draft: Json, path: readonly string[], value: unknown): Json {
  const [head, ...rest] = path;
  const next = { ...draft };
  if (rest.length === 0) {
    if (value === undefined) delete next[head!];
    else next[head!] = value;
  } else {
    next[head!] = setIn(obj(draft[head!]), rest, value);
  }
  return next;
}

const get = (draft: Json, path: readonly string[]): unknown => path.reduce<unknown>((o, k) => obj(o)[k], draft);

interface Named { id: string; displayName?: string; userPrincipalName?: string; templateId?: string; appId?: string }

/** One kind of directory object a picker searches: its collection and the property a policy stores. */
interface Source { label: string; path: string; key?: 'id' | 'appId' | 'templateId'; searchable?: boolean; itemPath?: string }
const sources = {
  users: { label: 'users', path: '/users' },
  groups: { label: 'groups', path: '/groups' },
  roles: { label: 'directory roles', path: '/roleManagement/directory/roleDefinitions', key: 'templateId', searchable: false },
  apps: { label: 'apps', path: '/servicePrincipals', key: 'appId' },
  agents: { label: 'agents', path: '/servicePrincipals/microsoft.graph.agentIdentity', itemPath: '/servicePrincipals' },
  locations: { label: 'named locations', path: '/identity/conditionalAccess/namedLocations', searchable: false },
} satisfies Record<string, Source>;

const keyOf = (s: Source, item: Named) => (s.key ? item[s.key] : item.id) ?? item.id;

/** A selected object, by its name once found (the id otherwise). */
function Chosen({ source, id }: { source: Source; id: string }) {
  const path = source.searchable === false || source.key === 'appId' ? undefined : `${source.itemPath ?? source.path}/${encodeURIComponent(id)}?$select=id,displayName`;
  const one = useGraphQuery<Named>(path);
  const all = useGraphQuery<Collection<Named>>(source.searchable === false ? `${source.path}` : undefined);
  const apps = useGraphQuery<Collection<Named>>(source.key === 'appId' ? `${source.path}?$filter=${encodeURIComponent(`appId eq ${odataString(id)}`)}&$select=id,appId,displayName` : undefined);
  const name = one.data?.displayName ?? all.data?.value.find((x) => keyOf(source, x) === id)?.displayName ?? apps.data?.value[0]?.displayName;
  return <>{name ?? id}</>;
}

/** Search and pick directory objects; the chosen ones are tags with a dismiss button. */
function Picker({ label, source, value, onChange }: { label: string; source: Source; value: string[]; onChange: (next: string[]) => void }) {
  const [text, setText] = useState('');
  const search = useDebounced(text).trim();
  const listed = source.searchable === false;
  const found = useGraphQuery<Collection<Named>>(listed ? source.path
    : search.length >= 1 ? `${source.path}?$top=10&$filter=${encodeURIComponent(`startswith(displayName,${odataString(search)})`)}` : undefined);
  const options = (found.data?.value ?? [])
    .filter((x) => !listed || !search || (x.displayName ?? '').toLowerCase().includes(search.toLowerCase()))
    .filter((x) => !value.includes(keyOf(source, x)));
  return (
    <Field label={label}>
      <Combobox
        freeform
        value={text}
        placeholder={`Search ${source.label}`}
        onChange={(e) => setText(e.target.value)}
        onOptionSelect={(_, d) => { if (d.optionValue) onChange([...value, d.optionValue]); setText(''); }}
        selectedOptions={[]}
      >
        {options.map((x) => (
          <Option key={x.id} value={keyOf(source, x)} text={x.displayName ?? x.id}>
            {x.userPrincipalName ? `${x.displayName} (${x.userPrincipalName})` : x.displayName ?? x.id}
          </Option>
        ))}
      </Combobox>
      {value.length > 0 && (
        <TagGroup aria-label={`${label}: chosen`} onDismiss={(_, d) => onChange(value.filter((v) => v !== d.value))}>
          {value.map((id) => <Tag key={id} value={id} dismissible dismissIcon={{ 'aria-label': 'Remove' }} size="small"><Chosen source={source} id={id} /></Tag>)}
        </TagGroup>
      )}
    </Field>
  );
}

/** Checkboxes over a fixed list of values, stored as an array (or a flags string). */
function Checks({ label, options, value, onChange }: { label: string; options: Record<string, string>; value: string[]; onChange: (next: string[]) => void }) {
  const styles = useStyles();
  return (
    <Field label={label}>
      <div className={styles.row} role="group" aria-label={label}>
        {Object.entries(options).map(([k, text]) => (
          <Checkbox key={k} label={text} checked={value.includes(k)}
            onChange={(_, d) => onChange(d.checked ? [...value, k] : value.filter((v) => v !== k))} />
        ))}
      </div>
    </Field>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-label={title}>
      <Subtitle2 as="h3">{title}</Subtitle2>
      {children}
    </section>
  );
}

const clientAppTypes = { all: 'All', browser: 'Browser', mobileAppsAndDesktopClients: 'Mobile apps and desktop clients', exchangeActiveSync: 'Exchange ActiveSync', other: 'Other clients' };
const platforms = { all: 'Any device', android: 'Android', iOS: 'iOS', windows: 'Windows', macOS: 'macOS', linux: 'Linux', windowsPhone: 'Windows Phone' };
const riskLevels = { high: 'High', medium: 'Medium', low: 'Low', none: 'No risk' };
const guests = 'GuestsOrExternalUsers';
const registerSecurityInfo = 'urn:user:registersecurityinfo';

export function PolicyForm({ draft, onChange }: { draft: Draft; onChange: (next: Draft) => void }) {
  const styles = useStyles();
  const set = (path: readonly string[], value: unknown) => onChange(setIn(draft, path, value));
  const list = (path: readonly string[]) => arr(get(draft, path));
  const setList = (path: readonly string[], value: string[]) => set(path, value);

  // Users
  const u = ['conditions', 'users'] as const;
  const includeUsers = list([...u, 'includeUsers']);
  const [usersPick, setUsersPick] = useState<string>();
  const usersStored = includeUsers.includes('All') ? 'all'
    : includeUsers.some((x) => x !== 'None') || list([...u, 'includeGroups']).length || list([...u, 'includeRoles']).length || get(draft, [...u, 'includeGuestsOrExternalUsers']) ? 'select' : 'none';
  const usersMode = usersStored === 'none' && usersPick === 'select' ? 'select' : usersStored;
  const setUsersMode = (mode: string) => {
    setUsersPick(mode);
    let users = obj(get(draft, u));
    users = { ...users, includeUsers: mode === 'all' ? ['All'] : mode === 'none' ? ['None'] : [] };
    if (mode !== 'select') users = { ...users, includeGroups: [], includeRoles: [] };
    set(u, users);
  };
  const chosenUsers = includeUsers.filter((x) => x !== guests && x !== 'None');
  const setChosenUsers = (ids: string[]) => setList([...u, 'includeUsers'], [...(includeUsers.includes(guests) ? [guests] : []), ...ids]);
  const excludeUsers = list([...u, 'excludeUsers']);

  // Target resources
  const a = ['conditions', 'applications'] as const;
  const includeApps = list([...a, 'includeApplications']);
  const actions = list([...a, 'includeUserActions']);
  const appsMode = actions.length ? 'actions' : includeApps.includes('All') ? 'all' : includeApps.includes('None') ? 'none' : 'select';
  const setAppsMode = (mode: string) => set(a, {
    ...obj(get(draft, a)),
    includeApplications: mode === 'all' ? ['All'] : mode === 'none' ? ['None'] : [],
    includeUserActions: mode === 'actions' ? [registerSecurityInfo] : [],
    ...(mode === 'actions' ? { excludeApplications: [] } : {}),
  });

  // Workload and agent identities
  const ca = ['conditions', 'clientApplications'] as const;
  const includeAgents = list([...ca, 'includeAgentIdServicePrincipals']);
  const [agentsPick, setAgentsPick] = useState<string>();
  const agentsStored = includeAgents.includes('All') ? 'all' : includeAgents.length ? 'select' : 'none';
  const agentsMode = agentsStored === 'none' && agentsPick === 'select' ? 'select' : agentsStored;
  const agentFilter = obj(get(draft, [...ca, 'agentIdServicePrincipalFilter']));

  // Conditions
  const c = ['conditions'] as const;
  const includeLocations = list([...c, 'locations', 'includeLocations']);
  const locationsMode = includeLocations.includes('All') ? 'All' : includeLocations.includes('AllTrusted') ? 'AllTrusted' : includeLocations.length ? 'select' : 'none';
  const setLocations = (include: string[], exclude: string[]) => {
    const rest = obj(get(draft, [...c, 'locations']));
    set([...c, 'locations'], include.length || exclude.length || Object.keys(rest).some((k) => k !== 'includeLocations' && k !== 'excludeLocations')
      ? { ...rest, includeLocations: include, excludeLocations: exclude } : null);
  };
  const excludeLocations = list([...c, 'locations', 'excludeLocations']);
  const setPlatforms = (include: string[], exclude: string[]) => {
    const rest = obj(get(draft, [...c, 'platforms']));
    set([...c, 'platforms'], include.length || exclude.length ? { ...rest, includePlatforms: include, excludePlatforms: exclude } : null);
  };
  const includePlatforms = list([...c, 'platforms', 'includePlatforms']);
  const excludePlatforms = list([...c, 'platforms', 'excludePlatforms']);
  const transfer = flags(get(draft, [...c, 'authenticationFlows', 'transferMethods']));
  const setTransfer = (on: boolean) => {
    const next = on ? [...transfer.filter((t) => t !== 'deviceCodeFlow'), 'deviceCodeFlow'] : transfer.filter((t) => t !== 'deviceCodeFlow');
    set([...c, 'authenticationFlows'], next.length ? { ...obj(get(draft, [...c, 'authenticationFlows'])), transferMethods: next.join(',') } : null);
  };

  // Grant
  const g = ['grantControls'] as const;
  const controls = list([...g, 'builtInControls']);
  const blocks = controls.includes('block');
  const setControl = (control: string, on: boolean) => {
    if (!get(draft, g)) { set(g, { operator: 'OR', builtInControls: on ? [control] : [] }); return; }
    setList([...g, 'builtInControls'], on ? [...controls.filter((x) => x !== control), control] : controls.filter((x) => x !== control));
  };
  const strength = obj(get(draft, [...g, 'authenticationStrength']));
  const strengths = useGraphQuery<Collection<{ id: string; displayName: string }>>('/policies/authenticationStrengthPolicies');
  const termsOfUse = list([...g, 'termsOfUse']);

  // Session
  const sf = ['sessionControls', 'signInFrequency'] as const;
  const frequency = obj(get(draft, sf));
  const frequencyOn = !!get(draft, sf) && frequency.isEnabled !== false;
  const everyTime = frequency.frequencyInterval === 'everyTime';
  const pb = ['sessionControls', 'persistentBrowser'] as const;
  const persistent = obj(get(draft, pb));
  const persistentOn = !!get(draft, pb) && persistent.isEnabled !== false;

  const state = (draft.state as string | undefined) ?? 'enabledForReportingButNotEnforced';
  return (
    <div className={styles.form} role="form" aria-label="Policy form">
      <Section title="Name and state">
        <Field label="Name" required>
          <Input value={(draft.displayName as string | undefined) ?? ''} onChange={(_, d) => set(['displayName'], d.value)} />
        </Field>
        <Field label="Enable policy">
          <RadioGroup layout="horizontal" value={state} onChange={(_, d) => set(['state'], d.value)}>
            <Radio value="enabledForReportingButNotEnforced" label="Report-only" />
            <Radio value="enabled" label="On" />
            <Radio value="disabled" label="Off" />
          </RadioGroup>
        </Field>
      </Section>

      <Section title="Users">
        <Field label="Include">
          <RadioGroup layout="horizontal" aria-label="Include users" value={usersMode} onChange={(_, d) => setUsersMode(d.value)}>
            <Radio value="none" label="None" />
            <Radio value="all" label="All users" />
            <Radio value="select" label="Select users and groups" />
          </RadioGroup>
        </Field>
        {usersMode === 'select' && (
          <>
            <Checkbox label="Guest or external users" checked={includeUsers.includes(guests)}
              onChange={(_, d) => setList([...u, 'includeUsers'], d.checked ? [guests, ...chosenUsers] : chosenUsers)} />
            <Picker label="Include users" source={sources.users} value={chosenUsers} onChange={setChosenUsers} />
            <Picker label="Include groups" source={sources.groups} value={list([...u, 'includeGroups'])} onChange={(v) => setList([...u, 'includeGroups'], v)} />
            <Picker label="Include directory roles" source={sources.roles} value={list([...u, 'includeRoles'])} onChange={(v) => setList([...u, 'includeRoles'], v)} />
          </>
        )}
        <Checkbox label="Exclude guest or external users" checked={excludeUsers.includes(guests)}
          onChange={(_, d) => setList([...u, 'excludeUsers'], d.checked ? [guests, ...excludeUsers] : excludeUsers.filter((x) => x !== guests))} />
        <Picker label="Exclude users" source={sources.users} value={excludeUsers.filter((x) => x !== guests)}
          onChange={(v) => setList([...u, 'excludeUsers'], [...(excludeUsers.includes(guests) ? [guests] : []), ...v])} />
        <Picker label="Exclude groups" source={sources.groups} value={list([...u, 'excludeGroups'])} onChange={(v) => setList([...u, 'excludeGroups'], v)} />
        <Picker label="Exclude directory roles" source={sources.roles} value={list([...u, 'excludeRoles'])} onChange={(v) => setList([...u, 'excludeRoles'], v)} />
      </Section>

      <Section title="Target resources">
        <RadioGroup layout="horizontal" aria-label="Target resources" value={appsMode} onChange={(_, d) => setAppsMode(d.value)}>
          <Radio value="none" label="None" />
          <Radio value="all" label="All resources" />
          <Radio value="select" label="Select resources" />
          <Radio value="actions" label="User actions" />
        </RadioGroup>
        {appsMode === 'select' && (
          <Picker label="Include apps" source={sources.apps} value={includeApps} onChange={(v) => setList([...a, 'includeApplications'], v)} />
        )}
        {appsMode !== 'actions' && (
          <Picker label="Exclude apps" source={sources.apps} value={list([...a, 'excludeApplications'])} onChange={(v) => setList([...a, 'excludeApplications'], v)} />
        )}
        {appsMode === 'actions' && (
          <Checkbox label="Register security information" checked={actions.includes(registerSecurityInfo)}
            onChange={(_, d) => setList([...a, 'includeUserActions'], d.checked ? [...actions, registerSecurityInfo] : actions.filter((x) => x !== registerSecurityInfo))} />
        )}
      </Section>

      <Section title="Workload and agent identities">
        <RadioGroup layout="horizontal" aria-label="Agent identities" value={agentsMode}
          onChange={(_, d) => { setAgentsPick(d.value); set(ca, { ...obj(get(draft, ca)), includeAgentIdServicePrincipals: d.value === 'all' ? ['All'] : [] }); }}>
          <Radio value="none" label="None" />
          <Radio value="all" label="All agents" />
          <Radio value="select" label="Select agents" />
        </RadioGroup>
        {agentsMode === 'select' && (
          <Picker label="Include agents" source={sources.agents} value={includeAgents} onChange={(v) => setList([...ca, 'includeAgentIdServicePrincipals'], v)} />
        )}
        <Picker label="Exclude agents" source={sources.agents} value={list([...ca, 'excludeAgentIdServicePrincipals'])}
          onChange={(v) => setList([...ca, 'excludeAgentIdServicePrincipals'], v)} />
        <div className={styles.row}>
          <Field label="Agent filter (custom security attributes)" hint='e.g. CustomSecurityAttribute.Agents_Tier -eq "prod"' style={{ flexGrow: 1 }}>
            <Input value={(agentFilter.rule as string | undefined) ?? ''}
              onChange={(_, d) => set([...ca, 'agentIdServicePrincipalFilter'], d.value ? { ...agentFilter, mode: (agentFilter.mode as string | undefined) ?? 'include', rule: d.value } : null)} />
          </Field>
          <Field label="Filter mode">
            <Dropdown value={(agentFilter.mode as string | undefined) === 'exclude' ? 'Exclude' : 'Include'} selectedOptions={[(agentFilter.mode as string | undefined) ?? 'include']}
              disabled={!agentFilter.rule} onOptionSelect={(_, d) => set([...ca, 'agentIdServicePrincipalFilter', 'mode'], d.optionValue)}>
              <Option value="include">Include</Option>
              <Option value="exclude">Exclude</Option>
            </Dropdown>
          </Field>
        </div>
      </Section>

      <Section title="Conditions">
        <Checks label="Client apps" options={clientAppTypes} value={list([...c, 'clientAppTypes'])} onChange={(v) => setList([...c, 'clientAppTypes'], v)} />
        <Checks label="Device platforms: include" options={platforms} value={includePlatforms} onChange={(v) => setPlatforms(v, excludePlatforms)} />
        <Checks label="Device platforms: exclude" options={Object.fromEntries(Object.entries(platforms).filter(([k]) => k !== 'all'))} value={excludePlatforms} onChange={(v) => setPlatforms(includePlatforms, v)} />
        <Field label="Locations: include">
          <RadioGroup layout="horizontal" aria-label="Include locations" value={locationsMode}
            onChange={(_, d) => setLocations(d.value === 'All' || d.value === 'AllTrusted' ? [d.value] : [], excludeLocations)}>
            <Radio value="none" label="Not configured" />
            <Radio value="All" label="Any location" />
            <Radio value="AllTrusted" label="All trusted locations" />
            <Radio value="select" label="Selected locations" />
          </RadioGroup>
        </Field>
        {locationsMode === 'select' || locationsMode === 'none' ? (
          <Picker label="Include named locations" source={sources.locations} value={includeLocations} onChange={(v) => setLocations(v, excludeLocations)} />
        ) : null}
        <Checkbox label="Exclude all trusted locations" checked={excludeLocations.includes('AllTrusted')}
          onChange={(_, d) => setLocations(includeLocations, d.checked ? ['AllTrusted', ...excludeLocations] : excludeLocations.filter((x) => x !== 'AllTrusted'))} />
        <Picker label="Exclude named locations" source={sources.locations} value={excludeLocations.filter((x) => x !== 'AllTrusted')}
          onChange={(v) => setLocations(includeLocations, [...(excludeLocations.includes('AllTrusted') ? ['AllTrusted'] : []), ...v])} />
        <Checks label="User risk" options={riskLevels} value={list([...c, 'userRiskLevels'])} onChange={(v) => setList([...c, 'userRiskLevels'], v)} />
        <Checks label="Sign-in risk" options={riskLevels} value={list([...c, 'signInRiskLevels'])} onChange={(v) => setList([...c, 'signInRiskLevels'], v)} />
        <Checks label="Agent risk" options={{ high: 'High', medium: 'Medium', low: 'Low' }} value={flags(get(draft, [...c, 'agentIdRiskLevels']))}
          onChange={(v) => set([...c, 'agentIdRiskLevels'], v.length ? v.join(',') : null)} />
        <Checkbox label="Authentication flows: device code flow" checked={transfer.includes('deviceCodeFlow')} onChange={(_, d) => setTransfer(!!d.checked)} />
      </Section>

      <Section title="Grant">
        <RadioGroup layout="horizontal" aria-label="Grant" value={blocks ? 'block' : 'grant'}
          onChange={(_, d) => setList([...g, 'builtInControls'], d.value === 'block' ? ['block'] : controls.filter((x) => x !== 'block'))}>
          <Radio value="block" label="Block access" />
          <Radio value="grant" label="Grant access" />
        </RadioGroup>
        {!blocks && (
          <>
            <Checkbox label="Require multifactor authentication" checked={controls.includes('mfa')} onChange={(_, d) => setControl('mfa', !!d.checked)} />
            <div className={styles.row}>
              <Checkbox label="Require authentication strength" checked={!!strength.id}
                onChange={(_, d) => set([...g, 'authenticationStrength'], d.checked ? { id: strengths.data?.value[0]?.id ?? '00000000-0000-0000-0000-000000000002' } : null)} />
              {!!strength.id && (
                <Dropdown aria-label="Authentication strength" selectedOptions={[strength.id as string]}
                  value={strengths.data?.value.find((s) => s.id === strength.id)?.displayName ?? (strength.displayName as string | undefined) ?? (strength.id as string)}
                  onOptionSelect={(_, d) => set([...g, 'authenticationStrength'], { id: d.optionValue })}>
                  {(strengths.data?.value ?? []).map((s) => <Option key={s.id} value={s.id}>{s.displayName}</Option>)}
                </Dropdown>
              )}
            </div>
            <Checkbox label="Require password change" checked={controls.includes('passwordChange')} onChange={(_, d) => setControl('passwordChange', !!d.checked)} />
            <Checkbox label="Require device to be marked as compliant" checked={controls.includes('compliantDevice')} onChange={(_, d) => setControl('compliantDevice', !!d.checked)} />
            <Caption1 className={styles.note}>Compliant device: Limen cannot verify — fails closed.</Caption1>
            {termsOfUse.length > 0 && <Caption1 className={styles.note}>Terms of use ({termsOfUse.length}): Limen cannot verify — fails closed.</Caption1>}
            <Field label="For multiple controls">
              <RadioGroup layout="horizontal" value={(get(draft, [...g, 'operator']) as string | undefined) ?? 'OR'} onChange={(_, d) => set([...g, 'operator'], d.value)}>
                <Radio value="AND" label="Require all the selected controls" />
                <Radio value="OR" label="Require one of the selected controls" />
              </RadioGroup>
            </Field>
          </>
        )}
      </Section>

      <Section title="Session">
        <div className={styles.row}>
          <Checkbox label="Sign-in frequency" checked={frequencyOn}
            onChange={(_, d) => set(sf, d.checked ? { ...frequency, isEnabled: true, type: 'hours', value: 4, frequencyInterval: 'timeBased', authenticationType: 'primaryAndSecondaryAuthentication' } : null)} />
          {frequencyOn && (
            <>
              <Dropdown aria-label="Sign-in frequency unit" selectedOptions={[everyTime ? 'everyTime' : (frequency.type as string | undefined) ?? 'hours']}
                value={everyTime ? 'Every time' : frequency.type === 'days' ? 'Days' : 'Hours'}
                onOptionSelect={(_, d) => set(sf, d.optionValue === 'everyTime'
                  ? { ...frequency, frequencyInterval: 'everyTime', type: null, value: null }
                  : { ...frequency, frequencyInterval: 'timeBased', type: d.optionValue, value: (frequency.value as number | null | undefined) ?? 1 })}>
                <Option value="hours">Hours</Option>
                <Option value="days">Days</Option>
                <Option value="everyTime">Every time</Option>
              </Dropdown>
              {!everyTime && (
                <Input aria-label="Sign-in frequency value" type="number" min={1} value={String((frequency.value as number | null | undefined) ?? '')}
                  onChange={(_, d) => set([...sf, 'value'], d.value ? Number(d.value) : null)} />
              )}
            </>
          )}
        </div>
        <div className={styles.row}>
          <Checkbox label="Persistent browser session" checked={persistentOn}
            onChange={(_, d) => set(pb, d.checked ? { ...persistent, isEnabled: true, mode: 'never' } : null)} />
          {persistentOn && (
            <Dropdown aria-label="Persistent browser mode" selectedOptions={[(persistent.mode as string | undefined) ?? 'never']}
              value={persistent.mode === 'always' ? 'Always persistent' : 'Never persistent'} onOptionSelect={(_, d) => set([...pb, 'mode'], d.optionValue)}>
              <Option value="always">Always persistent</Option>
              <Option value="never">Never persistent</Option>
            </Dropdown>
          )}
        </div>
      </Section>
    </div>
  );
}
