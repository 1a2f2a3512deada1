// Runs an async function over a list with at most `limit` calls in flight (the store and Redis see a
// bounded number of concurrent writes from one batch, so other work keeps its share of them).

/** Calls `fn` for every item, at most `limit` at once; resolves when all have settled (errors are fn's). */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
