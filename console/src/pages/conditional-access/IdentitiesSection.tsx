/**
 * Workload and agent identities (`conditions.clientApplications`): service principals, or agent
 * identities, each all / chosen, with exclusions and a custom security attribute filter; and
 * the beta `conditions.agents` (agent users), shown when a policy has it.
 */
import { Caption1, Field, Radio, RadioGroup } from '@fluentui/react-components';
import { useState } from 'react';
import { identitiesOf } from './policy.ts';
import { FilterRule, Picker, Section, arr, get, obj, sources, useFormStyles, type SectionProps, type Source } from './form-parts.tsx';

const ca = ['conditions', 'clientApplications'] as const;

export function IdentitiesSection({ draft, set }: SectionProps) {
  const styles = useFormStyles();
  const agentUsers = obj(get(draft, ['conditions', 'agents']));
  const summary = identitiesOf({ id: '', displayName: '', state: 'disabled', ...draft });
  return (
    <Section title="Workload and agent identities" summary={summary ? `${summary}.` : 'No workload or agent identity.'}>
      <Identities draft={draft} set={set} noun="workload identities" all="ServicePrincipalsInMyTenant" source={sources.workloads}
        include="includeServicePrincipals" exclude="excludeServicePrincipals" filter="servicePrincipalFilter" />
      <Identities draft={draft} set={set} noun="agents" all="All" source={sources.agents}
        include="includeAgentIdServicePrincipals" exclude="excludeAgentIdServicePrincipals" filter="agentIdServicePrincipalFilter" />
      {Object.keys(agentUsers).length > 0 && (
        <Field label="Agent users">
          <RadioGroup layout="horizontal" aria-label="Agent users" value={arr(agentUsers.includeAgentUsers).includes('All') ? 'all' : 'none'}
            onChange={(_, d) => set(['conditions', 'agents', 'includeAgentUsers'], d.value === 'all' ? ['All'] : [])}>
            <Radio value="none" label="None" />
            <Radio value="all" label="All agent users" />
          </RadioGroup>
          <Caption1 className={styles.info}>Agent users (beta) are kept as imported; Limen has no agent users, so this part matches no one.</Caption1>
        </Field>
      )}
    </Section>
  );
}

interface IdentitiesProps {
  noun: string; all: string; source: Source; include: string; exclude: string; filter: string;
}

/** One kind of identity: none, all or chosen ones; excluded ones; and the attribute filter. */
function Identities({ draft, set, noun, all, source, include, exclude, filter }: SectionProps & IdentitiesProps) {
  const included = arr(get(draft, [...ca, include]));
  const [picked, setPicked] = useState<string>();
  const stored = included.includes(all) ? 'all' : included.length ? 'select' : 'none';
  const mode = stored === 'none' && picked === 'select' ? 'select' : stored;
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  return (
    <>
      <Field label={Noun}>
        <RadioGroup layout="horizontal" aria-label={Noun} value={mode}
          onChange={(_, d) => { setPicked(d.value); set(ca, { ...obj(get(draft, ca)), [include]: d.value === 'all' ? [all] : [] }); }}>
          <Radio value="none" label="None" />
          <Radio value="all" label={`All ${noun}`} />
          <Radio value="select" label={`Select ${noun}`} />
        </RadioGroup>
      </Field>
      {mode === 'select' && (
        <Picker label={`Include ${noun}`} source={source} value={included} onChange={(v) => set([...ca, include], v)} />
      )}
      {mode !== 'none' && (
        <>
          <Picker label={`Exclude ${noun}`} source={source} value={arr(get(draft, [...ca, exclude]))} onChange={(v) => set([...ca, exclude], v)} />
          <FilterRule draft={draft} set={set} at={[...ca, filter]} label={`${Noun} filter (custom security attributes)`}
            hint={`e.g. CustomSecurityAttribute.${noun === 'agents' ? 'Agents' : 'Workloads'}_Tier -eq "prod"`} />
        </>
      )}
    </>
  );
}
