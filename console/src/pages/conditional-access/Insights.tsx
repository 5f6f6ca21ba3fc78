/**
 * Insights (after Entra's Insights and Reporting workbook): what the policy did, or in
 * report-only mode would have done, over a time range: success, failure, user action required,
 * not applied, by sign-ins or by users, broken down by application, platform, client app,
 * location, user and risk.
 */
import { Body1, Dropdown, Field, Option, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useMemo, useState } from 'react';
import { useGraphQuery } from '../../api/queries.ts';
import { Properties } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import type { Policy } from './policy.ts';

const InsightsChart = lazy(() => import('./InsightsChart.tsx'));

interface Counts { total: number; success: number; failure: number; userActionRequired: number; notApplied: number }
export type InsightRow = Counts & { key: string; name: string };
interface InsightsReport extends Counts {
  from: string; to: string; view: 'signIns' | 'users';
  byApplication: InsightRow[]; byPlatform: InsightRow[]; byClientApp: InsightRow[]; byLocation: InsightRow[]; byUser: InsightRow[]; byRiskLevel: InsightRow[];
}

const breakdowns = {
  byApplication: 'Application', byUser: 'User', byPlatform: 'Device platform', byClientApp: 'Client app', byLocation: 'Location', byRiskLevel: 'Risk level',
} as const;
type Breakdown = keyof typeof breakdowns;
const ranges = { '1': 'Last 24 hours', '7': 'Last 7 days', '30': 'Last 30 days', '90': 'Last 90 days' } as const;

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

export function Insights({ policy }: { policy: Policy }) {
  const styles = useStyles();
  const [days, setDays] = useState<keyof typeof ranges>('7');
  const [view, setView] = useState<'signIns' | 'users'>('signIns');
  const [by, setBy] = useState<Breakdown>('byApplication');
  // Rounded to the minute so the query key is stable between renders.
  const from = useMemo(() => new Date(Math.floor(Date.now() / 60_000) * 60_000 - Number(days) * 86_400_000).toISOString(), [days]);
  const report = useGraphQuery<InsightsReport>(`/identity/conditionalAccess/insights?policyIds=${encodeURIComponent(policy.id)}&view=${view}&from=${encodeURIComponent(from)}`);
  const r = report.data;
  const noun = view === 'users' ? 'users' : 'sign-ins';
  return (
    <>
      {policy.state === 'enabledForReportingButNotEnforced'
        ? <Body1>This policy is in report-only mode: these are the sign-ins it would have affected had it been on.</Body1>
        : <Body1>What this policy did to sign-ins{policy.state === 'disabled' ? ' while it was on or in report-only mode' : ''}.</Body1>}
      <div className={styles.row}>
        <Field label="Time range">
          <Dropdown value={ranges[days]} selectedOptions={[days]} onOptionSelect={(_, d) => setDays(d.optionValue as keyof typeof ranges)}>
            {Object.entries(ranges).map(([k, v]) => <Option key={k} value={k}>{v}</Option>)}
          </Dropdown>
        </Field>
        <Field label="Count">
          <Dropdown value={view === 'users' ? 'Users' : 'Sign-ins'} selectedOptions={[view]} onOptionSelect={(_, d) => setView(d.optionValue as 'signIns' | 'users')}>
            <Option value="signIns">Sign-ins</Option>
            <Option value="users">Users</Option>
          </Dropdown>
        </Field>
        <Field label="Breakdown">
          <Dropdown value={breakdowns[by]} selectedOptions={[by]} onOptionSelect={(_, d) => setBy(d.optionValue as Breakdown)}>
            {Object.entries(breakdowns).map(([k, v]) => <Option key={k} value={k}>{v}</Option>)}
          </Dropdown>
        </Field>
      </div>
      {report.error && <ApiErrorBar error={report.error} />}
      {report.isPending && <Spinner size="small" label="Loading insights…" />}
      {r && (
        <div data-testid="insights">
          <Properties items={[
            [`Total ${noun}`, r.total],
            ['Success', r.success],
            ['Failure', r.failure],
            ['User action required', r.userActionRequired],
            ['Not applied', r.notApplied],
          ]} />
          {r[by].length > 0 && (
            <Suspense fallback={<Spinner size="small" />}>
              <InsightsChart rows={r[by].slice(0, 12)} title={`${noun} by ${breakdowns[by].toLowerCase()}`} />
            </Suspense>
          )}
          <SimpleTable
            label={`Insights by ${breakdowns[by].toLowerCase()}`}
            headers={[breakdowns[by], 'Total', 'Success', 'Failure', 'User action required', 'Not applied']}
            rows={r[by].map((x) => ({ id: x.key, cells: [x.name || x.key, x.total, x.success, x.failure, x.userActionRequired, x.notApplied] }))}
            empty={`No ${noun} in this range.`}
            query={{ isPending: false, error: null }}
          />
        </div>
      )}
    </>
  );
}
