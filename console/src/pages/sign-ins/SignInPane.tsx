/**
 * One sign-in, in the tabs Entra's "Activity Details: Sign-ins" pane has: Basic info, Location,
 * Device info, Authentication Details, Conditional Access (the policies that were enforced, with
 * their grant controls, result and, when a policy did not apply, the first condition that did not
 * match) and Report-only (what policies in report-only mode would have done).
 */
import { Badge, Body1, Spinner, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { useGraphQuery } from '../../api/queries.ts';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { AppLink } from '../../components/AppLink.tsx';
import { DetailPane } from '../../components/DetailPane.tsx';
import { DateTime, Properties } from '../../components/Properties.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { CaBadge, StatusBadge } from './badges.tsx';
import { isReportOnly, policyResults, type AppliedPolicy, type SignIn } from './sign-in.ts';

const tabs = {
  basic: 'Basic info',
  location: 'Location',
  device: 'Device info',
  authentication: 'Authentication Details',
  ca: 'Conditional Access',
  reportOnly: 'Report-only',
} as const;
type TabValue = keyof typeof tabs;

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function SignInPane({ signInId, onClose }: { signInId: string; onClose: () => void }) {
  const styles = useStyles();
  const signIn = useGraphQuery<SignIn>(`/auditLogs/signIns/${encodeURIComponent(signInId)}`);
  const [tab, setTab] = useState<TabValue>('basic');
  const s = signIn.data;
  return (
    <DetailPane open onClose={onClose} label="Sign-in details" title="Activity details: sign-in">
      {signIn.error && <ApiErrorBar error={signIn.error} />}
      {signIn.isPending && <Spinner label="Loading sign-in…" />}
      {s && (
        <>
          <TabList className={styles.tabs} selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabValue)} aria-label="Sign-in details" size="small">
            {Object.entries(tabs).map(([value, label]) => <Tab key={value} value={value}>{label}</Tab>)}
          </TabList>
          <div role="tabpanel" aria-label={tabs[tab]} className={styles.panel}>
            {tab === 'basic' && <BasicInfo s={s} />}
            {tab === 'location' && (
              <Properties items={[
                ['IP address', s.ipAddress],
                ['City', s.location?.city],
                ['State', s.location?.state],
                ['Country / Region', s.location?.countryOrRegion],
                ['Latitude, longitude', s.location?.geoCoordinates?.latitude != null ? `${s.location.geoCoordinates.latitude}, ${s.location.geoCoordinates.longitude}` : null],
              ]} />
            )}
            {tab === 'device' && (
              <Properties items={[
                ['Device ID', s.deviceDetail?.deviceId],
                ['Browser', s.deviceDetail?.browser],
                ['Operating system', s.deviceDetail?.operatingSystem],
                ['Compliant', s.deviceDetail ? (s.deviceDetail.isCompliant ? 'Yes' : 'No') : null],
                ['Managed', s.deviceDetail ? (s.deviceDetail.isManaged ? 'Yes' : 'No') : null],
                ['Join type', s.deviceDetail?.trustType],
                ['User agent', s.userAgent],
              ]} />
            )}
            {tab === 'authentication' && <AuthenticationDetails s={s} />}
            {tab === 'ca' && (
              <Policies
                label="Conditional Access policies"
                policies={(s.appliedConditionalAccessPolicies ?? []).filter((p) => !isReportOnly(p))}
                empty="No enabled Conditional Access policy was evaluated for this sign-in."
                summary={<>Conditional Access result: <CaBadge status={s.conditionalAccessStatus} /></>}
              />
            )}
            {tab === 'reportOnly' && (
              <Policies
                label="Report-only policies"
                policies={(s.appliedConditionalAccessPolicies ?? []).filter(isReportOnly)}
                empty="No report-only policy was evaluated for this sign-in."
                summary="What policies in report-only mode would have done. They changed nothing."
              />
            )}
          </div>
        </>
      )}
    </DetailPane>
  );
}

function BasicInfo({ s }: { s: SignIn }) {
  return (
    <Properties items={[
      ['Date', <DateTime key="d" value={s.createdDateTime} />],
      ['Request ID', <code key="r">{s.id}</code>],
      ['Correlation ID', s.correlationId ? <code key="c">{s.correlationId}</code> : null],
      ['Status', <StatusBadge key="s" signIn={s} />],
      ['Sign-in error code', String(s.status.errorCode)],
      ['Failure reason', s.status.errorCode === 0 ? null : s.status.failureReason],
      ['Additional details', s.status.additionalDetails],
      ['User', s.userDisplayName],
      ['Username', s.userPrincipalName],
      ['User ID', s.userId ? <code key="u">{s.userId}</code> : null],
      ['Service principal', s.servicePrincipalName],
      ['Application', s.appDisplayName],
      ['Application ID', s.appId ? <code key="a">{s.appId}</code> : null],
      ['Resource', s.resourceDisplayName],
      ['Resource ID', s.resourceId ? <code key="rid">{s.resourceId}</code> : null],
      ['Client app', s.clientAppUsed],
      ['Sign-in event type', (s.signInEventTypes ?? []).join(', ')],
      ['Authentication protocol', s.authenticationProtocol],
      ['Token issuer type', s.tokenIssuerType],
      ['Aggregated risk level', s.riskLevelAggregated],
      ...agentItems(s),
    ]} />
  );
}

