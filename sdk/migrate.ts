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
import { createHash } from 'node:crypto';
import {
  createTwentyClient, detectServer, type RateLimitOptions, type RetryOptions, type ServerInfo, type TwentyClient, type TwentyClientEvent,
} from './client/index.js';
import { MigrationError } from './errors.js';
import type { InstanceConfig } from './config.js';
import { exportRecords, selectObjects, type ExportResult } from './export/index.js';
import { importRecords, type ImportEvent, type ImportResult } from './import/index.js';
import { runMembersStage, type MembersStageResult } from './members/index.js';
import { applySchema, diffSchemas, planSchemaApply, readWorkspaceSchema, type ApplyResult, type SchemaDifference } from './metadata/index.js';
import type { WorkspaceSchema } from './metadata/types.js';
import { planRun } from './plan/index.js';
import type { Plan, UnmatchedMemberPolicy } from './run/contracts.js';
import { RunFolder, type InstanceInfo } from './run/run-folder.js';
import { transformRecords, type TransformResult } from './transform/index.js';
import { verifyMigration, type VerificationReport } from './verify/index.js';
import { copyFiles, type CopyFilesResult } from './files/index.js';
import { verifyFiles } from './verify/files.js';
import { configurationStage as runConfiguration, verifyConfigurationStage, type ConfigStageOptions, type ConfigStageResult } from './config-migration/index.js';
import type { NotMigrated } from './verify/types.js';

export interface ConnectOptions {
  source: InstanceConfig;
  target: InstanceConfig;
  /** run folder; created if absent, resumed if present */
  runDir: string;
  /** client-side limiter per workspace (default Twenty 2.21's 100 requests per 60 s) */
  rateLimit?: Pick<RateLimitOptions, 'limit' | 'windowMs' | 'marginMs' | 'reserve'>;
  /** retry policy of every request (default: 5 attempts, exponential backoff from 500 ms) */
  retry?: RetryOptions;
  /** per-attempt timeout in ms (default 60 000) */
  timeoutMs?: number;
  /** records per page of the export, at most (default and ceiling: the source's maximum, 200 on 2.21) */
  pageSize?: number;
  /** records per batch of the import, at most (default and ceiling: the target's maximum, 200 on 2.21) */
  batchSize?: number;
  /** diagnostics from the HTTP layer (URLs redacted) */
  onClientEvent?: (side: 'source' | 'target', event: TwentyClientEvent) => void;
}

export interface Side {
  config: InstanceConfig;
  core: TwentyClient;
  metadata: TwentyClient;
  info: ServerInfo;
}

export interface Migration {
  run: RunFolder;
  source: Side;
  target: Side;
}

async function openSide(name: 'source' | 'target', config: InstanceConfig, options: ConnectOptions): Promise<Side> {
  const common = {
    baseUrl: config.url,
    apiKey: config.apiKey,
    rateLimit: options.rateLimit ?? {},
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    onEvent: options.onClientEvent && ((e: TwentyClientEvent) => options.onClientEvent!(name, e)),
  };
  const core = createTwentyClient({ ...common, api: 'core' });
  const metadata = createTwentyClient({ ...common, api: 'metadata' });
  const info = await detectServer({ ...common, probeBatchSize: name === 'target' });
  return { config, core, metadata, info };
}

async function documentHash(side: Side, kind: 'core' | 'metadata'): Promise<string | undefined> {
  const res = await fetch(`${side.config.url}/rest/open-api/${kind}`, { headers: { authorization: `Bearer ${side.config.apiKey}` } }).catch(() => undefined);
  if (!res?.ok) return undefined;
  return createHash('sha256').update(await res.text()).digest('hex');
}

/** Opens both instances (detecting version, metadata shape, page and batch maxima) and the run folder. */
export async function connect(options: ConnectOptions): Promise<Migration> {
  const [source, target] = await Promise.all([
    openSide('source', options.source, options),
    openSide('target', options.target, options),
  ]);
  if (options.pageSize) source.info.maxPageSize = Math.max(1, Math.min(source.info.maxPageSize, options.pageSize));
  if (options.batchSize) target.info.maxBatchSize = Math.max(1, Math.min(target.info.maxBatchSize, options.batchSize));
  const run = RunFolder.open(options.runDir);
  const info = async (side: Side): Promise<InstanceInfo> => ({
    url: side.config.url,
    version: side.info.version,
    metadataFormat: side.info.metadataFormat,
    openApiCoreSha256: await documentHash(side, 'core'),
    openApiMetadataSha256: await documentHash(side, 'metadata'),
  });
  const [s, t] = await Promise.all([info(source), info(target)]);
  run.updateManifest((m) => {
    m.source = s;
    m.target = t;
  });
  return { run, source, target };
}

