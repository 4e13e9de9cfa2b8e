/**
 * One migration, stage by stage. Each stage function takes the `Migration` context (the two instances and the run
 * folder) and returns a plain value; `migrate` runs them all. A notebook can stop between any two stages, inspect
 * what the last one returned or wrote into the run folder, and go on.
 *
 * @example
 * const m = await connect({ source, target, runDir: 'runs/first' });
 * await schemaStage(m, { apply: true });
 * await exportStage(m);
 * const members = await membersStage(m);
 * const plan = await planStage(m);
 * if (plan.ready) { await transformStage(m); await importStage(m); }
 * const report = await verifyStage(m);
 */
import { MigrationError } from './errors.js';
import type { ExportResult } from './export/index.js';
import type { ImportEvent, ImportResult } from './import/index.js';
import type { MembersStageResult } from './members/index.js';
import type { Plan, UnmatchedMemberPolicy } from './run/contracts.js';
import type { TransformResult } from './transform/index.js';
import type { VerificationReport } from './verify/index.js';
import type { CopyFilesResult } from './files/index.js';
import type { ConfigStageOptions, ConfigStageResult } from './config-migration/index.js';
import { connect, type ConnectOptions } from './connect.js';
import { guardAutomations, type AutomationsGuard, type PauseResult } from './automations/index.js';
import {
  configurationStage, exportStage, filesStage, importStage, membersStage, planStage, schemaStage, transformStage, verifyStage,
  type ExportStageOptions, type SchemaStageResult,
} from './stages.js';

import { syncMigration, type SyncOptions, type SyncResult } from './sync/index.js';
import { undoMigration, type UndoOptions, type UndoResult } from './undo/index.js';
import type { Migration } from './connect.js';

export * from './connect.js';
export * from './stages.js';


// syncStage and undoStage live here, not in stages.ts: sdk/sync composes the stages of stages.ts, and a cycle
// between the two would break CommonJS loading (tslab).
/**
 * Cutover: brings the target level with what changed in the source since the last export or sync of this run folder
 * (sdk/sync). Conflicts are held (`onConflict: 'stop'`) unless a policy says which side wins.
 */
export function syncStage(m: Migration, options: SyncOptions = {}): Promise<SyncResult> {
  return syncMigration(m, options);
}

/** The way back: removes from the target what this run folder wrote, and puts merged records back (sdk/undo). */
export function undoStage(m: Migration, options: UndoOptions = {}): Promise<UndoResult> {
  return undoMigration(m, options);
}

export type MigrationStatus = 'ok' | 'verification-failed' | 'needs-action' | 'dry-run';

export interface MigrationOptions extends ConnectOptions, ExportStageOptions {
  /** validate everything and write nothing to the target */
  dryRun?: boolean;
  /** create missing custom objects, fields and options in the target first (default true) */
  applySchema?: boolean;
  onUnmatchedMember?: UnmatchedMemberPolicy;
  /** verify fields of at most this many records per object */
  sample?: number;
  onImportProgress?: (e: ImportEvent) => void;
  /** copy attachments and other files (default true) */
  files?: boolean;
  /** migrate views, dashboards, workflows, roles and webhooks (default true) */
  configuration?: boolean;
  /** new URL for each source webhook; without one, webhooks are reported and never recreated */
  webhookUrl?: ConfigStageOptions['webhookUrl'];
  /**
   * let the target's active workflows run on the imported records (default false: their automated triggers are
   * paused for the run and restored afterwards, see sdk/automations)
   */
  allowActiveWorkflows?: boolean;
  /** how the target's automations were handled; tests shorten the wait for the target to settle */
  settle?: { intervalMs?: number; timeoutMs?: number };
  /** one line per stage, for logs */
  log?: (line: string) => void;
}

export interface MigrationResult {
  status: MigrationStatus;
  runDir: string;
  schema: SchemaStageResult;
  export: ExportResult;
  members: MembersStageResult;
  plan: Plan;
  files?: CopyFilesResult;
  transform?: TransformResult;
  import?: ImportResult;
  configuration?: ConfigStageResult;
  report?: VerificationReport;
  /** the target's workflow triggers paused for the import (restored before verification) */
  automations?: PauseResult;
}

/**
 * The whole migration: connect, data model, export, members, plan, transform, import, verify. Resumes whatever an
 * earlier run in the same folder left unfinished; stops before writing records when the plan has blockers.
 */
export async function migrate(options: MigrationOptions): Promise<MigrationResult> {
  const log = options.log ?? (() => {});
  // Stages that take no signal (schema, members, plan, transform) run to their end; the signal is honoured between
  // stages, so an aborted run never goes on to write or verify. Every stage resumes from the run folder.
  const checkpoint = (stage: string, when = 'before') => {
    if (!options.signal?.aborted) return;
    throw new MigrationError(
      'MIGRATION_ABORTED', `Migration aborted ${when} the ${stage} stage. Run it again with the same run folder (${options.runDir}) to resume.`,
      { resumable: true, stage }, { cause: options.signal.reason },
    );
  };
  const m = await connect(options);
  log(`source ${m.source.config.url} (Twenty ${m.source.info.version ?? 'version unknown'}, ${m.source.info.metadataFormat} metadata)`);
  log(`target ${m.target.config.url} (Twenty ${m.target.info.version ?? 'version unknown'}, ${m.target.info.metadataFormat} metadata)`);
  return migrateStages(m, options, log, checkpoint);
}

type Checkpoint = (stage: string, when?: string) => void;

/**
 * The stages in order. Everything up to the plan only reads the target (the data model is planned as apply would
 * leave it), so a run that has to stop for a reason already known (members to invite, a required cyclic relation)
 * stops before writing anything; then the target's automations are paused and the data model applied.
 */
