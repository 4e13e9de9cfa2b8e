/**
 * The transform stage: export/<plural>.jsonl → transform/<plural>.jsonl (records as they will be sent) and
 * errors.jsonl (records that would be refused, never sent). Streams: one record in memory at a time, plus the
 * ids and unique values seen (to find duplicates). Re-running it replaces its outputs.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { MigrationError } from '../errors.js';
import type { WorkspaceSchema } from '../metadata/types.js';
import type { MembersFile, Plan } from '../run/contracts.js';
import type { RecordIssue, RunFolder } from '../run/run-folder.js';
import { findObject } from '../plan/objects.js';
import { objectTransformer, type DropReason, type TransformedLine } from './record.js';
import { UniqueValues } from './unique.js';
import { dropStageIssues } from './stage-issues.js';
import { loadFilesMap, type FilesMap } from '../files/ledger.js';
import { UuidSet } from '../run/uuid-set.js';
import { withOverlay } from '../export/overlay.js';

export interface TransformOptions {
  run: RunFolder;
  /** default: schema/source.json and schema/target.json of the run */
  source?: WorkspaceSchema;
  target?: WorkspaceSchema;
  /** default: plan.json */
  plan?: Plan;
  /** default: members.json */
  members?: MembersFile;
  /** only these objects (namePlural); default every object of the plan */
  objects?: string[];
  /** default: files/ledger.jsonl (FILES values and body references get the target's copies once the files stage ran) */
  files?: FilesMap;
  /**
   * records the target already holds, per object (nameSingular), that records may point at though they are not in
   * this migration (csv import: a company a people file names, imported before): those references are kept
   */
  heldByTarget?: Map<string, Set<string>>;
}

export interface ObjectTransformSummary {
  object: string;
  read: number;
  valid: number;
  invalid: number;
  /** lines repeating an id already seen (an export resumed mid-page writes a page twice): skipped */
  duplicateIds: number;
  /** soft-deleted records, carried with their deletedAt for the import stage to soft-delete again */
  softDeleted: number;
  /** records with join columns held back for the patch pass */
  withDeferred: number;
  /** per dropped key: why, and in how many records it had a value */
  dropped: Record<string, { reason: DropReason; records: number }>;
  /** per join column: references emptied because the object they point at is not imported */
  nulledReferences: Record<string, number>;
  /** FILES items written with the target's copy / left out; body references rewritten / left pointing at the source */
  files: { written: number; missing: number; bodyRewritten: number; bodyMissing: number };
}

export interface TransformResult {
  objects: ObjectTransformSummary[];
  valid: number;
  invalid: number;
  /** every issue written to errors.jsonl, counted by code, with a few examples */
  issuesByCode: Record<string, { count: number; samples: RecordIssue[] }>;
  notes: string[];
}

const FLUSH_EVERY = 500;

function load<T>(run: RunFolder, given: T | undefined, what: string, ...path: string[]): T {
  const value = given ?? run.readJson<T>(...path);
  if (value === undefined) throw new MigrationError('MISSING_STAGE_OUTPUT', `transform: no ${what} given and ${run.path(...path)} does not exist; run the ${what} stage first`);
  return value;
}

/**
 * Transforms every exported object of the plan and validates each record against the target's schema.
 *
 * @example
 * const result = await transformRecords({ run });
 * result.objects.map((o) => `${o.object}: ${o.valid} valid, ${o.invalid} invalid`);
 * result.issuesByCode.INVALID_EMAIL?.count;
 */
