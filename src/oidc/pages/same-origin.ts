import type { Context } from 'koa';

/**
 * Whether a POST to Limen's own pages came from another site. Such POSTs never carry the
 * SameSite=Lax cookies anyway; Fetch Metadata and Origin refuse them outright as well. The pages
 * send no referrer, so browsers send `Origin: null` on their own forms, which is accepted.
 */
export function isCrossSite(ctx: Context, origin: string): boolean {
  const site = ctx.get('sec-fetch-site');
  const from = ctx.get('origin');
  return Boolean((site && site !== 'same-origin') || (from && from !== 'null' && from !== origin));
}
