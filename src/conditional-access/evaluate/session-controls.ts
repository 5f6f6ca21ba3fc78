/**
 * Session controls: the two Limen enforces (sign-in frequency, persistent browser) merged
 * strictest-first across the applicable enforced policies; the others are recorded in the
 * sign-in log only (app-enforced restrictions and Defender for Cloud Apps need Microsoft
 * services; continuous access evaluation, resilience defaults and token protection are not
 * implemented yet).
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-session
 * @see https://learn.microsoft.com/entra/identity/conditional-access/concept-session-lifetime
 */
import type { ConditionalAccessApplications, ConditionalAccessSessionControls } from '../policy.ts';
import type { CaCompileProblem } from './check.ts';
import type { CaSessionControls } from './evaluation.ts';

export interface CompiledSession {
  /** `enforcedSessionControls` names as sign-in logs write them ("SignInFrequency"…). */
  logNames: string[];
  controls: CaSessionControls;
}

const enabled = (c: unknown) => typeof c === 'object' && c !== null && (c as { isEnabled?: unknown }).isEnabled === true;

const unitSeconds: Record<string, number> = { hours: 3600, days: 86400 };

/**
 * `applications`, `policyId` and `problems`: persistent browser is enforced only for a policy
 * that targets All resources, as Entra requires ("All apps should be selected for this session
 * control to work correctly", conditionalAccessSessionControls): the session cookie is shared by
 * every app, so a one-app policy would decide it for the others, by which app signed in first.
 */
export function compileSession(
  s: ConditionalAccessSessionControls | null | undefined,
  applications: ConditionalAccessApplications | null | undefined,
  policyId: string,
  problems: CaCompileProblem[],
): CompiledSession {
  const logNames: string[] = [];
  const controls: CaSessionControls = {};
  if (!s) return { logNames, controls };
  const sif = s.signInFrequency;
  if (sif && enabled(sif)) {
    logNames.push('SignInFrequency');
    if (String(sif.frequencyInterval).toLowerCase() === 'everytime') controls.signInFrequency = { everyTime: true };
    else if (typeof sif.value === 'number' && unitSeconds[String(sif.type).toLowerCase()]) {
      controls.signInFrequency = { everyTime: false, maxAgeSeconds: sif.value * unitSeconds[String(sif.type).toLowerCase()]! };
    }
  }
  const browser = s.persistentBrowser;
  if (browser && enabled(browser)) {
    logNames.push('PersistentBrowserSessionMode');
    const mode = String(browser.mode).toLowerCase();
    const allResources = (applications?.includeApplications ?? []).some((a) => a.toLowerCase() === 'all');
    if (!allResources) problems.push({ policyId, message: 'persistent browser session needs the policy to target All resources: it is not enforced' });
    else if (mode === 'never' || mode === 'always') controls.persistentBrowser = mode;
  }
  if (enabled(s['applicationEnforcedRestrictions'])) logNames.push('AppEnforcedRestrictions');
  if (enabled(s['cloudAppSecurity'])) logNames.push('CloudAppSecurity');
  const cae = s['continuousAccessEvaluation'] as { mode?: unknown } | null | undefined;
  if (cae?.mode && String(cae.mode).toLowerCase() !== 'disabled') logNames.push('ContinuousAccessEvaluation');
  if (s['disableResilienceDefaults'] === true) logNames.push('DisableResilienceDefaults');
  if (enabled(s['secureSignInSession'])) logNames.push('SecureSignInSession');
  return { logNames, controls };
}

/** The strictest of several policies' controls: every time beats a period, the shortest period wins, `never` beats `always`. */
export function mergeSessionControls(all: Iterable<CaSessionControls>): CaSessionControls {
  const merged: CaSessionControls = {};
  for (const c of all) {
    if (c.signInFrequency) {
      const m = merged.signInFrequency;
      if (c.signInFrequency.everyTime || m?.everyTime) merged.signInFrequency = { everyTime: true };
      else {
        const ages = [m?.maxAgeSeconds, c.signInFrequency.maxAgeSeconds].filter((a): a is number => a !== undefined);
        merged.signInFrequency = { everyTime: false, ...(ages.length ? { maxAgeSeconds: Math.min(...ages) } : {}) };
      }
    }
    if (c.persistentBrowser) merged.persistentBrowser = merged.persistentBrowser === 'never' ? 'never' : c.persistentBrowser;
  }
  return merged;
}
