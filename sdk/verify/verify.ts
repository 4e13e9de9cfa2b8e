/**
 * The post-migration checklist, automated: per object, source count vs what reached the target; every relation in
 * the target points to an existing record; member references hold what the members stage planned; every record's
 * fields equal what was sent (or a sample of records); records the target changed after import; and everything
 * that was not migrated, with the reason. Written to verify/report.json and verify/report.md.
 */
import { chunked, idInFilter, listRecords, type TwentyClient } from '../client/index.js';
import { loadLedger, idMapOf } from '../import/index.js';
import type { SchemaObject, WorkspaceSchema } from '../metadata/types.js';
import type { ExportState, MembersFile, Plan } from '../run/contracts.js';
import { writeFileAtomic, type RunFolder } from '../run/run-folder.js';
import { loadRewrites } from '../run/rewrites.js';
import { indexSent } from './sent-index.js';
import { UuidSet } from '../run/uuid-set.js';
import { automationChecks } from './automations.js';
import { countExported } from '../export/read.js';
import { compareRecord } from './compare.js';
import { renderReport } from './report.js';
import type { CheckStatus, NotMigrated, ObjectVerification, VerificationReport } from './types.js';

export interface VerifyOptions {
  run: RunFolder;
  target: TwentyClient;
  /** the target's schema as read after the import */
  targetSchema: WorkspaceSchema;
  /** compare fields of at most this many records per object (spread evenly); default: every record */
  sample?: number;
  pageSize?: number;
  onProgress?: (event: { object: string; scanned: number }) => void;
  /**
   * Checks and "not migrated" entries of the stages beyond records (files, views, workflows, roles…), merged into
   * the one report so the checklist is complete.
   */
  extra?: { checks?: Array<{ check: string; status: CheckStatus; detail: string }>; notMigrated?: NotMigrated[] };
}

/** Fields that are the target's to set, never compared. */
const NOT_COMPARED = new Set(['position', 'searchVector', 'updatedBy']);
const NOT_COMPARED_TRASHED = new Set([...NOT_COMPARED, 'updatedAt']);
/**
 * A record merged into one the target already held (upsert matched a unique value) keeps that record's creation:
 * Twenty's upsert updates the match's fields but not its createdAt and createdBy.
 */
const NOT_COMPARED_MERGED = new Set([...NOT_COMPARED, 'createdAt', 'createdBy']);
/** The fields not compared for one record: the target's own, and those a merge or the trash legitimately change. */
export function ignoredFields(record: { merged: boolean; trashed: boolean }): ReadonlySet<string> {
  if (record.merged) return record.trashed ? new Set([...NOT_COMPARED_MERGED, 'updatedAt']) : NOT_COMPARED_MERGED;
  return record.trashed ? NOT_COMPARED_TRASHED : NOT_COMPARED;
}

/** Each list in the report keeps this many entries; counts stay exact. */
const LIST_LIMIT = 100;

const manyToOne = (o: SchemaObject) =>
  o.fields.filter((f) => f.isActive && f.relation?.kind === 'MANY_TO_ONE' && f.relation.joinColumn && f.relation.targetObject);

/**
 * Verifies a finished import and writes the report into the run folder.
 *
 * @example
 * const report = await verifyMigration({ run, target, targetSchema: await readWorkspaceSchema(targetInstance) });
 * if (report.status === 'fail') process.exitCode = 1;
 */
