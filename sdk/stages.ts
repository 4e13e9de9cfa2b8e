/**
 * The stages of one migration, each a function of the `Migration` context (see connect.ts) that returns a plain value
 * and reads or writes the run folder, so a notebook or a script can stop between any two and inspect.
 */
import { exportRecords, selectObjects, type ExportResult } from './export/index.js';
import { importRecords, type ImportEvent, type ImportResult } from './import/index.js';
import { runMembersStage, type MembersStageResult } from './members/index.js';
import { applySchema, diffSchemas, planSchemaApply, projectSchema, readWorkspaceSchema, type ApplyResult, type SchemaDifference } from './metadata/index.js';
import type { WorkspaceSchema } from './metadata/types.js';
import { planRun } from './plan/index.js';
import type { Plan, UnmatchedMemberPolicy } from './run/contracts.js';
import { transformRecords, type TransformResult } from './transform/index.js';
import { verifyMigration, type VerificationReport } from './verify/index.js';
import { copyFiles, type CopyFilesResult } from './files/index.js';
import { isOlderSource } from './client/server-info.js';
import { journalSchemaCreated } from './metadata/created.js';
import { verifyFiles } from './verify/files.js';
import { unconfirmedUploads } from './files/uploads-journal.js';
import { configurationStage as runConfiguration, verifyConfigurationStage, type ConfigStageOptions, type ConfigStageResult } from './config-migration/index.js';
import type { NotMigrated } from './verify/types.js';
import type { Migration, Side } from './connect.js';
import type { RunFolder } from './run/run-folder.js';
import type { TwentyClient } from './client/index.js';

export interface SchemaStageResult {
  source: WorkspaceSchema;
  target: WorkspaceSchema;
  differences: SchemaDifference[];
  applied?: ApplyResult;
}

/** Guide step 2: reads both data models; with `apply`, creates what the target lacks (never deletes). */
export async function schemaStage(m: Migration, options: { apply?: boolean; dryRun?: boolean } = {}): Promise<SchemaStageResult> {
  m.run.setStage('schema', 'started');
  const read = (side: Side) => readWorkspaceSchema({ metadata: side.metadata, core: side.core, capabilities: side.info.capabilities });
  const source = await read(m.source);
  let target = await read(m.target);
  const differences = diffSchemas(source, target);
  let applied: ApplyResult | undefined;
  if (options.apply && differences.some((d) => d.action !== 'report' && d.action !== 'skip')) {
    // What it creates is journaled (metadata/created.ts), for `undo --schema`.
    applied = await applySchema(planSchemaApply(differences, source, target), m.target.metadata, { dryRun: options.dryRun, onResult: options.dryRun ? undefined : journalSchemaCreated(m.run) });
    if (!options.dryRun) target = await read(m.target);
  }
  // A dry run applies nothing, so later stages see the target as apply would leave it (objects and fields it would
  // create): the plan and the transform then validate against that, and report what the real run would do.
  if (options.apply && options.dryRun) target = projectSchema(source, target, differences);
  m.run.writeJson(source, 'schema', 'source.json');
  m.run.writeJson(target, 'schema', 'target.json');
  m.run.writeJson(differences, 'schema', 'differences.json');
  if (applied && !options.dryRun) m.run.writeJson(applied, 'schema', 'apply.json');
  const remaining = diffSchemas(source, target).filter((d) => d.action === 'create' || d.action === 'add-options').length;
  m.run.setStage('schema', 'completed', `${differences.length} differences, ${remaining} still to create`);
  return { source, target, differences, applied };
}

const schemaOf = (m: Migration, side: 'source' | 'target'): WorkspaceSchema => {
  const s = m.run.readJson<WorkspaceSchema>('schema', `${side}.json`);
  if (!s) throw new Error(`${m.run.path('schema', `${side}.json`)} is missing: run the schema stage first`);
  return s;
};

export interface ExportStageOptions {
  objects?: string[];
  includeDeleted?: boolean;
  onProgress?: Parameters<typeof exportRecords>[0]['onProgress'];
  signal?: AbortSignal;
}

/** Guide step 4: every record of every object worth migrating, into export/<plural>.jsonl. */
export async function exportStage(m: Migration, options: ExportStageOptions = {}): Promise<ExportResult> {
  m.run.updateManifest((man) => {
    man.options.objects = options.objects ?? null;
    man.options.includeDeleted = options.includeDeleted ?? false;
  });
  return exportRecords({
    client: m.source.core, schema: schemaOf(m, 'source'), run: m.run, objects: options.objects,
    includeDeleted: options.includeDeleted, pageSize: m.source.info.maxPageSize, onProgress: options.onProgress, signal: options.signal,
    // 1.x REST never lists the trash (export/graphql-trash.ts).
    trash: isOlderSource(m.source.info.version) ? 'graphql' : 'rest',
  });
}

