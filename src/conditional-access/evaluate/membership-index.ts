/**
 * Which policies name a user, group or role, inverted once at compile time. A request then
 * looks up the user's id, groups and roles once (or the tenant's named groups, when the user is
 * in more groups than all policies name together) instead of every policy probing the user's
 * several hundred groups: the users condition becomes two array reads per policy.
 */
import type { SignInFacts } from './sign-in-facts.ts';

type Postings = { include: number[]; exclude: number[] };

/** Per policy (by index): whether its includeUsers/Groups/Roles or its exclude lists name the user. */
export interface Membership { included: Uint8Array; excluded: Uint8Array }

export class MembershipIndex {
  readonly #users = new Map<string, Postings>();
  readonly #groups = new Map<string, Postings>();
  readonly #roles = new Map<string, Postings>();
  #policies = 0;

  add(kind: 'user' | 'group' | 'role', id: string, policy: number, list: 'include' | 'exclude'): void {
    const map = kind === 'user' ? this.#users : kind === 'group' ? this.#groups : this.#roles;
    let postings = map.get(id);
    if (!postings) map.set(id, (postings = { include: [], exclude: [] }));
    postings[list].push(policy);
    this.#policies = Math.max(this.#policies, policy + 1);
  }

  /** The user's marks, for one request. */
  membership(facts: SignInFacts): Membership {
    const m: Membership = { included: new Uint8Array(this.#policies), excluded: new Uint8Array(this.#policies) };
    const mark = (p: Postings | undefined) => {
      if (!p) return;
      for (const i of p.include) m.included[i] = 1;
      for (const i of p.exclude) m.excluded[i] = 1;
    };
    const s = facts.context.subject;
    if (s.kind !== 'user') return m;
    mark(this.#users.get(s.userId));
    for (const [map, held] of [[this.#groups, facts.groups], [this.#roles, facts.roles]] as const) {
      if (map.size <= held.size) {
        for (const [id, p] of map) if (held.has(id)) mark(p);
      } else for (const id of held) mark(map.get(id));
    }
    return m;
  }
}
