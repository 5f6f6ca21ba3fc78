/**
 * What one replay works out once and reuses. Real histories repeat the same person, app,
 * device and network many times, and a million evaluations of 195 policies cost half a minute;
 * so a decision is reused for every later sign-in whose context the evaluator cannot tell apart:
 * the same subject object, app, address class (address-class.ts), methods, platform and
 * interactivity, which is all the context replay builds holds. The lookups go by object
 * identity and short strings, level by level, because building one long key a row cost more
 * than the rest of the replay. Every map is capped, so memory stays flat over any history.
 */
import type { SignIn } from '../logs/index.ts';
import { devicePlatformOf } from './device-platform.ts';
import {
  addressClassifier, evaluateDecision, type AddressClass, type CaDecision, type CaDevicePlatform, type CaSignInContext, type CaSubject,
  type CompiledPolicies,
} from './evaluate/index.ts';
import { MethodsOfSignIns, type SignInMethods } from './sign-in-methods.ts';

/** Entries per map (decisions in all); when full, a map starts over. */
const cap = 100_000;

/** A decision per platform (or none) and interactivity. */
const platformSlots: Record<CaDevicePlatform, number> = { android: 1, iOS: 2, windows: 3, windowsPhone: 4, macOS: 5, linux: 6 };
const slotOf = (platform: CaDevicePlatform | undefined, interactive: boolean) => (platform ? platformSlots[platform] : 0) * 2 + (interactive ? 1 : 0);

/** A service principal's sign-ins carry no session methods. */
const noMethods: SignInMethods = { methods: { modes: [] } };

type Decisions = Map<string, Map<AddressClass, Map<SignInMethods, Array<CaDecision | undefined>>>>;

export class ReplayMemo {
  readonly #compiled: CompiledPolicies;
  readonly #classify: (ipAddress: string | undefined) => AddressClass;
  readonly #platforms = new Map<string, CaDevicePlatform | undefined>();
  /** One object per address class and per methods list, so the decision maps can key on identity. */
  readonly #classes = new Map<string, AddressClass>();
  readonly #methods = new MethodsOfSignIns();
  /** By subject, app, address class, methods, then platform and interactivity. */
  #decisions = new WeakMap<CaSubject, Decisions>();
  #decisionCount = 0;

  constructor(compiled: CompiledPolicies) {
    this.#compiled = compiled;
    this.#classify = addressClassifier(compiled);
  }

  platformOf(userAgent: string | null | undefined): CaDevicePlatform | undefined {
    if (!userAgent) return undefined;
    let platform = this.#platforms.get(userAgent);
    if (platform === undefined && !this.#platforms.has(userAgent)) {
      if (this.#platforms.size >= cap) this.#platforms.clear();
      this.#platforms.set(userAgent, (platform = devicePlatformOf(userAgent)));
    }
    return platform;
  }

  /** Classified afresh each time (a parse and a few binary searches cost less than a map of a million addresses), then shared. */
  addressOf(ipAddress: string | null | undefined): AddressClass {
    const found = this.#classify(ipAddress || undefined);
    return this.#classes.get(found.key) ?? remember(this.#classes, found.key, found);
  }

  /** The decision for a sign-in (only the decision: keeping 195 policy results per context would not stay small). */
  decide(
    subject: CaSubject, appId: string, interactive: boolean, platform: CaDevicePlatform | undefined, address: AddressClass,
    signIn: Pick<SignIn, 'ipAddress' | 'authenticationMethodsUsed' | 'authenticationDetails'>,
  ): CaDecision {
    const methods = subject.kind === 'user' ? this.#methods.of(signIn) : noMethods;
    let byApp = this.#decisions.get(subject);
    if (!byApp) this.#decisions.set(subject, (byApp = new Map()));
    let byAddress = byApp.get(appId);
    if (!byAddress) byApp.set(appId, (byAddress = new Map()));
    let byMethods = byAddress.get(address);
    if (!byMethods) byAddress.set(address, (byMethods = new Map()));
    let decisions = byMethods.get(methods);
    if (!decisions) byMethods.set(methods, (decisions = []));
    const slot = slotOf(platform, interactive);
    let decision = decisions[slot];
    if (!decision) {
      decision = decisions[slot] = evaluateDecision(this.#compiled, {
        subject,
        target: { kind: 'application', appId },
        interactive,
        ...(subject.kind === 'user' ? { clientAppType: interactive ? 'browser' : 'mobileAppsAndDesktopClients', session: { methods: methods.methods } } : {}),
        ...(platform ? { devicePlatform: platform } : {}),
        ...(signIn.ipAddress ? { ipAddress: signIn.ipAddress } : {}),
      } satisfies CaSignInContext);
      if (++this.#decisionCount >= cap) {
        this.#decisions = new WeakMap();
        this.#decisionCount = 0;
      }
    }
    return decision;
  }

  /** The display names of the policies a decision names, in policy order (as `evaluate` lists them). */
  policyNames(decision: CaDecision): string[] {
    const ids = 'policyIds' in decision ? decision.policyIds : [];
    return this.#compiled.policies.filter((p) => ids.includes(p.id)).map((p) => p.displayName);
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= cap) map.clear();
  map.set(key, value);
  return value;
}
