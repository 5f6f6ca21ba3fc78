/**
 * An app registration's pane, in Entra's sections: Overview, Authentication (redirect URIs by
 * platform), Certificates & secrets, API permissions (with admin consent), App roles and Users and
 * groups (who is assigned to the app's service principal), one component per tab. Changes are offered only when the admin's roles allow them; the API still decides.
 * Readers of the reports see in Overview when the app last got a token, for a user and app-only.
 */
import { Spinner, Tab, TabList } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { useGraphQuery } from '../../api/queries.ts';
import { useAccess } from '../../app-context.tsx';
import { ApiErrorBar } from '../../components/ApiErrorBar.tsx';
import { DetailPane } from '../../components/DetailPane.tsx';
import { DateTime, Properties } from '../../components/Properties.tsx';
import { ApiPermissionsTab } from './ApiPermissionsTab.tsx';
import { AppRolesTab } from './AppRolesTab.tsx';
import type { Application } from './application.ts';
import { CredentialsTab } from './CredentialsTab.tsx';
import { LastSignIn, useLastSignIns } from './last-sign-in.tsx';
import { usePaneStyles } from './pane-styles.ts';
import { RedirectUrisTab } from './RedirectUrisTab.tsx';
import { UsersAndGroupsTab } from './UsersAndGroupsTab.tsx';

const tabs = {
  overview: 'Overview',
  authentication: 'Authentication',
  credentials: 'Certificates & secrets',
  permissions: 'API permissions',
  roles: 'App roles',
  users: 'Users and groups',
} as const;
type TabValue = keyof typeof tabs;

export function ApplicationPane({ applicationId, onClose }: { applicationId: string; onClose: () => void }) {
  const styles = usePaneStyles();
  const app = useGraphQuery<Application>(`/applications/${encodeURIComponent(applicationId)}`);
  const [tab, setTab] = useState<TabValue>('overview');
  const a = app.data;
  const canReadSignIns = useAccess().can('AuditLog.Read.All');
  const signIns = useLastSignIns(a ? [a.appId] : undefined, canReadSignIns);
  const signIn = a && signIns?.get(a.appId.toLowerCase());
  const known = (node: ReactNode) => (signIns ? node : '…');
  const signInItems: Array<[string, ReactNode]> = canReadSignIns ? [
    ['Last sign-in', known(<LastSignIn activity={signIn?.lastSignInActivity} />)],
    ['Last sign-in for a user', known(<LastSignIn activity={signIn?.delegatedClientSignInActivity} none="None recorded" />)],
    ['Last app-only sign-in', known(<LastSignIn activity={signIn?.applicationAuthenticationClientSignInActivity} none="None recorded" />)],
  ] : [];
  return (
    <DetailPane open onClose={onClose} label={a ? `Application ${a.displayName}` : 'Application'} title={a?.displayName ?? 'Application'}>
      {app.error && <ApiErrorBar error={app.error} />}
      {app.isPending && <Spinner label="Loading application…" />}
      {a && (
        <>
          <TabList className={styles.tabs} selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabValue)} aria-label="Application details" size="small">
            {Object.entries(tabs).map(([value, label]) => <Tab key={value} value={value}>{label}</Tab>)}
          </TabList>
          <div role="tabpanel" aria-label={tabs[tab]} className={styles.panel}>
            {tab === 'overview' && (
              <Properties items={[
                ['Application (client) ID', <code key="a">{a.appId}</code>],
                ['Object ID', <code key="o">{a.id}</code>],
                ['Description', a.description],
                ['Supported account types', a.signInAudience === 'AzureADMyOrg' ? 'This organization only' : a.signInAudience],
                ['Application ID URIs', (a.identifierUris ?? []).join(', ')],
                ['Created', <DateTime key="c" value={a.createdDateTime} />],
                ...signInItems,
                ['Tags', (a.tags ?? []).join(', ')],
              ]} />
            )}
            {tab === 'authentication' && <RedirectUrisTab app={a} />}
            {tab === 'credentials' && <CredentialsTab app={a} />}
            {tab === 'permissions' && <ApiPermissionsTab app={a} />}
            {tab === 'roles' && <AppRolesTab app={a} />}
            {tab === 'users' && <UsersAndGroupsTab app={a} />}
          </div>
        </>
      )}
    </DetailPane>
  );
}
