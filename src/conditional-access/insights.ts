/**
 * Conditional Access insights, as Entra's Insights and Reporting workbook counts them: over a
 * time range, for the selected policies, each sign-in (or each user) falls in one of Success,
 * Failure, User action required and Not applied, broken down by application, platform, client
 * app, location, user and risk level (the logged riskLevelAggregated, for risk-based policies).
 * Read from the sign-in log's appliedConditionalAccessPolicies.
 * @see https://learn.microsoft.com/entra/identity/conditional-access/howto-conditional-access-insights-reporting
 */
import type { SignIn } from '../logs/index.ts';
import { devicePlatformOf } from './device-platform.ts';
import { countryOfIp } from './evaluate/index.ts';

export type InsightCategory = 'success' | 'failure' | 'userActionRequired' | 'notApplied';
export interface InsightCounts { total: number; success: number; failure: number; userActionRequired: number; notApplied: number }
export type InsightRow = InsightCounts & { key: string; name: string };

export interface InsightsReport extends InsightCounts {
  view: 'signIns' | 'users';
  byApplication: InsightRow[];
  byPlatform: InsightRow[];
  byClientApp: InsightRow[];
  byLocation: InsightRow[];
  byUser: InsightRow[];
  byRiskLevel: InsightRow[];
}

/**
 * One sign-in under the selected policies: Failure when any failed (enforced or report-only),
 * else User action required when any report-only one would have prompted, else Success when
 * any applied, else Not applied (the workbook's order).
 */
export function categoryOf(signIn: SignIn, selected: (policyId: string) => boolean): InsightCategory {
  const results = (signIn.appliedConditionalAccessPolicies ?? []).filter((p) => selected(p.id)).map((p) => p.result);
  if (results.some((r) => r === 'failure' || r === 'reportOnlyFailure')) return 'failure';
  if (results.includes('reportOnlyInterrupted')) return 'userActionRequired';
  if (results.some((r) => r === 'success' || r === 'reportOnlySuccess')) return 'success';
  return 'notApplied';
}

const empty = (): InsightCounts => ({ total: 0, success: 0, failure: 0, userActionRequired: 0, notApplied: 0 });

class Breakdown {
  readonly #rows = new Map<string, InsightRow>();
  readonly #seen = new Set<string>();
  add(key: string, name: string, category: InsightCategory, countKey: string): void {
    // In the users view, one user counts once per row and category (and may be in several categories).
    const seenKey = `${key}\u0000${category}\u0000${countKey}`;
    if (this.#seen.has(seenKey)) return;
    this.#seen.add(seenKey);
    let row = this.#rows.get(key);
    if (!row) this.#rows.set(key, (row = { key, name, ...empty() }));
    row[category] += 1;
    if (category !== 'notApplied') row.total += 1;
  }
  rows(top: number): InsightRow[] {
    return [...this.#rows.values()].sort((a, b) => b.total - a.total || b.notApplied - a.notApplied).slice(0, top);
  }
}

export async function insights(
  signIns: AsyncIterable<SignIn>,
  selected: (policyId: string) => boolean,
  options: { view?: 'signIns' | 'users'; top?: number } = {},
): Promise<InsightsReport> {
  const view = options.view ?? 'signIns';
  const top = options.top ?? 20;
  const overall = new Breakdown();
  const apps = new Breakdown(); const platforms = new Breakdown(); const clients = new Breakdown(); const locations = new Breakdown(); const users = new Breakdown();
  const risks = new Breakdown();
  for await (const signIn of signIns) {
    const category = categoryOf(signIn, selected);
    const who = signIn.userId ?? signIn.servicePrincipalId ?? signIn.appId ?? 'unknown';
    const countKey = view === 'users' ? who : signIn.id;
    const platform = devicePlatformOf(signIn.userAgent ?? undefined) ?? 'unknown';
    const country = signIn.location.countryOrRegion ?? (signIn.ipAddress ? countryOfIp(signIn.ipAddress) : undefined) ?? 'unknown';
    overall.add('all', 'all', category, countKey);
    apps.add(signIn.appId ?? 'unknown', signIn.appDisplayName ?? signIn.appId ?? 'unknown', category, countKey);
    platforms.add(platform, platform, category, countKey);
    clients.add(signIn.clientAppUsed ?? 'unknown', signIn.clientAppUsed ?? 'unknown', category, countKey);
    locations.add(country, country, category, countKey);
    users.add(who, signIn.userPrincipalName ?? signIn.servicePrincipalName ?? who, category, countKey);
    const risk = signIn.riskLevelAggregated ?? 'none';
    risks.add(risk, risk, category, countKey);
  }
  const [all] = overall.rows(1);
  const { key: _k, name: _n, ...totals } = all ?? { key: '', name: '', ...empty() };
  return {
    view, ...totals,
    byApplication: apps.rows(top), byPlatform: platforms.rows(top), byClientApp: clients.rows(top), byLocation: locations.rows(top), byUser: users.rows(top),
    byRiskLevel: risks.rows(top),
  };
}
