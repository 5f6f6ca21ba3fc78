/**
 * When an app last got a token, from Graph's servicePrincipalSignInActivities report (kept to
 * the day). An app absent from the report never got one: "Never". One request for a page of apps.
 */
import { useMemo } from 'react';
import { odataString } from '../../api/graph.ts';
import { listPath, useGraphQuery } from '../../api/queries.ts';
import type { Collection } from '../../api/graph.ts';

interface SignInActivity {
  lastSignInDateTime: string;
}

export interface ServicePrincipalSignInActivity {
  id: string;
  appId: string;
  lastSignInActivity: SignInActivity;
  /** Tokens for a signed-in user; null when none was recorded. */
  delegatedClientSignInActivity: SignInActivity | null;
  /** App-only tokens (client credentials); null when none was recorded. */
  applicationAuthenticationClientSignInActivity: SignInActivity | null;
}

const report = '/reports/servicePrincipalSignInActivities';

/** The last sign-ins of these apps by appId; undefined until known (or when not `enabled`). */
export function useLastSignIns(appIds: readonly string[] | undefined, enabled: boolean) {
  const ids = [...new Set(appIds ?? [])].sort();
  const path = ids.length
    ? listPath(report, { filter: `appId in (${ids.map(odataString).join(',')})`, top: ids.length })
    : undefined;
  const { data } = useGraphQuery<Collection<ServicePrincipalSignInActivity>>(path, { enabled });
  return useMemo(() => (enabled && data ? new Map(data.value.map((a) => [a.appId.toLowerCase(), a])) : undefined), [enabled, data]);
}

/**
 * A day, as the report keeps it; "Never" for no sign-in, or `none` (a split activity is also
 * null for tokens recorded before Limen told the kinds apart).
 */
export function LastSignIn({ activity, none = 'Never' }: { activity: SignInActivity | null | undefined; none?: string }) {
  if (!activity) return <>{none}</>;
  const value = activity.lastSignInDateTime;
  return <time dateTime={value} title={value}>{new Date(value).toLocaleDateString(undefined, { dateStyle: 'medium' })}</time>;
}
