/**
 * What every real test does around the migration: reset the fixture, snapshot the target, run the CLI,
 * audit with the checker, write the report JSON into the test's temp folder and print the summary.
 */
import { join } from 'node:path';
import { checkMigration, captureBefore, type Before } from './checker/check.js';
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
