/**
 * Pipelining: batches are cut from a stream of records and up to `concurrency` of them are in flight at once, so the
 * next batch is read, rewritten and queued at the rate limiter while the previous ones wait for the server.
 */

/**
 * Groups an async stream into arrays of at most `size()` elements (read again for every batch: it can shrink).
 *
 * @example
 * for await (const batch of batched(items, () => 200)) await send(batch);
 */
export async function* batched<T>(source: AsyncIterable<T>, size: () => number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of source) {
    batch.push(item);
    if (batch.length >= size()) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * Runs `work` on each element with at most `concurrency` running, pulling the next element only when a slot is
 * free; stops pulling once `stopped()` is true, and returns when everything started has finished.
 *
 * @example
 * await forEachConcurrent(batched(items, () => 200), 3, (batch) => sendItems(sender, batch), () => false);
 */
export async function forEachConcurrent<T>(
  source: AsyncIterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  stopped: () => boolean,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: unknown;
  try {
    for await (const item of source) {
      if (stopped() || failure !== undefined) break;
      const p: Promise<void> = work(item)
        .catch((e: unknown) => void (failure ??= e))
        .finally(() => running.delete(p));
      running.add(p);
      while (running.size >= Math.max(1, concurrency)) await Promise.race(running);
    }
  } finally {
    await Promise.all(running);
  }
  if (failure !== undefined) throw failure;
}
