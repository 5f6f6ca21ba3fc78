import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { ApiError } from './api-error.ts';
import type { ApiState } from './api-state.ts';

/**
 * The last middleware: a request no route answered. A path some route serves with another
 * method is a 405 with `Allow` (RFC 9110 §15.5.6); OPTIONS on it lists the methods. Anything
 * else is a 404 naming the first path segment no route knows, in Graph's words
 * ("Resource not found for the segment 'x'.").
 */
export function koaRouteNotFound(
  routers: ReadonlyArray<Router<ApiState>>,
  routePaths: () => readonly string[],
): Middleware<ApiState> {
  return async (ctx) => {
    const allowed = new Set<string>();
    for (const router of routers) {
      for (const layer of router.match(ctx.path, ctx.method).path) {
        for (const method of layer.methods) allowed.add(method);
      }
    }
    if (allowed.size > 0) {
      const allow = [...allowed].join(', ');
      if (ctx.method === 'OPTIONS') {
        ctx.status = 204;
        ctx.set('Allow', allow);
        return;
      }
      throw new ApiError(
        'MethodNotAllowed',
        'Specified HTTP method is not allowed for the request target.',
        {
          headers: { Allow: allow },
        },
      );
    }
    const segment = unknownSegment(ctx.path, routePaths());
    throw new ApiError('ResourceNotFound', `Resource not found for the segment '${segment}'.`);
  };
}

/** The first segment of `path` that no route path continues with. */
export function unknownSegment(path: string, routePaths: readonly string[]): string {
  const segments = path.split('/').filter(Boolean);
  let known = 0;
  for (const route of routePaths) {
    const routeSegments = route.split('/').filter(Boolean);
    let matched = 0;
    while (
      matched < segments.length &&
      matched < routeSegments.length &&
      segmentMatches(routeSegments[matched]!, segments[matched]!)
    ) {
      matched += 1;
    }
    known = Math.max(known, matched);
  }
  const segment = segments[Math.min(known, segments.length - 1)] ?? '';
  return decodeSegment(segment).slice(0, 200);
}

function segmentMatches(routeSegment: string, segment: string): boolean {
  return (
    routeSegment.startsWith(':') ||
    routeSegment.toLowerCase() === decodeSegment(segment).toLowerCase()
  );
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