/** The agent section (Graph beta's agentic sign-in), when an agent took part. */
function agentItems(s: SignIn): Array<[string, ReactNode]> {
  const a = s.agent;
  if (!a || (a.agentType === 'notAgentic' && a.agentSubjectType === 'notAgentic')) return [];
  return [
    ['Agent type', agentTypes[a.agentType] ?? a.agentType],
    ['Agent subject type', agentTypes[a.agentSubjectType] ?? a.agentSubjectType],
    ['Agent identity ID', a.agentIdentityId ? <AppLink key="ai" to={`/agents/${a.agentIdentityId}`}><code>{a.agentIdentityId}</code></AppLink> : null],
    ['Blueprint application ID', a.parentAppId ? <code key="bp">{a.parentAppId}</code> : null],
    ['Blueprint ID', a.agentSubjectParentId ? <code key="bpo">{a.agentSubjectParentId}</code> : null],
    ['On behalf of user', a.onBehalfOfUserId ? <AppLink key="obo" to={`/users/${a.onBehalfOfUserId}`}><code>{a.onBehalfOfUserId}</code></AppLink> : null],
  ];
}

/** Entra's words for Graph beta's agentType. */
const agentTypes: Record<string, string> = {
  notAgentic: 'Not an agent',
  agenticApp: 'Agent application',
  agenticAppInstance: 'Agent identity',
  agentIdentityBlueprintPrincipal: 'Agent identity blueprint',
  agentIDuser: 'Agent user',
};

function AuthenticationDetails({ s }: { s: SignIn }) {
  const steps = s.authenticationDetails ?? [];
  return (
    <>
      <Properties items={[
        ['Authentication requirement', s.authenticationRequirement === 'multiFactorAuthentication' ? 'Multifactor authentication' : 'Single-factor authentication'],
        ['Methods used', (s.authenticationMethodsUsed ?? []).join(', ')],
      ]} />
      <SimpleTable
        label="Authentication steps"
        query={{ isPending: false, error: undefined }}
        empty="No interactive authentication step (a token refresh or an app's own credentials)."
        headers={['Date', 'Authentication method', 'Method detail', 'Succeeded', 'Result detail', 'Requirement']}
        rows={steps.map((d, i) => ({
          id: String(i),
          cells: [
            <DateTime key="d" value={d.authenticationStepDateTime} />, d.authenticationMethod, d.authenticationMethodDetail ?? '',
            d.succeeded ? 'Yes' : 'No', d.authenticationStepResultDetail, d.authenticationStepRequirement,
          ],
        }))}
      />
    </>
  );
}

function ResultBadge({ result }: { result: string }) {
  const label = policyResults[result] ?? result;
  const color = /Success$/i.test(result) ? 'success' : /Failure$|Interrupted$/i.test(result) ? 'danger' : 'informative';
  return <Badge appearance="tint" color={color}>{label}</Badge>;
}

function Policies(props: { label: string; policies: AppliedPolicy[]; empty: string; summary: ReactNode }) {
  const applied = props.policies.filter((p) => !/notApplied|notEnabled/i.test(p.result)).length;
  return (
    <>
      <Body1>{props.summary}</Body1>
      <Body1>{props.policies.length} {props.policies.length === 1 ? 'policy' : 'policies'} evaluated, {applied} applied.</Body1>
      <SimpleTable
        label={props.label}
        query={{ isPending: false, error: undefined }}
        empty={props.empty}
        headers={['Policy name', 'Grant controls', 'Session controls', 'Result', 'Conditions not satisfied']}
        rows={props.policies.map((p) => ({
          id: p.id,
          cells: [
            p.displayName,
            p.enforcedGrantControls.join(', '),
            p.enforcedSessionControls.join(', '),
            <ResultBadge key="r" result={p.result} />,
            p.conditionsNotSatisfied && p.conditionsNotSatisfied !== 'none' ? p.conditionsNotSatisfied : '',
          ],
        }))}
      />
    </>
  );
}
