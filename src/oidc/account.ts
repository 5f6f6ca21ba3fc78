import type { Account, FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import { tapEnd, type TemporaryAccessPass } from '../authn/index.ts';
import type { Directory, User } from '../directory/index.ts';

/** Why findAccount refused a user, for the sign-in log of the request that asked. */
export type AccountRefusal = 'userNotFound' | 'userDisabled' | 'sessionRevoked' | 'temporaryAccessPassEnded';
const refusals = new WeakMap<object, AccountRefusal>();

export const accountRefusalOf = (ctx: object): AccountRefusal | undefined => refusals.get(ctx);

export interface LimenAccount extends Account {
  user: User;
}

/**
 * oidc-provider asks for the account behind every session, code, device code and refresh token
 * it honours. The user is read fresh each time (never cached), so disabling a user, deleting it
 * or revoking its sign-in sessions (Graph revokeSignInSessions) through any process is refused
 * by every process at the next request: undefined here becomes invalid_grant at the token
 * endpoint and a new sign-in prompt at the authorization endpoint.
 */
export function createFindAccount(
  directory: Directory,
  tenantId: string,
  tapOf: (userId: string) => Promise<TemporaryAccessPass | undefined> = async () => undefined,
): FindAccount {
  return async (ctx: KoaContextWithOIDC, sub: string, token?: { authTime?: number; iiat?: number; iat?: number; amr?: string[] }) => {
    const refuse = (why: AccountRefusal) => {
      refusals.set(ctx, why);
      return undefined;
    };
    const user = await directory.users.get(sub);
    if (!user) return refuse('userNotFound');
    if (!user.accountEnabled) return refuse('userDisabled');

    // When the user authenticated: the token's auth_time, else its first issue (a rotated
    // refresh token keeps `iiat`), else the session's login. Anything from before
    // signInSessionsValidFromDateTime was revoked. Both sides are compared in whole seconds,
    // the resolution of `auth_time`: revokeSignInSessions rounds its instant up to the next
    // second, so whatever was issued in the second it ran is revoked too.
    const authenticatedAt = token
      ? (token.authTime ?? token.iiat ?? token.iat)
      : ctx.oidc.session?.authTime();
    const validFrom = Math.floor(Date.parse(user.signInSessionsValidFromDateTime) / 1000);
    if (authenticatedAt !== undefined && authenticatedAt < validFrom) return refuse('sessionRevoked');

    // A session, code or refresh token from a Temporary Access Pass sign-in never outlives the
    // pass: it ends when the pass expires, or when the pass is deleted or replaced.
    const amr = token ? token.amr : (ctx.oidc.session as { amr?: string[] } | undefined)?.amr;
    if (amr?.includes('tap')) {
      const tap = await tapOf(user.id);
      const start = tap ? Math.floor(Date.parse(tap.startDateTime) / 1000) : undefined;
      const ended = !tap || Date.now() >= tapEnd(tap).getTime()
        || (authenticatedAt !== undefined && start !== undefined && authenticatedAt < start);
      if (ended) return refuse('temporaryAccessPassEnded');
    }

    const account: LimenAccount = {
      accountId: user.id,
      user,
      // OIDC Core §5.1 claims plus Entra's oid and tid; oidc-provider filters them by scope.
      claims: () => ({
        sub: user.id,
        oid: user.id,
        tid: tenantId,
        name: user.displayName,
        preferred_username: user.userPrincipalName,
        ...(user.mail ? { email: user.mail } : {}),
      }),
    };
    return account;
  };
}
