/**
 * Authentication methods: each method of the policy with its state and targets, opening a pane
 * at /console/authentication-methods/<method> (on/off, targets; passkey profiles; the Temporary
 * Access Pass's lifetimes); the authentication strengths, built-in and custom; and, for admins
 * who read reports, each user's registration details (who has a passkey, who has MFA).
 */
import { authenticationMethodsReportRoles } from '../../../../src/api/permissions.ts';
import { Badge, Button, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useGraphQuery } from '../../api/queries.ts';
import { useAccess } from '../../app-context.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { MethodPane } from './MethodPane.tsx';
import { RegistrationDetails } from './RegistrationDetails.tsx';
import { Strengths } from './Strengths.tsx';
import { methodById, policyPath, type AuthenticationMethodsPolicy } from './method.ts';
import { targetsSummary } from './Targets.tsx';

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  open: { padding: 0, minWidth: 0, justifyContent: 'flex-start', textAlign: 'left', fontWeight: tokens.fontWeightSemibold },
});

type PageTab = 'methods' | 'strengths' | 'registration';

export default function AuthenticationMethodsPage() {
  const styles = useStyles();
  const navigate = useNavigate();
  const { methodId } = useParams();
  const [params, setParams] = useSearchParams();
  const access = useAccess();
  const canReports = access.can('AuditLog.Read.All') && access.holdsRole(authenticationMethodsReportRoles);
  const asked = (params.get('tab') ?? 'methods') as PageTab;
  const tab = asked === 'registration' && !canReports ? 'methods' : asked;
  const policy = useGraphQuery<AuthenticationMethodsPolicy>(policyPath);
  const rows = (policy.data?.authenticationMethodConfigurations ?? []).flatMap((c) => {
    const m = methodById(c.id);
    if (!m) return [];
    return [{
      id: m.segment,
      cells: [
        <Button key="n" appearance="transparent" size="small" className={styles.open} onClick={() => navigate(`/authentication-methods/${m.segment}`)}>{m.name}</Button>,
        <Badge key="s" appearance="tint" color={c.state === 'enabled' ? 'success' : 'informative'}>{c.state === 'enabled' ? 'Enabled' : 'Disabled'}</Badge>,
        targetsSummary(c.includeTargets, c.excludeTargets),
        m.about,
      ],
    }];
  });

  return (
    <>
      <PageHeader
        title="Authentication methods"
        summary="Which sign-in methods people may use, and whom each targets: passkeys with their profiles, authenticator apps, Temporary Access Pass and passwords. Authentication strengths say which combinations Conditional Access may require."
      />
      <TabList className={styles.tabs} selectedValue={tab} aria-label="Authentication methods"
        onTabSelect={(_, d) => setParams(d.value === 'methods' ? {} : { tab: String(d.value) }, { replace: true })}>
        <Tab value="methods">Policies</Tab>
        <Tab value="strengths">Authentication strengths</Tab>
        {canReports && <Tab value="registration">User registration details</Tab>}
      </TabList>
      {tab === 'methods' && (
        <SimpleTable label="Authentication methods" headers={['Method', 'State', 'Targets', 'What it is']} rows={rows} query={policy} empty="No method configurations." />
      )}
      {tab === 'strengths' && <Strengths />}
      {tab === 'registration' && <RegistrationDetails />}
      {methodId && <MethodPane segment={methodId} onClose={() => navigate(`/authentication-methods${params.toString() ? `?${params.toString()}` : ''}`)} />}
    </>
  );
}
