import type { AnyRouteSpec } from './define-route.ts';

/** A route as the OpenAPI document sees it. */
export interface RouteRecord {
  method: string;
  /** The full path, router prefix included, in the router's `:param` syntax. */
  path: string;
  spec: AnyRouteSpec;
}

export interface RouterSettings {
  bodyLimitBytes: number;
}

interface Registry {
  routes: RouteRecord[];
  settings: RouterSettings | undefined;
}

/**
 * Routes are recorded per router, beside the router rather than on it, so route modules keep
 * the plain `(router, deps) => void` shape and the router stays a stock @koa/router.
 */
const registries = new WeakMap<object, Registry>();

function registryOf(router: object): Registry {
  let registry = registries.get(router);
  if (!registry) {
    registry = { routes: [], settings: undefined };
    registries.set(router, registry);
  }
  return registry;
}

export function configureRouter(router: object, settings: RouterSettings): void {
  registryOf(router).settings = settings;
}

export function routerSettings(router: object): RouterSettings | undefined {
  return registryOf(router).settings;
}

export function recordRoute(router: object, record: RouteRecord): void {
  registryOf(router).routes.push(record);
}

export function routesOf(router: object): readonly RouteRecord[] {
  return registryOf(router).routes;
}
