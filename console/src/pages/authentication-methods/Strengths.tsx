/**
 * Authentication strengths (built-in and custom) with their allowed combinations in words, the
 * modes named as /authenticationMethodModes names them. Creating one is for the API or CLI for now.
 */
import { Badge, Body1 } from '@fluentui/react-components';
import type { Collection } from '../../api/graph.ts';
import { useGraphQuery } from '../../api/queries.ts';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import type { StrengthPolicy } from './method.ts';

interface Mode { id: string; displayName: string }

export function Strengths() {
  const strengths = useGraphQuery<Collection<StrengthPolicy>>('/policies/authenticationStrengthPolicies');
  const modes = useGraphQuery<Collection<Mode>>('/policies/authenticationStrengthPolicies/authenticationMethodModes');
  const names = new Map((modes.data?.value ?? []).map((m) => [m.id.toLowerCase(), m.displayName]));
  const combination = (c: string) => c.split(',').map((m) => names.get(m.trim().toLowerCase()) ?? m.trim()).join(' + ');
  const narrowing = (s: StrengthPolicy) => s.combinationConfigurations.map((c) => {
    const parts = [c.allowedPasskeyTypes?.length === 1 ? (c.allowedPasskeyTypes[0] === 'deviceBound' ? 'device-bound only' : 'synced only') : undefined,
      c.allowedAAGUIDs.length ? `${c.allowedAAGUIDs.length} allowed model${c.allowedAAGUIDs.length === 1 ? '' : 's'}` : undefined].filter(Boolean);
    return parts.length ? `Passkeys: ${parts.join(', ')}` : undefined;
  }).filter(Boolean).join('; ');
  const rows = (strengths.data?.value ?? []).map((s) => ({
    id: s.id,
    cells: [
      <span key="n"><strong>{s.displayName}</strong><br />{s.description}</span>,
      <Badge key="t" appearance="tint" color={s.policyType === 'builtIn' ? 'informative' : 'brand'}>{s.policyType === 'builtIn' ? 'Built-in' : 'Custom'}</Badge>,
      s.requirementsSatisfied === 'mfa' ? 'Yes' : 'No',
      <span key="c">
        <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>{s.allowedCombinations.map((c) => <li key={c}>{combination(c)}</li>)}</ul>
        {narrowing(s)}
      </span>,
    ],
  }));
  return (
    <>
      <Body1 block>Conditional Access can require a strength instead of plain MFA. Built-in strengths cannot be changed; create custom ones with the API (<code>POST /v1.0/policies/authenticationStrengthPolicies</code>).</Body1>
      <SimpleTable label="Authentication strengths" headers={['Strength', 'Type', 'Satisfies MFA', 'Allowed combinations']} rows={rows} query={strengths} empty="No authentication strengths." />
    </>
  );
}
