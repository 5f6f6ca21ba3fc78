/**
 * Target resources: all, none or chosen apps (Limen's own apps are service principals like any
 * other, so the picker finds them), Graph's app groups, exclusions and the custom security
 * attribute filter; or a user action; or authentication contexts. A policy names one kind.
 */
import { Caption1, Checkbox, Field, Input, Radio, RadioGroup } from '@fluentui/react-components';
import { useState } from 'react';
import { whatOf } from './policy.ts';
import { FilterRule, Picker, Section, arr, get, obj, sources, toggled, useFormStyles, type SectionProps } from './form-parts.tsx';

const a = ['conditions', 'applications'] as const;
const groups = { Office365: 'Office 365', MicrosoftAdminPortals: 'Admin portals (Limen\'s management API and tools)', AllAgentIdResources: 'All agent resources' };
const excludableGroups = { Office365: 'Office 365', MicrosoftAdminPortals: 'Admin portals (Limen\'s management API and tools)' };
const userActions = { 'urn:user:registersecurityinfo': 'Register security information', 'urn:user:registerdevice': 'Register or join devices' };
const isGroup = (id: string) => id in groups || id === 'All' || id === 'None';

export function ResourcesSection({ draft, set }: SectionProps) {
  const styles = useFormStyles();
  const list = (name: string) => arr(get(draft, [...a, name]));
  const include = list('includeApplications');
  const exclude = list('excludeApplications');
  const actions = list('includeUserActions');
  const contexts = list('includeAuthenticationContextClassReferences');
  const [contextText, setContextText] = useState(contexts.join(', '));
  const mode = actions.length ? 'actions' : contexts.length ? 'context'
    : include.includes('All') ? 'all' : include.includes('None') ? 'none' : 'select';
  const setMode = (next: string) => {
    if (next === 'context') setContextText('c1');
    set(a, {
      ...obj(get(draft, a)),
      includeApplications: next === 'all' ? ['All'] : next === 'none' ? ['None'] : [],
      includeUserActions: next === 'actions' ? ['urn:user:registersecurityinfo'] : [],
      includeAuthenticationContextClassReferences: next === 'context' ? ['c1'] : [],
      ...(next === 'actions' || next === 'context' ? { excludeApplications: [], applicationFilter: null } : {}),
    });
  };
  const checkGroup = (at: 'includeApplications' | 'excludeApplications', value: string[], id: string, on: boolean) => set([...a, at], toggled(value, id, on));

  return (
    <Section title="Target resources" summary={`Signing in to ${whatOf({ id: '', displayName: '', state: 'disabled', ...draft })}.`}>
      <RadioGroup layout="horizontal" aria-label="Target resources" value={mode} onChange={(_, d) => setMode(d.value)}>
        <Radio value="none" label="None" />
        <Radio value="all" label="All resources" />
        <Radio value="select" label="Select resources" />
        <Radio value="actions" label="User actions" />
        <Radio value="context" label="Authentication context" />
      </RadioGroup>
      {mode === 'select' && (
        <>
          <div className={styles.row} role="group" aria-label="Include app groups">
            {Object.entries(groups).map(([id, label]) => (
              <Checkbox key={id} label={label} checked={include.includes(id)} onChange={(_, d) => checkGroup('includeApplications', include, id, !!d.checked)} />
            ))}
          </div>
          <Picker label="Include apps" source={sources.apps} value={include.filter((x) => !isGroup(x))}
            onChange={(v) => set([...a, 'includeApplications'], [...include.filter(isGroup), ...v])} />
        </>
      )}
      {(mode === 'all' || mode === 'select') && (
        <>
          <div className={styles.row} role="group" aria-label="Exclude app groups">
            {Object.entries(excludableGroups).map(([id, label]) => (
              <Checkbox key={id} label={`Exclude ${label}`} checked={exclude.includes(id)} onChange={(_, d) => checkGroup('excludeApplications', exclude, id, !!d.checked)} />
            ))}
          </div>
          <Picker label="Exclude apps" source={sources.apps} value={exclude.filter((x) => !isGroup(x))}
            onChange={(v) => set([...a, 'excludeApplications'], [...exclude.filter(isGroup), ...v])} />
          <FilterRule draft={draft} set={set} at={[...a, 'applicationFilter']} label="App filter (custom security attributes)"
            hint='e.g. CustomSecurityAttribute.Apps_Tier -eq "prod"' />
        </>
      )}
      {mode === 'actions' && (
        <div className={styles.row} role="group" aria-label="User actions">
          {Object.entries(userActions).map(([id, label]) => (
            <Checkbox key={id} label={label} checked={actions.includes(id)} onChange={(_, d) => set([...a, 'includeUserActions'], toggled(actions, id, !!d.checked))} />
          ))}
        </div>
      )}
      {mode === 'context' && (
        <>
          <Field label="Authentication context ids" hint="c1 to c99, separated by commas">
            <Input value={contextText} onChange={(_, d) => {
              setContextText(d.value);
              set([...a, 'includeAuthenticationContextClassReferences'], d.value.split(',').map((s) => s.trim()).filter(Boolean));
            }} />
          </Field>
          <Caption1 className={styles.info}>
            Limen's sign-in does not ask for authentication contexts yet: this policy applies only when What If asks for one of them.
          </Caption1>
        </>
      )}
    </Section>
  );
}
