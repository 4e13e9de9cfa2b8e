/**
 * Acceptance 2: the whole migration killed at many points across export and import, then resumed (migrate called
 * again on the same run folder until it completes), ends with the same target as an uninterrupted run.
 *
 * The kill: the sandbox's fault hook sees every records request of both workspaces, counted over the whole chain of
 * runs; when the count reaches the next kill point it aborts the current run's AbortController while that request is
 * being served (the server still answers, and a write still lands: the client just never reads the answer). Kill
 * points are spread with a seeded jitter over the requests an uninterrupted run makes before verification, so they
 * fall in the export (source GETs), between stages (members, plan reads), and in the import's write, trash and
 * patch passes. Two sandboxes built from the same seed give the two runs identical sources and targets to compare.
 *
 * Compared: every row of every migrated object in the target, every field, except values that depend on the wall
 * clock of the run and not on the data:
 * - timelineActivity rows are not compared at all: the target writes one per record write, with its own id and time,
 *   and a resumed run re-sends the records whose answers it did not record (each re-send adds an "updated" event);
 *   the migration never writes them (they are skipped with a reason);
 * - `deletedAt` and `updatedAt` of records that were in the source's trash: the import soft-deletes them again and the
 *   target stamps the time of that delete (the record being in the trash is compared).
 * Nothing else is excluded: ids, createdAt, updatedAt of live records, createdBy, updatedBy, positions, relations,
 * member references and every value are equal.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isMigrationError } from '../../sdk/errors.js';
import { loadLedger } from '../../sdk/import/index.js';
import { migrate } from '../../sdk/migrate.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import { cleanupDirs, issuesOf, migrationOptions, startPair, targetState, tempDir, type Pair } from './helpers.js';
import { randomSource as random } from '../sandbox/seed/random.js';

afterAll(cleanupDirs);

const SEED = { records: 450, seed: 23, seedOptions: { softDeletedShare: 0.05 } };
const SIZES = { pageSize: 40, batchSize: 30 };

/** What a finished migration left: the target's rows and data model (see targetState), the ledger's verdicts, the issues. */
async function outcome(pair: Pair, runDir: string) {
  const ledger = await loadLedger(new RunFolder(runDir));
  return {
    ...targetState(pair),
    done: Object.fromEntries([...ledger.done].map(([o, m]) => [o, [...m.keys()].sort()])),
    failed: Object.fromEntries([...ledger.failed].map(([o, m]) => [o, [...m.keys()].sort()])),
    issues: (await issuesOf(runDir)).map((i) => `${i.object} ${i.recordId} ${i.code}`).sort(),
  };
}


type Category = 'export' | 'between' | 'import' | 'trash';

/** Which part of the migration a records request belongs to (requests made while connecting and reading the schemas are not counted). */
function categoryOf(r: { method: string; path: string; workspace: string }): Category | null {
  const object = r.path.split('/').filter(Boolean).at(-1);
  if (r.workspace === 'source') return r.method === 'GET' && object !== 'workspaceMembers' ? 'export' : 'between';
  if (r.method === 'DELETE') return 'trash';
  if (r.method !== 'GET') return 'import';
  return object === 'workspaceMembers' || object === 'workflows' ? 'between' : null;
}

/** `count` points spread over [1, ceiling], with jitter. */
const spread = (count: number, ceiling: number, rnd: () => number) =>
  [...new Set(Array.from({ length: count }, (_, i) => Math.max(1, Math.round(((i + rnd()) * ceiling) / count))))].sort((a, b) => a - b);

