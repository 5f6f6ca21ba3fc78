/**
 * Graph exports carry OData control information that is not part of the resource (research
 * notes §1): `@odata.context`, `@odata.type`, `@odata.id`, `@odata.editLink`, per-property
 * annotations like `"userRiskLevels@odata.type"`, and advertised actions like
 * `"#microsoft.graph.restore": {…}`. OData JSON Format 4.01 §20 puts annotations under names
 * containing "@" (`@ns.term`, `property@ns.term`) and §11 advertises actions as `#ns.action`;
 * no Graph property name contains either, so every such key is dropped, at any depth.
 */
import { isObject } from './read-value.ts';

export const isControlKey = (key: string): boolean => key.includes('@') || key.startsWith('#');

/** A deep copy of a JSON value without annotation or action keys. */
export function stripAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripAnnotations);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (!isControlKey(key)) out[key] = stripAnnotations(member);
  return out;
}
