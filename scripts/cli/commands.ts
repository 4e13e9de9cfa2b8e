/** The subcommands: thin shells around the SDK's stage functions, printing what each returned. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationError } from '../../sdk/errors.js';
import type { InstanceConfig } from '../../sdk/config.js';
import { createProgressRenderer } from '../../sdk/export/index.js';
import type { ImportEvent } from '../../sdk/import/index.js';
import { applySchema, formatPlan as formatSchemaPlan, planSchemaApply } from '../../sdk/metadata/index.js';
import {
  configurationStage, filesStage, connect, exportStage, importStage, membersStage, migrate, planStage, schemaStage, transformStage, verifyStage, type Migration,
} from '../../sdk/migrate.js';
import { formatPlan } from '../../sdk/plan/index.js';
import type { UnmatchedMemberPolicy } from '../../sdk/run/contracts.js';
import type { VerificationReport } from '../../sdk/verify/index.js';
import { activeTriggers, guardAutomations, readAutomationsState, restoreAutomations } from '../../sdk/automations/index.js';
import { undoMigration } from '../../sdk/undo/index.js';
import { findChanges } from '../../sdk/sync/changes.js';
import { syncMigration, type ConflictPolicy } from '../../sdk/sync/index.js';
import { csvExport } from '../../sdk/csv/export.js';
import { csvImport } from '../../sdk/csv/import.js';
import { readMappingFile } from '../../sdk/csv/mapping.js';
import { readMembersCsv } from '../../sdk/csv/members.js';
import { openInstance } from '../../sdk/connect.js';
import { readMembers } from '../../sdk/members/index.js';
import { readExportState } from '../../sdk/export/state.js';
import { EXIT } from './exit-codes.js';

export interface CommandContext {
  sub?: string;
  /** `source` is absent only for `csv import` run with the target alone (main.ts loads it as optional there) */
  config: { source: InstanceConfig; target: InstanceConfig };
  runDir: string;
  objects?: string[];
  includeDeleted: boolean;
  policy?: UnmatchedMemberPolicy;
  rateLimit?: { limit: number; windowMs: number };
  dryRun: boolean;
  skipSchema: boolean;
  retryFailed: boolean;
  sample?: number;
  approve?: string[];
  skipFiles?: boolean;
  skipConfiguration?: boolean;
  /** source webhook URL → target URL */
  webhookUrls?: Map<string, string>;
  /** let the target's active workflows fire on imported records instead of pausing their triggers */
  allowActiveWorkflows?: boolean;
  /** `automations --restore` */
  restore?: boolean;
  /** `undo --force`: also remove created records changed in the target after the migration */
  force?: boolean;
  /** `undo --schema`: also remove the custom objects and fields the data-model stage created */
  schema?: boolean;
  /** `changes --full-scan`: also read every source id to find hard deletes */
  fullScan?: boolean;
  /** `sync --on-conflict`: which side wins for records changed on both (default stop: neither) */
  onConflict?: ConflictPolicy;
  /** `sync --delete-missing`: move records deleted for good in the source to the target's trash */
  deleteMissing?: boolean;
  /** `csv export --out DIR` (default <run-dir>/csv) */
  out?: string;
  /** `csv import FILE…`: files or folders of them */
  files?: string[];
  /** `csv import --object`, `--mapping map.json`, `--members members.csv` */
  object?: string;
  mapping?: string;
  membersFile?: string;
  /** `csv import --fill-from-source`: what the files lack, from the source (fields, note/task targets, attachments and their files) */
  fillFromSource?: boolean;
}

const out = (line = '') => console.log(line);

async function csvExportCommand(ctx: CommandContext): Promise<number> {
  const m = await open(ctx);
  const dir = ctx.out ?? m.run.path('csv');
  const r = await csvExport(m.source, { dir, objects: ctx.objects });
  for (const f of r.files) out(`csv ${f.object.padEnd(22)} ${String(f.records).padStart(7)} records  ${f.file}`);
  if (r.unknownMembers) out(`  ${r.unknownMembers} member id(s) in the records belong to no member of the source: their e-mail cells are empty.`);
  out(`${r.files.length} file(s) in Twenty's export format (every field, every record; a member's e-mail next to each member id) in ${dir}. ${r.skipped.length} object(s) not exported.`);
  return EXIT.OK;
}