describe('killed at many points and resumed', () => {
  it('ends identical to an uninterrupted run', async () => {
    // 1. The uninterrupted run, counting its requests per part from the connection on, until verification.
    const clean = await startPair(SEED);
    let armed = false;
    const totals: Record<Category, number> = { export: 0, between: 0, import: 0, trash: 0 };
    clean.sandbox.setFault((r) => {
      const c = categoryOf(r);
      if (armed && c) totals[c] += 1;
      return undefined;
    });
    const cleanDir = tempDir();
    const log = (line: string) => {
      // Connected: the schemas are read, then the export (the data model is applied after the plan, before writing).
      if (line.startsWith('target ')) armed = true;
      if (line.startsWith('import:')) armed = false;
    };
    const first = await migrate(migrationOptions(clean, cleanDir, { ...SIZES, log }));
    expect(first.status).toBe('ok');
    const expected = await outcome(clean, cleanDir);
    await clean.close();
    expect(totals.export).toBeGreaterThan(25);
    expect(totals.import).toBeGreaterThan(15);
    expect(totals.trash).toBeGreaterThan(2);

    // 2. Kill points per part, over 90 % of what a clean run makes (a resumed run repeats a page or a batch or two).
    const rnd = random(99);
    const points: Record<Category, number[]> = {
      export: spread(7, Math.floor(totals.export * 0.9), rnd),
      between: spread(2, totals.between, rnd),
      import: spread(7, totals.import - 1, rnd),
      trash: spread(2, totals.trash, rnd),
    };
    const planned = Object.values(points).reduce((n, p) => n + p.length, 0);
    expect(planned).toBeGreaterThanOrEqual(16);

    // 3. The killed-and-resumed chain on an identical pair.
    const killed = await startPair(SEED);
    const runDir = tempDir();
    let controller = new AbortController();
    let chainArmed = false;
    const seen: Record<Category, number> = { export: 0, between: 0, import: 0, trash: 0 };
    const kills: Array<{ category: Category; nth: number; request: string; stage?: string; code?: string }> = [];
    killed.sandbox.setFault((r) => {
      const c = categoryOf(r);
      if (!chainArmed || !c) return undefined;
      seen[c] += 1;
      // A point reached while the run is already aborted (its stage still finishing) kills the next run's first such request.
      const due = points[c].filter((p) => p <= seen[c]).length > kills.filter((k) => k.category === c).length;
      if (due && !controller.signal.aborted) {
        kills.push({ category: c, nth: seen[c], request: `${r.workspace} ${r.method} ${r.path}` });
        controller.abort(new Error(`kill at ${c} request ${seen[c]}`));
      }
      return undefined;
    });
    const chainLog = (line: string) => {
      if (line.startsWith('target ')) chainArmed = true;
      if (line.startsWith('import:')) chainArmed = false;
    };
    let runs = 0;
    for (;;) {
      runs += 1;
      expect(runs).toBeLessThan(planned + 4);
      controller = new AbortController();
      chainArmed = false;
      try {
        const r = await migrate(migrationOptions(killed, runDir, { ...SIZES, signal: controller.signal, log: chainLog }));
        expect(controller.signal.aborted).toBe(false);
        expect(r.status).toBe('ok');
        break;
      } catch (error) {
        expect(controller.signal.aborted, String(error)).toBe(true);
        expect(isMigrationError(error) && error.details?.resumable, `${String(error)} ${JSON.stringify(kills.at(-1))}`).toBe(true);
        const kill = kills.at(-1)!;
        kill.code = isMigrationError(error) ? error.code : String(error);
        kill.stage = isMigrationError(error) ? String(error.details?.stage ?? error.details?.object ?? '') : '';
      }
    }
    const where = JSON.stringify(kills, null, 1);
    expect(kills.length, where).toBe(planned);
    expect(kills.filter((k) => k.code === 'MIGRATION_ABORTED' && k.stage === 'export').length, where).toBeGreaterThanOrEqual(5);
    expect(kills.filter((k) => k.code === 'IMPORT_ABORTED').length, where).toBeGreaterThanOrEqual(5);

    const actual = await outcome(killed, runDir);
    await killed.close();
    expect(actual.model).toEqual(expected.model);
    expect(actual.trashed).toEqual(expected.trashed);
    expect(actual.done).toEqual(expected.done);
    expect(actual.failed).toEqual(expected.failed);
    expect(actual.issues).toEqual(expected.issues);
    for (const object of Object.keys(expected.rows)) expect({ object, rows: actual.rows[object] }).toEqual({ object, rows: expected.rows[object] });
    console.log(`kill/resume: ${kills.length} kills (${kills.map((k) => `${k.category}#${k.nth}→${k.code}/${k.stage}`).join(', ')}); clean run: ${JSON.stringify(totals)} requests; ${runs} runs`);
  }, 60_000);
});
