/**
 * The admin center at `/console/`: serves the single-page app that `vite build` wrote to
 * dist/console/ (source in console/ at the repository root). No second process: the same HTTP
 * server as the provider and the API.
 *
 * - `/console/assets/*`: content-hashed files, cached for a year (`immutable`); a missing one is a
 *   404, never index.html, so a stale tab fails loudly instead of parsing HTML as JavaScript.
 * - every other path under `/console/`: index.html (client-side routes), `no-cache`, with a fresh
 *   CSP nonce per response (Fluent UI inserts its styles at run time, into nonce-carrying
 *   `<style>` elements) and the public URL and client id the app signs in with. No inline script.
 * - compressed with brotli or gzip when the browser accepts it, compressed once and kept.
 *
 * The app calls only the public management API (/v1.0) with a token from Limen's own provider.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import Koa, { type Context } from 'koa';
import { consoleClient } from '../directory/index.ts';

export interface AdminCenterDeps {
  /** Limen's public URL: the app is sent there first when opened at another address. */
  publicUrl: string;
  /** Where the built app is; default dist/console/ of this package. */
  root?: string;
  /**
   * The provider's endpoints (RFC 8414 names), put in the page so the app sends the admin to
   * sign in without fetching discovery first: one round trip less on every first load.
   */
  authorizationServer?: Readonly<Record<string, string>>;
}

/** Where every path of the admin center starts. */
export const adminCenterPath = '/console';

const defaultRoot = fileURLToPath(new URL('../../dist/console/', import.meta.url));

/** Placeholders in console/index.html that the server fills per response. */
const noncePlaceholder = '__LIMEN_CSP_NONCE__';
const configPlaceholder = '__LIMEN_CONSOLE_CONFIG__';

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const compressible = new Set(['.js', '.css', '.html', '.json', '.map', '.svg', '.txt']);

/**
 * The CSP of the app's page: scripts only from Limen's origin (no inline script, no eval), styles
 * from it or carrying this response's nonce, fetches only to Limen itself (the API, discovery and
 * the token endpoint), no framing, no plugins, no base.
 */
export function consoleContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  br?: Promise<Buffer>;
  gzip?: Promise<Buffer>;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export function createAdminCenter(deps: AdminCenterDeps): Koa {
  const root = normalize(deps.root ?? defaultRoot);
  const config = JSON.stringify({
    publicUrl: new URL(deps.publicUrl).origin, clientId: consoleClient.appId,
    ...(deps.authorizationServer ? { authorizationServer: deps.authorizationServer } : {}),
  });
  const files = new Map<string, CachedFile>();
  const app = new Koa();

  /** A file of the build, read once and re-read when a rebuild changed it; undefined when absent. */
  async function load(relative: string): Promise<CachedFile | undefined> {
    const path = normalize(join(root, relative));
    if (!path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const cached = files.get(path);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const fresh: CachedFile = { mtimeMs: info.mtimeMs, size: info.size, body: await readFile(path) };
    files.set(path, fresh);
    return fresh;
  }

  /** The body in the best encoding the browser takes (compressed once per file, then kept). */
  async function encoded(ctx: Context, file: CachedFile, ext: string): Promise<Buffer> {
    if (!compressible.has(ext) || file.body.length < 1024) return file.body;
    ctx.vary('Accept-Encoding');
    const encoding = ctx.acceptsEncodings('br', 'gzip', 'identity');
    if (encoding === 'br') {
      file.br ??= brotli(file.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } });
      ctx.set('content-encoding', 'br');
      return file.br;
    }
    if (encoding === 'gzip') {
      file.gzip ??= gzipAsync(file.body, { level: 9 });
      ctx.set('content-encoding', 'gzip');
      return file.gzip;
    }
    return file.body;
  }

  function commonHeaders(ctx: Context) {
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('referrer-policy', 'no-referrer');
    ctx.set('cross-origin-opener-policy', 'same-origin');
    ctx.set('cross-origin-resource-policy', 'same-origin');
  }

  async function sendIndex(ctx: Context) {
    const file = await load('index.html');
    commonHeaders(ctx);
    ctx.set('cache-control', 'no-cache');
    if (!file) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'The admin center has not been built. Run `npm run build` (or `npm ci`) and start Limen again.\n';
      return;
    }
    const nonce = randomBytes(18).toString('base64');
    const html = file.body.toString('utf8')
      .replaceAll(noncePlaceholder, nonce)
      .replaceAll(configPlaceholder, escapeAttribute(config));
    ctx.set('content-security-policy', consoleContentSecurityPolicy(nonce));
    ctx.set('x-frame-options', 'DENY');
    ctx.type = types['.html']!;
    ctx.status = 200;
    ctx.body = html;
  }

  app.use(async (ctx) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('allow', 'GET, HEAD');
      ctx.status = 405;
      return;
    }
    if (ctx.path === adminCenterPath) {
      ctx.status = 301;
      ctx.redirect(`${adminCenterPath}/${ctx.search}`);
      return;
    }
    const relative = ctx.path.slice(adminCenterPath.length + 1);
    let decoded: string;
    try {
      decoded = decodeURIComponent(relative);
    } catch {
      ctx.status = 400;
      return;
    }
    const isAsset = decoded.startsWith('assets/');
    // Files of the build other than index.html (hashed assets, favicon); dotfiles never.
    if (decoded && !decoded.includes('\0') && !decoded.split('/').some((part) => part.startsWith('.')) && decoded !== 'index.html') {
      const file = await load(decoded);
      if (file) {
        const ext = extname(decoded).toLowerCase();
        commonHeaders(ctx);
        ctx.set('cache-control', isAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
        ctx.type = types[ext] ?? 'application/octet-stream';
        const body = await encoded(ctx, file, ext);
        ctx.status = 200;
        ctx.body = body; // Koa sends headers only for HEAD
        return;
      }
    }
    if (isAsset) {
      commonHeaders(ctx);
      ctx.set('cache-control', 'no-store');
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'Not found. The admin center was updated: reload the page.\n';
      return;
    }
    await sendIndex(ctx);
  });
  return app;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