export async function verifyMigration(options: VerifyOptions): Promise<VerificationReport> {
  const { run, target, targetSchema } = options;
  const plan = run.readJson<Plan>('plan.json');
  if (!plan) throw new Error(`No plan.json in ${run.dir}: run the plan and import stages before verify.`);
  const exportState = run.readJson<ExportState>('export', 'state.json') ?? { objects: {} };
  const members = run.readJson<MembersFile>('members.json');
  const ledger = await loadLedger(run);
  const ids = idMapOf(ledger);
  const rewrites = await loadRewrites(run);
  const invalid = await countIssues(run);

  const bySingular = new Map(targetSchema.objects.map((o) => [o.nameSingular, o]));
  const byPlural = new Map(targetSchema.objects.map((o) => [o.namePlural, o]));
  // nameSingular → ids in the target, kept for every object (references are checked against all of them): compact
  // sets, one id per record of the whole workspace (sdk/run/uuid-set.ts).
  const seen = new Map<string, { has(id: string): boolean }>();
  const memberIds = new Set((members?.target ?? []).map((m) => m.id));
  seen.set('workspaceMember', memberIds);
  const pending: Array<{ v: ObjectVerification; recordId: string; field: string; value: string; targetObject: string }> = [];
  const results: ObjectVerification[] = [];

  for (const planned of plan.order) {
    const object = byPlural.get(planned.object);
    const v: ObjectVerification = {
      object: planned.object, sourceCount: (await countExported(run, planned.object)) ?? exportState.objects[planned.object]?.count ?? planned.count,
      invalid: invalid.get(planned.object) ?? 0, failed: ledger.failed.get(planned.object)?.size ?? 0,
      imported: ledger.done.get(planned.object)?.size ?? 0, found: 0, targetCount: 0,
      danglingReferences: [], memberMismatches: [], fieldMismatches: [], changedAfterImport: [], compared: 0, status: 'pass',
    };
    results.push(v);
    if (!object) {
      v.status = 'fail';
      continue;
    }
    // What was sent, one object at a time, as byte offsets into the transform file (each line read back when its
    // record comes up): a few dozen bytes per record instead of the parsed records.
    const sent = await indexSent(run, planned.object, ids, rewrites.get(planned.object));
    try {
      const compareEvery = options.sample && sent.size > options.sample ? sent.size / options.sample : 1;
      const memberColumns = new Set((members?.referenceFields ?? []).filter((r) => r.object === planned.object).map((r) => r.path.split('.')[0]));
      const idsHere = new UuidSet();
      seen.set(object.nameSingular, idsHere);
      let index = 0;
      for (const filter of [undefined, 'deletedAt[is]:NOT_NULL']) {
        for await (const record of listRecords(target, object.namePlural, { pageSize: options.pageSize, filter })) {
          const id = record.id as string;
          idsHere.add(id);
          if (!filter) v.targetCount += 1;
          for (const f of manyToOne(object)) {
            const value = record[f.relation!.joinColumn!];
            if (typeof value !== 'string') continue;
            const known = seen.get(f.relation!.targetObject!);
            if (known ? !known.has(value) : bySingular.has(f.relation!.targetObject!)) {
              pending.push({ v, recordId: id, field: f.relation!.joinColumn!, value, targetObject: f.relation!.targetObject! });
            }
          }
          const expected = sent.get(id);
          if (!expected) continue;
          v.found += 1;
          // Records from the source's trash are soft-deleted again by the import, which sets their updatedAt: that
          // change is planned. Anything else that moved updatedAt happened in the target after the import (a workflow,
          // a webhook consumer, a person): those records are listed with the fields that differ, as a warning, and
          // their differences are not counted as the migration's own mismatches.
          const trashed = Boolean(expected.deletedAt);
          const merged = ledger.merged.get(planned.object)?.has(expected.sourceId) ?? false;
          const ignored = ignoredFields({ merged, trashed });
          if (!trashed && expected.record.updatedAt && record.updatedAt && new Date(String(record.updatedAt)).getTime() !== new Date(String(expected.record.updatedAt)).getTime()) {
            const fields = compareRecord(expected.record, record, ignored).map((m) => m.field).filter((f) => f !== 'updatedAt');
            const by = record.updatedBy as { source?: unknown; name?: unknown } | null | undefined;
            push(v.changedAfterImport, {
              recordId: id, updatedAt: String(record.updatedAt), importedAt: String(expected.record.updatedAt), fields,
              ...(by && typeof by.source === 'string' ? { by: { source: by.source, name: String(by.name ?? '') } } : {}),
            });
            continue;
          }
          if (index++ % compareEvery >= 1) continue;
          v.compared += 1;
          const mismatches = compareRecord(expected.record, record, ignored);
          if (trashed !== Boolean(record.deletedAt)) {
            mismatches.push({ field: 'deletedAt', expected: trashed ? 'soft-deleted' : null, actual: record.deletedAt ?? null });
          }
          const memberOnes = mismatches.filter((m) => memberColumns.has(m.field.split('.')[0]));
          for (const m of memberOnes) push(v.memberMismatches, { recordId: id, field: m.field, expected: m.expected, actual: m.actual });
          const others = mismatches.filter((m) => !memberOnes.includes(m));
          if (others.length) push(v.fieldMismatches, { recordId: id, mismatches: others });
        }
        options.onProgress?.({ object: planned.object, scanned: idsHere.size });
      }
    } finally {
      sent.close();
    }
  }

  // References to objects this run did not import (csv import: a company a people file names, already in the
  // target) are looked up by id; the others, to objects scanned later (deferred cycles), are checked against them.
  const outside = new Map<string, Set<string>>();
  for (const p of pending) if (!seen.has(p.targetObject)) (outside.get(p.targetObject) ?? outside.set(p.targetObject, new Set()).get(p.targetObject)!).add(p.value);
  for (const [singular, wanted] of outside) {
    const held = new Set<string>();
    for (const part of chunked([...wanted])) for await (const r of listRecords(target, bySingular.get(singular)!.namePlural, { filter: idInFilter(part), pageSize: options.pageSize })) held.add(String(r.id));
    seen.set(singular, held);
  }
  for (const p of pending) {
    const known = seen.get(p.targetObject);
    if (!known || !known.has(p.value)) push(p.v.danglingReferences, { recordId: p.recordId, field: p.field, value: p.value });
  }
  for (const v of results) v.status = statusOf(v);

  const extraChecks = [...(await automationChecks(target, results, run.manifest().createdAt)), ...(options.extra?.checks ?? [])];
  const report: VerificationReport = {
    runId: run.manifest().runId,
    at: new Date().toISOString(),
    status: worst([...results.map((r) => r.status), ...extraChecks.map((c) => c.status)]),
    objects: results,
    skipped: plan.skipped,
    notMigrated: [...notMigrated(plan, results), ...(options.extra?.notMigrated ?? [])],
    checklist: [...checklist(results), ...extraChecks.map(({ check, status, detail }) => ({ check, status, detail }))],
  };
  run.writeJson(report, 'verify', 'report.json');
  writeFileAtomic(run.path('verify', 'report.md'), renderReport(report));
  return report;
}