export async function transformRecords(options: TransformOptions): Promise<TransformResult> {
  const { run } = options;
  const source = load(run, options.source, 'schema', 'schema', 'source.json');
  const target = load(run, options.target, 'schema', 'schema', 'target.json');
  const plan = load(run, options.plan, 'plan', 'plan.json');
  const members = load(run, options.members, 'members', 'members.json');
  const notes: string[] = [];
  if (!plan.ready) notes.push(`the plan is not ready (${plan.blockers.length} blocker(s)); records were transformed anyway, nothing is written to the target here`);

  run.setStage('transform', 'started');
  await dropStageIssues(run, 'transform');
  await dropStageIssues(run, 'files', 'FILE_NOT_COPIED');
  const files = options.files ?? (await loadFilesMap(run));
  const imported = new Set(plan.order.map((o) => o.nameSingular));
  // Ids of the records exported per object, read for every object before any is transformed: a deferred reference
  // (a cycle, a self-relation) points at an object transformed later, and a reference to a record left in the
  // source's trash must be emptied by the same rule whichever pass writes it. One id per exported record of the
  // whole workspace: compact sets (sdk/run/uuid-set.ts), ids compared exactly as given.
  const exportedIds = new Map<string, UuidSet>();
  for (const planned of plan.order) {
    const set = new UuidSet();
    {
      for await (const r of withOverlay(run, planned.object, run.readJsonl<Record<string, unknown>>('export', `${planned.object}.jsonl`))) if (typeof r?.id === 'string') set.add(r.id);
    }
    exportedIds.set(planned.nameSingular, set);
  }
  const exported = (objectSingular: string, id: string) => exportedIds.get(objectSingular)?.has(id);
  const result: TransformResult = { objects: [], valid: 0, invalid: 0, issuesByCode: {}, notes };
  const wanted = options.objects ? new Set(options.objects) : null;

  for (const planned of plan.order) {
    if (wanted && !wanted.has(planned.object)) continue;
    const from = findObject(source, planned.object);
    const to = findObject(target, planned.object);
    if (!from || !to) {
      notes.push(`${planned.object}: missing from the ${from ? 'target' : 'source'} schema; not transformed`);
      continue;
    }
    const idsOfObject = new UuidSet();
    const summary = await transformObject(
      run, objectTransformer({ source: from, target: to, imported, deferred: planned.deferredFields, members, files, exported, heldByTarget: options.heldByTarget }), new UniqueValues(to), result, idsOfObject,
    );
    result.objects.push(summary);
    result.valid += summary.valid;
    result.invalid += summary.invalid;
    for (const [key, d] of Object.entries(summary.dropped)) {
      if (d.reason === 'files') notes.push(`${summary.object}.${key}: files of ${d.records} record(s) left for the files stage`);
    }
    const f = summary.files;
    if (f.missing || f.bodyMissing) notes.push(`${summary.object}: ${f.missing} file(s) and ${f.bodyMissing} body reference(s) have no copy in the target (see errors.jsonl, stage files)`);
    run.updateManifest((m) => {
      m.counts[summary.object] = { ...m.counts[summary.object], transformed: summary.valid, invalid: summary.invalid };
    });
  }
  run.setStage('transform', 'completed', `${result.valid} valid, ${result.invalid} invalid record(s) in ${result.objects.length} object(s)`);
  return result;
}

async function transformObject(
  run: RunFolder,
  transformer: ReturnType<typeof objectTransformer>,
  unique: UniqueValues,
  result: TransformResult,
  ids: UuidSet,
): Promise<ObjectTransformSummary> {
  const plural = transformer.plural;
  const s: ObjectTransformSummary = { object: plural, read: 0, valid: 0, invalid: 0, duplicateIds: 0, softDeleted: 0, withDeferred: 0, dropped: {}, nulledReferences: {}, files: { written: 0, missing: 0, bodyRewritten: 0, bodyMissing: 0 } };
  // Written under a temporary name and renamed when complete: the import stage never sees half a file.
  const partial = `${plural}.jsonl.partial`;
  rmSync(run.path('transform', partial), { force: true });
  let lines: TransformedLine[] = [];
  let issues: RecordIssue[] = [];
  const flush = () => {
    run.appendJsonl(lines, 'transform', partial);
    run.recordIssues(issues);
    lines = [];
    issues = [];
  };
  for await (const record of withOverlay(run, plural, run.readJsonl<Record<string, unknown>>('export', `${plural}.jsonl`))) {
    s.read += 1;
    const id = typeof record.id === 'string' ? record.id : null;
    if (id !== null && ids.has(id)) {
      s.duplicateIds += 1;
      continue;
    }
    if (id !== null) ids.add(id);
    const outcome = transformer.transform(record);
    for (const [key, reason] of outcome.dropped) s.dropped[key] = { reason, records: (s.dropped[key]?.records ?? 0) + 1 };
    for (const key of outcome.nulled) s.nulledReferences[key] = (s.nulledReferences[key] ?? 0) + 1;
    for (const k of ['written', 'missing', 'bodyRewritten', 'bodyMissing'] as const) s.files[k] += outcome.files[k];
    // Written whatever becomes of the record: a missing file does not make it invalid (stage `files`, not counted).
    issues.push(...outcome.warnings);
    const found = outcome.line ? unique.check(outcome.line.record, id) : outcome.issues;
    if (outcome.line && !found.length) {
      s.valid += 1;
      if (outcome.line.deletedAt) s.softDeleted += 1;
      if (outcome.line.deferred) s.withDeferred += 1;
      lines.push(outcome.line);
    } else {
      s.invalid += 1;
      issues.push(...found);
      for (const issue of found) {
        const entry = (result.issuesByCode[issue.code] ??= { count: 0, samples: [] });
        entry.count += 1;
        if (entry.samples.length < 3) entry.samples.push(issue);
      }
    }
    if (lines.length + issues.length >= FLUSH_EVERY) flush();
  }
  flush();
  const finalPath = run.path('transform', `${plural}.jsonl`);
  if (existsSync(run.path('transform', partial))) renameSync(run.path('transform', partial), finalPath);
  else rmSync(finalPath, { force: true });
  return s;
}
