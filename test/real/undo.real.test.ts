/**
 * Issue 13, the way back, on the real Twenty 2.21: the seeded workspace migrated into the signed-up target with the
 * README's command, then `npx twenty-migrate undo`. The target must end with exactly the records it had before
 * (same ids; the records the import merged into with their previous values), and a second undo does nothing.
 *
 *   TWENTY_REAL_ROOT=<2.21 kit ROOT> npx vitest run --config vitest.real.config.ts test/real/undo.real.test.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot, objectsToSnapshot, type Snapshot } from './checker/records.js';
import { readDataModel } from './checker/metadata.js';
import { sameValue } from './checker/normalize.js';
import { call } from './checker/http.js';
import { realEnvOrSkip, SKIP_MESSAGE } from './env.js';
import { leaksKey, runCli, suiteLock } from './harness.js';
import { migrateOnce, MINUTE, prepare, snapshotTarget, type Scenario } from './scenario.js';

const real = realEnvOrSkip();

/** Fields the server stamps on every write: a restored record has a new updatedAt and its writer's updatedBy. */
const STAMPED = new Set(['updatedAt', 'updatedBy', 'searchVector', 'position']);

describe.skipIf(!real)(real ? 'undo after a migration (real Twenty 2.21)' : SKIP_MESSAGE, () => {
  let s: Scenario;
  let objectsBefore: Set<string>;
  let unlock: () => void = () => {};
  beforeAll(async () => {
    unlock = await suiteLock();
  }, 6 * 60 * MINUTE);
  afterAll(() => unlock());

  it('takes out what the run put in, and puts back what it merged into', async () => {
    s = await prepare(real!, 'undo');
    // A source company with the domain of the target's own example Airbnb: the import merges it into that one.
    const added = await call(real!.source, '/rest/companies', { method: 'POST', body: { name: 'Airbnb (as the source has it)', domainName: { primaryLinkUrl: 'https://airbnb.com' }, employees: 6800 } });
    expect(added.status).toBeLessThan(300);
    await snapshotTarget(real!, s);
    objectsBefore = new Set(s.before!.model.objects.map((o) => o.nameSingular));
    const run = await migrateOnce(real!, s);
    expect.soft(run.code, 'exit code of `run`').toBe(0);
    const preview = await runCli(real!, ['undo', '--dry-run', '--run-dir', s.runDir], { log: s.log });
    console.log(`[undo --dry-run] exit ${preview.code} after ${Math.round(preview.ms / 1000)} s\n${preview.stdout.split('\n').slice(-8).join('\n')}`);
    expect(preview.code).toBe(0);
    const undo = await runCli(real!, ['undo', '--run-dir', s.runDir], { log: s.log });
    console.log(`[undo] exit ${undo.code} after ${Math.round(undo.ms / 1000)} s\n${undo.stdout.split('\n').slice(-12).join('\n')}`);
    expect(undo.code).toBe(0);
    expect(leaksKey(real!, s.log), 'the CLI output contains an API key').toBe(false);

    const model = await readDataModel(real!.target);
    const before: Snapshot = s.before!.rows;
    const after = await snapshot(real!.target, objectsToSnapshot(model).filter((o) => before.has(o.namePlural)));
    const problems: string[] = [];
    for (const [plural, rows] of before) {
      const now = new Map((after.get(plural) ?? []).map((r) => [String(r.id), r]));
      const was = new Set(rows.map((r) => String(r.id)));
      const extra = [...now.keys()].filter((id) => !was.has(id));
      const lost = [...was].filter((id) => !now.has(id));
      if (extra.length) problems.push(`${plural}: ${extra.length} record(s) left by the migration (e.g. ${extra.slice(0, 3).join(', ')})`);
      if (lost.length) problems.push(`${plural}: ${lost.length} record(s) the target had are gone (e.g. ${lost.slice(0, 3).join(', ')})`);
      const meta = s.before!.model.byPlural.get(plural);
      for (const r of rows) {
        const t = now.get(String(r.id));
        if (!t || !meta) continue;
        for (const f of meta.fields) {
          if (STAMPED.has(f.name) || f.type === 'RELATION' || f.type === 'MORPH_RELATION' || !(f.name in r)) continue;
          if (!sameValue(f.type, r[f.name], t[f.name])) problems.push(`${plural} ${r.id}.${f.name}: ${JSON.stringify(r[f.name])} before, ${JSON.stringify(t[f.name])} after undo`);
        }
      }
    }
    const report = JSON.parse(readFileSync(join(s.runDir, 'undo', 'report.json'), 'utf8'));
    console.log(`[undo] counts ${JSON.stringify(report.counts)}; merged ${JSON.stringify(report.merged.map((m: { object: string; merged: number; restored: number }) => [m.object, m.merged, m.restored]))}`);
    expect(report.merged).toEqual([expect.objectContaining({ object: 'companies', merged: 1, restored: 1 })]);
    expect(problems).toEqual([]);
  }, 90 * MINUTE);

  it('a second undo does nothing', async () => {
    expect(s?.before, 'needs the first test').toBeDefined();
    const again = await runCli(real!, ['undo', '--run-dir', s.runDir], { log: s.log });
    expect(again.code).toBe(0);
    const report = JSON.parse(readFileSync(join(s.runDir, 'undo', 'report.json'), 'utf8'));
    expect(report.counts).toMatchObject({ removed: 0, restored: 0, failed: 0 });
  }, 30 * MINUTE);

  it('--schema removes the custom objects the data-model stage created', async () => {
    expect(s?.before, 'needs the first test').toBeDefined();
    const run = await runCli(real!, ['undo', '--schema', '--run-dir', s.runDir], { log: s.log });
    console.log(`[undo --schema] exit ${run.code} after ${Math.round(run.ms / 1000)} s\n${run.stdout.split('\n').filter((l) => /^undo (object|field)/.test(l)).join('\n')}`);
    expect(run.code).toBe(0);
    const now = new Set((await readDataModel(real!.target)).objects.map((o) => o.nameSingular));
    expect([...now].filter((o) => !objectsBefore.has(o))).toEqual([]);
  }, 30 * MINUTE);
});
