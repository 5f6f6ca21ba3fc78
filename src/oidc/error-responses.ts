import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';
import type { Middleware } from 'koa';
import { errorPage } from './pages/error-page.ts';
import { sendPage } from './pages/html.ts';
import { correlationIdOf } from './correlation.ts';

/**
 * oidc-provider `renderError`, called when the authorization endpoint meets an error it must
 * not redirect to the client (unknown client, unregistered redirect_uri: RFC 6749 §4.1.2.1),
 * or another endpoint's caller prefers HTML: a plain page with the code, a plain-language
 * reason and the correlation id. A caller that prefers JSON gets the OAuth error object.
 */
export function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  if (ctx.accepts('html', 'json') === 'json') {
    ctx.body = out;
    return;
  }
  sendPage(ctx, errorPage({ error: out.error, description: out.error_description, correlationId: correlationIdOf(ctx) }), ctx.status);
}

/**
 * Gives every response its correlation id (`client-request-id`, as Entra echoes it) and adds it,
 * with a timestamp, to JSON error bodies, so an API caller can quote it to an administrator.
 */
export const correlate: Middleware = async (ctx, next) => {
  ctx.set('client-request-id', correlationIdOf(ctx));
  await next();
  const body = ctx.body as Record<string, unknown> | undefined;
  if (ctx.status >= 400 && body && typeof body === 'object' && typeof body.error === 'string' && !Buffer.isBuffer(body)) {
    ctx.body = { ...body, timestamp: new Date().toISOString(), correlation_id: correlationIdOf(ctx) };
  }
};
