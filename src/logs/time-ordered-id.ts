import { randomUUID } from 'node:crypto';

/**
 * An RFC 9562 version 7 UUID for `at`: the 48-bit millisecond time first, then 74 random bits
 * (those of a v4 UUID, with its variant). Still a GUID as Graph's ids are, but ids made one after
 * another sort together, so each insert lands on the last page of the primary key index instead
 * of a random one: the sign-in log writes fewer pages per row.
 */
export function timeOrderedId(at: Date): string {
  const time = at.getTime().toString(16).padStart(12, '0');
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

/** The smallest id `timeOrderedId` can make at `at` or later: where a keyset scan from `at` starts. */
export function timeOrderedIdFloor(at: Date): string {
  const time = Math.max(0, at.getTime()).toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-0000-0000-000000000000`;
}
