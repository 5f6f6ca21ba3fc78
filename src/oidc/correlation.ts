import { randomUUID } from 'node:crypto';
import type { SignInInput } from '../logs/index.ts';

const correlationIds = new WeakMap<object, string>();

/**
 * The correlation id of a request: the caller's `client-request-id` when it is a GUID (as
 * Entra accepts), else a new one. It is in every sign-in event, error page and error body.
 */
export function correlationIdOf(ctx: { get(header: string): string }): string {
  let id = correlationIds.get(ctx);
  if (!id) {
    const offered = ctx.get('client-request-id');
    id = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(offered) ? offered.toLowerCase() : randomUUID();
    correlationIds.set(ctx, id);
  }
  return id;
}

/** What the request itself tells: address, agent, correlation id. */
export function requestFacts(ctx: { ip: string; get(header: string): string }): Pick<SignInInput, 'ipAddress' | 'userAgent' | 'correlationId'> {
  return { ipAddress: ctx.ip || null, userAgent: ctx.get('user-agent') || null, correlationId: correlationIdOf(ctx) };
}
