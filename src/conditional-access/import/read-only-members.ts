/**
 * The members a server assigns: `id`, `createdDateTime`, `modifiedDateTime` and the beta
 * `deletedDateTime`. Graph ignores them in POST and PATCH bodies, so the parsers drop them unless
 * the caller restores an export as it was (`keepIds`); then they are checked and kept.
 */
import { isGuid } from '../../directory/index.ts';
import { withArticle, describe, type Report } from './problem.ts';
import type { JsonObject } from './read-value.ts';

export const readOnlyMembers = ['id', 'createdDateTime', 'modifiedDateTime', 'deletedDateTime'] as const;

/** `nullable`: the timestamps that may be null (a policy never modified has modifiedDateTime null). */
export function readReadOnlyMembers(source: JsonObject, noun: string, nullable: readonly string[], report: Report): JsonObject {
  const out: JsonObject = {};
  if (source.id !== undefined && source.id !== null) {
    if (typeof source.id === 'string' && isGuid(source.id.trim())) out.id = source.id.trim().toLowerCase();
    else report(['id'], 'invalidId', `${describe(source.id)} is not ${withArticle(noun)} id (a GUID).`);
  }
  for (const name of ['createdDateTime', 'modifiedDateTime', 'deletedDateTime'] as const) {
    const value = source[name];
    if (value === null && nullable.includes(name)) out[name] = null;
    else if (value === undefined || value === null) continue;
    else if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) out[name] = value;
    else report([name], 'invalidValue', `${describe(value)} is not an ISO 8601 date and time.`);
  }
  return out;
}