function push<T>(list: T[], item: T) {
  if (list.length < LIST_LIMIT) list.push(item);
}

async function countIssues(run: RunFolder): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for await (const issue of run.recordProblems(['transform'])) {
    const key = `${issue.object}:${issue.recordId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    counts.set(issue.object, (counts.get(issue.object) ?? 0) + 1);
  }
  return counts;
}

function statusOf(v: ObjectVerification): CheckStatus {
  const lost = v.sourceCount - v.invalid - v.failed - v.imported;
  if (lost > 0 || v.found < v.imported || v.danglingReferences.length || v.memberMismatches.length || v.fieldMismatches.length) return 'fail';
  if (v.changedAfterImport.length || v.invalid || v.failed) return 'warn';
  return 'pass';
}

const worst = (s: CheckStatus[]): CheckStatus => (s.includes('fail') ? 'fail' : s.includes('warn') ? 'warn' : 'pass');

function checklist(results: ObjectVerification[]) {
  const sum = (f: (v: ObjectVerification) => number) => results.reduce((n, v) => n + f(v), 0);
  const lost = sum((v) => Math.max(0, v.sourceCount - v.invalid - v.failed - v.imported));
  const item = (check: string, bad: number, detail: string, severity: CheckStatus = 'fail') => ({ check, status: bad ? severity : ('pass' as CheckStatus), detail });
  return [
    item('Every source record is in the target or in the error report', lost, `${sum((v) => v.imported)} imported, ${sum((v) => v.invalid)} invalid, ${sum((v) => v.failed)} rejected, ${lost} unaccounted for`),
    item('Every imported record is found in the target', sum((v) => v.imported - v.found), `${sum((v) => v.found)} of ${sum((v) => v.imported)} found`),
    item('Every relation points to an existing record', sum((v) => v.danglingReferences.length), `${sum((v) => v.danglingReferences.length)} dangling references`),
    item('Member assignments mapped as planned', sum((v) => v.memberMismatches.length), `${sum((v) => v.memberMismatches.length)} mismatches`),
    item('Fields equal what was sent', sum((v) => v.fieldMismatches.length), `${sum((v) => v.compared)} records compared, ${sum((v) => v.fieldMismatches.length)} differ`),
    item('No record changed by the target after import', sum((v) => v.changedAfterImport.length), `${sum((v) => v.changedAfterImport.length)} changed (workflows, webhooks or people)`, 'warn'),
    item('No record rejected', sum((v) => v.invalid + v.failed), `${sum((v) => v.invalid + v.failed)} records in errors.jsonl`, 'warn'),
  ];
}

function notMigrated(plan: Plan, results: ObjectVerification[]): NotMigrated[] {
  const out: NotMigrated[] = plan.skipped.map((s) => ({ what: `object ${s.object}`, reason: s.reason, advice: s.advice }));
  for (const v of results) {
    if (v.invalid) out.push({ what: `${v.invalid} ${v.object}`, reason: 'invalid for the target schema', advice: 'see errors.jsonl (stage transform): fix the source records or the target schema, then re-run' });
    if (v.failed) out.push({ what: `${v.failed} ${v.object}`, reason: 'rejected by the target', advice: 'see errors.jsonl (stage import) for the server message of each record, fix, then re-run' });
  }
  return out;
}
