/**
 * Matching a verified identity to an account, as Entra's account recovery does: only the
 * account's first and last name (`givenName`, `surname`) count, never its display name or UPN,
 * and a name that fits more than one account recovers none of them (Entra blocks "users with the
 * same name"). Two match modes, per verification profile
 * (https://learn.microsoft.com/entra/identity/authentication/self-service-account-recovery):
 *
 * - **exact**: both names equal, after Unicode NFC and trimming (runs of spaces count as one);
 *   case and accents count.
 * - **relaxed**: Entra's cross-field word matching. Passports often put the whole legal name in
 *   one field, and directories often hold a subset of it ("Maria" / "Garcia" for "Maria Elena
 *   Garcia Lopez"): every word of the account's first name, and every word of its last name, must
 *   be among the words of the document's first *or* last name. Words compare without case or
 *   accents (Unicode NFKD, marks removed, a few letters folded: ß→ss, ø→o, ł→l…), apostrophes and
 *   dots dropped (O'Brien = OBrien), hyphens split (Garcia-Lopez = Garcia Lopez).
 *
 * Pure functions: no I/O, so every rule is unit-tested (name-matching.test.ts).
 */

export type NameMatching = 'exact' | 'relaxed';

export interface PersonName {
  givenName: string;
  surname: string;
}

/** What matching needs of a directory user. */
export interface NamedAccount {
  id: string;
  accountEnabled: boolean;
  givenName: string | null;
  surname: string | null;
}

const exactForm = (name: string): string => name.normalize('NFC').trim().replace(/\s+/gu, ' ');

/** Letters NFKD leaves whole but a passport's machine-readable zone spells in ASCII (ICAO 9303). */
const folds: Readonly<Record<string, string>> = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i' };

/** The words of a name, compared without case or accents. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/gu, (c) => folds[c] ?? c)
    .replace(/['’ʼ`´.]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const hasNames = (account: NamedAccount): account is NamedAccount & PersonName =>
  Boolean(account.givenName?.trim() && account.surname?.trim());

/** Whether the verified name fits the account's first and last name under `mode`. */
export function namesMatch(account: PersonName, verified: PersonName, mode: NameMatching): boolean {
  if (mode === 'exact') {
    return exactForm(account.givenName) === exactForm(verified.givenName)
      && exactForm(account.surname) === exactForm(verified.surname);
  }
  const words = new Set([...nameWords(verified.givenName), ...nameWords(verified.surname)]);
  const given = nameWords(account.givenName);
  const surname = nameWords(account.surname);
  return given.length > 0 && surname.length > 0 && [...given, ...surname].every((w) => words.has(w));
}

export type AccountMismatch = 'accountNotFound' | 'accountDisabled' | 'namesMissing' | 'nameMismatch' | 'ambiguousName';

export type AccountMatch<A extends NamedAccount> =
  | { matched: true; account: A }
  | { matched: false; reason: AccountMismatch };

/**
 * Whether the verified person is the owner of the account they named (`claimed`): it exists, is
 * enabled, has both names, the names fit, and no other enabled account of `directory` fits too.
 */
export function matchAccount<A extends NamedAccount>(
  claimed: A | undefined,
  directory: Iterable<NamedAccount>,
  verified: PersonName,
  mode: NameMatching,
): AccountMatch<A> {
  if (!claimed) return { matched: false, reason: 'accountNotFound' };
  if (!claimed.accountEnabled) return { matched: false, reason: 'accountDisabled' };
  if (!hasNames(claimed)) return { matched: false, reason: 'namesMissing' };
  if (!namesMatch(claimed, verified, mode)) return { matched: false, reason: 'nameMismatch' };
  for (const other of directory) {
    if (other.id !== claimed.id && other.accountEnabled && hasNames(other) && namesMatch(other, verified, mode)) {
      return { matched: false, reason: 'ambiguousName' };
    }
  }
  return { matched: true, account: claimed };
}
