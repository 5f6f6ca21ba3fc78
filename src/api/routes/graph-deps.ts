import type { Db, Engine } from '../../store/index.ts';

/** What the Graph routes need: the store, its engine (for OData SQL) and the public URL. */
export type GraphDeps = { db: Db; engine: Engine; publicUrl: string };

/**
 * `https://host/v1.0`: the base of every `@odata.context`, `@odata.nextLink`, `@odata.id` and
 * `Location` this API writes, as Graph's are absolute (https://learn.microsoft.com/graph/paging).
 */
export function graphBase(deps: GraphDeps): string {
  return `${deps.publicUrl.replace(/\/+$/, '')}/v1.0`;
}
