/**
 * Speed: the import should run at the target's request ceiling (1 token per batch whatever its size, so ceiling =
 * limit × batch size per window), and pipelining should hide the server's latency behind the rate limiter.
 * The window is scaled down (20 requests per second instead of 100 per minute); the shape is the same.
 */
import { afterAll, expect, it } from 'vitest';
import { importRecords } from '../../sdk/import/index.js';
import { cleanupRuns, company, makeRun, planned, startTarget, targetClient } from './helpers.js';

afterAll(cleanupRuns);

const LIMIT = 20;
const WINDOW_MS = 1000;

async function timedImport(records: number, concurrency: number, latencyMs = 0) {
  const sandbox = await startTarget({ limit: LIMIT, windowMs: WINDOW_MS, fault: latencyMs ? () => ({ delayMs: latencyMs }) : undefined });
  try {
    const companies = Array.from({ length: records }, (_, i) => company(i + 1));
    const run = makeRun({ order: [planned('companies', 'company', records)], skipped: [], warnings: [], ready: true, blockers: [] }, { companies });
    const sentAt: number[] = [];
    const client = targetClient(sandbox, { limit: LIMIT, windowMs: WINDOW_MS, onEvent: (e) => void (e.type === 'request' && sentAt.push(performance.now())) });
    const result = await importRecords({ client, run, batchSize: 200, concurrency });
    expect(result.status).toBe('completed');
    expect(sandbox.workspace('target').count('company').active).toBe(records);
    // What the server could have accepted in that time: a full bucket, then LIMIT per window.
    const ceilingRequests = LIMIT + (result.durationMs * LIMIT) / WINDOW_MS;
    const efficiency = result.requests / ceilingRequests;
    const ceilingRecordsPerSecond = Math.round((ceilingRequests * 200 * 1000) / result.durationMs);
    // After the initial bucket is spent, the server grants one request per WINDOW_MS / LIMIT: how close do we get?
    const steady = sentAt.slice(LIMIT);
    const steadyIntervalMs = steady.length > 1 ? (steady.at(-1)! - steady[0]) / (steady.length - 1) : NaN;
    console.info(
      `[throughput] ${records} records, concurrency ${concurrency}, latency ${latencyMs} ms: ${result.requests} requests in ${result.durationMs} ms, ` +
        `${result.recordsPerSecond} records/s vs ceiling ${ceilingRecordsPerSecond} records/s (${Math.round(efficiency * 100)} %), ` +
        `steady state one request per ${steadyIntervalMs.toFixed(1)} ms (server: ${WINDOW_MS / LIMIT} ms), 429s: ${sandbox.workspace('target').budget?.rejected}`,
    );
    return { result, efficiency, steadyIntervalMs };
  } finally {
    await sandbox.close();
  }
}

it('runs at the rate-limit ceiling with full batches', { timeout: 30_000 }, async () => {
  const { result, efficiency, steadyIntervalMs } = await timedImport(16_000, 3);
  expect(result.requests).toBe(80);
  // Steady state: the limiter's pace (interval + 2 ms margin), i.e. the server's ceiling give or take the margin.
  expect(steadyIntervalMs).toBeLessThan((WINDOW_MS / LIMIT) * 1.15);
  // Overall, the first burst is slowed by the in-process sandbox's own CPU time (it shares the thread).
  expect(efficiency).toBeGreaterThan(0.6);
});

it('pipelining hides server latency: concurrency 4 vs 1 with 150 ms per request', { timeout: 30_000 }, async () => {
  const serial = await timedImport(3_000, 1, 150);
  const piped = await timedImport(3_000, 4, 150);
  expect(piped.result.durationMs).toBeLessThan(serial.result.durationMs * 0.6);
});
