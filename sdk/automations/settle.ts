/**
 * Waiting for the target to finish reacting to the last writes before its triggers are restored. Twenty handles a
 * write's record events after answering it: its event listeners look up the automated triggers and enqueue work, and
 * the worker writes one timeline activity per record event. A trigger restored while events of the import are still
 * in flight would fire on them. The timeline grows with every processed event, so two equal counts a few seconds
 * apart mean the target is done with what we wrote. One request per poll (`limit=0` answers only the count).
 */
import { request, type TwentyClient } from '../client/index.js';

export interface SettleOptions {
  /** between two polls (default 3 s) */
  intervalMs?: number;
  /** give up waiting after this long (default 60 s): restoring is still right, a late event is then reported by verify */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Resolves once the target's timeline stops growing (or the timeout passes); returns how long it waited and whether
 * it settled.
 *
 * @example
 * const { settled, waitedMs } = await waitUntilQuiet(target.core);
 */
export async function waitUntilQuiet(client: TwentyClient, options: SettleOptions = {}): Promise<{ settled: boolean; waitedMs: number }> {
  const interval = options.intervalMs ?? 3_000;
  const timeout = options.timeoutMs ?? 60_000;
  const started = performance.now();
  const count = async (): Promise<number | null> => {
    const r = await request<{ totalCount?: number }>(client, 'GET', '/timelineActivities', { query: { limit: 0 }, signal: options.signal });
    return typeof r.data?.totalCount === 'number' ? r.data.totalCount : null;
  };
  let last = await count();
  while (performance.now() - started < timeout && !options.signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, interval));
    const now = await count();
    if (now === last) return { settled: now !== null, waitedMs: Math.round(performance.now() - started) };
    last = now;
  }
  return { settled: false, waitedMs: Math.round(performance.now() - started) };
}
