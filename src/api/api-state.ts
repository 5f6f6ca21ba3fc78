import type Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import type { Caller } from './authorization.ts';

/** What the API's middleware leaves on `ctx.state` for later middleware and handlers. */
export interface ApiState {
  requestId: string;
  clientRequestId: string;
  /** Set by koa-authenticate on every /v1.0 request that gets past it. */
  caller?: Caller;
}

export type ApiContext = ParameterizedContext<ApiState>;
export type ApiRouter = Router<ApiState>;
