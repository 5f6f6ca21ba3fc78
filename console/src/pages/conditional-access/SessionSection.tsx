/**
 * Session: sign-in frequency (hours, days or every time) and persistent browser, which Limen
 * enforces; and the controls it keeps and logs but cannot enforce (they need Microsoft services
 * or are not implemented yet), each saying so.
 */
import { Caption1, Checkbox, Dropdown, Input, Option } from '@fluentui/react-components';
import { sessionOf } from './policy.ts';
import { Section, get, obj, useFormStyles, type SectionProps } from './form-parts.tsx';

const s = ['sessionControls'] as const;
const units: Record<string, string> = { hours: 'Hours', days: 'Days', everyTime: 'Every time' };
const authTypes: Record<string, string> = { primaryAndSecondaryAuthentication: 'Primary and secondary authentication', secondaryAuthentication: 'Secondary authentication only' };
const casTypes: Record<string, string> = { monitorOnly: 'Monitor only', blockDownloads: 'Block downloads', mcasConfigured: 'Use custom policy' };
const caeModes: Record<string, string> = { disabled: 'Disable', strictEnforcement: 'Strict enforcement', strictLocation: 'Strictly enforce location policies' };

export function SessionSection({ draft, set }: SectionProps) {
  const styles = useFormStyles();
  const control = (name: string) => obj(get(draft, [...s, name]));
  const on = (name: string) => { const v = get(draft, [...s, name]); return !!v && obj(v).isEnabled !== false; };

  const sf = [...s, 'signInFrequency'];
  const frequency = control('signInFrequency');
  const everyTime = frequency.frequencyInterval === 'everyTime';
  const unit = everyTime ? 'everyTime' : (frequency.type as string | undefined) ?? 'hours';
  const pb = [...s, 'persistentBrowser'];
  const persistent = control('persistentBrowser');
  const cas = control('cloudAppSecurity');
  const caeMode = control('continuousAccessEvaluation').mode as string | undefined;
  const session = sessionOf({ id: '', displayName: '', state: 'disabled', ...draft });

  return (
    <Section title="Session" summary={session.length ? `${session.join(', ').replace(/^./, (x) => x.toUpperCase())}.` : 'No session control.'}>
      <div className={styles.row}>
        <Checkbox label="Sign-in frequency" checked={on('signInFrequency')}
          onChange={(_, d) => set(sf, d.checked ? { ...frequency, isEnabled: true, type: 'hours', value: 4, frequencyInterval: 'timeBased', authenticationType: 'primaryAndSecondaryAuthentication' } : null)} />
        {on('signInFrequency') && (
          <>
            {!everyTime && (
              <Input aria-label="Sign-in frequency value" type="number" min={1} max={unit === 'days' ? 365 : 23}
                value={String((frequency.value as number | null | undefined) ?? '')}
                onChange={(_, d) => set([...sf, 'value'], d.value ? Number(d.value) : null)} />
            )}
            <Dropdown aria-label="Sign-in frequency unit" selectedOptions={[unit]} value={units[unit]}
              onOptionSelect={(_, d) => set(sf, d.optionValue === 'everyTime'
                ? { ...frequency, frequencyInterval: 'everyTime', type: null, value: null }
                : { ...frequency, frequencyInterval: 'timeBased', type: d.optionValue, value: (frequency.value as number | null | undefined) ?? 1 })}>
              {Object.entries(units).map(([k, v]) => <Option key={k} value={k}>{v}</Option>)}
            </Dropdown>
            <Dropdown aria-label="Sign-in frequency applies to" selectedOptions={[(frequency.authenticationType as string | undefined) ?? 'primaryAndSecondaryAuthentication']}
              value={authTypes[(frequency.authenticationType as string | undefined) ?? 'primaryAndSecondaryAuthentication']}
              onOptionSelect={(_, d) => set([...sf, 'authenticationType'], d.optionValue)}>
              {Object.entries(authTypes).map(([k, v]) => <Option key={k} value={k}>{v}</Option>)}
            </Dropdown>
          </>
        )}
      </div>
      <div className={styles.row}>
        <Checkbox label="Persistent browser session" checked={on('persistentBrowser')}
          onChange={(_, d) => set(pb, d.checked ? { ...persistent, isEnabled: true, mode: 'never' } : null)} />
        {on('persistentBrowser') && (
          <Dropdown aria-label="Persistent browser mode" selectedOptions={[(persistent.mode as string | undefined) ?? 'never']}
            value={persistent.mode === 'always' ? 'Always persistent' : 'Never persistent'} onOptionSelect={(_, d) => set([...pb, 'mode'], d.optionValue)}>
            <Option value="always">Always persistent</Option>
            <Option value="never">Never persistent</Option>
          </Dropdown>
        )}
      </div>
      <Caption1 className={styles.info}>Limen keeps and logs the controls below, but does not enforce them.</Caption1>
      <Checkbox label="Use app enforced restrictions" checked={on('applicationEnforcedRestrictions')}
        onChange={(_, d) => set([...s, 'applicationEnforcedRestrictions'], d.checked ? { isEnabled: true } : null)} />
      <div className={styles.row}>
        <Checkbox label="Use Conditional Access App Control" checked={on('cloudAppSecurity')}
          onChange={(_, d) => set([...s, 'cloudAppSecurity'], d.checked ? { isEnabled: true, cloudAppSecurityType: 'monitorOnly' } : null)} />
        {on('cloudAppSecurity') && (
          <Dropdown aria-label="App Control type" selectedOptions={[(cas.cloudAppSecurityType as string | undefined) ?? 'monitorOnly']}
            value={casTypes[(cas.cloudAppSecurityType as string | undefined) ?? 'monitorOnly'] ?? String(cas.cloudAppSecurityType)}
            onOptionSelect={(_, d) => set([...s, 'cloudAppSecurity', 'cloudAppSecurityType'], d.optionValue)}>
            {Object.entries(casTypes).map(([k, v]) => <Option key={k} value={k}>{v}</Option>)}
          </Dropdown>
        )}
      </div>
      <div className={styles.row}>
        <Checkbox label="Customize continuous access evaluation" checked={!!caeMode}
          onChange={(_, d) => set([...s, 'continuousAccessEvaluation'], d.checked ? { mode: 'strictEnforcement' } : null)} />
        {caeMode && (
          <Dropdown aria-label="Continuous access evaluation mode" selectedOptions={[caeMode]} value={caeModes[caeMode] ?? caeMode}
            onOptionSelect={(_, d) => set([...s, 'continuousAccessEvaluation', 'mode'], d.optionValue)}>
            {Object.entries(caeModes).map(([k, v]) => <Option key={k} value={k}>{v}</Option>)}
          </Dropdown>
        )}
      </div>
      <Checkbox label="Disable resilience defaults" checked={get(draft, [...s, 'disableResilienceDefaults']) === true}
        onChange={(_, d) => set([...s, 'disableResilienceDefaults'], d.checked ? true : null)} />
      <Checkbox label="Require token protection for sign-in sessions" checked={on('secureSignInSession')}
        onChange={(_, d) => set([...s, 'secureSignInSession'], d.checked ? { isEnabled: true } : null)} />
    </Section>
  );
}
