/**
 * The README's migration of the seeded "Apple" workspace into a freshly signed-up target (5 example companies,
 * 5 people, 6 opportunities, 2 active workflows, 6 members), run as a user would:
 * `npx twenty-migrate run --on-unmatched-member empty`, then audited by the independent checker. A second run
 * must write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureCounts } from './checker/report.js';
import { countRecords, listAll, objectsToCheck } from './checker/records.js';
import { readDataModel } from './checker/metadata.js';
import { realEnvOrSkip, SKIP_MESSAGE } from './env.js';
import { leaksKey, suiteLock } from './harness.js';
import { audit, migrateOnce, MINUTE, prepare, snapshotTarget, ZERO, type Scenario } from './scenario.js';

const real = realEnvOrSkip();

describe.skipIf(!real)(real ? 'seeded workspace → signed-up target (real Twenty 2.21)' : SKIP_MESSAGE, () => {
  let s: Scenario;
  let unlock: () => void = () => {};
  beforeAll(async () => {
    unlock = await suiteLock();
  }, 6 * 60 * MINUTE);
  afterAll(() => unlock());

  it('migrates everything, field for field', async () => {
    s = await prepare(real!, 'seeded');
    await snapshotTarget(real!, s);
    const run = await migrateOnce(real!, s);
    const report = await audit(real!, s, 'seeded');
    expect(leaksKey(real!, s.log), 'the CLI output contains an API key').toBe(false);
    expect.soft(run.code, 'exit code of `run`').toBe(0);
    expect(failureCounts(report)).toEqual(ZERO(report));
  }, 90 * MINUTE);

  it('a second run writes nothing', async () => {
    expect(s?.before, 'needs the first test').toBeDefined();
    const model = await readDataModel(real!.target);
    const objects = objectsToCheck(model).filter((o) => !/^(workflow|dashboard)/.test(o.nameSingular));
    // totalCount and the first page (updatedAt) of every checked object, before and after
    const state = async () => {
      const out: Record<string, { total: number; updatedAt: Record<string, string> }> = {};
      for (const o of objects) {
        const rows = await listAll(real!.target, o.namePlural, undefined, 200);
        out[o.namePlural] = { total: await countRecords(real!.target, o.namePlural), updatedAt: Object.fromEntries(rows.slice(0, 200).map((r) => [r.id, r.updatedAt])) };
      }
      return out;
    };
    const first = await state();
    const run = await migrateOnce(real!, s);
    const second = await state();
    const changed: string[] = [];
    for (const [plural, a] of Object.entries(first)) {
      const b = second[plural];
      if (a.total !== b.total) changed.push(`${plural}: ${a.total} → ${b.total} records`);
      const touched = Object.entries(a.updatedAt).filter(([id, t]) => b.updatedAt[id] !== undefined && b.updatedAt[id] !== t).map(([id]) => id);
      if (touched.length) changed.push(`${plural}: updatedAt changed on ${touched.length} of the first 200 (e.g. ${touched.slice(0, 3).join(', ')})`);
    }
    console.log(`[re-run] exit ${run.code}; ${changed.length ? changed.join('\n') : 'nothing changed'}`);
    console.log(`[re-run] last lines of the CLI:\n${run.stdout.split('\n').slice(-25).join('\n')}`);
    expect.soft(run.code).toBe(0);
    expect(changed).toEqual([]);
  }, 60 * MINUTE);
});
