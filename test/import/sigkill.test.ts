/**
 * The real thing: the import runs in a child process that is killed with SIGKILL at random moments (no cleanup, no
 * finally, possibly mid-append), then started again on the same run folder until it completes. The end state must
 * equal an uninterrupted run's, made with another batch size and concurrency.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cleanupRuns, startTarget } from './helpers.js';
import { baselineOutcome, outcome, scenarioRun, seedTarget } from './scenario.js';

afterAll(cleanupRuns);

const child = resolve(import.meta.dirname, 'fixtures/child-import.ts');
const LIMIT = 20;
const WINDOW_MS = 1000;

it('survives kill -9 at random moments and converges to the uninterrupted result', { timeout: 30_000 }, async () => {
  const baseline = await baselineOutcome({ batchSize: 7, concurrency: 2 });
  const sandbox = await startTarget({ limit: LIMIT, windowMs: WINDOW_MS });
  try {
    seedTarget(sandbox);
    const run = scenarioRun();
    const ledger = run.path('import', 'ledger.jsonl');
    const lines = () => (existsSync(ledger) ? readFileSync(ledger, 'utf8').split('\n').filter(Boolean).length : 0);
    let killsMidImport = 0;
    let code: number | null = null;
    // Kill once the ledger has grown by a few lines (so the kill lands mid-import, wherever the child then is).
    const growth = [4, 9, 2, 14, 6, 20];
    for (let attempt = 0; code !== 0 && attempt < 14; attempt++) {
      const proc = spawn(process.execPath, ['--import', 'tsx', child], {
        env: { ...process.env, TARGET_URL: sandbox.url, TARGET_KEY: sandbox.workspace('target').apiKey, RUN_DIR: run.dir, LIMIT: String(LIMIT), WINDOW_MS: String(WINDOW_MS) },
        stdio: 'ignore',
      });
      let exited = false;
      const exit = new Promise<number | null>((done) => proc.on('exit', (c) => ((exited = true), done(c))));
      const before = lines();
      if (attempt < growth.length) {
        while (!exited && lines() < before + growth[attempt]) await new Promise((r) => setTimeout(r, 3));
        if (!exited) proc.kill('SIGKILL');
      }
      code = await exit;
      if (code === null && lines() > before) killsMidImport += 1;
    }
    expect(code).toBe(0);
    expect(killsMidImport).toBeGreaterThanOrEqual(4);
    expect(await outcome(sandbox, run)).toEqual(baseline);
  } finally {
    await sandbox.close();
  }
});
