/** Runs `task` over `items`, `limit` at a time; after a task fails, no further item is started. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error: unknown) {
        failed = true;
        throw error;
      }
    }
  });
  await Promise.all(workers);
}