export interface SchemaStageResult {
  source: WorkspaceSchema;
  target: WorkspaceSchema;
  differences: SchemaDifference[];
  applied?: ApplyResult;
}

/** Guide step 2: reads both data models; with `apply`, creates what the target lacks (never deletes). */
export async function schemaStage(m: Migration, options: { apply?: boolean; dryRun?: boolean } = {}): Promise<SchemaStageResult> {
  m.run.setStage('schema', 'started');
  const read = (side: Side) => readWorkspaceSchema({ metadata: side.metadata, core: side.core });
  const source = await read(m.source);
  let target = await read(m.target);
  const differences = diffSchemas(source, target);
  let applied: ApplyResult | undefined;
  if (options.apply && differences.some((d) => d.action !== 'report' && d.action !== 'skip')) {
    applied = await applySchema(planSchemaApply(differences, source, target), m.target.metadata, { dryRun: options.dryRun });
    if (!options.dryRun) target = await read(m.target);
  }
  m.run.writeJson(source, 'schema', 'source.json');
  m.run.writeJson(target, 'schema', 'target.json');
  m.run.writeJson(differences, 'schema', 'differences.json');
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
export function importStage(m: Migration, options: { onProgress?: (e: ImportEvent) => void; signal?: AbortSignal; retryFailed?: boolean } = {}): Promise<ImportResult> {
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

/**
 * The post-migration checklist, written to verify/report.{json,md}: records, then files and configuration when
 * those stages ran in this run folder.
 */
export async function verifyStage(m: Migration, options: { sample?: number } = {}): Promise<VerificationReport> {
  m.run.setStage('verify', 'started');
  const targetSchema = await readWorkspaceSchema({ metadata: m.target.metadata, core: m.target.core });
  const checks: Array<{ check: string; status: 'pass' | 'warn' | 'fail'; detail: string }> = [];
  const notMigrated: NotMigrated[] = [];
  if (m.run.exists('files', 'ledger.jsonl')) {
    const files = await verifyFiles({ run: m.run, target: m.target.core });
    checks.push({ check: 'Every file copied, referenced by its record, with the same checksum', status: files.status,
      detail: `${files.counts.pass} verified, ${files.counts.fail} failed, ${files.counts.warn} warnings (${files.bytes} bytes checked)` });
  }
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
  checkpoint('schema');
  const schema = await schemaStage(m, { apply: options.applySchema ?? true, dryRun: options.dryRun });
  log(`data model: ${schema.differences.length} differences${schema.applied ? `, ${schema.applied.results.filter((r) => r.status === 'created' || r.status === 'updated').length} changes applied` : ''}`);
  checkpoint('export');
  const exported = await exportStage(m, options).catch((error: unknown) => {
    checkpoint('export', 'during');
    throw error;
  });
  log(`export: ${exported.exported} records from ${exported.objects.length} objects, ${exported.skipped.length} objects skipped`);
  checkpoint('members');
  const members = await membersStage(m, options.onUnmatchedMember);
  log(`members: ${Object.keys(members.mapping).length} matched, ${members.unmatched.length} unmatched`);
  checkpoint('plan');
  const plan = await planStage(m, options);
  log(`plan: ${plan.order.length} objects in order, ${plan.warnings.length} warnings${plan.ready ? '' : `, blocked: ${plan.blockers.join('; ')}`}`);
  const base = { runDir: m.run.dir, schema, export: exported, members, plan };
  if (!plan.ready) return { status: 'needs-action', ...base };
  // Uploads write to the target, so a dry run stops short of them (the transform then leaves FILES values out).
  let files: CopyFilesResult | undefined;
  if (!options.dryRun && options.files !== false) {
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
  if (options.dryRun) return { status: 'dry-run', ...base, transform };
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
  checkpoint('verify');
  const report = await verifyStage(m, { sample: options.sample });
  log(`verify: ${report.status}`);
  return { status: report.status === 'fail' ? 'verification-failed' : 'ok', ...base, files, transform, import: imported, configuration, report };
}
