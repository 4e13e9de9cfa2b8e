/**
 * `csv import`: CSV files as the source of the same migration as the API path. The files are read and mapped
 * (plan.ts), then written into a run folder exactly as the export stage leaves it (export/<plural>.jsonl and its
 * state, both data models, members.json), so the rest is the API path's own pipeline, unchanged: the plan (import
 * order, deferred relations), the transform (validation against the target's schema, members mapped), the import
 * (ledger, resume after a kill, no duplicates on re-runs, the target's automations paused) and verify, which compares
 * the target with the files. No row cap.
 *
 * Members (the guide's step 5 without a spreadsheet): a member id in a file is mapped to the target member with the
 * same e-mail, the e-mail coming from the `… Email` column next to it (as `csv export` writes, or as the guide has the
 * user add), or from `memberEmails` (the source's members when it is reachable, or a members CSV).
 */
import { appendLinesDurable } from '../export/jsonl-file.js';
import { exportFileOf, writeObjectState } from '../export/state.js';
import { rmSync } from 'node:fs';
import type { Side } from '../connect.js';
import { guardAutomations } from '../automations/index.js';
import { importRecords, type ImportResult } from '../import/index.js';
import { countTouched, matchMembers, memberReferenceFields, readMembers, resolvePolicy } from '../members/index.js';
import { diffSchemas, readWorkspaceSchema } from '../metadata/index.js';
import { planRun } from '../plan/index.js';
import type { MembersFile, Plan, UnmatchedMemberPolicy } from '../run/contracts.js';
import { RunFolder } from '../run/run-folder.js';
import { transformRecords, type TransformResult } from '../transform/index.js';
import { verifyMigration, type VerificationReport } from '../verify/index.js';
import type { MappingFile } from './mapping.js';
import { planCsvImport, type CsvImportPlan } from './plan.js';
import { fillFromSource, gapsOf, type FillResult } from './fill.js';
import { targetLookup } from './target-lookup.js';
import { copyFiles, type CopyFilesResult } from '../files/index.js';
import { fileChecks } from '../stages.js';
import { MigrationError } from '../errors.js';
import { findObject } from '../plan/objects.js';

