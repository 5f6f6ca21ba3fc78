/**
 * The sign-in log's method names back to authentication method modes, as Conditional Access
 * reads them (replay rebuilds each sign-in's session from its log entry).
 */
import type { AuthenticationMethodMode, MethodsUsed } from '../authn/index.ts';
import type { SignIn } from '../logs/index.ts';

export function methodsOf(signIn: Pick<SignIn, 'authenticationMethodsUsed' | 'authenticationDetails'>): MethodsUsed {
  const modes: AuthenticationMethodMode[] = [];
  let passkey: MethodsUsed['passkey'];
  for (const used of signIn.authenticationMethodsUsed ?? []) {
    if (used === 'Password') modes.push('password');
    else if (used === 'OATH verification code') modes.push('softwareOath');
    else if (used === 'Temporary Access Pass') {
      const detail = signIn.authenticationDetails?.find((d) => d.authenticationMethod === used)?.authenticationMethodDetail;
      modes.push(detail === 'One-time use' ? 'temporaryAccessPassOneTime' : 'temporaryAccessPassMultiUse');
    } else if (used.startsWith('Passkey')) {
      modes.push('fido2');
      const aaGuid = /AAGUID ([0-9a-f-]{36})/i.exec(signIn.authenticationDetails?.find((d) => d.authenticationMethod === used)?.authenticationMethodDetail ?? '')?.[1];
      passkey = { passkeyType: used.includes('synced') ? 'synced' : 'deviceBound', ...(aaGuid ? { aaGuid } : {}) };
    }
  }
  return { modes, ...(passkey ? { passkey } : {}) };
}

/** One methods list's methods, numbered in order of first sight (see `MethodsOfSignIns`). */
export interface SignInMethods { methods: MethodsUsed; id: number }

interface Node { next: Map<string, Node>; methods?: SignInMethods }

const readsDetail = (used: string) => used === 'Temporary Access Pass' || used.startsWith('Passkey');

/** The detail `methodsOf` reads for a method ('' for none), without a closure per sign-in. */
function detailOf(signIn: Pick<SignIn, 'authenticationDetails'>, used: string): string {
  for (const d of signIn.authenticationDetails ?? []) if (d.authenticationMethod === used) return d.authenticationMethodDetail ?? '';
  return '';
}

/**
 * Each distinct list of methods converted once and numbered, so replay can key on the number:
 * a trie on the methods used, each pass or passkey followed by its detail (what `methodsOf`
 * reads of a sign-in, and nothing else). Building a string key per sign-in cost more than the
 * conversion; a trie step is one lookup of a short string. Capped: it starts over when full,
 * and numbers are never reused, so a number always means one list.
 */
export class MethodsOfSignIns {
  #root: Node = { next: new Map() };
  #nodes = 0;
  #next = 0;

  of(signIn: Pick<SignIn, 'authenticationMethodsUsed' | 'authenticationDetails'>): SignInMethods {
    if (this.#nodes >= 100_000) {
      this.#root = { next: new Map() };
      this.#nodes = 0;
    }
    let node = this.#root;
    for (const used of signIn.authenticationMethodsUsed ?? []) {
      node = this.#step(node, used);
      if (readsDetail(used)) node = this.#step(node, detailOf(signIn, used));
    }
    return (node.methods ??= { methods: methodsOf(signIn), id: this.#next++ });
  }

  #step(node: Node, part: string): Node {
    let next = node.next.get(part);
    if (!next) {
      node.next.set(part, (next = { next: new Map() }));
      this.#nodes += 1;
    }
    return next;
  }
}
