/**
 * Overview: counts of people, groups and applications, and sign-ins of the last 7 days split
 * by success and failure (a chart, and the same numbers as a table for screen readers), the
 * report-only Conditional Access policies with their last 7 days, the users at high risk, and
 * passkey and MFA adoption (AdoptionCard.tsx).
 * Each number is one `$count` request; each tile shows only when the admin's roles allow its data.
 */
import { authenticationMethodsReportRoles } from '../../../../src/api/permissions.ts';
import { Body1, Caption1, Card, CardHeader, Spinner, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useQueries } from '@tanstack/react-query';
import { Suspense, lazy, useMemo } from 'react';
import type { Collection } from '../../api/graph.ts';
import { graphKey, listPath, useGraphQuery } from '../../api/queries.ts';
import { useAccess, useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { AppLink } from '../../components/AppLink.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { AdoptionCard } from './AdoptionCard.tsx';
import AgentMetrics from './AgentMetrics.tsx';
import { ReportOnlyPolicies, RiskyUsers } from './SecurityCards.tsx';

// The chart library is big: its own chunk, loaded after the numbers.
const SignInChart = lazy(() => import('./SignInChart.tsx'));

const useStyles = makeStyles({
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalXL },
  number: { fontSize: tokens.fontSizeHero800, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero800 },
  chartCard: { maxWidth: '960px' },
});

const countPath = (path: string, filter?: string) => listPath(path, { top: 1, count: true, select: ['id'], filter });
const daysAgo = (days: number) => {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - days);
  return d;
};

function CountTile({ title, path, filter, to, detail }: { title: string; path: string; filter?: string; to: string; detail?: { label: string; filter: string } }) {
  const styles = useStyles();
  const total = useGraphQuery<Collection<unknown>>(countPath(path, filter));
  const extra = useGraphQuery<Collection<unknown>>(detail ? countPath(path, detail.filter) : undefined);
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h2"><AppLink to={to}>{title}</AppLink></Subtitle2>} />
      {total.error ? <ApiErrorBar error={total.error} /> : (
        <Text className={styles.number} aria-label={`${title}: ${total.data?.['@odata.count'] ?? 'loading'}`}>
          {total.data?.['@odata.count']?.toLocaleString() ?? '…'}
        </Text>
      )}
      {detail && <Caption1>{extra.data?.['@odata.count']?.toLocaleString() ?? '…'} {detail.label}</Caption1>}
    </Card>
  );
}

export interface DayCount {
  day: string;
  success: number;
  failure: number;
}

export default function OverviewPage() {
  const styles = useStyles();
  const access = useAccess();
  const graph = useGraph();
  const since30 = useMemo(() => daysAgo(30).toISOString(), []);
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => ({ from: daysAgo(6 - i), to: daysAgo(5 - i) })), []);
  const canLogs = access.can('AuditLog.Read.All');
  const counts = useQueries({
    queries: days.flatMap(({ from, to }) => ['eq', 'ne'].map((op) => {
      const path = countPath('/auditLogs/signIns', `createdDateTime ge ${from.toISOString()} and createdDateTime lt ${to.toISOString()} and status/errorCode ${op} 0`);
      return { queryKey: graphKey(path), queryFn: () => graph<Collection<unknown>>(path), enabled: canLogs };
    })),
  });
  const error = counts.find((c) => c.error)?.error;
  const series: DayCount[] | undefined = counts.every((c) => c.data) ? days.map(({ from }, i) => ({
    day: from.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' }),
    success: counts[2 * i]!.data!['@odata.count'] ?? 0,
    failure: counts[2 * i + 1]!.data!['@odata.count'] ?? 0,
  })) : undefined;

  return (
    <>
      <PageHeader title="Overview" summary="Your tenant at a glance." />
      <div className={styles.tiles}>
        {access.can('User.Read.All') && (
          <CountTile title="Users" path="/users" to="/users" detail={{ label: 'new in the last 30 days', filter: `createdDateTime ge ${since30}` }} />
        )}
        {access.can('User.Read.All') && <CountTile title="Disabled users" path="/users" filter="accountEnabled eq false" to="/users?status=disabled" />}
        {access.can('Group.Read.All') && <CountTile title="Groups" path="/groups" to="/groups" />}
        {access.can('Application.Read.All') && <CountTile title="Applications" path="/applications" to="/applications" />}
      </div>
      {canLogs && access.holdsRole(authenticationMethodsReportRoles) && <AdoptionCard />}
      {access.can('AgentInstance.Read.All') && <AgentMetrics />}
      {access.can('Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess') && <ReportOnlyPolicies />}
      {access.can('IdentityRiskyUser.Read.All') && <RiskyUsers />}
      {canLogs && (
        <Card className={styles.chartCard}>
          <CardHeader header={<Subtitle2 as="h2">Sign-ins, last 7 days</Subtitle2>} description={<Caption1>Successful and failed sign-ins per day.</Caption1>} />
          {error && <ApiErrorBar error={error} />}
          {!series && !error && <Spinner size="small" label="Counting sign-ins…" />}
          {series && (
            <>
              <Suspense fallback={<Spinner size="small" />}>
                <SignInChart data={series} />
              </Suspense>
              <SimpleTable
                label="Sign-ins per day"
                query={{ isPending: false, error: undefined }}
                empty="No sign-ins."
                headers={['Day', 'Successful', 'Failed']}
                rows={series.map((d) => ({ id: d.day, cells: [d.day, d.success.toLocaleString(), d.failure.toLocaleString()] }))}
              />
            </>
          )}
        </Card>
      )}
      {!canLogs && <Body1>Sign-in charts need a role that reads the logs (Reports Reader, Security Reader, …).</Body1>}
    </>
  );
}
