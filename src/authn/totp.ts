/**
 * Time-based one-time passwords (RFC 6238) through `otpauth`: what every authenticator app
 * speaks. SHA-1, 6 digits and 30-second steps, because those are the only values every app
 * honours (Google Authenticator ignores the others); the secret is 160 bits (RFC 4226 §4).
 */
import { Secret, TOTP } from 'otpauth';

const period = 30;
const digits = 6;

export interface TotpSecret {
  /** Base32, as typed into an app by hand. */
  base32: string;
}

export function generateTotpSecret(): TotpSecret {
  return { base32: new Secret({ size: 20 }).base32 };
}

/** The `otpauth://` URI an app reads from the QR code (Google's Key Uri Format). */
export function totpUri(secret: TotpSecret, issuer: string, account: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret.base32), digits, period }).toString();
}

/** The time step a moment falls in (RFC 6238 §4.2, T0 = 0). */
export const totpStep = (at: Date): number => Math.floor(at.getTime() / 1000 / period);

/**
 * The time step a code belongs to, or undefined when it matches none. One step either side is
 * accepted for clock drift (RFC 6238 §5.2 recommends at most one). Replay protection is the
 * caller's: a step at or before the last one used must be refused (§5.2).
 */
export function totpMatchingStep(secret: TotpSecret, code: string, at: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret.base32), digits, period, timestamp: at.getTime(), window: 1 });
  return delta === null ? undefined : totpStep(at) + delta;
}

/** The current code, for tests and benchmarks that play the app. */
export function totpCode(secret: TotpSecret, at: Date = new Date()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret.base32), digits, period, timestamp: at.getTime() });
}
