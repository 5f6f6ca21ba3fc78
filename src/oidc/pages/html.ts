import { createHash } from 'node:crypto';

/**
 * The frame of every page Limen renders during sign-in: plain server-rendered HTML, no inline
 * script, no external assets, one inline style allowed by its hash (CSP Level 2), labelled
 * inputs, headings in order, errors announced with role="alert". Works without JavaScript (only
 * passkeys need it: WebAuthn is a browser API) and with a screen reader; respects the user's
 * colour scheme.
 */
const style = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#f4f4f4;--card:#fff;--muted:#555;--accent:#0b5cad;--error:#a4262c}
@media (prefers-color-scheme:dark){:root{--fg:#f3f3f3;--bg:#1b1b1b;--card:#262626;--muted:#c8c8c8;--accent:#6cb8f6;--error:#f1707b}}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:28rem;margin:3rem auto;padding:2rem;background:var(--card);border-radius:.5rem;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.5rem;margin:0 0 1rem}
p.lead{color:var(--muted);margin-top:0}
p.note{border-left:4px solid var(--accent);padding-left:.75rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=text],input[type=password],input[type=email]{width:100%;padding:.6rem;font:inherit;color:inherit;background:transparent;border:1px solid var(--muted);border-radius:.25rem}
input:focus,button:focus,a:focus{outline:3px solid var(--accent);outline-offset:2px}
.actions{display:flex;gap:.75rem;margin-top:1.5rem;flex-wrap:wrap}
button{font:inherit;font-weight:600;padding:.6rem 1.2rem;border-radius:.25rem;border:1px solid var(--accent);cursor:pointer}
button.primary{background:var(--accent);color:var(--card)}
button.secondary{background:transparent;color:var(--accent)}
.error{color:var(--error);border-left:4px solid var(--error);padding-left:.75rem}
a{color:var(--accent)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0;word-break:break-all}
ul.scopes li{margin-bottom:.5rem}
code.user-code{font-size:1.5rem;letter-spacing:.1em}
.divider{text-align:center;color:var(--muted);margin:1.25rem 0 0}
table{width:100%;border-collapse:collapse;margin:1rem 0}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--muted);vertical-align:top}
main.wide{max-width:56rem}
nav.tabs{display:flex;gap:1rem;margin-bottom:1rem}
.muted{color:var(--muted)}
form.inline{display:inline}
`;

const styleHash = createHash('sha256').update(style).digest('base64');

/**
 * CSP for Limen's pages: the one style, scripts only from Limen's own /assets (no inline script),
 * fetches only to itself; no framing (clickjacking), no base. (No form-action: Chromium applies
 * it to the redirect after a form post, which must reach the app's redirect URI.)
 */
export const contentSecurityPolicy =
  `default-src 'none'; style-src 'sha256-${styleHash}'; script-src 'self'; connect-src 'self'; ` +
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
 * A complete page; `body` is trusted HTML built with `escapeHtml`; `scripts` are paths under
 * /assets (assets.ts), loaded deferred.
 */
export function page(title: string, body: string, options: { scripts?: readonly string[]; wide?: boolean } = {}): string {
  const scripts = (options.scripts ?? []).map((src) => `<script defer src="${escapeHtml(src)}"></script>\n`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Limen</title>
<style>${style}</style>
${scripts}</head>
<body>
<main${options.wide ? ' class="wide"' : ''}>
${body}
</main>
</body>
</html>`;
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
