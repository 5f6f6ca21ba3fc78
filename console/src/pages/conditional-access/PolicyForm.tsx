/**
 * The policy as a form (issue #6), in Entra's order: name and state, users, target resources,
 * workload and agent identities, conditions, grant, session; each section opens with a line
 * saying in plain words what it does. It edits the same draft document as the JSON view: every
 * change is written into that document at its own path, so properties the form does not show
 * are kept as they were, and a policy opened and saved unchanged is sent back unchanged.
 */
import { Field, Input, Radio, RadioGroup, Textarea } from '@fluentui/react-components';
import { ConditionsSection } from './ConditionsSection.tsx';
import { GrantSection } from './GrantSection.tsx';
import { IdentitiesSection } from './IdentitiesSection.tsx';
import { ResourcesSection } from './ResourcesSection.tsx';
import { SessionSection } from './SessionSection.tsx';
import { UsersSection } from './UsersSection.tsx';
import { Section, setIn, useFormStyles, type Json } from './form-parts.tsx';
import { stateLabels, type PolicyState } from './policy.ts';

export { setIn };

export function PolicyForm({ draft, onChange }: { draft: Json; onChange: (next: Json) => void }) {
  const styles = useFormStyles();
  const set = (path: readonly string[], value: unknown) => onChange(setIn(draft, path, value));
  const state = (draft.state as PolicyState | undefined) ?? 'enabledForReportingButNotEnforced';
  return (
    <div className={styles.form} role="form" aria-label="Policy form">
      <Section title="Name and state" summary={`${stateLabels[state] ?? state}: ${state === 'enabled' ? 'enforced' : state === 'disabled' ? 'not evaluated' : 'evaluated and logged, never enforced'}.`}>
        <Field label="Name" required>
          <Input value={(draft.displayName as string | undefined) ?? ''} onChange={(_, d) => set(['displayName'], d.value)} />
        </Field>
        <Field label="Description">
          <Textarea value={(draft.description as string | null | undefined) ?? ''} resize="vertical"
            onChange={(_, d) => set(['description'], d.value || (draft.description === undefined ? undefined : null))} />
        </Field>
        <Field label="Enable policy">
          <RadioGroup layout="horizontal" value={state} onChange={(_, d) => set(['state'], d.value)}>
            <Radio value="enabledForReportingButNotEnforced" label="Report-only" />
            <Radio value="enabled" label="On" />
            <Radio value="disabled" label="Off" />
          </RadioGroup>
        </Field>
      </Section>
      <UsersSection draft={draft} set={set} />
      <ResourcesSection draft={draft} set={set} />
      <IdentitiesSection draft={draft} set={set} />
      <ConditionsSection draft={draft} set={set} />
      <GrantSection draft={draft} set={set} />
      <SessionSection draft={draft} set={set} />
    </div>
  );
}
