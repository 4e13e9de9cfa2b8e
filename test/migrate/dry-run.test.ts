/**
 * `run --dry-run` reads both sides, validates everything and writes nothing to the target: no data-model change, no
 * record, no file upload, no configuration; the plan and the transformed records are in the run folder to inspect.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type MigrationResult } from '../../sdk/migrate.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import { seedConfiguration } from '../sandbox/seed/config.js';
import { cleanupDirs, migrationOptions, startPair, tempDir, type Pair } from './helpers.js';

let pair: Pair;
let result: MigrationResult;
let runDir: string;
let before: { model: string; rows: number; files: number };

const snapshot = () => {
  const target = pair.sandbox.workspace('target');
  return {
    model: JSON.stringify(target.model.objects.map((o) => [o.nameSingular, o.fields.map((f) => f.name)])),
    rows: target.model.objects.reduce((n, o) => n + (target.table(o.nameSingular)?.rows.size ?? 0), 0),
    files: target.files.size,
  };
};

beforeAll(async () => {
  pair = await startPair({ records: 300, seed: 3 });
  seedConfiguration(pair.sandbox.workspace('source'));
  before = snapshot();
  runDir = tempDir();
  result = await migrate(migrationOptions(pair, runDir, { dryRun: true }));
}, 60_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

describe('run --dry-run', () => {
  it('writes nothing to the target', () => {
    expect(result.status).toBe('dry-run');
    expect(snapshot()).toEqual(before);
  });

  it('still plans and transforms, so everything can be inspected first', () => {
    const run = new RunFolder(runDir);
    expect(result.plan.order.length).toBeGreaterThan(5);
    expect(result.transform!.valid).toBeGreaterThan(0);
    expect(run.exists('plan.json')).toBe(true);
    expect(run.exists('transform', 'people.jsonl')).toBe(true);
    expect(run.exists('import', 'ledger.jsonl')).toBe(false);
    expect(result.schema.applied?.dryRun ?? true).toBe(true);
  });

  it('writes only the run folder, with these entries (README: "It does write the run folder on this machine")', () => {
    // A known footprint: what the README and `run --help` promise, and nothing the real run would have to redo.
    expect(readdirSync(runDir).sort()).toEqual(['export', 'manifest.json', 'members.json', 'plan.json', 'schema', 'transform']);
    expect(readdirSync(`${runDir}/schema`).sort()).toEqual(expect.arrayContaining(['source.json', 'target.json']));
  });
});
