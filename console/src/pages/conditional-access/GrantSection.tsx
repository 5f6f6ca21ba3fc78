/**
 * Grant: block access, or grant it with controls (MFA, an authentication strength, device and
 * app controls, password change, risk remediation) under AND or OR. Controls Limen cannot
 * verify say so (they fail closed); terms of use are explained, as Limen has no agreements.
 */
import { Caption1, Checkbox, Dropdown, Field, Option, Radio, RadioGroup } from '@fluentui/react-components';
import type { Collection } from '../../api/graph.ts';
import { useGraphQuery } from '../../api/queries.ts';
import { grantControlsOf } from './policy.ts';
import { Section, arr, get, obj, toggled, useFormStyles, type SectionProps } from './form-parts.tsx';

const g = ['grantControls'] as const;
/** Built-in controls in Entra's order, with what Limen can check. */
const controls: Array<{ id: string; label: string; unverifiable?: string }> = [
  { id: 'mfa', label: 'Require multifactor authentication' },
  { id: 'compliantDevice', label: 'Require device to be marked as compliant', unverifiable: 'Limen has no device management' },
  { id: 'domainJoinedDevice', label: 'Require Microsoft Entra hybrid joined device', unverifiable: 'Limen has no device management' },
  { id: 'approvedApplication', label: 'Require approved client app', unverifiable: 'Limen has no app management' },
  { id: 'compliantApplication', label: 'Require app protection policy', unverifiable: 'Limen has no app management' },
  { id: 'passwordChange', label: 'Require password change' },
  { id: 'riskRemediation', label: 'Require risk remediation' },
];
const mfaStrength = '00000000-0000-0000-0000-000000000002';

export function GrantSection({ draft, set }: SectionProps) {
  const styles = useFormStyles();
  const grant = obj(get(draft, g));
  const chosen = arr(grant.builtInControls);
  const blocks = chosen.includes('block');
  // Graph needs an operator whenever a control is set; a new grant starts with OR, as Entra's.
  const setGrant = (next: Record<string, unknown>) => set(g, { operator: 'OR', ...grant, ...next });
  const strength = obj(grant.authenticationStrength);
  const strengths = useGraphQuery<Collection<{ id: string; displayName: string }>>('/policies/authenticationStrengthPolicies');
  const terms = arr(grant.termsOfUse);
  const custom = arr(grant.customAuthenticationFactors);
  const unverifiable = controls.filter((c) => c.unverifiable && chosen.includes(c.id));

  return (
    <Section title="Grant" summary={`${grantControlsOf({ id: '', displayName: '', state: 'disabled', ...draft }).replace(/^./, (x) => x.toUpperCase())}.`}>
      <RadioGroup layout="horizontal" aria-label="Grant" value={blocks ? 'block' : 'grant'}
        onChange={(_, d) => setGrant(d.value === 'block'
          ? { builtInControls: ['block'], authenticationStrength: null, termsOfUse: [], customAuthenticationFactors: [] }
          : { builtInControls: chosen.filter((x) => x !== 'block') })}>
        <Radio value="block" label="Block access" />
        <Radio value="grant" label="Grant access" />
      </RadioGroup>
      {!blocks && (
        <>
          {controls.slice(0, 1).map((c) => (
            <Checkbox key={c.id} label={c.label} checked={chosen.includes(c.id)} onChange={(_, d) => setGrant({ builtInControls: toggled(chosen, c.id, !!d.checked) })} />
          ))}
          <div className={styles.row}>
            <Checkbox label="Require authentication strength" checked={!!strength.id}
              onChange={(_, d) => setGrant({ authenticationStrength: d.checked ? { id: strengths.data?.value[0]?.id ?? mfaStrength } : null })} />
            {!!strength.id && (
              <Dropdown aria-label="Authentication strength" selectedOptions={[strength.id as string]}
                value={strengths.data?.value.find((s) => s.id === strength.id)?.displayName ?? (strength.displayName as string | undefined) ?? (strength.id as string)}
                onOptionSelect={(_, d) => setGrant({ authenticationStrength: { id: d.optionValue } })}>
                {(strengths.data?.value ?? []).map((s) => <Option key={s.id} value={s.id}>{s.displayName}</Option>)}
              </Dropdown>
            )}
          </div>
          {controls.slice(1).map((c) => (
            <Checkbox key={c.id} label={c.label} checked={chosen.includes(c.id)} onChange={(_, d) => setGrant({ builtInControls: toggled(chosen, c.id, !!d.checked) })} />
          ))}
          {unverifiable.map((c) => <Caption1 key={c.id} className={styles.note}>{c.label}: {c.unverifiable}, so this control is never met (fails closed).</Caption1>)}
          <Caption1 className={styles.info}>
            Terms of use: Limen has no terms-of-use agreements to choose from.
            {terms.length > 0 && ` This policy requires ${terms.length} agreement${terms.length === 1 ? '' : 's'} (kept as imported), which is never met (fails closed).`}
          </Caption1>
          {custom.length > 0 && <Caption1 className={styles.note}>Custom controls ({custom.join(', ')}): kept as imported; Limen cannot run them, so they are never met.</Caption1>}
          <Field label="For multiple controls">
            <RadioGroup layout="horizontal" value={(grant.operator as string | undefined) ?? 'OR'} onChange={(_, d) => setGrant({ operator: d.value })}>
              <Radio value="AND" label="Require all the selected controls" />
              <Radio value="OR" label="Require one of the selected controls" />
            </RadioGroup>
          </Field>
        </>
      )}
    </Section>
  );
}
