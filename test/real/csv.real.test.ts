/**
 * Issue 14 on the real Twenty 2.21: the seeded workspace exported to CSV with `csv export`, the data model created
 * in the signed-up target by `schema apply` (CSV cannot carry a data model), then `csv import` with the target alone
 * (no SOURCE_*). The independent checker then compares the target with the source, as it does for the API path:
 * everything a CSV carries must be equal. What CSV cannot carry (the attachments' files) is the only difference allowed.
 * Then files cut down as the UI's export may leave them, imported with `--fill-from-source`: then nothing may differ.
 *
 *   TWENTY_REAL_ROOT=<2.21 kit ROOT> npx vitest run --config vitest.real.config.ts test/real/csv.real.test.ts
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realEnvOrSkip, SKIP_MESSAGE } from './env.js';
import { leaksKey, runCli, suiteLock } from './harness.js';
import { audit, MINUTE, prepare, snapshotTarget, type Scenario } from './scenario.js';
import { failureCounts } from './checker/report.js';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { twentyCsv } from '../../sdk/csv/write.js';
import { createTwentyClient, listRecords } from '../../sdk/client/index.js';
import { readWorkspaceSchema } from '../../sdk/metadata/index.js';
import { readMembers } from '../../sdk/members/index.js';
import { frontEndCase } from '../csv/generate-csv-2.21.js';
import { isMemberEmailColumn, keepColumns } from '../csv/reshape.js';

/** Files as the UI's "Export view" may leave them: without the date and BlockNote columns, and no file for what hangs on records. */
function uiLike(from: string, to: string): string {
  mkdirSync(to, { recursive: true });
  const drop = /^(Creation date|Last update)$|\/ BlockNote$/;
  const left: string[] = [];
  for (const name of readdirSync(from).filter((f) => f.endsWith('.csv'))) {
    if (['noteTarget.csv', 'taskTarget.csv', 'attachment.csv'].includes(name)) {
      left.push(name);
      continue;
    }
    keepColumns(join(from, name), join(to, name), (h) => !drop.test(h));
  }
  return `left out ${left.join(', ')}; columns dropped: ${drop}`;
}

/** Files as Twenty's own "Export view" writes them: member ids without the e-mail columns `csv export` adds (guide step 5 undone). */
function withoutMemberEmails(from: string, to: string): number {
  mkdirSync(to, { recursive: true });
  return readdirSync(from).filter((f) => f.endsWith('.csv')).reduce((n, name) => n + keepColumns(join(from, name), join(to, name), (h, all) => !isMemberEmailColumn(h, all)), 0);
}

const real = realEnvOrSkip();

