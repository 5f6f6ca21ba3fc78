import { isIP } from 'node:net';
import type { BootstrapUserResult } from '../admin/bootstrap-admin.ts';

/** My Security Info, where a person signs in with a Temporary Access Pass and adds a passkey. */
export const securityInfoUrl = (publicUrl: string): string => `${publicUrl}/my/security-info`;

/**
 * What the operator does with a bootstrap pass, printed by `limen start` (first start) and
 * `limen bootstrap-admin user`: the pass, until when it works, and the three steps to a passkey.
 */
export function tapInstructions(admin: BootstrapUserResult, publicUrl: string): string {
  const until = new Date(Date.parse(admin.startDateTime) + admin.lifetimeInMinutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
  return (
    `  user:                   ${admin.userPrincipalName}\n` +
    `  Temporary Access Pass:  ${admin.temporaryAccessPass}\n` +
    `  valid until:            ${until}${admin.isUsableOnce ? ' (for one sign-in)' : ''}\n` +
    `To get in: open ${securityInfoUrl(publicUrl)}, sign in as ${admin.userPrincipalName} with the\n` +
    `Temporary Access Pass, and add a passkey${admin.isUsableOnce ? ' within 10 minutes of signing in' : ''}.\n` +
    'The pass is shown only now. Lost it, or it no longer works? Run `npx limen bootstrap-admin user` on this machine.\n' +
    // WebAuthn refuses IP addresses as relying party ids, so the last step would fail.
    (isIP(host) ? `Passkeys need a domain name, not ${host}: set LIMEN_PUBLIC_URL (e.g. http://localhost:<port>).\n` : '')
  );
}
