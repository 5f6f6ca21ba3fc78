import type { Middleware } from 'koa';
import type { z } from 'zod';
import { parseListQuery, type ListQuery, type ListQueryOptions } from '../odata/index.ts';
import { ApiError } from './api-error.ts';
import type { ApiContext, ApiRouter, ApiState } from './api-state.ts';
import { authorize, type AuthRequirement, type Caller } from './authorization.ts';
import { defaultBodyLimitBytes, readJsonBody } from './json-body.ts';
import { recordRoute, routerSettings } from './route-registry.ts';
import { validationError, type RequestPart } from './validation-error.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Schema = z.ZodType | undefined;
type ListOptions = ListQueryOptions | undefined;

/**
 * A route's contract, in the spirit of Logto's koaGuard: what it accepts, who may call it and
 * what it answers. The same declaration drives validation, authorisation and the OpenAPI
 * document.
 */
export interface RouteSpec<
  P extends Schema,
  Q extends Schema,
  B extends Schema,
  R extends Schema,
  L extends ListOptions,
> {
  method: HttpMethod;
  /** Relative to the router's prefix, in @koa/router syntax: `/users/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags?: readonly string[];
  auth: AuthRequirement;
  params?: P;
  query?: Q;
  /** Must be a strict object (z.strictObject), so an unknown property is a 400 naming it. */
  body?: B;
  /**
   * Instead of a strict body schema: the name of the parser the handler runs on the whole body,
   * for documents Limen must keep whole, unknown members included (an exported Conditional
   * Access policy's beta members). That parser is then the one that answers 400s.
   */
  bodyParsedBy?: string;
  /** The response is parsed through it: undeclared properties are dropped, never leaked. */
  response?: R;
  /** For collections: `$filter`, `$orderby`, `$top`… parsed and validated into `listQuery`. */
  listQuery?: L;
  /** Statuses the route answers with; the first 2xx is its success status. */
  status: readonly number[];
  /** Default: the router's setting, else 1 MiB. */
  bodyLimitBytes?: number;
}

export type AnyRouteSpec = RouteSpec<Schema, Schema, Schema, Schema, ListOptions>;

export interface RouteInput<
  P extends Schema,
  Q extends Schema,
  B extends Schema,
  L extends ListOptions,
> {
  ctx: ApiContext;
  caller: Caller;
  params: P extends z.ZodType ? z.output<P> : Record<string, string>;
  query: Q extends z.ZodType ? z.output<Q> : Record<string, string | string[] | undefined>;
  body: B extends z.ZodType ? z.output<B> : undefined;
  listQuery: L extends ListQueryOptions ? ListQuery : undefined;
}

/** What a handler returns: the response body (before the response schema), or undefined. */
export type RouteResult<R extends Schema> = R extends z.ZodType ? z.input<R> | undefined : unknown;

export type RouteHandler<
  P extends Schema,
  Q extends Schema,
  B extends Schema,
  R extends Schema,
  L extends ListOptions,
> = (input: RouteInput<P, Q, B, L>) => Promise<RouteResult<R>>;

/**
 * Registers a route on the router and records it for the OpenAPI document. Order of checks:
 * authorisation (403) before anything about the request is read, then path, query, OData
 * options and body (400/413/415), then the handler.
 */
export function defineRoute<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  R extends Schema = undefined,
  L extends ListOptions = undefined,
>(router: ApiRouter, spec: RouteSpec<P, Q, B, R, L>, handler: RouteHandler<P, Q, B, R, L>): void {
  const where = `${spec.method} ${spec.path}`;
  const successStatus = spec.status.find((status) => status >= 200 && status < 300);
  if (successStatus === undefined) throw new Error(`${where}: declare a 2xx status`);
  if (spec.body && !isStrictObject(spec.body) && !spec.bodyParsedBy) {
    throw new Error(
      `${where}: the body schema must be z.strictObject so unknown properties are rejected`,
    );
  }
  const bodyLimitBytes =
    spec.bodyLimitBytes ?? routerSettings(router)?.bodyLimitBytes ?? defaultBodyLimitBytes;
  recordRoute(router, {
    method: spec.method,
    path: `${router.opts.prefix ?? ''}${spec.path}`,
    spec,
  });

  const middleware: Middleware<ApiState> = async (ctx) => {
    const caller = ctx.state.caller;
    if (!caller) throw new ApiError('InvalidAuthenticationToken', 'Access token is empty.');
    authorize(caller, spec.auth);
    const params = validate(spec.params, (ctx as { params?: unknown }).params ?? {}, 'path');
    const query = validate(spec.query, ctx.query, 'query');
    const listQuery = spec.listQuery ? parseListQuery(ctx.query, spec.listQuery) : undefined;
    const rawBody = spec.body ? await readJsonBody(ctx, bodyLimitBytes) : undefined;
    const body = validate(spec.body, rawBody, 'body');
    const input = { ctx, caller, params, query, body, listQuery } as RouteInput<P, Q, B, L>;
    const result = await handler(input);
    ctx.status = successStatus;
    if (result !== undefined) {
      ctx.body = spec.response ? checkedResponse(spec.response, result, where) : result;
    }
  };
  router.register(spec.path, [spec.method], middleware);
}

function validate(schema: Schema, value: unknown, part: RequestPart): unknown {
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error.issues, part, value);
  return parsed.data;
}

/** A response that breaks its own schema is a server bug: a 500, logged, with nothing leaked. */
function checkedResponse(schema: z.ZodType, result: unknown, where: string): unknown {
  const parsed = schema.safeParse(result);
  if (!parsed.success) {
    throw new Error(
      `${where}: the response does not match its schema: ${JSON.stringify(parsed.error.issues)}`,
    );
  }
  return parsed.data;
}

function isStrictObject(schema: z.ZodType): boolean {
  const def = schema._zod.def as { type: string; catchall?: z.ZodType };
  return def.type === 'object' && def.catchall?._zod.def.type === 'never';
}
