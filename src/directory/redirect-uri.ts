import { z } from 'zod';

/**
 * Redirect URIs are matched exactly at the authorization endpoint (RFC 9700 §2.1), so they are
 * checked strictly when registered: absolute, no fragment (RFC 6749 §3.1.2), no wildcard,
 * https except for loopback (RFC 8252 §7.3); public (native) clients may also use a private-use
 * scheme such as `com.example.app:/callback` (RFC 8252 §7.1).
 */
/** Loopback names that RFC 8252 §7.3 lets native apps and local development use over http. */
export const isLoopbackHost = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';

function check(kind: 'web' | 'spa' | 'publicClient') {
  return z.string().max(256).superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not an absolute URI` });
      return;
    }
    const loopback = isLoopbackHost(url.hostname);
    const problem =
      value.includes('*') ? 'wildcards are not allowed'
      : url.hash || value.includes('#') ? 'a redirect URI must not contain a fragment'
      : url.protocol === 'https:' ? undefined
      : url.protocol === 'http:' ? (loopback ? undefined : 'http is allowed only for localhost; use https')
      : kind === 'publicClient' && /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol)
        ? undefined
        : kind === 'publicClient'
          ? 'a custom scheme must be a reverse domain name, such as com.example.app:'
          : `scheme '${url.protocol}' is not allowed`;
    if (problem) ctx.addIssue({ code: 'custom', message: `'${value}': ${problem}` });
  });
}

export const webRedirectUri = check('web');
export const spaRedirectUri = check('spa');
export const publicClientRedirectUri = check('publicClient');
