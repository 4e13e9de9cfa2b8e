/**
 * The import's use of the target's request budget, as behaviour rather than timings (timings belong to
 * `npm run bench` and `npm run bench:real`): one request per batch of the maximum size, and with concurrency N, up to N batches in flight so the server's latency
 * is hidden behind the rate limiter. The window is scaled down (20 requests per second instead of 100 per minute).
 */
import { afterAll, expect, it } from 'vitest';
import { importRecords } from '../../sdk/import/index.js';
import { cleanupRuns, company, makeRun, planned, startTarget, targetClient } from './helpers.js';

afterAll(cleanupRuns);

const LIMIT = 20;
const WINDOW_MS = 1000;

async function observedImport(records: number, concurrency: number, latencyMs = 0) {
  const sandbox = await startTarget({ limit: LIMIT, windowMs: WINDOW_MS, fault: latencyMs ? () => ({ delayMs: latencyMs }) : undefined });
  try {
    const companies = Array.from({ length: records }, (_, i) => company(i + 1));
    const run = makeRun({ order: [planned('companies', 'company', records)], skipped: [], warnings: [], ready: true, blockers: [] }, { companies });
    let inFlight = 0;
    let maxInFlight = 0;
    const client = targetClient(sandbox, {
      limit: LIMIT, windowMs: WINDOW_MS,
      onEvent: (e) => {
        if (e.type === 'request') maxInFlight = Math.max(maxInFlight, ++inFlight);
        if (e.type === 'response') inFlight -= 1;
      },
    });
    const result = await importRecords({ client, run, batchSize: 200, concurrency });
    expect(result.status).toBe('completed');
    expect(sandbox.workspace('target').count('company').active).toBe(records);
    return { result, maxInFlight };
  } finally {
    await sandbox.close();
  }
}

it('writes full batches, one request each, paced over more than one budget window', { timeout: 60_000 }, async () => {
  // More batches than the first burst allows (20), so the limiter has to pace them. (A 429 is possible on a loaded
  // machine whose timers fire late; it is retried, and the batch still counts once.)
  const { result } = await observedImport(8_000, 3);
  expect(result.requests).toBe(40);
});

it('keeps up to `concurrency` batches in flight when the server is slow, and no more', { timeout: 60_000 }, async () => {
  const serial = await observedImport(3_000, 1, 150);
  const piped = await observedImport(3_000, 4, 150);
  expect(serial.maxInFlight).toBe(1);
  expect(piped.maxInFlight).toBeGreaterThan(1);
  expect(piped.maxInFlight).toBeLessThanOrEqual(4);
  expect(piped.result.requests).toBe(serial.result.requests);
});
