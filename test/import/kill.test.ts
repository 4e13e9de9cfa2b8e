/**
 * Kill the import at many points, resume, and compare with an uninterrupted run: same rows (every field, timestamps
 * included), same ledger verdicts, same issues. In-process kills abort at precise points (between the server's answer
 * and the ledger append, mid-bisection, mid-patch…); a torn ledger line is written by hand.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords, loadLedger, type ImportEvent, type ImportOptions } from '../../sdk/import/index.js';
import { cleanupRuns, startTarget, targetClient } from './helpers.js';
import { baselineOutcome, outcome, scenarioRun, seedTarget, type Outcome } from './scenario.js';

afterAll(cleanupRuns);

const common = { batchSize: 7, concurrency: 2 } satisfies Partial<ImportOptions>;
let baseline: Outcome;

beforeAll(async () => {
  baseline = await baselineOutcome(common);
});

/** Aborts the run at the `nth` event matching `match` (1-based). */
function killAt(match: (e: ImportEvent) => boolean, nth = 1) {
  const controller = new AbortController();
  let seen = 0;
  const onProgress = (e: ImportEvent) => {
    if (match(e) && ++seen === nth) controller.abort(new Error('kill -9'));
  };
  return { signal: controller.signal, onProgress };
}

const is = (type: ImportEvent['type'], object?: string, phase: 'write' | 'patch' = 'write') => (e: ImportEvent) =>
  e.type === type && (object === undefined || e.object === object) && e.phase === phase;

const points: Array<[string, (e: ImportEvent) => boolean, number]> = [
  ['before anything is sent', is('object-start', 'companies'), 1],
  ['after the first answer, before its ledger lines', is('batch-answered', 'companies'), 1],
  ['right after the first ledger append', is('batch-recorded', 'companies'), 1],
  ['mid-object, answer not recorded', is('batch-answered', 'companies'), 3],
  ['at an object boundary', is('object-done', 'companies'), 1],
  ['after a 400, in the middle of the bisection', (e) => e.type === 'batch-answered' && !e.ok, 1],
  ['right after a failure was recorded', (e) => e.type === 'batch-recorded' && e.failed > 0, 1],
  ['during the second object, answered', is('batch-answered', 'people'), 5],
  ['at the start of the patch pass', is('object-start', 'people', 'patch'), 1],
  ['after a patch answer, before its ledger lines', is('batch-answered', 'people', 'patch'), 2],
  ['after a patch ledger append', is('batch-recorded', 'people', 'patch'), 3],
  ['in the last object', is('batch-answered', 'opportunities'), 4],
];

describe('kill and resume', () => {
  it.each(points)('killed %s, then resumed: same target and ledger as an uninterrupted run', async (_name, match, nth) => {
    const sandbox = await startTarget();
    try {
      seedTarget(sandbox);
      const run = scenarioRun();
      const client = targetClient(sandbox);
      const killed = await importRecords({ client, run, ...common, ...killAt(match, nth) });
      expect(killed.status).toBe('aborted');
      expect(killed.error?.code).toBe('IMPORT_ABORTED');
      expect(killed.error?.details?.resumable).toBe(true);
      const resumed = await importRecords({ client, run, ...common });
      expect(resumed.status).toBe('completed');
      expect(await outcome(sandbox, run)).toEqual(baseline);
    } finally {
      await sandbox.close();
    }
  });

  it('killed while a request is in flight (the server writes, the answer never arrives)', async () => {
    const controller = new AbortController();
    let n = 0;
    // The 4th record request is held 100 ms by the server, which then writes it; the client gives up after 30 ms.
    const sandbox = await startTarget({ fault: () => (++n === 4 ? { delayMs: 100 } : undefined) });
    try {
      seedTarget(sandbox);
      const run = scenarioRun();
      const client = targetClient(sandbox, {
        onEvent: (e) => void (e.type === 'request' && n === 3 && setTimeout(() => controller.abort(new Error('kill -9')), 30)),
      });
      const killed = await importRecords({ client, run, ...common, concurrency: 1, signal: controller.signal });
      expect(killed.status).toBe('aborted');
      await new Promise((r) => setTimeout(r, 150)); // let the held request land
      const resumed = await importRecords({ client, run, ...common });
      expect(resumed.status).toBe('completed');
      expect(await outcome(sandbox, run)).toEqual(baseline);
    } finally {
      await sandbox.close();
    }
  });

  it('a torn ledger line (killed mid-append) is ignored and its records are sent again', async () => {
    const sandbox = await startTarget();
    try {
      seedTarget(sandbox);
      const run = scenarioRun();
      const client = targetClient(sandbox);
      await importRecords({ client, run, ...common, ...killAt(is('batch-recorded', 'people'), 2) });
      // Cut the last ledger line in half, as a kill during appendFileSync would.
      const path = run.path('import', 'ledger.jsonl');
      const text = readFileSync(path, 'utf8');
      const lastStart = text.lastIndexOf('\n', text.length - 2) + 1;
      writeFileSync(path, text.slice(0, lastStart + Math.floor((text.length - lastStart) / 2)));
      const before = await loadLedger(run);
      const resumed = await importRecords({ client, run, ...common });
      expect(resumed.status).toBe('completed');
      expect(resumed.objects[1].alreadyDone).toBe(before.done.get('people')?.size ?? 0);
      expect(await outcome(sandbox, run)).toEqual(baseline);
      // The torn line stays a lone unreadable line; the lines appended after it are intact.
      const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
      expect(lines.filter((l) => !isJson(l))).toHaveLength(1);
      appendFileSync(path, '{"object":"peo'); // and a torn tail at the very end is harmless too
      expect((await importRecords({ client, run, ...common })).requests).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('killed again and again (every 3rd answer) until done: converges to the same state', async () => {
    const sandbox = await startTarget();
    try {
      seedTarget(sandbox);
      const run = scenarioRun();
      const client = targetClient(sandbox);
      let runs = 0;
      for (;;) {
        runs += 1;
        const result = await importRecords({ client, run, ...common, ...killAt((e) => e.type === 'batch-answered', 3) });
        if (result.status === 'completed') break;
        expect(runs).toBeLessThan(40);
      }
      expect(runs).toBeGreaterThan(5);
      expect(await outcome(sandbox, run)).toEqual(baseline);
    } finally {
      await sandbox.close();
    }
  });
});

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
