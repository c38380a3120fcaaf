/**
 * @module pipeline/map-with-concurrency
 * Maps items through an async task with at most `concurrency` tasks in flight, keeping
 * result order. After the first failure no new task starts and the failure is thrown; the
 * caller aborts what is still in flight.
 */

/** Like `Promise.all(items.map(task))`, but bounded. */
export async function mapWithConcurrency<TItem, TResult>(
  items: readonly TItem[],
  concurrency: number,
  task: (item: TItem, index: number) => Promise<TResult>,
): Promise<TResult[]> {
  const results = new Array<TResult>(items.length);
  let nextIndex = 0;
  let hasFailed = false;
  const worker = async (): Promise<void> => {
    while (!hasFailed && nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = await task(items[index] as TItem, index);
      } catch (error) {
        hasFailed = true;
        throw error;
      }
    }
  };
  const workerCount = Math.max(1, Math.min(Math.floor(concurrency), items.length));
  await Promise.all(Array.from({ length: workerCount }, worker));
  return results;
}
