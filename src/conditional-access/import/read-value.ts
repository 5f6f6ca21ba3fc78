/**
 * The primitive readers every parser in this folder shares. Graph treats `null`, `[]` and a
 * missing member alike as "not configured" (research notes, "What our engine must do" 1), so the
 * list readers return `[]` for all three and the object readers `null`. A value of the wrong JSON
 * type is reported and read as "not configured"; the resource is refused anyway, so what it
 * reads as does not matter.
 */
import { describe, type Path, type Report } from './problem.ts';

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object member: null or missing → null; anything but an object is reported. */
export function readObject(value: unknown, path: Path, report: Report): JsonObject | null {
  if (value === undefined || value === null) return null;
  if (isObject(value)) return value;
  report(path, 'wrongType', `Expected an object, found ${describe(value)}.`);
  return null;
}

/** A list member: null, missing and [] all read as []. */
export function readList(value: unknown, path: Path, report: Report): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  report(path, 'wrongType', `Expected a list (JSON array), found ${describe(value)}.`);
  return [];
}

/** A list of free strings (custom control ids…): kept as given, de-duplicated. */
export function readStringList(value: unknown, path: Path, report: Report): string[] {
  const out: string[] = [];
  readList(value, path, report).forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '') {
      report([...path, i], 'wrongType', `Expected a non-empty string, found ${describe(item)}.`);
    } else if (!out.includes(item)) out.push(item);
  });
  return out;
}

export function readBoolean(value: unknown, path: Path, report: Report, required: boolean): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === undefined || value === null) {
    if (required) report(path, 'required', 'A value is required: true or false.');
    return null;
  }
  report(path, 'wrongType', `Expected true or false, found ${describe(value)}.`);
  return null;
}

/** A string member that may be null; `undefined` when missing so the caller can leave it out. */
export function readOptionalString(value: unknown, path: Path, report: Report): string | null | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value;
  report(path, 'wrongType', `Expected a string or null, found ${describe(value)}.`);
  return null;
}

/** The members a parser does not know, kept verbatim so beta fields survive a round trip. */
export function unknownMembers(source: JsonObject, known: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) if (!known.includes(key)) out[key] = value;
  return out;
}

/**
 * Whether an object configures nothing: every member null, missing or an empty list. Such an
 * object is stored as null, so "not configured" has one spelling and a round trip is stable.
 */
export const configuresNothing = (value: JsonObject): boolean =>
  Object.values(value).every((v) => v === null || v === undefined || (Array.isArray(v) && v.length === 0));
