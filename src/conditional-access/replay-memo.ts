/**
 * What one replay works out once and reuses. Real histories repeat the same person, app,
 * device and network many times, and a million evaluations of 195 policies cost half a minute;
 * so a verdict is reused for every later sign-in whose context the evaluator cannot tell apart:
 * the same subject object, app, address class (address-class.ts), methods, platform and
 * interactivity, which is all the context replay builds holds.
 *
 * Per sign-in the lookups are few and touch little memory: apps, address classes and methods
 * lists are numbered, the numbers packed into one key per subject, and equal verdicts shared (a
 * string key, or a map per field, cost 1.5–2 µs a sign-in in the profile; this costs under 1).
 * Every map is capped, so memory stays flat over any history.
 */
import type { SignIn } from '../logs/index.ts';
import { devicePlatformOf } from './device-platform.ts';
import {
  addressClassifier, evaluateDecision, type AddressClass, type CaDevicePlatform, type CaSignInContext, type CaSubject, type CompiledPolicies,
} from './evaluate/index.ts';
import { MethodsOfSignIns, type SignInMethods } from './sign-in-methods.ts';

export type ReplayOutcome = 'blocked' | 'challenged' | 'unaffected';

/** What replay reads of a decision. */
export interface ReplayVerdict { outcome: ReplayOutcome; errorCode?: number; policyIds: readonly string[] }

/** A class of addresses (address-class.ts), numbered; its country for the counts by country. */
export interface ReplayAddress { id: number; country: string | undefined }

/** Entries per map; when full, a map starts over. */
const cap = 100_000;

/** Bits of the packed key: 4 for platform and interactivity, 16 for the methods, 16 for the address class, 17 for the app (53 in all). */
const slots = 16;
const methodsLimit = 2 ** 16;
const addressLimit = 2 ** 16;
const appLimit = 2 ** 17;

const platformSlots: Record<CaDevicePlatform, number> = { android: 1, iOS: 2, windows: 3, windowsPhone: 4, macOS: 5, linux: 6 };

/** A service principal's sign-ins carry no session methods (its number is a user's first list's, but no subject is both). */
const noMethods: SignInMethods = { methods: { modes: [] }, id: 0 };

export class ReplayMemo {
  readonly #compiled: CompiledPolicies;
  readonly #classify: (ipAddress: string | undefined) => AddressClass;
  readonly #platforms = new Map<string, CaDevicePlatform | undefined>();
  #apps = new Map<string, number>();
  #nextApp = 0;
  #addresses = new Map<string, ReplayAddress>();
  #nextAddress = 0;
  #methods = new MethodsOfSignIns();
  /** Per subject object, the verdict by packed key. */
  #verdicts = new WeakMap<CaSubject, Map<number, ReplayVerdict>>();
  #verdictCount = 0;
  /** One object per distinct verdict: a few dozen serve a million sign-ins, and stay in cache. */
  #distinct = new Map<string, ReplayVerdict>();

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

  /** Classified afresh each time: a parse and a few binary searches cost less than a map of a million addresses. */
  addressOf(ipAddress: string | null | undefined): ReplayAddress {
    const found = this.#classify(ipAddress || undefined);
    let address = this.#addresses.get(found.key);
    if (!address) {
      if (this.#addresses.size >= cap) this.#addresses.clear();
      this.#addresses.set(found.key, (address = { id: this.#nextAddress++, country: found.country }));
    }
    return address;
  }

  /** The verdict on a sign-in, evaluated only for a context not seen before in this replay. */
  verdict(
    subject: CaSubject, appId: string, interactive: boolean, platform: CaDevicePlatform | undefined, address: ReplayAddress,
    signIn: Pick<SignIn, 'ipAddress' | 'authenticationMethodsUsed' | 'authenticationDetails'>,
  ): ReplayVerdict {
    const methods = subject.kind === 'user' ? this.#methods.of(signIn) : noMethods;
    let app = this.#apps.get(appId);
    if (app === undefined) {
      if (this.#apps.size >= cap) this.#apps.clear();
      this.#apps.set(appId, (app = this.#nextApp++));
    }
    // Numbers are never reused while a verdict may hold them; past their bits, everything starts over
    // (rare: 65,536 address classes or lists of methods in one replay).
    if (methods.id >= methodsLimit || address.id >= addressLimit || app >= appLimit) {
      this.#restart();
      return this.verdict(subject, appId, interactive, platform, this.addressOf(signIn.ipAddress), signIn);
    }
    const key = ((app * addressLimit + address.id) * methodsLimit + methods.id) * slots + (platform ? platformSlots[platform] : 0) * 2 + (interactive ? 1 : 0);
    let bySubject = this.#verdicts.get(subject);
    if (!bySubject) this.#verdicts.set(subject, (bySubject = new Map()));
    return bySubject.get(key) ?? this.#evaluate(bySubject, key, subject, appId, interactive, platform, methods, signIn.ipAddress);
  }

  /** The display names of the policies a verdict names, in policy order (as `evaluate` lists them). */
  policyNames(verdict: ReplayVerdict): string[] {
    return this.#compiled.policies.filter((p) => verdict.policyIds.includes(p.id)).map((p) => p.displayName);
  }

  #evaluate(
    bySubject: Map<number, ReplayVerdict>, key: number, subject: CaSubject, appId: string, interactive: boolean,
    platform: CaDevicePlatform | undefined, methods: SignInMethods, ipAddress: string | null | undefined,
  ): ReplayVerdict {
    const decision = evaluateDecision(this.#compiled, {
      subject,
      target: { kind: 'application', appId },
      interactive,
      ...(subject.kind === 'user' ? { clientAppType: interactive ? 'browser' : 'mobileAppsAndDesktopClients', session: { methods: methods.methods } } : {}),
      ...(platform ? { devicePlatform: platform } : {}),
      ...(ipAddress ? { ipAddress } : {}),
    } satisfies CaSignInContext);
    const verdict: ReplayVerdict = {
      outcome: decision.action === 'allow' ? 'unaffected' : decision.action === 'block' ? 'blocked' : 'challenged',
      ...('errorCode' in decision ? { errorCode: decision.errorCode } : {}),
      policyIds: 'policyIds' in decision ? decision.policyIds : [],
    };
    const content = JSON.stringify(verdict);
    let shared = this.#distinct.get(content);
    if (!shared) {
      if (this.#distinct.size >= cap) this.#distinct.clear();
      this.#distinct.set(content, (shared = verdict));
    }
    if (++this.#verdictCount >= cap) {
      this.#verdicts = new WeakMap();
      this.#verdictCount = 0;
    }
    bySubject.set(key, shared);
    return shared;
  }

  #restart(): void {
    this.#apps = new Map();
    this.#nextApp = 0;
    this.#addresses = new Map();
    this.#nextAddress = 0;
    this.#methods = new MethodsOfSignIns();
    this.#verdicts = new WeakMap();
    this.#verdictCount = 0;
  }
}
