import Router from '@koa/router';
import Koa from 'koa';
import type { ApiRouter, ApiState } from './api-state.ts';
import { koaAuthenticate, type VerifyAccessToken } from './koa-authenticate.ts';
import { koaErrorHandler, type ErrorLogger } from './koa-error-handler.ts';
import { koaRequestId } from './koa-request-id.ts';
import { koaRouteNotFound } from './koa-route-not-found.ts';
import { defaultBodyLimitBytes } from './json-body.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { configureRouter, routesOf } from './route-registry.ts';

/** A route module: registers its routes (with defineRoute) on the /v1.0 router. */
export type RouteModule<D> = (router: ApiRouter, deps: D) => void;

export interface ApiOptions<D> {
  /** Verifies signature, issuer, audience and lifetime; throws on a bad token. */
  verifyAccessToken: VerifyAccessToken;
  /** Public base URL: the OpenAPI server and, by default, the OAuth issuer. */
  publicUrl: string;
  routes: ReadonlyArray<RouteModule<D>>;
  deps: D;
  /**
   * OAuth endpoints for the OpenAPI security scheme; default oidc-provider's `/auth` and
   * `/token` under publicUrl.
   */
  oauth?: { authorizationUrl?: string; tokenUrl?: string };
  /** Default JSON body limit; default 1 MiB. */
  bodyLimitBytes?: number;
  /** Where unexpected errors go; default stderr. */
  logError?: ErrorLogger;
  /** Shown in the OpenAPI document. */
  version?: string;
}

/** Graph's version segment; every Graph-shaped route lives under it. */
const apiPrefix = '/v1.0';
const isApiPath = (path: string) => /^\/v1\.0(\/|$)/i.test(path);

/**
 * The REST API as a Koa app: `/v1.0/*` (bearer token required), `/openapi.json` and
 * `/healthz`. Every response carries `request-id`; every error is a Graph error body.
 */
export function createApi<D>(options: ApiOptions<D>): Koa<ApiState> {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const api: ApiRouter = new Router<ApiState>({ prefix: apiPrefix });
  configureRouter(api, { bodyLimitBytes: options.bodyLimitBytes ?? defaultBodyLimitBytes });
  for (const register of options.routes) register(api, options.deps);

  const openApi = JSON.stringify(
    buildOpenApiDocument(routesOf(api), {
      publicUrl,
      version: options.version ?? '0.1.0',
      authorizationUrl: options.oauth?.authorizationUrl ?? `${publicUrl}/auth`,
      tokenUrl: options.oauth?.tokenUrl ?? `${publicUrl}/token`,
    }),
  );

  // Unauthenticated service routes. /healthz is not Graph; load balancers need a cheap probe.
  const service = new Router<ApiState>();
  service.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  service.get('/openapi.json', (ctx) => {
    ctx.type = 'application/json';
    ctx.body = openApi;
  });

  const authenticate = koaAuthenticate(options.verifyAccessToken);
  const app = new Koa<ApiState>();
  app.use(koaRequestId());
  app.use(koaErrorHandler(options.logError));
  app.use(service.routes());
  // Before routing, so an unauthenticated caller learns nothing about which paths exist.
  app.use((ctx, next) => (isApiPath(ctx.path) ? authenticate(ctx, next) : next()));
  app.use(api.routes());
  app.use(
    koaRouteNotFound([service, api], () => [
      '/healthz',
      '/openapi.json',
      ...routesOf(api).map((route) => route.path),
    ]),
  );
  return app;
}
