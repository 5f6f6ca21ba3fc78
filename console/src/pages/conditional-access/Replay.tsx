/**
 * Replay: the draft being edited, evaluated as if switched on against the real sign-ins of the
 * last N days (`POST /identity/conditionalAccess/simulate`): how many would have been blocked or
 * challenged, and the users and apps most affected. Nothing is stored.
 */
import { Body1, Button, Checkbox, Field, SpinButton, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { Properties } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';

interface Counts { blocked: number; challenged: number; unaffected: number }
interface ReplayReport extends Counts {
  from: string; to: string; signIns: number; skipped: number;
  byUser: Array<Counts & { key: string; name: string }>;
  byApplication: Array<Counts & { key: string; name: string }>;
  byPlatform: Array<Counts & { key: string }>;
  byClientApp: Array<Counts & { key: string }>;
  byCountry: Array<Counts & { key: string }>;
}

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
});

export function Replay({ draftText, policyId }: { draftText: string; policyId: string | undefined }) {
  const styles = useStyles();
  const graph = useGraph();
  const [days, setDays] = useState(7);
  const [withStored, setWithStored] = useState(false);
  let draft: Record<string, unknown> | undefined;
  try { draft = JSON.parse(draftText) as Record<string, unknown>; } catch { draft = undefined; }
  const replay = useMutation({
    meta: { showsOwnError: true },
    mutationFn: () => graph<ReplayReport>('/identity/conditionalAccess/simulate', {
      method: 'POST',
      body: { draftPolicies: [{ ...draft, ...(policyId ? { id: policyId } : {}) }], days, withStoredPolicies: withStored },
    }),
  });
  const rows = (list: Array<Counts & { key: string; name?: string }>) => list.map((r) => ({
    id: r.key, cells: [r.name ?? r.key, r.blocked, r.challenged, r.unaffected],
  }));
  const r = replay.data;
  return (
    <>
      <Body1>Evaluates the draft in the editor, as if it were on, against the successful sign-ins of the last days. Nothing is saved.</Body1>
      <div className={styles.row}>
        <Field label="Days">
          <SpinButton min={1} max={90} value={days} onChange={(_, d) => setDays(Math.min(90, Math.max(1, Number(d.value ?? d.displayValue) || 7)))} />
        </Field>
        <Checkbox label="With the tenant's other policies" checked={withStored} onChange={(_, d) => setWithStored(!!d.checked)} />
        <Button appearance="primary" disabled={!draft || replay.isPending} onClick={() => replay.mutate()}>Replay</Button>
        {replay.isPending && <Spinner size="tiny" label="Replaying…" />}
      </div>
      {!draft && <Body1>The draft is not valid JSON.</Body1>}
      {replay.error && <ApiErrorBar error={replay.error} />}
      {r && (
        <div data-testid="replay-result">
          <Properties items={[
            ['Sign-ins replayed', `${r.signIns} (${r.skipped} skipped)`],
            ['Would be blocked', r.blocked],
            ['Would be challenged', r.challenged],
            ['Unaffected', r.unaffected],
          ]} />
          <h3>Most affected users</h3>
          <SimpleTable label="Most affected users" headers={['User', 'Blocked', 'Challenged', 'Unaffected']} rows={rows(r.byUser)} empty="No sign-in." query={{ isPending: false, error: null }} />
          <h3>Most affected applications</h3>
          <SimpleTable label="Most affected applications" headers={['Application', 'Blocked', 'Challenged', 'Unaffected']} rows={rows(r.byApplication)} empty="No sign-in." query={{ isPending: false, error: null }} />
          <h3>By platform, client app and country</h3>
          <SimpleTable label="Replay by platform" headers={['Platform', 'Blocked', 'Challenged', 'Unaffected']} rows={rows(r.byPlatform)} empty="No sign-in." query={{ isPending: false, error: null }} />
          <SimpleTable label="Replay by client app" headers={['Client app', 'Blocked', 'Challenged', 'Unaffected']} rows={rows(r.byClientApp)} empty="No sign-in." query={{ isPending: false, error: null }} />
          <SimpleTable label="Replay by country" headers={['Country', 'Blocked', 'Challenged', 'Unaffected']} rows={rows(r.byCountry)} empty="No sign-in." query={{ isPending: false, error: null }} />
        </div>
      )}
    </>
  );
}
