/**
 * Replay (beyond Entra, whose answer is 48–72 hours of report-only): evaluate a draft policy set
 * against the sign-ins that really happened and say who and what it would have blocked,
 * challenged or left alone, in seconds. Each successful sign-in is rebuilt as a context — the
 * person as the directory knows them now, the app, the address, the platform from the user
 * agent, the methods the sign-in used — and evaluated as it would be at sign-in, once per
 * context the policies can tell apart (replay-memo.ts).
 */
import type { SignIn } from '../logs/index.ts';
import type { CaSubject, CompiledPolicies } from './evaluate/index.ts';
import { ReplayMemo, type ReplayOutcome } from './replay-memo.ts';

export type { ReplayOutcome } from './replay-memo.ts';

export interface ReplayCounts { blocked: number; challenged: number; unaffected: number }

export interface ReplayReport extends ReplayCounts {
  /** Successful sign-ins evaluated. */
  signIns: number;
  /** Failed sign-ins, and those whose user or application no longer exists. */
  skipped: number;
  byUser: Array<ReplayCounts & { key: string; name: string }>;
  byApplication: Array<ReplayCounts & { key: string; name: string }>;
  byPlatform: Array<ReplayCounts & { key: string }>;
  byClientApp: Array<ReplayCounts & { key: string }>;
  byCountry: Array<ReplayCounts & { key: string }>;
  /** A few of the sign-ins that would have been blocked or challenged, newest last. */
  examples: Array<{ signInId: string; createdDateTime: string; userPrincipalName: string | null; appDisplayName: string | null; outcome: ReplayOutcome; errorCode?: number; policies: string[] }>;
}

class Tally {
  readonly #rows = new Map<string, ReplayCounts & { key: string; name: string }>();
  add(key: string, name: string, outcome: ReplayOutcome): void {
    let row = this.#rows.get(key);
    if (!row) this.#rows.set(key, (row = { key, name, blocked: 0, challenged: 0, unaffected: 0 }));
    row[outcome] += 1;
  }
  /** Most affected first. */
  top(n: number) {
    return [...this.#rows.values()].sort((a, b) => (b.blocked + b.challenged) - (a.blocked + a.challenged) || b.unaffected - a.unaffected).slice(0, n);
  }
}

export async function replay(
  compiled: CompiledPolicies,
  signIns: AsyncIterable<SignIn>,
  subjectOf: (signIn: SignIn) => Promise<CaSubject | undefined>,
  options: { top?: number; examples?: number } = {},
): Promise<ReplayReport> {
  const top = options.top ?? 20;
  const totals: ReplayCounts = { blocked: 0, challenged: 0, unaffected: 0 };
  const users = new Tally(); const apps = new Tally(); const platforms = new Tally(); const clients = new Tally(); const countries = new Tally();
  const examples: ReplayReport['examples'] = [];
  const memo = new ReplayMemo(compiled);
  let evaluated = 0;
  let skipped = 0;
  for await (const signIn of signIns) {
    const subject = signIn.status.errorCode === 0 ? await subjectOf(signIn) : undefined;
    const appId = signIn.resourceId ?? signIn.appId;
    if (!subject || !appId) {
      skipped += 1;
      continue;
    }
    const platform = memo.platformOf(signIn.userAgent);
    const address = memo.addressOf(signIn.ipAddress);
    const verdict = memo.verdict(subject, appId, signIn.isInteractive, platform, address, signIn);
    const { outcome, errorCode } = verdict;
    evaluated += 1;
    totals[outcome] += 1;
    users.add(subject.kind === 'user' ? subject.userId : subject.servicePrincipalId, signIn.userPrincipalName ?? signIn.servicePrincipalName ?? signIn.appDisplayName ?? '', outcome);
    apps.add(appId, signIn.resourceDisplayName ?? signIn.appDisplayName ?? appId, outcome);
    platforms.add(platform ?? 'unknown', platform ?? 'unknown', outcome);
    clients.add(signIn.clientAppUsed ?? (subject.kind === 'servicePrincipal' ? 'Service principal' : 'unknown'), '', outcome);
    const country = signIn.location.countryOrRegion ?? address.country ?? 'unknown';
    countries.add(country, country, outcome);
    if (outcome !== 'unaffected' && examples.length < (options.examples ?? 20)) {
      examples.push({
        signInId: signIn.id, createdDateTime: signIn.createdDateTime, userPrincipalName: signIn.userPrincipalName, appDisplayName: signIn.appDisplayName,
        outcome, ...(errorCode !== undefined ? { errorCode } : {}),
        policies: memo.policyNames(verdict),
      });
    }
  }
  const plain = (rows: Array<ReplayCounts & { key: string; name: string }>) => rows.map(({ name: _n, ...r }) => r);
  return {
    signIns: evaluated, skipped, ...totals,
    byUser: users.top(top), byApplication: apps.top(top),
    byPlatform: plain(platforms.top(top)), byClientApp: plain(clients.top(top)), byCountry: plain(countries.top(top)),
    examples,
  };
}
