/**
 * The pieces the policy form's sections share: the draft document and writes into it at a path,
 * a section with its plain-language summary line, pickers over directory objects, checkbox
 * groups over fixed values, and the custom-security-attribute filter rule.
 */
import {
  Caption1, Checkbox, Combobox, Dropdown, Field, Input, Label, Option, Subtitle2, Tag, TagGroup, makeStyles, mergeClasses, tokens,
} from '@fluentui/react-components';
import { useId, useState, type ReactNode } from 'react';
import { odataString, type Collection } from '../../api/graph.ts';
import { useGraphQuery } from '../../api/queries.ts';
import { useDebounced } from '../../components/use-debounced.ts';

export type Json = Record<string, unknown>;

/** What every section gets: the draft, and a write of one value at one path into it. */
export interface SectionProps {
  draft: Json;
  set: (path: readonly string[], value: unknown) => void;
}

export const useFormStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingVerticalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  grow: { flexGrow: 1 },
  /** A field with a hint beside one without: their inputs line up. */
  top: { alignItems: 'flex-start' },
  checks: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  nested: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingLeft: tokens.spacingHorizontalXXL },
  summary: { color: tokens.colorNeutralForeground2 },
  note: { color: tokens.colorPaletteRedForeground1 },
  info: { color: tokens.colorNeutralForeground3 },
});

export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? v as Json : {});
export const arr = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
/** Graph's flags enums are comma-separated strings ("deviceCodeFlow,authenticationTransfer"). */
export const flags = (v: unknown): string[] => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

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

export const get = (draft: Json, path: readonly string[]): unknown => path.reduce<unknown>((o, k) => obj(o)[k], draft);

/** Checks and sets that keep their value when a box is ticked twice. */
export const toggled = (list: readonly string[], value: string, on: boolean) => (on ? [...list.filter((x) => x !== value), value] : list.filter((x) => x !== value));

interface Named { id: string; displayName?: string; userPrincipalName?: string; templateId?: string; appId?: string }

/** One kind of directory object a picker searches: its collection and the property a policy stores. */
export interface Source { label: string; path: string; key?: 'id' | 'appId' | 'templateId'; searchable?: boolean; itemPath?: string }
export const sources = {
  users: { label: 'users', path: '/users' },
  groups: { label: 'groups', path: '/groups' },
  roles: { label: 'directory roles', path: '/roleManagement/directory/roleDefinitions', key: 'templateId', searchable: false },
  apps: { label: 'apps', path: '/servicePrincipals', key: 'appId' },
  workloads: { label: 'service principals', path: '/servicePrincipals' },
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
export function Picker({ label, source, value, onChange }: { label: string; source: Source; value: string[]; onChange: (next: string[]) => void }) {
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

/**
 * Checkboxes over a fixed list of values, stored as an array (or a flags string). Not in a Fluent
 * `Field`: a Field gives its one control its id, and several checkboxes sharing it would all be
 * labelled as (and clicked through to) the first.
 */
export function Checks({ label, options, value, onChange }: { label: string; options: Record<string, string>; value: string[]; onChange: (next: string[]) => void }) {
  const styles = useFormStyles();
  const id = useId();
  return (
    <div role="group" aria-labelledby={id} className={styles.checks}>
      <Label id={id}>{label}</Label>
      <div className={styles.row}>
        {Object.entries(options).map(([k, text]) => (
          <Checkbox key={k} label={text} checked={value.includes(k)} onChange={(_, d) => onChange(toggled(value, k, !!d.checked))} />
        ))}
      </div>
    </div>
  );
}

/** A titled section; its first line says in plain words what the section currently does. */
export function Section({ title, summary, children }: { title: string; summary: string; children: ReactNode }) {
  const styles = useFormStyles();
  return (
    <section className={styles.section} aria-label={title}>
      <Subtitle2 as="h3">{title}</Subtitle2>
      <Caption1 className={styles.summary} data-testid="section-summary">{summary}</Caption1>
      {children}
    </section>
  );
}

/**
 * A conditionalAccessFilter (`{mode, rule}`) over custom security attributes or device properties:
 * an empty rule removes the filter (null, as Graph writes "not configured").
 */
export function FilterRule({ label, hint, at, draft, set }: SectionProps & { label: string; hint: string; at: readonly string[] }) {
  const styles = useFormStyles();
  const filter = obj(get(draft, at));
  const mode = (filter.mode as string | undefined) ?? 'include';
  return (
    <div className={mergeClasses(styles.row, styles.top)}>
      <Field label={label} hint={hint} className={styles.grow}>
        <Input value={(filter.rule as string | undefined) ?? ''}
          onChange={(_, d) => set(at, d.value ? { ...filter, mode, rule: d.value } : null)} />
      </Field>
      <Field label={`${label}: mode`}>
        <Dropdown value={mode === 'exclude' ? 'Exclude matching' : 'Include matching'} selectedOptions={[mode]}
          disabled={!filter.rule} onOptionSelect={(_, d) => set([...at, 'mode'], d.optionValue)}>
          <Option value="include">Include matching</Option>
          <Option value="exclude">Exclude matching</Option>
        </Dropdown>
      </Field>
    </div>
  );
}
