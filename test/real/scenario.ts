/**
 * What every real test does around the migration: reset the fixture, snapshot the target, run the CLI,
 * audit with the checker, write the report JSON into the test's temp folder and print the summary.
 */
import { join } from 'node:path';
import { checkMigration, captureBefore, type Before } from './checker/check.js';
import { readDataModel } from './checker/metadata.js';
import { countRecords, listAll, objectsToCheck } from './checker/records.js';
import type { MemberPolicy } from './checker/members.js';
import { failureCounts, summary, writeReport, type Report } from './checker/report.js';
import type { RealEnv } from './env.js';
import { PROJECT, reset, runCli, tempFolder, type Run, type RunOptions } from './harness.js';
import { execSync } from 'node:child_process';

export const MINUTE = 60_000;

export interface Scenario {
  dir: string;
  runDir: string;
  log: string;
  before?: Before;
  startedAt?: string;
}

export async function prepare(real: RealEnv, label: string): Promise<Scenario> {
  const dir = tempFolder(label);
  // the tool under test changes while people work on it: say which tree ran
  const git = (args: string) => { try { return execSync(`git ${args}`, { cwd: PROJECT, encoding: 'utf8' }).trim(); } catch { return '?'; } };
  const dirty = git('status --porcelain -- sdk scripts').split('\n').filter(Boolean).length;
  console.log(`[${label}] temp folder ${dir}; tool at ${git('log -1 --format=%h')}${dirty ? ` + ${dirty} uncommitted files in sdk/ scripts/` : ''}`);
  const ms = await reset(real, join(dir, 'reset.log'));
  console.log(`[${label}] reset in ${Math.round(ms / 1000)} s`);
  return { dir, runDir: join(dir, 'run'), log: join(dir, 'cli.log') };
}

export const POLICY: MemberPolicy = { kind: 'empty' };
export const RUN_ARGS = (s: Scenario) => ['run', '--on-unmatched-member', 'empty', '--run-dir', s.runDir];

export async function migrateOnce(real: RealEnv, s: Scenario, extra: Partial<RunOptions> = {}): Promise<Run> {
  s.startedAt ??= new Date().toISOString();
  const run = await runCli(real, RUN_ARGS(s), { log: s.log, ...extra });
  console.log(`[cli] exit ${run.code ?? run.signal}${run.killedAt ? ` (killed: ${run.killedAt})` : ''} after ${Math.round(run.ms / 1000)} s`);
  return run;
}

export async function snapshotTarget(real: RealEnv, s: Scenario): Promise<void> {
  s.before = await captureBefore(real.target);
  const n = [...s.before.rows.values()].reduce((a, r) => a + r.length, 0);
  console.log(`[snapshot] ${n} target records in ${s.before.rows.size} objects before the migration`);
}

export async function audit(real: RealEnv, s: Scenario, label: string, options: { includeDeleted?: boolean } = {}): Promise<Report> {
  const report = await checkMigration({
    label, source: real.source, target: real.target, before: s.before!, migrationStartedAt: s.startedAt!, policy: POLICY, ...options,
  });
  const file = join(s.dir, `report-${label}.json`);
  writeReport(report, file);
  console.log(`${summary(report)}\nreport: ${file}`);
  return report;
}

export const ZERO = (r: Report) => Object.fromEntries(Object.keys(failureCounts(r)).map((k) => [k, 0]));

/** What a re-run could change in the target: per checked object, its count and the updatedAt of its first 200 records. */
export type WriteState = Record<string, { total: number; updatedAt: Record<string, string> }>;

export async function writeState(real: RealEnv): Promise<WriteState> {
  const model = await readDataModel(real.target);
  const objects = objectsToCheck(model).filter((o) => !/^(workflow|dashboard)/.test(o.nameSingular));
  const out: WriteState = {};
  for (const o of objects) {
    const rows = await listAll(real.target, o.namePlural, undefined, 200);
    out[o.namePlural] = { total: await countRecords(real.target, o.namePlural), updatedAt: Object.fromEntries(rows.slice(0, 200).map((r) => [r.id, r.updatedAt])) };
  }
  return out;
}

/** One line per object whose count changed or whose sampled records were written again. */
export function changesBetween(first: WriteState, second: WriteState): string[] {
  const changed: string[] = [];
  for (const [plural, a] of Object.entries(first)) {
    const b = second[plural];
    if (a.total !== b.total) changed.push(`${plural}: ${a.total} → ${b.total} records`);
    const touched = Object.entries(a.updatedAt).filter(([id, t]) => b.updatedAt[id] !== undefined && b.updatedAt[id] !== t).map(([id]) => id);
    if (touched.length) changed.push(`${plural}: updatedAt changed on ${touched.length} of the first 200 (e.g. ${touched.slice(0, 3).join(', ')})`);
  }
  return changed;
}
