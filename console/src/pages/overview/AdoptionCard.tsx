/**
 * Passkey and MFA adoption: of the enabled users, how many are passwordless capable (a passkey
 * the policy allows) and MFA capable, from Graph's usersRegisteredByFeature report. Links to the
 * registration details, filtered to who still has no passkey, when the admin may open that page.
 */
import { Caption1, Card, CardHeader, Field, ProgressBar, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useGraphQuery } from '../../api/queries.ts';
import { useAccess } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { AppLink } from '../../components/AppLink.tsx';

const useStyles = makeStyles({
  card: { maxWidth: '960px', marginBottom: tokens.spacingVerticalXL },
  bars: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: tokens.spacingHorizontalXL },
});

interface FeatureSummary {
  totalUserCount: number;
  userRegistrationFeatureCounts: Array<{ feature: string; userCount: number }>;
}

export const featureSummaryPath = "/reports/authenticationMethods/usersRegisteredByFeature(includedUserTypes='all',includedUserRoles='all')";

/** "2 of 11 users (18%)". */
export function shareText(count: number, total: number): string {
  const percent = total === 0 ? 0 : Math.round((count / total) * 100);
  return `${count.toLocaleString()} of ${total.toLocaleString()} user${total === 1 ? '' : 's'} (${percent}%)`;
}

function Share({ label, hint, count, total }: { label: string; hint: string; count: number; total: number }) {
  return (
    <Field label={label} hint={hint} validationState="none" validationMessage={shareText(count, total)}>
      <ProgressBar value={total === 0 ? 0 : count / total} max={1} thickness="large" />
    </Field>
  );
}

export function AdoptionCard() {
  const styles = useStyles();
  const access = useAccess();
  const summary = useGraphQuery<FeatureSummary>(featureSummaryPath);
  const count = (feature: string) => summary.data?.userRegistrationFeatureCounts.find((c) => c.feature === feature)?.userCount ?? 0;
  const total = summary.data?.totalUserCount ?? 0;
  const details = access.can('Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod');
  return (
    <Card className={styles.card}>
      <CardHeader
        header={<Subtitle2 as="h2">Passkey and MFA adoption</Subtitle2>}
        description={<Caption1>Of the enabled users: who can sign in without a password (a passkey), and who can do multifactor authentication (a passkey or an authenticator app).</Caption1>}
      />
      {summary.error && <ApiErrorBar error={summary.error} />}
      {summary.isPending && <Caption1>Counting…</Caption1>}
      {summary.data && (
        <div className={styles.bars}>
          <Share label="Passwordless capable" hint="Have a passkey" count={count('passwordlessCapable')} total={total} />
          <Share label="MFA capable" hint="Have a passkey or an authenticator app" count={count('mfaCapable')} total={total} />
        </div>
      )}
      {details && <AppLink to="/authentication-methods?tab=registration&show=noPasskey">See who has no passkey yet</AppLink>}
      {!details && access.can('User.Read.All') && <AppLink to="/users">Users</AppLink>}
    </Card>
  );
}
