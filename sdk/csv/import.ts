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
import { matchMembers, memberReferenceFields, readMembers, resolvePolicy } from '../members/index.js';
import { readWorkspaceSchema } from '../metadata/index.js';
import { planRun } from '../plan/index.js';
import type { MembersFile, Plan, UnmatchedMemberPolicy } from '../run/contracts.js';
import { RunFolder } from '../run/run-folder.js';
import { transformRecords, type TransformResult } from '../transform/index.js';
import { verifyMigration, type VerificationReport } from '../verify/index.js';
import type { MappingFile } from './mapping.js';
import { planCsvImport, type CsvImportPlan } from './plan.js';

export interface CsvImportOptions {
  runDir: string;
  object?: string;
  mapping?: MappingFile;
  /** member id → e-mail, for files without `… Email` columns */
  memberEmails?: Map<string, string>;
  onUnmatchedMember?: UnmatchedMemberPolicy;
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
  csv: Omit<CsvImportPlan, 'records'>;
  plan: Plan;
  members: Pick<MembersFile, 'mapping' | 'unmatched' | 'policy'>;
  transform: TransformResult;
  import?: ImportResult;
  report?: VerificationReport;
  /** what CSV cannot carry, with what to do */
  notCarried: string[];
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
  const schema = await readWorkspaceSchema({ metadata: target.metadata, core: target.core, capabilities: target.info.capabilities });
  const csv = planCsvImport(paths, schema, options);
  log(`csv: ${csv.files.map((f) => `${f.file} → ${f.mapping.object} (${f.rows} rows${f.mapping.unmapped.length ? `, not mapped: ${f.mapping.unmapped.join(', ')}` : ''})`).join('; ')}`);
  const { records, ...csvReport } = csv;
  run.writeJson(csvReport, 'csv', 'plan.json');
  run.writeJson(csv.mappingFile, 'csv', 'mapping.json');

  // The files as an export: the data model is the target's (the files' columns are the target's fields).
  run.writeJson(schema, 'schema', 'source.json');
  run.writeJson(schema, 'schema', 'target.json');
  run.writeJson([], 'schema', 'differences.json');
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

  // Members: the files' member ids, known by their e-mails.
  const emails = new Map([...(options.memberEmails ?? new Map()), ...[...records.values()].flatMap((r) => [...r.memberEmails])]);
  const sourceMembers = [...emails].map(([id, email]) => ({ id, userEmail: email, name: email }));
  const targetMembers = await readMembers(target.core);
  const { mapping, unmatched } = matchMembers(sourceMembers, targetMembers);
  const previous = run.readJson<MembersFile>('members.json')?.policy;
  const { policy, mapTo } = resolvePolicy(options.onUnmatchedMember ?? previous, targetMembers);
  const members: MembersFile = { source: sourceMembers, target: targetMembers, mapping, unmatched, policy, ...(mapTo ? { mapTo } : {}), referenceFields: memberReferenceFields(schema) };
  run.writeJson(members, 'members.json');

  const plan = await planRun(run, { targetClient: target.core, skipped: [] });
  const notCarried = notCarriedBy(csv);
  const base = { runDir: run.dir, csv: csvReport, plan, members: { mapping, unmatched, policy }, notCarried };
  if (!plan.ready) return { status: 'needs-action', ...base, transform: { objects: [], valid: 0, invalid: 0, issuesByCode: {}, notes: [] } };
  if (options.dryRun) return { status: 'dry-run', ...base, transform: await transformRecords({ run }) };

  const guard = await guardAutomations(target.core, run, { allowActiveWorkflows: options.allowActiveWorkflows, settle: options.settle, log });
  let transform: TransformResult;
  let imported: ImportResult;
  try {
    transform = await transformRecords({ run });
    log(`transform: ${transform.valid} valid, ${transform.invalid} invalid`);
    imported = await importRecords({ client: target.core, run, batchSize: target.info.maxBatchSize, signal: options.signal });
    if (imported.status !== 'completed') throw imported.error ?? new Error(`import ${imported.status}: run csv import again with the same run folder to resume`);
  } finally {
    await guard.restore();
  }
  const report = await verifyMigration({ run, target: target.core, targetSchema: await readWorkspaceSchema({ metadata: target.metadata, core: target.core, capabilities: target.info.capabilities }), pageSize: target.info.maxPageSize });
  return { status: report.status === 'fail' ? 'verification-failed' : 'ok', ...base, transform, import: imported, report };
}

/** What the guide's CSV files cannot carry, said once, with what to do. */
function notCarriedBy(csv: CsvImportPlan): string[] {
  const objects = new Set(csv.files.map((f) => f.mapping.object));
  const out: string[] = [];
  if (objects.has('notes') || objects.has('tasks')) {
    if (!objects.has('noteTargets') && !objects.has('taskTargets')) out.push('Which records a note or task is attached to (noteTargets, taskTargets) is in no CSV that Twenty exports: when the source is reachable, `twenty-migrate run` carries them; otherwise attach them again by hand.');
  }
  out.push('Attachments (files) cannot travel in CSV: use `twenty-migrate run` (the files stage) when the source is reachable.');
  for (const f of csv.files) {
    const columns = new Set(f.mapping.columns.map((c) => c.path?.split('.')[0]));
    if (!columns.has('createdAt')) out.push(`${f.file} has no creation date column: its records get the time of the import as createdAt.`);
    if (f.mapping.columns.some((c) => c.path?.endsWith('.markdown')) && !f.mapping.columns.some((c) => c.path?.endsWith('.blocknote'))) {
      out.push(`${f.file} holds rich text as Markdown only: formatting beyond Markdown (colours, mentions, embedded files) is flattened.`);
    }
  }
  return out;
}
