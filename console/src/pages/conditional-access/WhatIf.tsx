/**
 * What If (`POST /identity/conditionalAccess/evaluate`): a sign-in described by its user, app,
 * address or country, platform, client app and the methods already used; every enabled and
 * report-only policy answers whether it applies and, if not, the first condition that did not
 * match; the overall decision is what the sign-in would get.
 */
import {
  Badge, Body1, Button, Combobox, Dropdown, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Option, Spinner, makeStyles, tokens,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { odataString, type Collection } from '../../api/graph.ts';
import { useGraphQuery } from '../../api/queries.ts';
import { useGraph } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { SimpleTable } from '../../components/SimpleTable.tsx';
import { useDebounced } from '../../components/use-debounced.ts';
import { stateColors, stateLabels, type PolicyState } from './policy.ts';

interface WhatIfPolicy {
  id: string; displayName: string; state: PolicyState; policyApplies: boolean; analysisReasons: string; result?: string;
  enforcedGrantControls?: string[];
}
interface Decision { action: 'allow' | 'block' | 'prompt' | 'interactionRequired'; errorCode?: number; requiredStrengths?: Array<{ displayName: string }>; requirements?: unknown[] }
interface WhatIfResult { value: WhatIfPolicy[]; decision: Decision; compileProblems?: unknown[] }
interface ServicePrincipal { id: string; appId: string; displayName: string }
interface UserRow { id: string; displayName: string; userPrincipalName: string }

const platforms = ['', 'android', 'iOS', 'windows', 'macOS', 'linux', 'windowsPhone'] as const;
const clientApps = ['', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'] as const;
const methods = { '': 'None yet', password: 'Password', 'password,microsoftAuthenticatorPush': 'Password and Authenticator push', fido2: 'Passkey (FIDO2)', windowsHelloForBusiness: 'Windows Hello for Business', temporaryAccessPassOneTime: 'Temporary Access Pass' } as const;

const reasons: Record<string, string> = {
  notSet: 'Applies',
  notEnoughInformation: 'The sign-in does not say enough to decide',
  invalidCondition: 'A condition is not valid',
  users: 'The user is not included, or is excluded',
  workloadIdentities: 'The workload identity is not included, or is excluded',
  agentIdentities: 'The agent identity is not included, or is excluded',
  application: 'The app is not included, or is excluded',
  userActions: 'The user action does not match',
  authenticationContext: 'The authentication context does not match',
  devicePlatform: 'The device platform does not match',
  devices: 'The device filter does not match',
  clientApps: 'The client app type does not match',
  location: 'The location does not match',
  signInRisk: 'The sign-in risk does not match',
  userRisk: 'The user risk does not match',
  servicePrincipalRisk: 'The workload identity risk does not match',
  agentIdRisk: 'The agent risk does not match',
  insiderRisk: 'The insider risk does not match',
  authenticationFlow: 'The authentication flow does not match',
  time: 'The time does not match',
  emptyPolicy: 'The policy has no condition to match',
  invalidPolicy: 'The policy is not valid',
  policyNotEnabled: 'The policy is off',
};

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: tokens.spacingHorizontalM, marginBottom: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', marginBottom: tokens.spacingVerticalM },
});

const decisionText = (d: Decision) => d.action === 'allow' ? 'Access would be granted'
  : d.action === 'block' ? `Access would be blocked (AADSTS${d.errorCode})`
    : `The user would be asked for more (AADSTS${d.errorCode})${d.requiredStrengths?.length ? `: ${d.requiredStrengths.map((s) => s.displayName).join(' or ')}` : ''}`;

