import { stylesheetHref } from './assets.ts';

/**
 * The frame of every page Limen renders during sign-in: plain server-rendered HTML, no inline
 * script or style, nothing from another origin, labelled inputs, headings in order, errors
 * announced with role="alert". Works without JavaScript (only passkeys need it: WebAuthn is a
 * browser API) and with a screen reader; respects the user's colour scheme. The look (Fluent
 * UI's tokens, as in the admin center) is in stylesheet.ts.
 */

/**
 * CSP for Limen's pages: styles and scripts only from Limen's own /assets (no inline ones),
 * fetches only to itself; no framing (clickjacking), no base. (No form-action: Chromium applies
 * it to the redirect after a form post, which must reach the app's redirect URI.)
 */
export const contentSecurityPolicy =
  `default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; ` +
  `base-uri 'none'; frame-ancestors 'none'`;

/** Headers every page carries. */
export const pageHeaders: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': contentSecurityPolicy,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => entities[c]!);
}

/**
 * A complete HTML document around `body` (trusted HTML built with `escapeHtml`); `scripts` are
 * paths under /assets (assets.ts), loaded deferred.
 */
export function htmlDocument(title: string, body: string, scripts: readonly string[] = []): string {
  const tags = scripts.map((src) => `<script defer src="${escapeHtml(src)}"></script>\n`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Limen</title>
<link rel="stylesheet" href="${escapeHtml(stylesheetHref)}">
${tags}</head>
<body>
${body}
</body>
</html>`;
}

/** A sign-in page: one centred card under Limen's name. */
export function page(title: string, body: string, options: { scripts?: readonly string[] } = {}): string {
  return htmlDocument(title, `<main class="card">
<p class="wordmark">Limen</p>
${body}
</main>`, options.scripts);
}

/** An error message announced to screen readers as soon as the page loads. */
export function alert(message: string | undefined): string {
  return message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '';
}

/** Anything with Koa's header API: Koa contexts and oidc-provider's. */
interface Responder {
  status: number;
  body: unknown;
  set(field: string, value: string): void;
}

export function sendPage(ctx: Responder, html: string, status = 200): void {
  for (const [name, value] of Object.entries(pageHeaders)) ctx.set(name, value);
  ctx.status = status;
  ctx.body = html;
}
