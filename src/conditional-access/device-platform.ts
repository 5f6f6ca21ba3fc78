import type { CaDevicePlatform } from './evaluate/index.ts';

/**
 * The device platform Conditional Access matches on, from the User-Agent header, as Entra does:
 * unverified (a client can say anything), so a policy should block unknown platforms rather than
 * trust this to grant. Order matters: Android user agents also say Linux, iPadOS says Macintosh.
 */
export function devicePlatformOf(userAgent: string | undefined): CaDevicePlatform | undefined {
  if (!userAgent) return undefined;
  if (/Windows Phone/i.test(userAgent)) return 'windowsPhone';
  if (/Android/i.test(userAgent)) return 'android';
  if (/iPhone|iPad|iPod/i.test(userAgent)) return 'iOS';
  if (/Windows NT|Windows/i.test(userAgent)) return 'windows';
  if (/Mac OS X|Macintosh/i.test(userAgent)) return 'macOS';
  if (/Linux|X11|CrOS/i.test(userAgent)) return 'linux';
  return undefined;
}
