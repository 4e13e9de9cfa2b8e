/**
 * Acceptance 3: running a finished migration again changes nothing and duplicates nothing. In the same run folder
 * the ledger says everything is done and not one write reaches the target; with a new run folder (no ledger) every
 * record is upserted by its id onto itself: same rows, same counts, no duplicates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type MigrationResult } from '../../sdk/migrate.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import { cleanupDirs, migratedObjects, migrationOptions, rowsOf, startPair, tempDir, type Pair, type Rows } from './helpers.js';

let pair: Pair;
let runDir: string;
let first: MigrationResult;
let before: Rows;
let objects: string[];
/** writes to the target's records API since the data-model stage of the current run (the connect probe excluded) */
let writes: string[] = [];
let counting = false;

const log = (line: string) => {
  if (line.startsWith('data model:')) counting = true;
};
const counts = () => Object.fromEntries(objects.map((o) => [o, pair.sandbox.workspace('target').count(o)]));

beforeAll(async () => {
  pair = await startPair({ records: 500, seed: 31, seedOptions: { softDeletedShare: 0.04 } });
  pair.sandbox.setFault((r) => {
    if (counting && r.workspace === 'target' && r.method !== 'GET') writes.push(`${r.method} ${r.path}`);
    return undefined;
  });
  runDir = tempDir();
  first = await migrate(migrationOptions(pair, runDir, { log }));
  counting = false;
  objects = migratedObjects(pair.sandbox);
  before = rowsOf(pair.sandbox, 'target', [...objects, 'timelineActivity']);
}, 60_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

describe('a second run', () => {
  it('first run: ok', () => {
    expect(first.status).toBe('ok');
    expect(writes.length).toBeGreaterThan(10);
  });

  it('in the same run folder writes nothing and changes nothing; the ledger says already done', async () => {
    writes = [];
    const again = await migrate(migrationOptions(pair, runDir, { log }));
    counting = false;
    expect(again.status).toBe('ok');
    expect(again.report!.status).toBe('pass');
    expect(writes).toEqual([]);
    expect(again.export.objects.every((o) => o.resumed)).toBe(true);
    expect(again.schema.applied).toBeUndefined();
    for (const o of again.import!.objects) {
      const planned = again.plan.order.find((p) => p.object === o.object)!;
      expect({ object: o.object, imported: o.imported, merged: o.merged, done: o.alreadyDone, requests: o.requests }).toEqual({
        object: o.object, imported: 0, merged: 0, done: planned.count, requests: 0,
      });
    }
    // Every row, timeline included, exactly as before: not a single write reached the target.
    expect(rowsOf(pair.sandbox, 'target', [...objects, 'timelineActivity'])).toEqual(before);
  });

  it('with a new run folder (no ledger) upserts every record onto itself: same rows, same counts, no duplicates', async () => {
    const countsBefore = counts();
    const fresh = tempDir();
    const again = await migrate(migrationOptions(pair, fresh));
    expect(again.status).toBe('ok');
    expect(again.report!.status).toBe('pass');
    expect(counts()).toEqual(countsBefore);
    // Matched by id, never merged into another record.
    expect(again.import!.merges).toEqual([]);
    expect(again.import!.objects.reduce((n, o) => n + o.imported, 0)).toBe(first.import!.objects.reduce((n, o) => n + o.imported, 0));
    // Records from the source's trash are restored by the upsert and trashed again: their deletedAt and updatedAt
    // are the time of that second trash pass. Everything else is identical.
    const omit = (_o: string, r: Record<string, unknown>) => (r.deletedAt ? ['deletedAt', 'updatedAt'] : []);
    expect(rowsOf(pair.sandbox, 'target', objects, omit)).toEqual(Object.fromEntries(objects.map((o) => [o, before[o].map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !omit(o, r).includes(k))))])));
    const trashedIds = (rows: Rows) => objects.flatMap((o) => rows[o].filter((r) => r.deletedAt).map((r) => r.id)).sort();
    expect(trashedIds(rowsOf(pair.sandbox, 'target', objects))).toEqual(trashedIds(before));
    expect(new RunFolder(fresh).manifest().stages.import?.status).toBe('completed');
  });
});