/** The files named, folders expanded to the .csv files in them. */
function csvPaths(items: string[]): string[] {
  return items.flatMap((p) => (statSync(p, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(p).filter((f) => /\.csv$/i.test(f)).sort().map((f) => join(p, f)) : [p]));
}

async function csvImportCommand(ctx: CommandContext): Promise<number> {
  const paths = csvPaths(ctx.files ?? []);
  console.error(`Connecting to TARGET ${ctx.config.target.url}${ctx.config.source ? ` (and SOURCE ${ctx.config.source.url}, for its members' e-mails${ctx.fillFromSource ? ' and what the files lack' : ''})` : ''} …`);
  const side = { rateLimit: ctx.rateLimit };
  const target = await openInstance('target', ctx.config.target, side);
  const memberEmails = new Map<string, string>();
  let source: Awaited<ReturnType<typeof openInstance>> | undefined;
  if (ctx.config.source) {
    source = await openInstance('source', ctx.config.source, side);
    for (const m of await readMembers(source.core)) if (m.userEmail) memberEmails.set(m.id, m.userEmail);
  }
  if (ctx.membersFile) for (const [id, email] of readMembersCsv(ctx.membersFile)) memberEmails.set(id, email);
  const mapping = ctx.mapping ? readMappingFile(ctx.mapping) : undefined;
  const r = await csvImport(target, paths, {
    runDir: ctx.runDir, object: ctx.object, mapping, memberEmails, onUnmatchedMember: ctx.policy, dryRun: ctx.dryRun,
    allowActiveWorkflows: ctx.allowActiveWorkflows, log: (line) => out(line), source, fillFromSource: ctx.fillFromSource,
  });
  for (const f of r.csv.files) {
    out(`csv ${f.file.padEnd(24)} → ${f.mapping.object} (${f.mapping.by}), ${f.rows} rows, import #${r.csv.order.indexOf(f.mapping.object) + 1}`);
    if (f.mapping.unmapped.length) out(`    not mapped (left out): ${f.mapping.unmapped.join(', ')}`);
    for (const [code, g] of Object.entries(f.issues)) out(`    ${g.count} × ${code}: ${g.samples[0].message} (line ${g.samples[0].line}, column ${g.samples[0].column ?? '-'})`);
    if (f.membersWithoutEmail.length) out(`    ${f.membersWithoutEmail.length} member id(s) with no e-mail anywhere: give the source (SOURCE_*), an e-mail column or --members FILE`);
  }
  if (r.csv.linkedInTarget || r.csv.referencesInTarget) out(`  found in the target: ${r.csv.linkedInTarget} record(s) named by a unique value, ${r.csv.referencesInTarget} reference(s) by id to records in no file (${r.lookupRequests} request(s)).`);
  if (r.csv.danglingReferences.length) out(`  ${r.csv.danglingReferences.length} reference(s) to records in no file nor in the target (e.g. ${r.csv.danglingReferences[0].file} line ${r.csv.danglingReferences[0].line}, ${r.csv.danglingReferences[0].column}): those links are emptied.`);
  for (const n of r.notCarried) out(`  not in CSV: ${n}`);
  out(`Mapping written to ${join(r.runDir, 'csv', 'mapping.json')} (edit it and pass it back with --mapping).`);
  if (r.status === 'needs-action') {
    out(`Stopped before writing: ${r.plan.blockers.join('; ')}`);
    return EXIT.NEEDS_ACTION;
  }
  if (r.status === 'dry-run') {
    out(`Dry run: ${r.transform.valid} record(s) valid for the target, ${r.transform.invalid} refused (${join(r.runDir, 'errors.jsonl')}); nothing was written.`);
    return EXIT.OK;
  }
  printReport(r.report!, r.runDir);
  return r.status === 'verification-failed' ? EXIT.VERIFICATION_FAILED : EXIT.OK;
}

/** The full id scan's cost, said before it starts. */
function announceFullScan(m: Migration): void {
  const pages = Object.values(readExportState(m.run).objects).reduce((n, o) => n + Math.max(1, Math.ceil((o.count ?? 0) / m.source.info.maxPageSize)), 0);
  out(`Full id scan: about ${pages} request(s) to the source (one per ${m.source.info.maxPageSize} records), on top of the filtered reads.`);
}

function printChanges(r: Awaited<ReturnType<typeof findChanges>>): void {
  for (const o of r.objects) {
    const s = o.source;
    const total = s.created.length + s.updated.length + s.trashed.length + s.restored.length + (s.deleted?.length ?? 0) + o.target.changed.length;
    if (total) out(`changes ${o.object.padEnd(22)} source: ${s.created.length} created, ${s.updated.length} updated, ${s.trashed.length} trashed, ${s.restored.length} restored${s.deleted ? `, ${s.deleted.length} deleted` : ''}; target: ${o.target.changed.length} changed; ${o.conflicts.length} conflict(s)`);
  }
  for (const n of r.notes) out(`  note: ${n}`);
  out('Cutover checklist:');
  for (const line of r.checklist) out(`  - ${line}`);
}

/** Said before connecting: an unreachable host takes the client's retries (seconds) to fail, never in silence. */
const announce = (ctx: CommandContext) => console.error(`Connecting to SOURCE ${ctx.config.source.url} and TARGET ${ctx.config.target.url} …`);

const open = (ctx: CommandContext) => {
  announce(ctx);
  return connect({ ...ctx.config, runDir: ctx.runDir, rateLimit: ctx.rateLimit });
};

/** Stages after the schema need both schemas in the run folder: read them (without changing the target) if absent. */
async function withSchema(ctx: CommandContext): Promise<Migration> {
  const m = await open(ctx);
  if (!m.run.exists('schema', 'source.json') || !m.run.exists('schema', 'target.json')) await schemaStage(m, { apply: false });
  return m;
}

/** Runs a stage that writes records with the target's automations paused (restored at its end, whatever happens). */
async function withAutomationsPaused<T>(ctx: CommandContext, m: Migration, stage: () => Promise<T>): Promise<T> {
  const guard = await guardAutomations(m.target.core, m.run, { allowActiveWorkflows: ctx.allowActiveWorkflows, log: out });
  try {
    return await stage();
  } finally {
    await guard.restore();
  }
}

/** Who to invite: the first ones on screen, all of them in the run folder (a seeded workspace has a thousand). */
function printInvites(lines: string[], file: string, prefix = '') {
  const SHOWN = 15;
  for (const line of lines.slice(0, SHOWN)) out(`  ${prefix}${line}`);
  if (lines.length > SHOWN) out(`  … and ${lines.length - SHOWN} more: every one is in ${file} (unmatched)`);
}

/** A progress line per object for the import, in place on a terminal. */
export function importProgress(stream: NodeJS.WriteStream = process.stderr) {
  const done = new Map<string, number>();
  return (e: ImportEvent) => {
    const key = `${e.object} (${'phase' in e ? e.phase : ''})`;
    if (e.type === 'batch-recorded') {
      done.set(key, (done.get(key) ?? 0) + e.imported + e.merged + e.failed);
      if (stream.isTTY) stream.write(`\r\x1b[2Kimport ${key}: ${done.get(key)} records`);
    } else if (e.type === 'object-done') {
      const r = e.result;
      const what =
        e.phase === 'patch'
          ? `${r.patched} deferred relations written, ${r.patchFailed} failed`
          : `${r.imported} imported, ${r.merged} merged, ${r.failed} rejected, ${r.alreadyDone} already done${r.trashed ? `, ${r.trashed} back in the trash` : ''}`;
      stream.write(`${stream.isTTY ? '\r\x1b[2K' : ''}import ${e.object.padEnd(22)} ${e.phase.padEnd(5)} ${what}\n`);
    }
  };
}

export function printReport(report: VerificationReport, runDir: string) {
  const icon = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;
  out(`Verification: ${report.status.toUpperCase()}`);
  for (const c of report.checklist) out(`  [${icon[c.status]}] ${c.check}: ${c.detail}`);
  for (const n of report.notMigrated.slice(0, 15)) out(`  not migrated: ${n.what}: ${n.reason}`);
  out(`Report: ${runDir}/verify/report.md`);
}

type Command = (ctx: CommandContext) => Promise<number>;

export const COMMANDS: Record<string, Command> = {
  async schema(ctx) {
    const m = await open(ctx);
    const result = await schemaStage(m, { apply: false });
    const actionable = result.differences.filter((d) => d.action !== 'report' && d.action !== 'skip');
    if (ctx.sub === 'diff') {
      out(`${result.differences.length} differences (${actionable.length} the apply step would act on):`);
      for (const d of result.differences) out(`  ${d.id}  [${d.kind}] ${d.action.padEnd(11)} ${d.detail}${d.consequence ? ` → ${d.consequence}` : ''}`);
      out(`Written to ${m.run.path('schema', 'differences.json')}`);
      return EXIT.OK;
    }
    const plan = planSchemaApply(result.differences, result.source, result.target, { approve: ctx.approve });
    if (ctx.dryRun) {
      out(`Dry run: ${plan.calls.length} calls would be made:`);
      out(formatSchemaPlan(plan));
      return EXIT.OK;
    }
    const applied = await applySchema(plan, m.target.metadata, { onResult: (r) => out(`  ${r.status.padEnd(8)} ${r.call.method} ${r.call.path}${r.message ? `: ${r.message}` : ''}`) });
    out(`Applied: ${JSON.stringify(applied.counts)}`);
    for (const n of applied.notes) out(`  note: ${n}`);
    for (const u of plan.unapplied) out(`  not applied: ${u.row.id}: ${u.reason}${u.consequence ? ` → ${u.consequence}` : ''}`);
    if (applied.regenerateClients) out('The target data model changed: run "npm run generate" to regenerate its typed client.');
    await schemaStage(m, { apply: false });
    return applied.counts.failed ? EXIT.ERROR : EXIT.OK;
  },

  async members(ctx) {
    const m = await withSchema(ctx);
    const r = await membersStage(m, ctx.policy);
    out(`Members: ${r.source.length} in the source, ${r.target.length} in the target, ${Object.keys(r.mapping).length} matched by e-mail.`);
    if (r.unmatched.length) {
      out(`${r.unmatched.length} source members have no account in the target:`);
      printInvites(r.toInvite, m.run.path('members.json'));
    }
    out(r.advice);
    const fields = r.referenceFields.map((f) => `${f.object}.${f.path}`);
    out(`Member reference fields: ${fields.length} (${fields.slice(0, 6).join(', ')}${fields.length > 6 ? ', …' : ''}; all in ${m.run.path('members.json')})`);
    return r.needsAction ? EXIT.NEEDS_ACTION : EXIT.OK;
  },

  async export(ctx) {
    const m = await withSchema(ctx);
    const bar = createProgressRenderer();
    const r = await exportStage(m, { objects: ctx.objects, includeDeleted: ctx.includeDeleted, onProgress: bar.update });
    bar.end();
    out(`Exported ${r.exported} records from ${r.objects.length} objects into ${m.run.path('export')}.`);
    for (const s of r.skipped) out(`  skipped ${s.object}: ${s.reason}`);
    for (const x of r.mismatches) out(`  note: ${x.object}: the server counted ${x.serverCount}, exported ${x.exported} (records changed during export)`);
    return EXIT.OK;
  },

  async plan(ctx) {
    const m = await withSchema(ctx);
    const plan = await planStage(m, { objects: ctx.objects });
    out(formatPlan(plan));
    return plan.ready ? EXIT.OK : EXIT.NEEDS_ACTION;
  },

  async transform(ctx) {
    const m = await withSchema(ctx);
    const r = await transformStage(m);
    out(`Transform: ${r.valid} valid, ${r.invalid} invalid records.`);
    for (const [code, g] of Object.entries(r.issuesByCode)) out(`  ${code}: ${g.count} (e.g. ${g.samples[0]?.message ?? ''})`);
    for (const n of r.notes) out(`  note: ${n}`);
    return EXIT.OK;
  },

  async import(ctx) {
    const m = await withSchema(ctx);
    if (ctx.dryRun) {
      out('Dry run: nothing is written to the target. The plan and the transformed records are in the run folder.');
      return EXIT.OK;
    }
    const r = await withAutomationsPaused(ctx, m, () => importStage(m, { onProgress: importProgress(), retryFailed: ctx.retryFailed }));
    for (const o of r.objects) out(`  ${JSON.stringify(o)}`);
    out(`Import ${r.status}: ${r.requests} requests, ${r.recordsPerSecond.toFixed(1)} records/s, ${r.merges.length} merges, ${r.issues.length} record problems.`);
    if (r.error) out(`Stopped: ${r.error.message}`);
    return r.status === 'completed' ? EXIT.OK : EXIT.ERROR;
  },

  async files(ctx) {
    const m = await withSchema(ctx);
    const r = await withAutomationsPaused(ctx, m, () => filesStage(m));
    out(`Files: ${r.found} found, ${r.copied} copied (${r.bytes} bytes), ${r.alreadyCopied} already copied, ${r.failed} failed.`);
    for (const f of r.failures.slice(0, 20)) out(`  failed: ${JSON.stringify(f)}`);
    return r.status === 'completed' && !r.failed ? EXIT.OK : EXIT.ERROR;
  },

  async configuration(ctx) {
    const m = await withSchema(ctx);
    const stage = () => configurationStage(m, { dryRun: ctx.dryRun, webhookUrl: (url) => ctx.webhookUrls?.get(url) });
    const r = ctx.dryRun ? await stage() : await withAutomationsPaused(ctx, m, stage);
    for (const item of r.items) out(`  ${item.action.padEnd(9)} ${item.kind} ${item.key}${item.detail ? `: ${item.detail}` : ''}`);
    out(`Configuration: ${Object.entries(r.counts).filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(', ')}`);
    for (const n of r.notMigrated) out(`  not migrated: ${n.what}: ${n.reason}${n.advice ? `. ${n.advice}` : ''}`);
    out(`Manual steps: ${m.run.path('config', 'manual-steps.md')}`);
    return r.counts.failed ? EXIT.ERROR : EXIT.OK;
  },

  async automations(ctx) {
    const m = await open(ctx);
    if (ctx.restore) {
      const r = await restoreAutomations(m.target.core, m.run);
      out(r.restored ? `Restored ${r.restored} workflow trigger(s) of the target.` : 'Nothing to restore: this run folder has no paused workflow trigger.');
      return EXIT.OK;
    }
    const state = readAutomationsState(m.run);
    const live = await activeTriggers(m.target.core, { withDeleted: true });
    out(`The target's active workflows that fire on their own: ${live.length ? '' : 'none'}`);
    for (const t of live) out(`  ${t.deleted ? 'paused ' : 'active '} "${t.workflowName}" ${t.type === 'CRON' ? 'on a schedule' : `on ${t.eventName ?? 'record events'}`} (trigger ${t.id})`);
    if (state) out(`This run folder: ${state.paused.length} trigger(s) ${state.state === 'restored' ? `paused, restored at ${state.restoredAt}` : `paused since ${state.pausedAt} (restore: --restore)`}`);
    return EXIT.OK;
  },

  async undo(ctx) {
    const m = await open(ctx);
    const verb = ctx.dryRun ? 'would remove' : 'removed';
    const r = await undoMigration(m, {
      dryRun: ctx.dryRun, force: ctx.force, schema: ctx.schema,
      onObject: (o) => out(`undo ${o.object.padEnd(22)} ${verb} ${o.removed}${o.earlier ? ` (+${o.earlier} by an earlier undo)` : ''} of ${o.created} created${o.keptChanged.length ? `, ${o.keptChanged.length} kept (changed after the migration)` : ''}${o.failed.length ? `, ${o.failed.length} failed` : ''}`),
    });
    for (const o of r.merged) out(`undo ${o.object.padEnd(22)} ${ctx.dryRun ? 'would put back' : 'put back'} ${o.restored} of ${o.merged} merged record(s) as they were${o.keptChanged.length ? `, ${o.keptChanged.length} kept (changed after the migration)` : ''}`);
    for (const c of r.config) out(`undo ${c.key}: ${c.status}${c.message ? ` (${c.message})` : ''}`);
    for (const x of r.schema) out(`undo ${x.kind} ${x.name}: ${x.status}${x.message ? ` (${x.message})` : ''}`);
    for (const n of r.notes) out(`  note: ${n}`);
    out(`${ctx.dryRun ? 'Dry run: nothing was changed. ' : ''}Undo: ${r.counts.removed} record(s) ${verb}, ${r.counts.restored} put back as they were, ${r.counts.config} configuration item(s) ${verb}, ${r.counts.keptChanged} kept, ${r.counts.failed} failed; ${r.requests.target} request(s) to the target. Report: ${m.run.path('undo', ctx.dryRun ? 'dry-run.json' : 'report.json')}`);
    return r.counts.failed ? EXIT.ERROR : EXIT.OK;
  },

  async changes(ctx) {
    const m = await open(ctx);
    if (ctx.fullScan) announceFullScan(m);
    const r = await findChanges(m, { fullScan: ctx.fullScan });
    m.run.writeJson(r, 'sync', 'changes.json');
    printChanges(r);
    out(`${r.requests} request(s). Details: ${m.run.path('sync', 'changes.json')}`);
    return EXIT.OK;
  },

  async sync(ctx) {
    const m = await open(ctx);
    if (ctx.fullScan) announceFullScan(m);
    const r = await syncMigration(m, {
      onConflict: ctx.onConflict, fullScan: ctx.fullScan, deleteMissing: ctx.deleteMissing, files: !ctx.skipFiles,
      applySchema: !ctx.skipSchema, allowActiveWorkflows: ctx.allowActiveWorkflows, log: (line) => out(line),
    });
    for (const o of r.objects) {
      const wrote = o.created + o.updated + o.trashed + o.restored + o.deleted;
      if (wrote || o.conflicts || o.leftAlone) {
        out(`sync ${o.object.padEnd(22)} ${o.created} created, ${o.updated} updated, ${o.trashed} trashed, ${o.restored} restored, ${o.deleted} deleted; ${o.conflicts} conflict(s), ${o.leftAlone} changed only in the target (left alone)`);
      }
    }
    for (const c of r.conflicts.slice(0, 10)) out(`  conflict ${c.object} ${c.sourceId}: source changed ${c.sourceFields.join(', ') || '(nothing visible)'}; target changed ${c.targetFields.join(', ') || '(nothing visible)'} → ${c.resolution}`);
    if (r.conflicts.length > 10) out(`  … ${r.conflicts.length - 10} more`);
    for (const d of r.notDeleted.slice(0, 10)) out(`  kept ${d.object} ${d.sourceId}: ${d.why}`);
    for (const p of r.verify.problems.slice(0, 10)) out(`  verify ${p.object} ${p.sourceId}: ${p.problem}`);
    out('Cutover checklist:');
    for (const line of r.checklist) out(`  - ${line}`);
    out(`Sync round ${r.round}: ${r.requests.source} request(s) to the source, ${r.requests.target} to the target. Conflicts: ${m.run.path('sync', 'conflicts.jsonl')}; report: ${m.run.path('sync', 'report.json')}`);
    return r.status === 'verification-failed' ? EXIT.VERIFICATION_FAILED : r.status === 'conflicts-held' ? EXIT.NEEDS_ACTION : EXIT.OK;
  },
  async csv(ctx) {
    return ctx.sub === 'import' ? csvImportCommand(ctx) : csvExportCommand(ctx);
  },

  async verify(ctx) {
    const m = await open(ctx);
    const report = await verifyStage(m, { sample: ctx.sample });
    printReport(report, m.run.dir);
    return report.status === 'fail' ? EXIT.VERIFICATION_FAILED : EXIT.OK;
  },

  async run(ctx) {
    const bar = createProgressRenderer();
    announce(ctx);
    const result = await migrate({
      ...ctx.config, runDir: ctx.runDir, rateLimit: ctx.rateLimit, objects: ctx.objects, includeDeleted: ctx.includeDeleted,
      onUnmatchedMember: ctx.policy, dryRun: ctx.dryRun, applySchema: !ctx.skipSchema, sample: ctx.sample,
      files: !ctx.skipFiles, configuration: !ctx.skipConfiguration, webhookUrl: (url) => ctx.webhookUrls?.get(url), allowActiveWorkflows: ctx.allowActiveWorkflows,
      onProgress: bar.update, onImportProgress: importProgress(), log: (line) => out(line),
    });
    bar.end();
    if (result.status === 'needs-action') {
      out(formatPlan(result.plan));
      printInvites(result.members.toInvite, `${result.runDir}/members.json`, 'invite: ');
      return EXIT.NEEDS_ACTION;
    }
    if (result.status === 'dry-run') {
      out(formatPlan(result.plan));
      out('Dry run complete: nothing was written to the target.');
      return EXIT.OK;
    }
    printReport(result.report!, result.runDir);
    return result.status === 'ok' ? EXIT.OK : EXIT.VERIFICATION_FAILED;
  },
};