describe.skipIf(!real)(real ? 'csv export, then csv import (real Twenty 2.21)' : SKIP_MESSAGE, () => {
  let s: Scenario;
  let unlock: () => void = () => {};
  beforeAll(async () => {
    unlock = await suiteLock();
  }, 6 * 60 * MINUTE);
  afterAll(() => unlock());

  it('the target ends equal to the source in everything a CSV carries', async () => {
    s = await prepare(real!, 'csv');
    await snapshotTarget(real!, s);
    s.startedAt = new Date().toISOString();
    const csvDir = join(s.dir, 'csv');
    const exported = await runCli(real!, ['csv', 'export', '--out', csvDir, '--run-dir', join(s.dir, 'export-run')], { log: s.log });
    console.log(`[csv export] exit ${exported.code} after ${Math.round(exported.ms / 1000)} s`);
    expect(exported.code).toBe(0);
    const schema = await runCli(real!, ['schema', 'apply', '--run-dir', join(s.dir, 'schema-run')], { log: s.log });
    expect(schema.code).toBe(0);
    const imported = await runCli(real!, ['csv', 'import', csvDir, '--run-dir', s.runDir, '--on-unmatched-member', 'empty'], { log: s.log, withoutSource: true });
    console.log(`[csv import] exit ${imported.code} after ${Math.round(imported.ms / 1000)} s\n${imported.stdout.split('\n').filter((l) => /Verification|records compared|imported,|not in CSV/.test(l)).join('\n')}`);
    expect(imported.code).toBe(0);
    expect(leaksKey(real!, s.log), 'the CLI output contains an API key').toBe(false);
    const again = await runCli(real!, ['csv', 'import', csvDir, '--run-dir', s.runDir], { log: s.log, withoutSource: true });
    console.log(`[csv import again] exit ${again.code} after ${Math.round(again.ms / 1000)} s`);
    expect(again.code).toBe(0);

    const report = await audit(real!, s, 'csv');
    const failures = failureCounts(report);
    // the attachments' files stay in the source's storage: CSV carries their records, not their bytes
    const { fileMismatches, fieldDifferences, ...rest } = failures;
    console.log(`[audit] fileMismatches ${fileMismatches} ${JSON.stringify(report.fileMismatches.byClass)}; fieldDifferences ${fieldDifferences} ${JSON.stringify(report.fieldDifferences.byClass)}`);
    expect(rest).toEqual(Object.fromEntries(Object.keys(rest).map((k) => [k, 0])));
    expect(Object.keys(report.fieldDifferences.byClass).every((c) => /attachment/.test(c))).toBe(true);
  }, 40 * MINUTE);

  it('writes what the 2.21 front-end would write, byte for byte, for every object of the real workspace', async () => {
    const core = createTwentyClient({ baseUrl: real!.source.url, apiKey: real!.source.apiKey });
    const metadata = createTwentyClient({ baseUrl: real!.source.url, apiKey: real!.source.apiKey, api: 'metadata' });
    const schema = await readWorkspaceSchema({ metadata, core });
    const compared: string[] = [];
    const without: string[] = [];
    for (const o of schema.objects.filter((x) => !x.isSystem && x.isActive)) {
      const rows: Array<Record<string, unknown>> = [];
      for await (const r of listRecords(core, o.namePlural, { pageSize: 200 })) rows.push(r);
      const c = frontEndCase(o, rows);
      if (!c) {
        without.push(`${o.namePlural} (${rows.length})`);
        continue;
      }
      expect(twentyCsv(c.object, c.records), o.namePlural).toBe(c.theirs);
      compared.push(`${o.namePlural} ${rows.length}`);
    }
    console.log(`[front-end oracle] equal: ${compared.join(', ')}; no record with every composite set (not comparable): ${without.join(', ') || 'none'}`);
    expect(compared.length).toBeGreaterThanOrEqual(5);
  }, 10 * MINUTE);

  it('files as the UI exports them (no dates, no BlockNote, no note/task targets, no attachments), with --fill-from-source: equal in everything, the files included', async () => {
    s = await prepare(real!, 'csv-fill');
    await snapshotTarget(real!, s);
    s.startedAt = new Date().toISOString();
    const csvDir = join(s.dir, 'csv');
    expect((await runCli(real!, ['csv', 'export', '--out', csvDir, '--run-dir', join(s.dir, 'export-run')], { log: s.log })).code).toBe(0);
    const ui = join(s.dir, 'ui');
    const dropped = uiLike(csvDir, ui);
    console.log(`[ui-like files] ${dropped}`);
    expect((await runCli(real!, ['schema', 'apply', '--run-dir', join(s.dir, 'schema-run')], { log: s.log })).code).toBe(0);
    const bare = await runCli(real!, ['csv', 'import', ui, '--run-dir', join(s.dir, 'dry'), '--dry-run', '--on-unmatched-member', 'empty'], { log: s.log });
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/noteTargets: in no file .*--fill-from-source/);
    const filled = await runCli(real!, ['csv', 'import', ui, '--fill-from-source', '--run-dir', s.runDir, '--on-unmatched-member', 'empty'], { log: s.log });
    console.log(`[csv import --fill-from-source] exit ${filled.code} after ${Math.round(filled.ms / 1000)} s\n${filled.stdout.split('\n').filter((l) => /^fill|^files|Verification|records compared|imported,|not in CSV/.test(l)).join('\n')}`);
    expect(filled.code).toBe(0);
    expect(leaksKey(real!, s.log), 'the CLI output contains an API key').toBe(false);
    const report = await audit(real!, s, 'csv-fill');
    const failures = failureCounts(report);
    console.log(`[audit] ${JSON.stringify(failures)} ${JSON.stringify(report.fieldDifferences.byClass)}`);
    expect(failures).toEqual(Object.fromEntries(Object.keys(failures).map((k) => [k, 0])));
  }, 40 * MINUTE);

  it('the source gone and the files without e-mail columns: a members file maps every member (guide step 5)', async () => {
    s = await prepare(real!, 'csv-members');
    await snapshotTarget(real!, s);
    s.startedAt = new Date().toISOString();
    const csvDir = join(s.dir, 'csv');
    expect((await runCli(real!, ['csv', 'export', '--out', csvDir, '--run-dir', join(s.dir, 'export-run')], { log: s.log })).code).toBe(0);
    const ui = join(s.dir, 'ui');
    const dropped = withoutMemberEmails(csvDir, ui);
    expect(dropped).toBeGreaterThan(10);
    expect((await runCli(real!, ['schema', 'apply', '--run-dir', join(s.dir, 'schema-run')], { log: s.log })).code).toBe(0);
    const bare = await runCli(real!, ['csv', 'import', ui, '--run-dir', join(s.dir, 'dry'), '--dry-run'], { log: s.log, withoutSource: true });
    expect(bare.stdout).toMatch(/member id\(s\) with no e-mail anywhere: give the source \(SOURCE_\*\), an e-mail column or --members FILE/);
    // what an admin copies from the old server's Settings → Members: ids and e-mails, saved by a spreadsheet
    const members = await readMembers(createTwentyClient({ baseUrl: real!.source.url, apiKey: real!.source.apiKey }));
    const membersFile = join(s.dir, 'members.csv');
    writeFileSync(membersFile, ['Workspace Member Id;User Email', ...members.filter((m) => m.userEmail).map((m) => `${m.id};${m.userEmail}`)].join('\r\n'));
    const imported = await runCli(real!, ['csv', 'import', ui, '--members', membersFile, '--run-dir', s.runDir], { log: s.log, withoutSource: true });
    console.log(`[csv import --members] ${members.length} members, ${dropped} e-mail columns dropped; exit ${imported.code} after ${Math.round(imported.ms / 1000)} s\n${imported.stdout.split('\n').filter((l) => /Verification|imported,|Member assignments|no e-mail/.test(l)).join('\n')}`);
    expect(imported.code).toBe(0);
    expect(imported.stdout).not.toMatch(/no e-mail anywhere/);
    const report = await audit(real!, s, 'csv-members');
    const { fileMismatches, fieldDifferences, ...rest } = failureCounts(report);
    console.log(`[audit] fileMismatches ${fileMismatches}; fieldDifferences ${fieldDifferences} ${JSON.stringify(report.fieldDifferences.byClass)}`);
    expect(rest).toEqual(Object.fromEntries(Object.keys(rest).map((k) => [k, 0])));
    expect(Object.keys(report.fieldDifferences.byClass).every((c) => /attachment/.test(c))).toBe(true);
  }, 40 * MINUTE);
});
