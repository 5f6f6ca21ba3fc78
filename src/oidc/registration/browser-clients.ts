/**
 * MCP clients that run in a browser (an inspector, a web chat) register and redeem codes from
 * JavaScript, so they need CORS where a server-side client does not:
 * - `/reg` answers any origin (RFC 7591 registration is open and unauthenticated: a page can do
 *   no more through it than anyone with curl), without credentials;
 * - the token endpoint answers a self-registered PUBLIC client from the origins of its own
 *   redirect URIs only, as Entra does for a single-page app's redirect URIs. A confidential
 *   client's secret has no business in a browser, so it gets none.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';

/** The web origins of `redirectUris` (https, or http on loopback); custom schemes have none. */
export function browserOrigins(redirectUris: readonly string[]): string[] {
  const origins = redirectUris.map((u) => URL.parse(u)).filter((u) => u?.protocol === 'https:' || u?.protocol === 'http:');
  return [...new Set(origins.map((u) => u!.origin))];
}

/** CORS for the registration endpoint at `path`: any origin, POST, no credentials. */
export function registrationCors(path: string) {
  return async function cors(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
    if (ctx.path !== path || !ctx.get('origin')) return next();
    ctx.set('Access-Control-Allow-Origin', '*');
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      ctx.set('Access-Control-Allow-Methods', 'POST');
      ctx.set('Access-Control-Allow-Headers', 'content-type');
      ctx.set('Access-Control-Max-Age', '3600');
      ctx.status = 204;
      return;
    }
    return next();
  };
}