export function WhatIf() {
  const styles = useStyles();
  const graph = useGraph();
  const [userText, setUserText] = useState('');
  const [userId, setUserId] = useState<string>();
  const search = useDebounced(userText);
  const users = useGraphQuery<Collection<UserRow>>(search.trim().length >= 2
    ? `/users?$top=10&$select=id,displayName,userPrincipalName&$filter=${encodeURIComponent(`startswith(displayName,${odataString(search.trim())}) or startswith(userPrincipalName,${odataString(search.trim())})`)}`
    : undefined);
  const apps = useGraphQuery<Collection<ServicePrincipal>>('/servicePrincipals?$top=200&$select=id,appId,displayName');
  const [appId, setAppId] = useState<string>();
  const [ip, setIp] = useState('');
  const [country, setCountry] = useState('');
  const [platform, setPlatform] = useState('');
  const [clientApp, setClientApp] = useState('');
  const [method, setMethod] = useState<keyof typeof methods>('');

  const run = useMutation({
    meta: { showsOwnError: true },
    mutationFn: async () => {
      // A typed user principal name or id that was not picked from the list: look it up.
      const id = userId ?? (await graph<UserRow>(`/users/${encodeURIComponent(userText.trim())}`)).id;
      return graph<WhatIfResult>('/identity/conditionalAccess/evaluate', {
        method: 'POST',
        body: {
          signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: id },
          signInContext: { '@odata.type': '#microsoft.graph.applicationContext', includeApplications: [appId ?? apps.data?.value[0]?.appId] },
          signInConditions: {
            ...(ip.trim() ? { ipAddress: ip.trim() } : {}),
            ...(country.trim() ? { country: country.trim() } : {}),
            ...(platform ? { devicePlatform: platform } : {}),
            ...(clientApp ? { clientAppType: clientApp } : {}),
            ...(method ? { authenticationMethods: method.split(',') } : {}),
          },
        },
      });
    },
  });
  const appName = apps.data?.value.find((a) => a.appId === appId)?.displayName ?? '';
  const r = run.data;

  return (
    <>
      <Body1 block>Describe a sign-in; every policy that is on or in report-only mode says whether it would apply, and why not.</Body1>
      <form className={styles.form} aria-label="What If" onSubmit={(e) => { e.preventDefault(); run.mutate(); }}>
        <Field label="User" required hint="Name or user principal name">
          <Combobox
            freeform
            value={userText}
            placeholder="Start typing a name"
            onChange={(e) => { setUserText(e.target.value); setUserId(undefined); }}
            onOptionSelect={(_, d) => { setUserId(d.optionValue); setUserText(d.optionText ?? ''); }}
          >
            {(users.data?.value ?? []).map((u) => <Option key={u.id} value={u.id} text={u.userPrincipalName}>{`${u.displayName} (${u.userPrincipalName})`}</Option>)}
          </Combobox>
        </Field>
        <Field label="Application" required>
          <Dropdown placeholder="Choose an app" value={appName} selectedOptions={appId ? [appId] : []} onOptionSelect={(_, d) => setAppId(d.optionValue)}>
            {(apps.data?.value ?? []).map((a) => <Option key={a.appId} value={a.appId}>{a.displayName}</Option>)}
          </Dropdown>
        </Field>
        <Field label="IP address"><Input value={ip} onChange={(_, d) => setIp(d.value)} placeholder="203.0.113.7" /></Field>
        <Field label="Country" hint="Two letters, e.g. GB"><Input value={country} maxLength={2} onChange={(_, d) => setCountry(d.value)} /></Field>
        <Field label="Device platform">
          <Dropdown value={platform || 'Any'} selectedOptions={[platform]} onOptionSelect={(_, d) => setPlatform(d.optionValue ?? '')}>
            {platforms.map((p) => <Option key={p} value={p}>{p || 'Any'}</Option>)}
          </Dropdown>
        </Field>
        <Field label="Client app">
          <Dropdown value={clientApp || 'Any'} selectedOptions={[clientApp]} onOptionSelect={(_, d) => setClientApp(d.optionValue ?? '')}>
            {clientApps.map((c) => <Option key={c} value={c}>{c || 'Any'}</Option>)}
          </Dropdown>
        </Field>
        <Field label="Methods already used">
          <Dropdown value={methods[method]} selectedOptions={[method]} onOptionSelect={(_, d) => setMethod((d.optionValue ?? '') as keyof typeof methods)}>
            {Object.entries(methods).map(([k, v]) => <Option key={k} value={k}>{v}</Option>)}
          </Dropdown>
        </Field>
      </form>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={!userText.trim() || run.isPending || !apps.data?.value.length} onClick={() => run.mutate()}>What If</Button>
        {run.isPending && <Spinner size="tiny" label="Evaluating…" />}
      </div>
      {run.error && <ApiErrorBar error={run.error} />}
      {r && (
        <div data-testid="what-if-result">
          <MessageBar intent={r.decision.action === 'allow' ? 'success' : r.decision.action === 'block' ? 'error' : 'warning'}>
            <MessageBarBody><MessageBarTitle>Decision</MessageBarTitle>{decisionText(r.decision)}</MessageBarBody>
          </MessageBar>
          <SimpleTable
            label="What If policies"
            headers={['Policy', 'State', 'Applies', 'Why not', 'Result', 'Controls']}
            query={{ isPending: false, error: null }}
            empty="No policy is on or in report-only mode."
            rows={r.value.map((p) => ({
              id: p.id,
              cells: [
                p.displayName,
                <Badge key="s" appearance="tint" color={stateColors[p.state]}>{stateLabels[p.state]}</Badge>,
                p.policyApplies ? 'Applies' : 'Does not apply',
                p.policyApplies ? '' : reasons[p.analysisReasons] ?? p.analysisReasons,
                p.result ?? '',
                (p.enforcedGrantControls ?? []).join(', '),
              ],
            }))}
          />
        </div>
      )}
    </>
  );
}