export interface CsvImportOptions {
  runDir: string;
  object?: string;
  mapping?: MappingFile;
  /** member id → e-mail, for files without `… Email` columns */
  memberEmails?: Map<string, string>;
  onUnmatchedMember?: UnmatchedMemberPolicy;
  /**
   * the source, when it is still reachable: with `fillFromSource`, what the files cannot carry is taken from it
   * (fill.ts) and the files stage copies the attachments' files
   */
  source?: Side;
  fillFromSource?: boolean;
  /** read, map, plan and validate; write nothing to the target */
  dryRun?: boolean;
  allowActiveWorkflows?: boolean;
  settle?: { intervalMs?: number; timeoutMs?: number };
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface CsvImportResult {
  status: 'ok' | 'verification-failed' | 'needs-action' | 'dry-run';
  runDir: string;
  csv: Omit<CsvImportPlan, 'records' | 'heldByTarget' | 'memberEmails'>;
  plan: Plan;
  members: Pick<MembersFile, 'mapping' | 'unmatched' | 'policy'>;
  transform: TransformResult;
  import?: ImportResult;
  report?: VerificationReport;
  /** what CSV cannot carry, with what to do */
  notCarried: string[];
  /** what the files lack that the source could fill (keys per object, child objects), and what was filled */
  gaps: ReturnType<typeof gapsOf>;
  fill?: FillResult;
  files?: CopyFilesResult;
  /** requests to the target to resolve references the files do not (unique values, ids in no file) */
  lookupRequests: number;
}

/**
 * @example
 * const r = await csvImport(m.target, ['exports/company.csv', 'exports/person.csv'], { runDir: 'runs/csv' });
 * r.report?.status; // 'pass'
 */
export async function csvImport(target: Side, paths: string[], options: CsvImportOptions): Promise<CsvImportResult> {
  const log = options.log ?? (() => {});
  const run = RunFolder.open(options.runDir);
  run.updateManifest((man) => {
    man.options.csvFiles = paths;
  });
  const targetSchema = await readWorkspaceSchema({ metadata: target.metadata, core: target.core, capabilities: target.info.capabilities });
  // The files are read against the data model they were written from: the source's when it is reachable (a 1.x
  // source names a note target's company `Company Id`, 2.x `Target (company) Id`), else the target's. The transform
  // then takes source-shaped records to the target's version, as in the API path.
  const schema = options.source ? await readWorkspaceSchema({ metadata: options.source.metadata, core: options.source.core, capabilities: options.source.info.capabilities }) : targetSchema;
  const lookup = targetLookup(target.core, targetSchema, { pageSize: target.info.maxPageSize, signal: options.signal });
  const csv = await planCsvImport(paths, schema, { ...options, lookup, targetSchema });
  const gaps = gapsOf(csv, schema);
  if (options.fillFromSource && !options.source) throw new MigrationError('CSV_FILL_NEEDS_SOURCE', 'Filling from the source needs the source: set SOURCE_URL and SOURCE_API_KEY (or leave out --fill-from-source).');
  const fill = options.fillFromSource && options.source ? await fillFromSource(options.source, schema, csv, { signal: options.signal, log }) : undefined;
  log(`csv: ${csv.files.map((f) => `${f.file} → ${f.mapping.object} (${f.rows} rows${f.mapping.unmapped.length ? `, not mapped: ${f.mapping.unmapped.join(', ')}` : ''})`).join('; ')}`);
  const { records, heldByTarget, memberEmails: emails, ...csvReport } = csv;
  // the transform keeps references to the target's own records (by nameSingular)
  const held = new Map([...heldByTarget].map(([plural, ids]) => [findObject(targetSchema, plural)?.nameSingular ?? plural, ids]));
  run.writeJson({ ...csvReport, gaps, ...(fill ? { fill } : {}) }, 'csv', 'plan.json');
  run.writeJson(csv.mappingFile, 'csv', 'mapping.json');

  // The files as an export: the data model is the target's (the files' columns are the target's fields).
  run.writeJson(schema, 'schema', 'source.json');
  run.writeJson(targetSchema, 'schema', 'target.json');
  run.writeJson(schema === targetSchema ? [] : diffSchemas(schema, targetSchema), 'schema', 'differences.json');
  const startedAt = new Date().toISOString();
  for (const [object, r] of records) {
    const file = exportFileOf(run, object);
    rmSync(file, { force: true }); // rewritten whole from the files on every run: the files are the truth
    appendLinesDurable(file, r.records);
    writeObjectState(run, object, { phase: 'done', cursor: null, count: r.records.length, serverCount: r.records.length, activeCount: r.records.length, startedAt });
  }
  // errors.jsonl, as for every stage: the file, the line and the column in each; a re-run does not repeat them
  const known = new Set<string>();
  for await (const i of run.recordProblems(['export'])) known.add(`${i.recordId}|${i.field}|${i.code}`);
  for (const r of records.values()) {
    run.recordIssues(r.issues
      .map((i) => ({ stage: 'export' as const, object: r.object, recordId: `${i.file}:${i.line}`, field: i.column, code: i.code, message: `${i.file} line ${i.line}, column ${i.column ?? '-'}: ${i.message}` }))
      .filter((i) => !known.has(`${i.recordId}|${i.field}|${i.code}`)));
  }

  // Members: the files' member ids, known by their e-mails (the plan gathered them from the columns and the options).
  // Ids with no e-mail anywhere are members too, unmatched: the plan then stops on them (policy stop) before writing.
  const noEmail = [...new Set(csv.files.flatMap((f) => f.membersWithoutEmail))];
  const sourceMembers = [...[...emails].map(([id, email]) => ({ id, userEmail: email, name: email })), ...noEmail.map((id) => ({ id, userEmail: null, name: `member ${id} (no e-mail known)` }))];
  const targetMembers = await readMembers(target.core);
  const { mapping, unmatched } = matchMembers(sourceMembers, targetMembers);
  const previous = run.readJson<MembersFile>('members.json')?.policy;
  const { policy, mapTo } = resolvePolicy(options.onUnmatchedMember ?? previous, targetMembers);
  const referenceFields = memberReferenceFields(schema);
  // The source's members (or a members file) list everyone; only those the files' records name can block the import.
  const touched = await countTouched(run, { unmatched, referenceFields });
  const members: MembersFile = { source: sourceMembers, target: targetMembers, mapping, unmatched, policy, ...(mapTo ? { mapTo } : {}), referenceFields, touched };
  run.writeJson(members, 'members.json');

  const plan = await planRun(run, { targetClient: target.core, skipped: [] });
  const notCarried = notCarriedBy(csv, gaps, fill, !!options.source);
  const base = { runDir: run.dir, csv: csvReport, plan, members: { mapping, unmatched, policy }, notCarried, gaps, fill, lookupRequests: lookup.requests() };
  if (!plan.ready) return { status: 'needs-action', ...base, transform: { objects: [], valid: 0, invalid: 0, issuesByCode: {}, notes: [] } };
  if (options.dryRun) return { status: 'dry-run', ...base, transform: await transformRecords({ run, heldByTarget: held }) };

  // The files stage, as in the API path: the attachments' files and the bodies' images, from the source.
  let files: CopyFilesResult | undefined;
  if (fill) {
    files = await copyFiles({ source: options.source!.core, target: target.config, run, signal: options.signal });
    if (files.status !== 'completed') throw new MigrationError('MIGRATION_ABORTED', `File copy ${files.status}: run csv import again with the same run folder to resume.`, { resumable: true, stage: 'files' });
    log(`files: ${files.copied} copied (${files.bytes} bytes), ${files.alreadyCopied} already copied, ${files.failed} failed`);
  }
  const guard = await guardAutomations(target.core, run, { allowActiveWorkflows: options.allowActiveWorkflows, settle: options.settle, log });
  let transform: TransformResult;
  let imported: ImportResult;
  try {
    transform = await transformRecords({ run, heldByTarget: held });
    log(`transform: ${transform.valid} valid, ${transform.invalid} invalid`);
    imported = await importRecords({ client: target.core, run, batchSize: target.info.maxBatchSize, signal: options.signal });
    if (imported.status !== 'completed') throw imported.error ?? new Error(`import ${imported.status}: run csv import again with the same run folder to resume`);
  } finally {
    await guard.restore();
  }
  const report = await verifyMigration({
    run, target: target.core, targetSchema: await readWorkspaceSchema({ metadata: target.metadata, core: target.core, capabilities: target.info.capabilities }), pageSize: target.info.maxPageSize,
    extra: { checks: await fileChecks(run, target.core) },
  });
  return { status: report.status === 'fail' ? 'verification-failed' : 'ok', ...base, files, transform, import: imported, report };
}

/** What the guide's CSV files cannot carry, said once, with what to do (or what was filled from the source). */
function notCarriedBy(csv: CsvImportPlan, gaps: ReturnType<typeof gapsOf>, fill: FillResult | undefined, sourceKnown: boolean): string[] {
  const out: string[] = [];
  const offer = sourceKnown ? 'run again with --fill-from-source to take it from the source' : 'when the source is still reachable, set SOURCE_URL and SOURCE_API_KEY and add --fill-from-source';
  if (fill) {
    for (const a of fill.added) out.push(`${a.object}: ${a.records} record(s) taken from the source${a.skipped ? ` (${a.skipped} left out: they belong to records in no file)` : ''}${a.linksDropped ? `; ${a.linksDropped} link(s) to records in no file emptied` : ''}.`);
    for (const o of fill.objects) {
      if (o.notInSource) out.push(`${o.object}: ${o.notInSource} row(s) have an id the source does not hold: imported as the file says, without ${o.fields.join(', ')}.`);
      if (o.richTextKept) out.push(`${o.object}: ${o.richTextKept} rich text(s) were edited in the file: the file's Markdown is imported, without the source's formatting.`);
    }
    return out;
  }
  for (const c of gaps.children) out.push(`${c}: in no file (CSV cannot carry ${c === 'attachments' ? 'attachments and their files' : 'which records a note or task is attached to'}): ${offer}.`);
  if (csv.files.some((f) => f.mapping.object === 'attachments' && f.rows > 0)) out.push(`attachments: the records are in the files, their files are not: ${offer}.`);
  for (const g of gaps.fields) {
    const f = csv.files.find((x) => x.mapping.object === g.object)!;
    if (g.keys.includes('createdAt')) out.push(`${f.file} has no creation date column: its records get the time of the import as createdAt (${offer}).`);
    const columns = new Set(f.mapping.columns.map((c) => c.path));
    for (const k of g.keys) if (columns.has(`${k}.markdown`)) out.push(`${f.file} holds ${k} as Markdown only: formatting beyond Markdown (colours, mentions, embedded files) is flattened (${offer}).`);
    const rest = g.keys.filter((k) => k !== 'createdAt' && !columns.has(`${k}.markdown`));
    if (rest.length) out.push(`${f.file} has no column for ${rest.join(', ')}: ${offer}.`);
  }
  return out;
}
