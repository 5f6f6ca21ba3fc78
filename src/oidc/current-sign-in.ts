import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { FindAccount } from 'oidc-provider';
import type { User } from '../directory/index.ts';
import type { LimenAccount } from './account.ts';

/** Who is signed in to this browser, how, and when, from oidc-provider's session cookie. */
export interface CurrentSignIn {
  user: User;
  /** RFC 8176 methods of the last sign-in ('pwd', 'tap', 'fido', 'mfa', …). */
  amr: string[];
  /** When the user last authenticated, in seconds since the epoch. */
  authTime: number;
}

/**
 * Reads the browser's sign-in session for Limen's own end-user pages (My Security Info), which
 * live on the issuer's origin like Entra's. The account is checked exactly as for a token
 * (disabled, deleted, sessions revoked, Temporary Access Pass ended), so a session the provider
 * would refuse is no session here either.
 */
export function createSessionReader(provider: Provider, findAccount: FindAccount) {
  return async (ctx: Context): Promise<CurrentSignIn | undefined> => {
    const session = await provider.Session.get(ctx as never) as unknown as { accountId?: string; loginTs?: number; amr?: string[] };
    if (!session.accountId || !session.loginTs) return undefined;
    const amr = session.amr ?? [];
    const account = await findAccount({} as never, session.accountId, { authTime: session.loginTs, amr } as never) as LimenAccount | undefined;
    return account && { user: account.user, amr, authTime: session.loginTs };
  };
}

export type SessionReader = ReturnType<typeof createSessionReader>;
