import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { ApiState } from './api-state.ts';

/** A client id is echoed only when it is a short run of visible ASCII, such as a GUID. */
const clientRequestIdPattern = /^[\x21-\x7e]{1,128}$/;

/**
 * Graph tags every response with `request-id` and echoes the caller's `client-request-id`
 * (falling back to the request id), so a failure can be traced from either side
 * (https://learn.microsoft.com/graph/best-practices-concept#reliability-and-support).
 * Node sets the `Date` header itself.
 */
export function koaRequestId(): Middleware<ApiState> {
  return async (ctx, next) => {
    const requestId = randomUUID();
    const supplied = ctx.get('client-request-id');
    const clientRequestId = clientRequestIdPattern.test(supplied) ? supplied : requestId;
    ctx.state.requestId = requestId;
    ctx.state.clientRequestId = clientRequestId;
    ctx.set('request-id', requestId);
    ctx.set('client-request-id', clientRequestId);
    await next();
  };
}
