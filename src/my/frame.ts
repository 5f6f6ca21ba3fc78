import { escapeHtml, htmlDocument } from '../oidc/index.ts';

/**
 * The frame of My account's pages, the admin center's in server-rendered HTML: a brand-coloured
 * top bar with the product, the person signed in and Sign out; a left nav (above the page on a
 * narrow screen); the page in <main>. No link to the admin center: these pages are for everyone.
 */

/** Who the pages are for, as the top bar shows them. */
export interface AccountHolder {
  displayName: string | null;
  userPrincipalName: string;
}

export type AccountSection = 'security-info' | 'sign-ins';

// Fluent UI System Icons (MIT), 20px regular: ShieldKeyhole and History, as in the admin center's nav.
const icons: Record<AccountSection, string> = {
  'security-info': 'M11.5 9c0 .65-.42 1.2-1 1.41v2.09a.5.5 0 0 1-1 0v-2.09a1.5 1.5 0 1 1 2-1.41m-1.22-6.92a.5.5 0 0 0-.56 0 15 15 0 0 1-6.3 2.43A.5.5 0 0 0 3 5v4.5q.02 5.86 6.82 8.47a.5.5 0 0 0 .36 0C14.69 16.23 17 13.39 17 9.5V5a.5.5 0 0 0-.43-.5 15 15 0 0 1-6.3-2.42M4 5.43a16 16 0 0 0 5.6-2.08l.4-.25.4.25A16 16 0 0 0 16 5.43V9.5c0 3.4-1.97 5.86-6 7.46-4.03-1.6-6-4.07-6-7.46z',
  'sign-ins': 'M10 4a6 6 0 1 1-5.98 5.54.5.5 0 1 0-1-.08L3 10a7 7 0 1 0 2-4.9V3.5a.5.5 0 0 0-1 0v3c0 .28.22.5.5.5h3a.5.5 0 0 0 0-1H5.53c1.1-1.23 2.7-2 4.47-2m0 2.5a.5.5 0 0 0-1 0v4c0 .28.22.5.5.5h3a.5.5 0 0 0 0-1H10z',
};

const sections: ReadonlyArray<{ id: AccountSection; title: string; href: string }> = [
  { id: 'security-info', title: 'Security info', href: '/my/security-info' },
  { id: 'sign-ins', title: 'My sign-ins', href: '/my/sign-ins' },
];

/** Up to two initials for the avatar (decorative: the name is written next to it). */
function initials(name: string): string {
  const words = name.split(/[\s._@-]+/).filter(Boolean);
  return words.slice(0, 2).map((w) => [...w][0]!.toUpperCase()).join('') || '?';
}

function nav(current: AccountSection | undefined): string {
  const items = sections.map((s) => `<li><a href="${s.href}"${s.id === current ? ' aria-current="page"' : ''}>`
    + `<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false"><path d="${icons[s.id]}"/></svg>${s.title}</a></li>`);
  return `<nav aria-label="My account">
<ul>
${items.join('\n')}
</ul>
</nav>`;
}

/** A My account page: `body` is trusted HTML built with `escapeHtml`, starting with its h1. */
export function accountPage(title: string, holder: AccountHolder, body: string, options: {
  current?: AccountSection;
  scripts?: readonly string[];
} = {}): string {
  const name = holder.displayName?.trim() || holder.userPrincipalName;
  return htmlDocument(title, `<header class="topbar">
<a class="skip" href="#main">Skip to content</a>
<span class="brand">My account</span>
<span class="spacer"></span>
<span class="me"><span class="avatar" aria-hidden="true">${escapeHtml(initials(name))}</span><span class="name">`
    + `<span class="visually-hidden">Signed in as </span>${escapeHtml(name)}</span></span>
<form method="post" action="/my/sign-out"><button type="submit">Sign out</button></form>
</header>
<div class="frame">
${nav(options.current)}
<main id="main" tabindex="-1">
${body}
</main>
</div>`, options.scripts);
}
