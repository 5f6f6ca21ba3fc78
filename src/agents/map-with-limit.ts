/**
 * `items.map(work)` with at most `limit` calls in flight, results in input order. A platform
 * that is asked for hundreds of agents at once throttles; one at a time is needlessly slow.
 * The first failure rejects the whole map (the calls already started are left to finish).
 */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
