/**
 * The README's migration of the seeded "Apple" workspace into a freshly signed-up target (5 example companies,
 * 5 people, 6 opportunities, 2 active workflows, 6 members), run as a user would:
 * `npx twenty-migrate run --on-unmatched-member empty`, then audited by the independent checker. A second run
 * must write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureCounts } from './checker/report.js';
import { realEnvOrSkip, SKIP_MESSAGE } from './env.js';
import { leaksKey, suiteLock } from './harness.js';
import { audit, changesBetween, migrateOnce, MINUTE, prepare, snapshotTarget, writeState, ZERO, type Scenario } from './scenario.js';

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
    const state = () => writeState(real!);
    const first = await state();
    const run = await migrateOnce(real!, s);
    const changed = changesBetween(first, await state());
    console.log(`[re-run] exit ${run.code}; ${changed.length ? changed.join('\n') : 'nothing changed'}`);
    console.log(`[re-run] last lines of the CLI:\n${run.stdout.split('\n').slice(-25).join('\n')}`);
    expect.soft(run.code).toBe(0);
    expect(changed).toEqual([]);
  }, 60 * MINUTE);
});
