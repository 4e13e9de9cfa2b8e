/**
 * Varied, hard data (test/real/varied/build.ts) on top of the source's seed, and target records that share
 * unique values with source records at the start, middle and end of an import batch; migrated with
 * `npx twenty-migrate run --on-unmatched-member empty` and audited. The report tallies findings per record
 * class and per field type, so a failure names the class of data that broke.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { waitQueueIdle } from './checker/automations.js';
import { checkMigration } from './checker/check.js';
import { failureCounts, summary, writeReport } from './checker/report.js';
import { realEnvOrSkip, SKIP_MESSAGE } from './env.js';
import { leaksKey, suiteLock } from './harness.js';
import { migrateOnce, MINUTE, POLICY, prepare, snapshotTarget, ZERO } from './scenario.js';
import { buildVaried, preCreateMerges } from './varied/build.js';

const real = realEnvOrSkip();

describe.skipIf(!real)(real ? 'varied custom data and merges (real Twenty 2.21)' : SKIP_MESSAGE, () => {
  let unlock: () => void = () => {};
  beforeAll(async () => {
    unlock = await suiteLock();
  }, 6 * 60 * MINUTE);
  afterAll(() => unlock());

  it('migrates every field type and class, and merges on unique values', async () => {
    const s = await prepare(real!, 'varied');
    const built = await buildVaried(real!.source, real!.target);
    const merges = await preCreateMerges(real!.source, real!.target);
    console.log(`[varied] ${built.notes.join('; ')}; ${merges.expected.length} target records pre-created to merge`);
    await waitQueueIdle(real!.target, { quietMs: 15_000, capMs: 5 * MINUTE }); // the set-up's own side effects settle first
    await snapshotTarget(real!, s);
    const run = await migrateOnce(real!, s);
    const report = await checkMigration({
      label: 'varied', source: real!.source, target: real!.target, before: s.before!, migrationStartedAt: s.startedAt!, policy: POLICY,
      classes: { ...built.classes, ...merges.classes },
    });
    const file = join(s.dir, 'report-varied.json');
    writeReport(report, file);
    const rows = Object.entries(report.recordClasses).map(
      ([k, v]) => `  ${v.findings ? 'FAIL' : 'ok  '} ${k.padEnd(66)} ${v.findings ? JSON.stringify(v.sections) : ''} ${Object.keys(v.info).length ? JSON.stringify(v.info) : ''}`,
    );
    const types = Object.entries(report.coverage).map(([t, c]) => `  ${c.differed ? 'FAIL' : 'ok  '} ${t.padEnd(28)} ${c.differed}/${c.compared} differ`);
    console.log(`${summary(report)}\nper record class:\n${rows.join('\n')}\nper field type:\n${types.join('\n')}\nreport: ${file}`);
    // each pre-created target record must have absorbed its source twin (the checker reads merges from the target)
    const merged = new Set(report.info.merges.examples.map((e) => `${e.object}:${e.source}→${e.target}`));
    const notMerged = merges.expected.filter((m) => !merged.has(`${m.object}:${m.source}→${m.target}`)).map((m) => `${m.label} (source ${m.source}, target ${m.target})`);
    console.log(`[varied] expected merges not found: ${notMerged.length ? `\n  ${notMerged.join('\n  ')}` : 'none'}`);
    expect(leaksKey(real!, s.log), 'the CLI output contains an API key').toBe(false);
    expect.soft(notMerged, 'expected merges').toEqual([]);
    expect.soft(run.code, 'exit code of `run`').toBe(0);
    expect(failureCounts(report)).toEqual(ZERO(report));
  }, 180 * MINUTE);
});
