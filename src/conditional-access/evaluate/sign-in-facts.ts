/**
 * The context prepared once per evaluation, so 195 policies share the work: id lists as Sets,
 * the client address parsed once, the country looked up at most once and only if a policy asks.
 */
import { countryOfAddress } from './country-of-ip.ts';
import { parseIp, type IpNumber } from './ip-address.ts';
import type { Membership, MembershipIndex } from './membership-index.ts';
import type { CaSignInContext } from './sign-in-context.ts';

/**
 * `signIn`: an absent fact is the real-world unknown (unknown platform, unknown country, risk
 * `none`, no device), which matches only "all"-style selections. `whatIf`: Graph's evaluate
 * semantics, a condition the policy sets and the request does not supply does not match.
 */
export type EvaluationMode = 'signIn' | 'whatIf';

const asSet = (ids: ReadonlySet<string> | readonly string[]): ReadonlySet<string> => (ids instanceof Set ? ids : new Set(ids));

export class SignInFacts {
  readonly context: CaSignInContext;
  readonly mode: EvaluationMode;
  readonly groups: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  readonly #lookupCountry: (ip: IpNumber) => string | undefined;
  readonly #index: MembershipIndex | undefined;
  #country: { code: string | undefined } | undefined;
  #ip: { value: IpNumber | undefined } | undefined;
  #membership: Membership | undefined;

  constructor(
    context: CaSignInContext, mode: EvaluationMode, lookupCountry: (ip: IpNumber) => string | undefined = countryOfAddress,
    index?: MembershipIndex,
  ) {
    this.context = context;
    this.mode = mode;
    this.#lookupCountry = lookupCountry;
    this.#index = index;
    const s = context.subject;
    this.groups = s.kind === 'user' ? asSet(s.groupIds) : new Set();
    this.roles = s.kind === 'user' ? asSet(s.roleTemplateIds) : new Set();
  }

  /** The client address, parsed on first use (most policies never look). */
  get ip(): IpNumber | undefined {
    this.#ip ??= { value: this.context.ipAddress === undefined ? undefined : parseIp(this.context.ipAddress) };
    return this.#ip.value;
  }

  /** Which policies name the user, a group of theirs or a role of theirs (see MembershipIndex). */
  get membership(): Membership {
    this.#membership ??= this.#index?.membership(this) ?? { included: new Uint8Array(0), excluded: new Uint8Array(0) };
    return this.#membership;
  }

  /** Whether anything locates the request: an address or a country. */
  get locationSupplied(): boolean {
    return this.ip !== undefined || this.context.country !== undefined;
  }

  /** The country (upper case), or undefined when it is unknown; derived from the address once. */
  get country(): string | undefined {
    this.#country ??= { code: this.context.country?.toUpperCase() ?? (this.ip && this.#lookupCountry(this.ip)) };
    return this.#country.code;
  }
}
