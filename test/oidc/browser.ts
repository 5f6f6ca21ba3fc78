/**
 * A minimal browser for driving the sign-in pages: fetch with a cookie jar, redirects followed
 * by hand (so the test sees where it is sent), HTML forms submitted as a browser would. It does
 * not speak OAuth: openid-client does that; this only plays the user.
 */
import assert from 'node:assert/strict';

export interface Page {
  url: string;
  status: number;
  html: string;
}

export class Browser {
  readonly #cookies = new Map<string, string>();
  readonly #origin: string;
  /** Sent with every request (e.g. X-Forwarded-For, to sign in from another address). */
  readonly headers: Record<string, string>;

  constructor(origin: string, headers: Record<string, string> = {}) {
    this.#origin = origin;
    this.headers = headers;
  }

  /** Forgets every cookie: a new browser profile. */
  clearCookies(): void {
    this.#cookies.clear();
  }

  get cookieNames(): string[] {
    return [...this.#cookies.keys()];
  }

  /** The value of one cookie, or undefined when the browser holds none by that name. */
  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.headers, accept: 'text/html' };
    if (new URL(url).origin === this.#origin && this.#cookies.size) {
      headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now());
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  /**
   * Requests `url` and follows redirects within Limen; stops at a page (non-redirect) or at a
   * redirect that leaves Limen (the client's redirect URI), whose URL is returned unfetched.
   */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    let response = await this.request(url, init);
    let current = url;
    for (let hops = 0; hops < 20; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { url: current, status: response.status, html: await response.text() };
      }
      await response.body?.cancel();
      current = new URL(location, current).toString();
      if (new URL(current).origin !== this.#origin) return { url: current, status: response.status, html: '' };
      response = await this.request(current);
    }
    throw new Error('too many redirects');
  }

  /** Submits the form whose action contains `actionPart` on `page`, with `fields` filled in. */
  async submit(page: Page, actionPart: string, fields: Record<string, string> = {}): Promise<Page> {
    const form = findForm(page.html, actionPart);
    const action = new URL(form.action.replace(/&amp;/g, '&'), page.url).toString();
    return this.follow(action, { method: 'POST', form: { ...form.hidden, ...fields } });
  }
}

function findForm(html: string, actionPart: string): { action: string; hidden: Record<string, string> } {
  for (const match of html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    if (!match[1]!.includes(actionPart)) continue;
    const hidden: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
      hidden[input[1]!] = unescape(input[2]!);
    }
    return { action: match[1]!, hidden };
  }
  assert.fail(`no form posting to …${actionPart} on ${html.slice(0, 2000)}`);
}

function unescape(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Signs `username` in at the authorization URL: username page, password page, consent when
 * asked (accepted), back to the client. Returns the last page or the redirect URI reached.
 */
export async function signIn(browser: Browser, authorizationUrl: string | URL, username: string, password: string, options: { consent?: boolean } = {}): Promise<Page> {
  let page = await browser.follow(authorizationUrl.toString());
  if (page.html.includes('/username"')) {
    page = await browser.submit(page, '/username', { username });
    page = await browser.submit(page, '/login', { password });
  }
  if (page.html.includes('/consent"') && options.consent !== false) {
    page = await browser.submit(page, '/consent', { decision: 'accept' });
  }
  return page;
}
