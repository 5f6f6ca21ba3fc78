/** Limen keeps the URL in a tag of the directory application (256 characters at most). */
const maxLength = 200;

/**
 * Whether `value` is a client identifier URL (draft-ietf-oauth-client-id-metadata-document §3):
 * https, with a path beyond `/`, no fragment, no user info, no `.` or `..` segments (raw or
 * percent-encoded, so the URL that is fetched is the URL that was named), nothing a browser would
 * rewrite (spaces, backslashes), and short enough to keep.
 */
export function isClientIdUrl(value: string): boolean {
  if (value.length > maxLength || !value.startsWith('https://') || /[\s\\#\x00-\x1f\x7f]/.test(value)) return false;
  const url = URL.parse(value);
  if (!url || url.protocol !== 'https:' || !url.hostname || url.username || url.password) return false;
  const rawPath = value.slice('https://'.length).replace(/^[^/?]*/, '').split('?')[0]!;
  if (rawPath === '' || rawPath === '/') return false;
  return !rawPath.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}
