/**
 * Kill and resume, in process: the export is stopped at chosen points (an `onPage` hook that throws, standing in
 * for a kill between "lines appended" and "state recorded", or right after), sometimes with a torn last line
 * written by hand; the resumed export must leave files identical to an uninterrupted one.
 * (test/export/kill.test.ts does the same with real SIGKILLs of a child process.)
 */
import { appendFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportObject, exportRecords, readExportState, type PageEvent } from '../../sdk/export/index.js';
import type { RunFolder } from '../../sdk/run/run-folder.js';
import { seedWorkspace } from '../sandbox/seed-workspace.js';
import { startEnv, tempRun, unsignUrls, type TestEnv } from './helpers.js';

const OBJECT = 'people';
const PAGE = 50;

let env: TestEnv;
let reference: string;
const cleanups: Array<() => void> = [];

class SimulatedKill extends Error {}

/** A hook that throws at the n-th page event of the given step and phase. */
function killAt(pageNumber: number, step: PageEvent['step'], phase: PageEvent['phase'] = 'active') {
  return (e: PageEvent) => {
    if (e.pageNumber === pageNumber && e.step === step && e.phase === phase) throw new SimulatedKill(`killed at ${phase} page ${pageNumber} ${step}`);
  };
}

const fileOf = (run: RunFolder) => run.path('export', `${OBJECT}.jsonl`);
const content = (run: RunFolder) => unsignUrls(readFileSync(fileOf(run), 'utf8'));
const lineCount = (run: RunFolder) => readFileSync(fileOf(run), 'utf8').split('\n').filter(Boolean).length;

function newRun(): RunFolder {
  const { run, cleanup } = tempRun();
  cleanups.push(cleanup);
  return run;
}

const exportPeople = (run: RunFolder, onPage?: (e: PageEvent) => void) =>
  exportObject({ client: env.source, run, object: OBJECT, pageSize: PAGE, includeDeleted: true, onPage });

beforeAll(async () => {
  env = await startEnv();
  seedWorkspace(env.sourceWs, { records: 2000, seed: 1 });
  const run = newRun();
  await exportPeople(run);
  reference = content(run);
});
afterAll(async () => {
  for (const c of cleanups) c();
  await env?.close();
});

describe('kill and resume (simulated)', () => {
  const lastActivePage = () => Math.ceil(env.sourceWs.count('person').active / PAGE);

  it.each([
    ['first page, lines appended, state not written', () => killAt(1, 'appended')],
    ['first page committed', () => killAt(1, 'committed')],
    ['page 4 appended', () => killAt(4, 'appended')],
    ['page 7 committed', () => killAt(7, 'committed')],
    ['last active page appended', () => killAt(lastActivePage(), 'appended')],
    ['last active page committed, before the phase switch', () => killAt(lastActivePage(), 'committed')],
    ['first soft-deleted page appended', () => killAt(1, 'appended', 'deleted')],
  ])('%s → identical file after resume', async (_name, hook) => {
    const run = newRun();
    await expect(exportPeople(run, hook())).rejects.toBeInstanceOf(SimulatedKill);
    const firstStart = readExportState(run).objects[OBJECT]?.startedAt;
    const resumed = await exportPeople(run);
    expect(resumed.resumed || resumed.exported > 0).toBe(true);
    expect(content(run)).toBe(reference);
    expect(readExportState(run).objects[OBJECT]).toMatchObject({ phase: 'done', count: lineCount(run) });
    // The time of the first page is kept across the resume: changes made after it are what a later sync looks for.
    expect(firstStart).toBeDefined();
    expect(readExportState(run).objects[OBJECT].startedAt).toBe(firstStart);
  });

  it('a torn last line written by hand after a committed page is dropped', async () => {
    const run = newRun();
    await expect(exportPeople(run, killAt(3, 'committed'))).rejects.toBeInstanceOf(SimulatedKill);
    const someLine = readFileSync(fileOf(run), 'utf8').split('\n')[0];
    appendFileSync(fileOf(run), someLine.slice(0, Math.floor(someLine.length / 2)));
    await exportPeople(run);
    expect(content(run)).toBe(reference);
  });

  it('a page torn mid-write (kill during the append) is dropped and fetched again', async () => {
    const run = newRun();
    await expect(exportPeople(run, killAt(5, 'appended'))).rejects.toBeInstanceOf(SimulatedKill);
    truncateSync(fileOf(run), statSync(fileOf(run)).size - 777); // the write stopped inside page 5's lines
    await exportPeople(run);
    expect(content(run)).toBe(reference);
  });

  it('killed at every page in turn, resumed each time', async () => {
    const run = newRun();
    let kills = 0;
    for (;;) {
      let committed = 0;
      try {
        // Each attempt commits one page, then dies while appending the next.
        await exportPeople(run, (e) => {
          if (e.step === 'committed') committed++;
          if (e.step === 'appended' && committed === 1) throw new SimulatedKill('again');
        });
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(SimulatedKill);
        kills++;
      }
    }
    expect(kills).toBeGreaterThan(5);
    expect(content(run)).toBe(reference);
  });

  it('a file shorter than the state promises (lost by the disk) is exported again from scratch', async () => {
    const run = newRun();
    await expect(exportPeople(run, killAt(6, 'committed'))).rejects.toBeInstanceOf(SimulatedKill);
    const lines = readFileSync(fileOf(run), 'utf8').split('\n');
    writeFileSync(fileOf(run), lines.slice(0, 100).join('\n') + '\n' + lines[100].slice(0, 20)); // 100 lines + a torn one; state says 300
    const r = await exportPeople(run);
    expect(r.restarted).toBe(true);
    expect(content(run)).toBe(reference);
  });

  it('exportRecords: killed inside an object after another completed, resumed: every file identical, stage failed then completed', async () => {
    const objects = ['companies', 'people', 'opportunities', 'notes'];
    const clean = newRun();
    await exportRecords({ client: env.source, schema: env.schema, run: clean, objects, pageSize: PAGE, includeDeleted: true });
    const run = newRun();
    const hook = (e: PageEvent) => {
      if (e.object === 'opportunities' && e.pageNumber === 2 && e.step === 'appended') throw new SimulatedKill('second object');
    };
    await expect(exportRecords({ client: env.source, schema: env.schema, run, objects, pageSize: PAGE, includeDeleted: true, onPage: hook })).rejects.toBeInstanceOf(SimulatedKill);
    expect(run.manifest().stages.export?.status).toBe('failed');
    // Objects go in schema order (companies, opportunities, notes, people here): companies done, the rest not.
    expect(run.manifest().counts.companies?.exported).toBeGreaterThan(0);
    expect(run.manifest().counts.opportunities).toBeUndefined();
    expect(run.manifest().counts.people).toBeUndefined();
    const result = await exportRecords({ client: env.source, schema: env.schema, run, objects, pageSize: PAGE, includeDeleted: true });
    expect(run.manifest().stages.export?.status).toBe('completed');
    expect(result.mismatches).toEqual([]);
    for (const o of objects) {
      const read = (r: RunFolder) => unsignUrls(readFileSync(r.path('export', `${o}.jsonl`), 'utf8'));
      expect(read(run), o).toBe(read(clean));
    }
  });
});