/** Guide steps 3 and 5: members matched by e-mail, who to invite, and the policy for the rest. */
export function membersStage(m: Migration, policy?: UnmatchedMemberPolicy): Promise<MembersStageResult> {
  return runMembersStage({ source: m.source.core, target: m.target.core, schema: schemaOf(m, 'source'), run: m.run, policy });
}

/** Guide step 6: import order, deferred relations, skipped objects, warnings and blockers. */
export function planStage(m: Migration, options: { objects?: string[] } = {}): Promise<Plan> {
  return planRun(m.run, { targetClient: m.target.core, skipped: selectObjects(schemaOf(m, 'source'), { objects: options.objects }).skipped });
}

/** Records → payloads for the target, validated against the target's schema; invalid ones to errors.jsonl. */
export function transformStage(m: Migration): Promise<TransformResult> {
  return transformRecords({ run: m.run });
}

/** Guide step 7: batch upserts into the target, resumable from the ledger. */
export function importStage(m: Migration, options: { onProgress?: (e: ImportEvent) => void; signal?: AbortSignal; retryFailed?: boolean; by?: string } = {}): Promise<ImportResult> {
  return importRecords({ client: m.target.core, run: m.run, batchSize: m.target.info.maxBatchSize, ...options });
}

/**
 * Attachments and other files: each file downloaded from the source (streamed) and uploaded to the target for the
 * same field, files/ledger.jsonl recording every copy; the transform then writes the target's file ids and rewrites
 * file references inside rich-text bodies. Runs after the plan and before the transform.
 */
export function filesStage(m: Migration, options: { signal?: AbortSignal; onProgress?: Parameters<typeof copyFiles>[0]['onProgress'] } = {}): Promise<CopyFilesResult> {
  return copyFiles({ source: m.source.core, target: m.target.config, run: m.run, signal: options.signal, onProgress: options.onProgress });
}

/** Views, dashboards, workflows (as drafts), roles and webhooks, after the records they refer to exist. */
export function configurationStage(m: Migration, options: ConfigStageOptions = {}): Promise<ConfigStageResult> {
  return runConfiguration(m, options);
}

/** The files' part of the checklist, when the files stage ran in this run folder (also used by `csv import`). */
export async function fileChecks(run: RunFolder, target: TwentyClient): Promise<Array<{ check: string; status: 'pass' | 'warn' | 'fail'; detail: string }>> {
  const checks: Array<{ check: string; status: 'pass' | 'warn' | 'fail'; detail: string }> = [];
  if (run.exists('files', 'ledger.jsonl')) {
    const files = await verifyFiles({ run: run, target: target });
    checks.push({ check: 'Every file copied, referenced by its record, with the same checksum', status: files.status,
      detail: `${files.counts.pass} verified, ${files.counts.fail} failed, ${files.counts.warn} warnings (${files.bytes} bytes checked)` });
    const unconfirmed = await unconfirmedUploads(run);
    const shown = unconfirmed.slice(0, 5).map((u) => `${u.label}${u.size !== undefined ? ` (${u.size} bytes)` : ''}: ${u.why}`).join('; ');
    checks.push({
      check: 'No upload left an extra copy in the target\'s storage', status: unconfirmed.length ? 'warn' : 'pass',
      detail: unconfirmed.length
        ? `${unconfirmed.length} upload attempt(s) may have left an unreferenced temporary copy (invisible in Twenty, storage only; Twenty offers no API to list or delete them): ${shown}${unconfirmed.length > 5 ? '; …' : ''}; all in ${run.path('files', 'uploads.jsonl')}`
        : 'every upload attempt was answered: no copy beyond those the records reference',
    });
  }
  return checks;
}

/**
 * The post-migration checklist, written to verify/report.{json,md}: records, then files and configuration when
 * those stages ran in this run folder.
 */
export async function verifyStage(m: Migration, options: { sample?: number } = {}): Promise<VerificationReport> {
  m.run.setStage('verify', 'started');
  const targetSchema = await readWorkspaceSchema({ metadata: m.target.metadata, core: m.target.core, capabilities: m.target.info.capabilities });
  const checks: Array<{ check: string; status: 'pass' | 'warn' | 'fail'; detail: string }> = [];
  const notMigrated: NotMigrated[] = [];
  checks.push(...(await fileChecks(m.run, m.target.core)));
  if (m.run.exists('config', 'result.json')) {
    for (const c of await verifyConfigurationStage(m)) checks.push({ check: c.check, status: c.status, detail: c.detail });
    notMigrated.push(...(m.run.readJson<NotMigrated[]>('config', 'not-migrated.json') ?? []));
  }
  const report = await verifyMigration({
    run: m.run, target: m.target.core, targetSchema, sample: options.sample, pageSize: m.target.info.maxPageSize, extra: { checks, notMigrated },
  });
  m.run.setStage('verify', report.status === 'fail' ? 'failed' : 'completed', `verification ${report.status}`);
  return report;
}

