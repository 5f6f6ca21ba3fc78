/**
 * Overview cards for security work: the report-only Conditional Access policies with what each
 * would have done over the last 7 days (`/identity/conditionalAccess/insights`, one request per
 * policy), and the users at high risk (`/identityProtection/riskyUsers`, a count and the latest).
 */
import { Caption1, Card, CardHeader, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useQueries } from '@tanstack/react-query';
import type { Collection } from '../../api/graph.ts';
import { graphKey, listPath, useGraphQuery } from '../../api/queries.ts';
import { useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { AppLink } from '../../components/AppLink.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';

const useStyles = makeStyles({
  card: { maxWidth: '960px', marginBottom: tokens.spacingVerticalXL },
  number: { fontSize: tokens.fontSizeHero800, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero800 },
});

interface Policy { id: string; displayName: string; state: string }
interface Insights { total: number; success: number; failure: number; userActionRequired: number; notApplied: number }
interface RiskyUser { id: string; userDisplayName?: string | null; userPrincipalName?: string | null; riskState: string; riskDetail?: string; riskLastUpdatedDateTime?: string | null }

const n = (value: number | undefined) => value?.toLocaleString() ?? '…';

export function ReportOnlyPolicies() {
  const styles = useStyles();
  const graph = useGraph();
  const policies = useGraphQuery<Collection<Policy>>(listPath('/identity/conditionalAccess/policies', {
    filter: "state eq 'enabledForReportingButNotEnforced'", select: ['id', 'displayName', 'state'], orderBy: 'displayName',
  }));
  const list = policies.data?.value ?? [];
  const insights = useQueries({
    queries: list.map((p) => {
      const path = `/identity/conditionalAccess/insights?policyIds=${encodeURIComponent(p.id)}`;
      return { queryKey: graphKey(path), queryFn: () => graph<Insights>(path) };
    }),
  });
  const error = insights.find((q) => q.error)?.error;
  return (
    <Card className={styles.card}>
      <CardHeader
        header={<Subtitle2 as="h2"><AppLink to="/conditional-access">Report-only policies</AppLink></Subtitle2>}
        description={<Caption1>What each policy in report-only mode would have done to the sign-ins of the last 7 days.</Caption1>}
      />
      {error ? <ApiErrorBar error={error} /> : null}
      <SimpleTable
        label="Report-only policies"
        query={policies}
        empty="No policy in report-only mode."
        headers={['Policy', 'Would succeed', 'Would fail', 'User action required', 'Not applied']}
        rows={list.map((p, i) => {
          const d = insights[i]?.data;
          return { id: p.id, cells: [p.displayName, n(d?.success), n(d?.failure), n(d?.userActionRequired), n(d?.notApplied)] };
        })}
      />
    </Card>
  );
}

export function RiskyUsers() {
  const styles = useStyles();
  const risky = useGraphQuery<Collection<RiskyUser>>(listPath('/identityProtection/riskyUsers', {
    filter: "riskLevel eq 'high'", orderBy: 'riskLastUpdatedDateTime desc', top: 5, count: true,
  }));
  const count = risky.data?.['@odata.count'];
  return (
    <Card className={styles.card}>
      <CardHeader
        header={<Subtitle2 as="h2">Risky users</Subtitle2>}
        description={<Caption1>Users at high risk, the latest first.</Caption1>}
      />
      {!risky.error && <Text className={styles.number} aria-label={`Users at high risk: ${count ?? 'loading'}`}>{n(count)}</Text>}
      <SimpleTable
        label="Users at high risk"
        query={risky}
        empty="No user at high risk."
        headers={['User', 'Risk state', 'Detail', 'Last updated']}
        rows={(risky.data?.value ?? []).map((u) => ({
          id: u.id,
          cells: [
            <AppLink key="u" to={`/users/${u.id}`}>{u.userDisplayName ?? u.userPrincipalName ?? u.id}</AppLink>,
            u.riskState, u.riskDetail ?? '',
            u.riskLastUpdatedDateTime ? new Date(u.riskLastUpdatedDateTime).toLocaleString() : '',
          ],
        }))}
      />
    </Card>
  );
}
