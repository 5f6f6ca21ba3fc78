/**
 * Enum values are compared case-insensitively and returned in Graph's spelling ("All" → "all"
 * in clientAppTypes, "ios" → "iOS"): some corpora carry "All" (research notes §1, "Other
 * conditions"). A value outside the enum is a problem, never dropped silently: the admin must
 * see that a control they relied on did not import.
 */
import { withArticle, describe, type Path, type Report } from './problem.ts';
import { knownMistakes } from './graph-enums.ts';
import { readList } from './read-value.ts';

/** Graph's spelling of `value` in `allowed`, or undefined. */
export function canonical<T extends string>(allowed: readonly T[], value: string): T | undefined {
  const key = value.trim().toLowerCase();
  return allowed.find((a) => a.toLowerCase() === key);
}

function unknownValue(value: string, allowed: readonly string[], noun: string): string {
  const hint = knownMistakes[value.trim().toLowerCase()];
  const list = `Allowed values: ${allowed.join(', ')}.`;
  return hint ? `${hint} ${list}` : `${JSON.stringify(value)} is not ${withArticle(noun)}. ${list}`;
}

/** One enum value; `undefined` when missing or null (the caller decides whether that is allowed). */
export function readEnum<T extends string>(
  value: unknown, path: Path, allowed: readonly T[], noun: string, report: Report,
): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    report(path, 'wrongType', `Expected ${withArticle(noun)} (a string), found ${describe(value)}.`);
    return undefined;
  }
  const found = canonical(allowed, value);
  if (found === undefined) report(path, 'unknownEnumValue', unknownValue(value, allowed, noun));
  return found;
}

/** A collection of enum values, de-duplicated after canonicalisation. */
export function readEnumList<T extends string>(
  value: unknown, path: Path, allowed: readonly T[], noun: string, report: Report,
): T[] {
  const out: T[] = [];
  readList(value, path, report).forEach((item, i) => {
    if (item === null) {
      report([...path, i], 'wrongType', `Expected ${withArticle(noun)}, found null.`);
      return;
    }
    const found = readEnum(item, [...path, i], allowed, noun, report);
    if (found !== undefined && !out.includes(found)) out.push(found);
  });
  return out;
}

/**
 * A flags enum. Graph serialises these as one comma-separated string ("medium,high"); admins
 * also write lists or add spaces. Returned as Graph does: canonical names in the enum's own
 * order, joined by commas; null when empty ("not configured").
 */
export function readFlags(
  value: unknown, path: Path, allowed: readonly string[], noun: string, report: Report,
): string | null {
  if (value === undefined || value === null) return null;
  const tokens: Array<{ token: string; at: Path }> = [];
  const split = (s: string, at: Path) => {
    for (const token of s.split(',')) if (token.trim() !== '') tokens.push({ token, at });
  };
  if (typeof value === 'string') split(value, path);
  else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item === 'string') split(item, [...path, i]);
      else report([...path, i], 'wrongType', `Expected ${withArticle(noun)} (a string), found ${describe(item)}.`);
    });
  } else {
    report(path, 'wrongType', `Expected ${noun}s as a comma-separated string or a list, found ${describe(value)}.`);
    return null;
  }
  const found = new Set<string>();
  for (const { token, at } of tokens) {
    const c = canonical(allowed, token);
    if (c === undefined) report(at, 'unknownEnumValue', unknownValue(token.trim(), allowed, noun));
    else found.add(c);
  }
  const ordered = allowed.filter((a) => found.has(a));
  return ordered.length === 0 ? null : ordered.join(',');
}
