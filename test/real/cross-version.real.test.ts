/**
 * Issue 12: a real Twenty 1.2.0 (its seeded demo workspace) migrated into the real 2.21 signed-up target, with the
 * README's command (`npx twenty-migrate run --on-unmatched-member empty`), audited by the independent checker,
 * which reads 1.2's data model through GraphQL and follows the links 2.21 renamed (`personId` → `targetPersonId`).
 * A second run must write nothing, and a run killed at several moments must resume to the same result.
 *
 *   TWENTY_REAL_SOURCE_ROOT=<1.2.0 kit ROOT> TWENTY_REAL_ROOT=<2.21 kit ROOT> npx vitest run --config vitest.real.config.ts test/real/cross-version.real.test.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureCounts } from './checker/report.js';
import { CROSS_SKIP_MESSAGE, loadCrossVersionEnv } from './env.js';
import { addLegacyAttachments } from './legacy-attachments.js';
import { leaksKey, suiteLock } from './harness.js';
import { audit, changesBetween, migrateOnce, MINUTE, prepare, snapshotTarget, writeState, ZERO, type Scenario } from './scenario.js';

const real = loadCrossVersionEnv();
if (!real) console.warn(CROSS_SKIP_MESSAGE);

/** Kill points for the resume test: early (data model, export), mid-import, configuration. */
const KILLS: Array<{ afterMs?: number; when?: RegExp; delayMs?: number }> = [
  { afterMs: 12_000 },
  { when: /^import people /m, delayMs: 4_000 },
  { when: /^import notes /m, delayMs: 5_000 },
  { when: /^import: /m, delayMs: 1_000 },
];

describe.skipIf(!real)(real ? 'Twenty 1.2.0 seeded workspace → 2.21 signed-up target (real servers)' : CROSS_SKIP_MESSAGE, () => {
  let s: Scenario;
  let unlock: () => void = () => {};
  beforeAll(async () => {
    unlock = await suiteLock();
  }, 6 * 60 * MINUTE);
  afterAll(() => unlock());

  it('migrates every record 2.21 can hold, field for field, and lists what it could not carry', async () => {
    s = await prepare(real!, 'cross-1.2');
    const added = await addLegacyAttachments(real!.source);
    console.log(`[cross-1.2] ${added.length} attachments added to the 1.2 source (uploadFile + fullPath, as 1.2's front end does)`);
    await snapshotTarget(real!, s);
    const run = await migrateOnce(real!, s);
    expect(leaksKey(real!, s.log), 'the CLI output contains an API key').toBe(false);
    expect.soft(run.code, 'exit code of `run`').toBe(0);
    const report = await audit(real!, s, 'cross-1.2');
    expect(failureCounts(report)).toEqual(ZERO(report));
    // Every data-model call was taken by 2.21: nothing it reserves (attachment.type) or refuses (1.2's lowercase
    // messageParticipant.role options) is sent.
    const applied = JSON.parse(readFileSync(join(s.runDir, 'schema', 'apply.json'), 'utf8')) as { counts: Record<string, number>; results: Array<{ status: string; message?: string }> };
    console.log(`[cross-1.2] data model: ${JSON.stringify(applied.counts)}`);
    expect(applied.results.filter((r) => r.status === 'failed').map((r) => r.message)).toEqual([]);
    // The links 1.2 keeps in `personId` arrive in 2.21's morph column; 1.2's file paths as 2.21 files, same bytes.
    expect(report.objects.noteTargets?.missing).toBe(0);
    expect(report.objects.attachments).toMatchObject({ source: added.length, missing: 0 });
    expect(report.fields['attachment.fullPath→file']?.compared).toBe(added.length);
    // What was not carried is listed with its reason (the plan) rather than lost silently.
    const verify = readFileSync(join(s.runDir, 'verify', 'report.md'), 'utf8');
    expect(verify).toMatch(/Every source record is in the target or in the error report/);
    expect(verify.split('\n')[0], 'the run\'s own verify').not.toMatch(/FAIL/);
  }, 60 * MINUTE);

  it('a second run writes nothing', async () => {
    expect(s?.before, 'needs the first test').toBeDefined();
    const state = () => writeState(real!);
    const first = await state();
    const run = await migrateOnce(real!, s);
    const changed = changesBetween(first, await state());
    console.log(`[re-run] exit ${run.code}; ${changed.length ? changed.join('\n') : 'nothing changed'}`);
    expect.soft(run.code).toBe(0);
    expect(changed).toEqual([]);
  }, 30 * MINUTE);

  it('a run killed at several moments resumes to the same result, without duplicates', async () => {
    const k = await prepare(real!, 'cross-1.2-kill');
    await addLegacyAttachments(real!.source);
    await snapshotTarget(real!, k);
    const history: string[] = [];
    let last = null as Awaited<ReturnType<typeof migrateOnce>> | null;
    for (const point of KILLS) {
      last = await migrateOnce(real!, k, { killAfterMs: point.afterMs, killWhen: point.when, killDelayMs: point.delayMs });
      history.push(`${last.killedAt ? `killed (${last.killedAt})` : `exit ${last.code}`} after ${Math.round(last.ms / 1000)} s`);
      if (!last.killedAt) break;
    }
    for (let i = 0; i < 6 && (last?.killedAt || last?.code !== 0); i++) {
      last = await migrateOnce(real!, k);
      history.push(`exit ${last.code} after ${Math.round(last.ms / 1000)} s`);
    }
    console.log(`[kill] runs:\n  ${history.join('\n  ')}`);
    const report = await audit(real!, k, 'cross-1.2-kill');
    expect.soft(last?.code, 'exit code of the last run').toBe(0);
    expect(report.duplicates.count).toBe(0);
    expect(failureCounts(report)).toEqual(ZERO(report));
  }, 90 * MINUTE);
});