async function migrateStages(
  m: Awaited<ReturnType<typeof connect>>,
  options: MigrationOptions,
  log: (line: string) => void,
  checkpoint: Checkpoint,
): Promise<MigrationResult> {
  const applySchemaToo = options.applySchema ?? true;
  checkpoint('schema');
  let schema = await schemaStage(m, { apply: applySchemaToo, dryRun: true });
  checkpoint('export');
  const exported = await exportStage(m, options).catch((error: unknown) => {
    checkpoint('export', 'during');
    throw error;
  });
  log(`export: ${exported.exported} records from ${exported.objects.length} objects, ${exported.skipped.length} objects skipped`);
  checkpoint('members');
  const members = await membersStage(m, options.onUnmatchedMember);
  log(`members: ${Object.keys(members.mapping).length} matched, ${members.unmatched.length} unmatched (policy ${members.policy.kind})`);
  checkpoint('plan');
  let plan = await planStage(m, options);
  log(`plan: ${plan.order.length} objects in order, ${plan.warnings.length} warnings${plan.ready ? '' : `, blocked: ${plan.blockers.join('; ')}`}`);
  if (!plan.ready) {
    log(`data model: ${schema.differences.length} differences, nothing applied (the run stops before writing)`);
    return { status: 'needs-action', runDir: m.run.dir, schema, export: exported, members, plan };
  }
  if (options.dryRun) {
    log(`data model: ${schema.differences.length} differences (dry run: nothing applied)`);
    return finishDryRun(m, log, checkpoint, { runDir: m.run.dir, schema, export: exported, members, plan });
  }
  // The first write. A key that may not pause the target's automations stops the run here, with nothing written.
  const guard = await guardAutomations(m.target.core, m.run, { allowActiveWorkflows: options.allowActiveWorkflows, settle: options.settle, log });
  try {
    if (applySchemaToo && schema.differences.some((d) => d.action === 'create' || d.action === 'add-options' || d.action === 'update')) {
      checkpoint('schema');
      schema = await schemaStage(m, { apply: true });
      // Planned against the projected model: planned again against the real one (the target's own ids, options).
      plan = await planStage(m, options);
    }
    const failed = schema.applied?.results.filter((r) => r.status === 'failed') ?? [];
    log(`data model: ${schema.differences.length} differences${schema.applied ? `, ${schema.applied.results.filter((r) => r.status === 'created' || r.status === 'updated').length} changes applied` : ''}${failed.length ? `, ${failed.length} failed (schema/apply.json)` : ''}`);
    // A call the target refused costs the values of that field: said here, not only in the run folder.
    for (const f of failed) log(`data model: failed: ${f.message}`);
    return await writeStages(m, options, log, checkpoint, guard, { runDir: m.run.dir, schema, export: exported, members, plan });
  } finally {
    // Failed or aborted runs give the target its automations back too; a re-run pauses them again.
    await guard.restore();
  }
}

type Base = Pick<MigrationResult, 'runDir' | 'schema' | 'export' | 'members' | 'plan'>;

async function finishDryRun(m: Awaited<ReturnType<typeof connect>>, log: (line: string) => void, checkpoint: Checkpoint, base: Base): Promise<MigrationResult> {
  // Uploads write to the target, so a dry run stops short of them (the transform then leaves FILES values out).
  checkpoint('transform');
  const transform = await transformStage(m);
  log(`transform: ${transform.valid} valid, ${transform.invalid} invalid`);
  return { status: 'dry-run', ...base, transform };
}

async function writeStages(
  m: Awaited<ReturnType<typeof connect>>,
  options: MigrationOptions,
  log: (line: string) => void,
  checkpoint: Checkpoint,
  guard: AutomationsGuard,
  base: Base,
): Promise<MigrationResult> {
  // Uploads write to the target, so a dry run stops short of them (the transform then leaves FILES values out).
  let files: CopyFilesResult | undefined;
  if (options.files !== false) {
    checkpoint('files');
    files = await filesStage(m, { signal: options.signal });
    if (files.status !== 'completed') {
      throw new MigrationError('MIGRATION_ABORTED', `File copy ${files.status}; run again with the same run folder (${options.runDir}) to resume.`, { resumable: true, stage: 'files' });
    }
    log(`files: ${files.copied} copied (${files.bytes} bytes), ${files.alreadyCopied} already copied, ${files.failed} failed`);
  }
  checkpoint('transform');
  const transform = await transformStage(m);
  log(`transform: ${transform.valid} valid, ${transform.invalid} invalid`);
  checkpoint('import');
  const imported = await importStage(m, { onProgress: options.onImportProgress, signal: options.signal });
  // A stopped or aborted import has written part of the records: verifying now would report the rest as lost.
  if (imported.status !== 'completed') {
    throw imported.error ?? new MigrationError('IMPORT_INTERRUPTED', `Import ${imported.status}; run again with the same run folder to resume.`, { resumable: true });
  }
  log(`import: ${imported.objects.reduce((n, o) => n + o.imported, 0)} imported, ${imported.merges.length} merged, ${imported.issues.length} record problems`);
  let configuration: ConfigStageResult | undefined;
  if (options.configuration !== false) {
    checkpoint('configuration');
    configuration = await configurationStage(m, { webhookUrl: options.webhookUrl });
    log(`configuration: ${Object.entries(configuration.counts).filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(', ')}`);
  }
  await guard.restore();
  checkpoint('verify');
  const report = await verifyStage(m, { sample: options.sample });
  log(`verify: ${report.status}`);
  return { status: report.status === 'fail' ? 'verification-failed' : 'ok', ...base, files, transform, import: imported, configuration, report, automations: guard.result };
}
