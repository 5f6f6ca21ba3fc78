import type { Middleware } from 'koa';

/**
 * OpenID Connect Core §11 honours `offline_access` only with `prompt=consent`, and
 * oidc-provider drops the scope otherwise; Entra issues a refresh token whenever it is asked
 * for. When an authorization request asks for `offline_access` and says nothing about
 * `prompt`, Limen adds `prompt=consent`: the consent step then runs, and it is silent when the
 * directory already holds the consent (see interactions/consent.ts), so users see no page.
 * An explicit `prompt` (e.g. `none`) is left alone and keeps OIDC Core's behaviour.
 */
export function offlineAccessAsksConsent(authorizationPath = '/auth'): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === authorizationPath) {
      const query = new URLSearchParams(ctx.querystring);
      const scopes = (query.get('scope') ?? '').split(' ');
      if (scopes.includes('offline_access') && !query.has('prompt') && !query.has('request') && !query.has('request_uri')) {
        query.set('prompt', 'consent');
        ctx.querystring = query.toString();
      }
    }
    await next();
  };
}
