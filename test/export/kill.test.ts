/**
 * Real kills: a child process exports from the test's sandbox and is SIGKILLed (kill -9) between "lines appended"
 * and "state recorded", right after a commit, and at a random moment; then a resume must give the same file as an
 * uninterrupted export. Also: the child's heap stays flat while exporting 20,000 records with a small page size.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportObject, readExportState } from '../../sdk/export/index.js';
import type { RunFolder } from '../../sdk/run/run-folder.js';
import { seedWorkspace } from '../sandbox/seed-workspace.js';
import { startEnv, tempRun, unsignUrls, type TestEnv } from './helpers.js';

const CHILD = resolve(import.meta.dirname, 'fixtures/export-child.ts');
const root = resolve(import.meta.dirname, '../..');

interface ChildLine { step?: 'appended' | 'committed'; phase?: string; pageNumber?: number; count?: number; finished?: boolean; heap?: number[] }

/** Starts the child; `until` decides, per stdout line, whether to SIGKILL it now. Resolves with its lines and exit signal. */
function runChild(env: Record<string, string>, until?: (line: ChildLine) => boolean, nodeArgs: string[] = []) {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', CHILD], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: ChildLine[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as ChildLine;
    lines.push(line);
    if (until?.(line)) child.kill('SIGKILL');
  });
  return {
    child,
    done: new Promise<{ lines: ChildLine[]; signal: NodeJS.Signals | null; code: number | null; stderr: string }>((ok) =>
      child.on('exit', (code, signal) => setTimeout(() => ok({ lines, signal, code, stderr }), 20)),
    ),
  };
}

let env: TestEnv;
const cleanups: Array<() => void> = [];
const newRun = (): RunFolder => {
  const { run, cleanup } = tempRun();
  cleanups.push(cleanup);
  return run;
};
beforeAll(async () => {
  env = await startEnv();
  seedWorkspace(env.sourceWs, { records: 2000, seed: 1 });
});
afterAll(async () => {
  for (const c of cleanups) c();
  await env?.close();
});

describe('kill -9 and resume', () => {
  it('SIGKILL after append, after commit and at a random moment; resume gives the uninterrupted file', async () => {
    const clean = newRun();
    await exportObject({ client: env.source, run: clean, object: 'people', pageSize: 50, includeDeleted: true });
    const reference = unsignUrls(readFileSync(clean.path('export', 'people.jsonl'), 'utf8'));

    const run = newRun();
    const base = { SANDBOX_URL: env.sandbox.url, SANDBOX_KEY: env.sourceWs.apiKey, RUN_DIR: run.dir, OBJECT: 'people', PAGE_SIZE: '50', INCLUDE_DELETED: '1' };
    // 1. Killed while page 3's lines are on disk and the state still says 2 pages.
    const first = await runChild({ ...base, PAUSE_AT: 'appended:3' }, (l) => l.step === 'appended' && l.pageNumber === 3).done;
    expect(first.signal, first.stderr).toBe('SIGKILL');
    expect(readExportState(run).objects.people.count).toBe(100);
    // 2. Resumed in a new process, killed right after its second committed page.
    const second = await runChild({ ...base, PAUSE_AT: 'committed:2' }, (l) => l.step === 'committed' && l.pageNumber === 2).done;
    expect(second.signal, second.stderr).toBe('SIGKILL');
    expect(readExportState(run).objects.people.count).toBe(200);
    // 3. Killed at an arbitrary moment: the signal is sent on the k-th progress line while the child keeps going.
    env.sandbox.setFault(() => ({ delayMs: 10 }));
    const k = 2 + Math.floor(Math.random() * 8);
    let seen = 0;
    const r3 = await runChild(base, () => ++seen === k).done;
    env.sandbox.setFault(undefined);
    expect(r3.signal, `${r3.stderr} (k=${k})`).toBe('SIGKILL');
    // 4. Resume to the end.
    const last = await runChild(base).done;
    expect(last.code, last.stderr).toBe(0);
    expect(unsignUrls(readFileSync(run.path('export', 'people.jsonl'), 'utf8'))).toBe(reference);
  });

  it('memory stays flat: 20,000 records of one object at 100 per page, heap after gc grows by < 12 MB', async () => {
    const big = await startEnv();
    try {
      const weights = Object.fromEntries(
        ['company', 'opportunity', 'note', 'noteTarget', 'task', 'taskTarget', 'attachment', 'dashboard', 'employmentHistory', 'rocket', 'petCareAgreement', 'pet', 'surveyResult'].map((n) => [n, 0]),
      );
      seedWorkspace(big.sourceWs, { records: 20_000, seed: 2, weights: { ...weights, person: 1 } });
      const people = big.sourceWs.count('person').active;
      expect(people).toBeGreaterThanOrEqual(19_000);
      const run = newRun();
      const env2 = { SANDBOX_URL: big.sandbox.url, SANDBOX_KEY: big.sourceWs.apiKey, RUN_DIR: run.dir, OBJECT: 'people', PAGE_SIZE: '100', MEASURE: '10' };
      const out = await runChild(env2, undefined, ['--expose-gc']).done;
      expect(out.code, out.stderr).toBe(0);
      const heap = out.lines.at(-1)!.heap!;
      expect(heap.length).toBe(Math.ceil(Math.ceil(people / 100) / 10));
      const fileBytes = readFileSync(run.path('export', 'people.jsonl')).length;
      const growth = Math.max(...heap.slice(1)) - heap[0];
      // Holding the records would cost far more than the file's size (about 1 KB of JSON per record).
      expect(fileBytes).toBeGreaterThan(15 * 1024 * 1024);
      console.info(`export of ${people} records (${(fileBytes / 2 ** 20).toFixed(1)} MB): heap growth after gc ${(growth / 2 ** 20).toFixed(2)} MB`);
      expect(growth).toBeLessThan(12 * 1024 * 1024);
    } finally {
      await big.close();
    }
  });
});
