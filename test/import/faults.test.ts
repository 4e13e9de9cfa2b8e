/**
 * The import under a hostile target: 429 storms on a small budget, 500/503s, dropped connections and answers lost
 * after the write. It must finish (resuming if retries run out), lose nothing and duplicate nothing: the end state
 * equals a clean run's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords, loadLedger, type ImportOptions, type ImportResult } from '../../sdk/import/index.js';
import type { Fault } from '../sandbox/server.js';
import { cleanupRuns, startTarget, targetClient } from './helpers.js';
import { baselineOutcome, outcome, scenarioRun, seedTarget, type Outcome } from './scenario.js';
import { randomSource as random } from '../sandbox/seed/random.js';

afterAll(cleanupRuns);

const common = { batchSize: 7, concurrency: 3 } satisfies Partial<ImportOptions>;
let baseline: Outcome;
beforeAll(async () => {
  baseline = await baselineOutcome(common);
});


/** Runs the scenario under `fault` until it completes (a run that exhausts its retries stops and is resumed). */
async function underFaults(fault: (r: number) => Fault, target: { limit?: number; windowMs?: number; timeoutMs?: number } = {}) {
  const rnd = random(42);
  let faults = 0;
  const sandbox = await startTarget({
    limit: target.limit,
    windowMs: target.windowMs,
    fault: () => {
      const f = fault(rnd());
      if (f !== undefined) faults += 1;
      return f;
    },
  });
  try {
    seedTarget(sandbox);
    const run = scenarioRun();
    const client = targetClient(sandbox, { limit: target.limit, windowMs: target.windowMs, timeoutMs: target.timeoutMs });
    const results: ImportResult[] = [];
    do {
      results.push(await importRecords({ client, run, ...common }));
      const last = results.at(-1)!;
      if (last.status === 'stopped') expect(last.error?.code).toBe('IMPORT_INTERRUPTED');
    } while (results.at(-1)!.status !== 'completed' && results.length < 6);
    expect(results.at(-1)!.status).toBe('completed');
    return { results, faults, end: await outcome(sandbox, run), budget: sandbox.workspace('target').budget! };
  } finally {
    await sandbox.close();
  }
}

describe('import under faults', () => {
  it('429 storm on a small budget: completes, nothing lost, nothing duplicated', async () => {
    const { faults, end, budget } = await underFaults((r) => (r < 0.3 ? 429 : undefined), { limit: 15, windowMs: 300 });
    expect(faults).toBeGreaterThan(5);
    expect(end).toEqual(baseline);
    expect(budget.accepted).toBeGreaterThan(0);
  });

  it('500s, 503s and dropped connections: completes with the same result', async () => {
    const { faults, end } = await underFaults((r) => (r < 0.1 ? 500 : r < 0.2 ? 503 : r < 0.3 ? 'reset' : undefined));
    expect(faults).toBeGreaterThan(5);
    expect(end).toEqual(baseline);
  });

  it('answers lost after the server wrote (client timeout, server slow): replays are harmless', async () => {
    const { faults, end } = await underFaults((r) => (r < 0.25 ? { delayMs: 120 } : undefined), { timeoutMs: 60 });
    expect(faults).toBeGreaterThan(3);
    expect(end).toEqual(baseline);
  });

  it('a target down for good: stops with a resumable error, marks nothing failed, and resumes later', async () => {
    let down = false;
    let n = 0;
    const sandbox = await startTarget({ fault: () => (down ? 503 : ++n === 5 ? ((down = true), 503) : undefined) });
    try {
      seedTarget(sandbox);
      const run = scenarioRun();
      const client = targetClient(sandbox, { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
      const stopped = await importRecords({ client, run, ...common });
      expect(stopped.status).toBe('stopped');
      expect(stopped.error?.code).toBe('IMPORT_INTERRUPTED');
      expect(stopped.error?.details).toMatchObject({ resumable: true, status: 503 });
      expect(stopped.error?.message).toMatch(/run the import again/);
      expect(stopped.objects.find((o) => o.status === 'stopped')).toBeDefined();
      expect(stopped.objects.at(-1)!.status).toBe('not-started');
      const ledger = await loadLedger(run);
      expect([...ledger.failed.values()].reduce((n, m) => n + m.size, 0)).toBe(0);
      expect(run.manifest().stages.import?.status).toBe('failed');

      down = false;
      n = 100;
      const resumed = await importRecords({ client, run, ...common });
      expect(resumed.status).toBe('completed');
      expect(await outcome(sandbox, run)).toEqual(baseline);
    } finally {
      await sandbox.close();
    }
  });
});
