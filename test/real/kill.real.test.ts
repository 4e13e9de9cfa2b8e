/**
 * `npx twenty-migrate run` killed with SIGKILL at several moments (the whole process group: no chance to
 * clean up), then the same command started again until it exits 0. The audit must then find exactly what an
 * uninterrupted run gives: every record once, field for field, no duplicates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureCounts } from './checker/report.js';
import { realEnvOrSkip, SKIP_MESSAGE } from './env.js';
import { leaksKey, suiteLock } from './harness.js';
import { audit, migrateOnce, MINUTE, prepare, snapshotTarget, ZERO } from './scenario.js';

const real = realEnvOrSkip();

/** Kill points, each for one start: a time, or a stage showing in the output plus a delay (so it lands mid-stage). */
const KILLS: Array<{ afterMs?: number; when?: RegExp; delayMs?: number }> = [
  { afterMs: 15_000 }, // early: automations paused, data model, export under way
  { when: /^plan: /m, delayMs: 3_000 }, // copying files
  { when: /^import people /m, delayMs: 4_000 }, // mid-import (opportunities, notes)
  { when: /^import notes /m, delayMs: 6_000 }, // later in the import (tasks, custom objects)
  { when: /^import: /m, delayMs: 1_500 }, // configuration stage
  { when: /^configuration: /m, delayMs: 1_000 }, // verification, automations not yet restored
];

describe.skipIf(!real)(real ? 'run killed with SIGKILL and resumed (real Twenty 2.21)' : SKIP_MESSAGE, () => {
  let unlock: () => void = () => {};
  beforeAll(async () => {
    unlock = await suiteLock();
  }, 6 * 60 * MINUTE);
  afterAll(() => unlock());

  it('resumes to the same result, without duplicates', async () => {
    const s = await prepare(real!, 'kill');
    await snapshotTarget(real!, s);
    const history: string[] = [];
    let last = null as Awaited<ReturnType<typeof migrateOnce>> | null;
    for (const k of KILLS) {
      last = await migrateOnce(real!, s, { killAfterMs: k.afterMs, killWhen: k.when, killDelayMs: k.delayMs });
      history.push(`${last.killedAt ? `killed (${last.killedAt})` : `exit ${last.code}`} after ${Math.round(last.ms / 1000)} s`);
      if (!last.killedAt) break; // it finished before the kill point
    }
    for (let i = 0; i < 6 && (last?.killedAt || last?.code !== 0); i++) {
      last = await migrateOnce(real!, s);
      history.push(`exit ${last.code} after ${Math.round(last.ms / 1000)} s`);
    }
    console.log(`[kill] runs:\n  ${history.join('\n  ')}`);
    const report = await audit(real!, s, 'kill');
    expect(leaksKey(real!, s.log), 'the CLI output contains an API key').toBe(false);
    expect.soft(last?.code, 'exit code of the last run').toBe(0);
    expect(report.duplicates.count).toBe(0);
    expect(failureCounts(report)).toEqual(ZERO(report));
  }, 180 * MINUTE);
});
