/**
 * Step-up by authentication strength. An app asks for one with OIDC's `acr_values` (OpenID
 * Connect Core §3.1.2.1), naming strength ids (Entra's built-in ids or a custom strength's): the
 * sign-in then offers only the methods the strength allows, a session that does not satisfy it
 * signs in again, and the ID token's `acr` names the strength that was met. Conditional Access
 * will require strengths through the same path. Unknown values are ignored, as acr_values are
 * voluntary: an app must check `acr` in the ID token, as OIDC says.
 */
import {
  createStrengthRepository, methodModeDisplayNames, modesFromAmr, satisfiesStrength,
  type AuthenticationMethodMode, type AuthenticationStrengthPolicy, type MethodsUsed,
} from '../authn/index.ts';
import { isGuid } from '../directory/index.ts';
import type { Db } from '../store/index.ts';

/** The strengths an authorization request names in `acr_values` that exist, in its order. */
export async function requestedStrengths(db: Db, acrValues: unknown): Promise<AuthenticationStrengthPolicy[]> {
  if (typeof acrValues !== 'string') return [];
  const ids = [...new Set(acrValues.split(' ').filter(isGuid))].slice(0, 10);
  if (ids.length === 0) return [];
  const repo = createStrengthRepository(db);
  return (await Promise.all(ids.map((id) => repo.get(id)))).filter((s): s is AuthenticationStrengthPolicy => Boolean(s));
}

/** What a session used, from its RFC 8176 `amr` (a passkey's model is not known here). */
export function methodsOfSession(amr: readonly string[], tapIsUsableOnce = false): MethodsUsed {
  return {
    modes: modesFromAmr(amr, tapIsUsableOnce),
    ...(amr.includes('fido') ? { passkey: { passkeyType: amr.includes('swk') ? 'synced' as const : 'deviceBound' as const } } : {}),
  };
}

/** The first requested strength these methods satisfy. */
export function firstSatisfied(strengths: readonly AuthenticationStrengthPolicy[], used: MethodsUsed): AuthenticationStrengthPolicy | undefined {
  return strengths.find((s) => satisfiesStrength(s, used).satisfied);
}

/** Which sign-in methods to offer: all of them without a strength, else those some combination uses. */
export function offeredMethods(strengths: readonly AuthenticationStrengthPolicy[]): { password: boolean; tap: boolean; passkey: boolean } {
  if (strengths.length === 0) return { password: true, tap: true, passkey: true };
  const modes = new Set(strengths.flatMap((s) => s.allowedCombinations.flatMap((c) => c.split(','))));
  return {
    password: modes.has('password'),
    tap: modes.has('temporaryAccessPassOneTime') || modes.has('temporaryAccessPassMultiUse'),
    passkey: modes.has('fido2'),
  };
}

/** "Phishing-resistant MFA (Passkeys (FIDO2), …)", for the message when a sign-in falls short. */
export function describeStrengths(strengths: readonly AuthenticationStrengthPolicy[]): string {
  return strengths.map((s) => {
    const usable = s.allowedCombinations.filter((c) => c.split(',').every((m) => limenModes.has(m as AuthenticationMethodMode)));
    const ways = usable.map((c) => c.split(',').map((m) => methodModeDisplayNames[m as AuthenticationMethodMode]).join(' + '));
    return `${s.displayName}: ${ways.join(', ') || 'no method Limen offers'}`;
  }).join('; or ');
}

/** The modes Limen's sign-in pages can produce. */
const limenModes = new Set<AuthenticationMethodMode>(['password', 'softwareOath', 'fido2', 'temporaryAccessPassOneTime', 'temporaryAccessPassMultiUse']);
