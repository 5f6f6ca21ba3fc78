import { createHash, randomUUID } from 'node:crypto';

/** A new object id, as Graph's: a random GUID that never changes for the object's life. */
export const newId = (): string => randomUUID();

/**
 * A GUID derived from a name (RFC 9562 version 5 layout over SHA-1), for built-in objects whose ids
 * must be the same in every Limen tenant, like Graph's permission ids.
 */
export function stableId(name: string): string {
  const h = createHash('sha1').update(`limen:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export const nowIso = (): string => new Date().toISOString();

/** A GUID in Graph's textual form (any version). */
export const isGuid = (s: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
