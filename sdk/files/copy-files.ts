/**
 * The files stage (between export and transform): every file the exported records reference, copied from the source
 * to the target, streamed, hashed, and recorded in files/ledger.jsonl so that a re-run uploads nothing twice and a
 * killed run resumes. The transform stage then writes the target's file ids into FILES values and bodies.
 *
 *   export → files → transform → import
 *
 * Uploads stay temporary in the target until the import writes the records that reference them (files-field-sync.ts).
 * After a kill, up to `concurrency` uploads that were in flight may exist in the target without a ledger line: they
 * are temporary and never referenced, so they change nothing the migration writes.
 */
import { createTwentyClient, type TwentyClient } from '../client/index.js';
import { MigrationError } from '../errors.js';
import type { WorkspaceSchema } from '../metadata/types.js';
import type { Plan } from '../run/contracts.js';
import type { RecordIssue, RunFolder } from '../run/run-folder.js';
import { readExported } from '../export/read.js';
import { readExportState } from '../export/state.js';
import { findObject } from '../plan/objects.js';
import { dropStageIssues } from '../transform/stage-issues.js';
import { copyOne, type CopyContext, type UploadField } from './copy-one.js';
import { appendFilesLedger, readFilesLedger, type FileLedgerEntry } from './ledger.js';
import { bodyJobsOf, bodyUploadField, fieldJobsOf, filesFieldsOf, richTextFieldsOf, type FileJob } from './references.js';
import { keepsLegacyPath, legacyPathJobOf } from './legacy-paths.js';
import type { UploadTarget } from './transfer.js';
import { unconfirmedUploads, uploadJournal, type UnconfirmedUpload } from './uploads-journal.js';

export interface InstanceRef {
  url: string;
  apiKey: string;
}

export interface CopyFilesOptions {
  /** where files come from: a core client (used to re-read records whose signed URLs expired) or its URL and key */
  source: TwentyClient | InstanceRef;
  /**
   * where they go: URL and key, because uploads stream through node:http (a known content-length, no replay by the
   * client's retry layer) rather than through an openapi-fetch client
   */
  target: InstanceRef;
  run: RunFolder;
  /** default: schema/source.json and schema/target.json of the run */
  schema?: { source: WorkspaceSchema; target: WorkspaceSchema };
  /** only these objects (namePlural); default every object of plan.json, or every exported object */
  objects?: string[];
  /** files in flight at once (default 4) */
  concurrency?: number;
  onProgress?: (event: FilesProgressEvent) => void;
  signal?: AbortSignal;
  /** attempts per file for transient failures (default 3), and the first wait between them */
  attempts?: number;
  backoffMs?: number;
  fetch?: typeof fetch;
}

export type FilesProgressEvent =
  | { type: 'file'; outcome: 'copied' | 'already-copied' | 'failed'; object: string; field: string; recordId: string; bytes: number; done: number }
  | { type: 'done'; result: CopyFilesResult };

export interface FieldFilesSummary {
  found: number;
  copied: number;
  alreadyCopied: number;
  failed: number;
  bytes: number;
}

export interface CopyFilesResult {
  status: 'completed' | 'aborted';
  /** files to copy: FILES items, plus body references that no FILES value holds */
  found: number;
  /** uploaded by this run */
  copied: number;
  /** in the ledger from an earlier run: not uploaded again */
  alreadyCopied: number;
  failed: number;
  /** bytes uploaded by this run */
  bytes: number;
  /** references from rich-text bodies (rewritten by the transform), of which `bodyOnly` had no FILES value */
  bodyReferences: number;
  bodyOnly: number;
  /** per `<object>.<field>` */
  byField: Record<string, FieldFilesSummary>;
  /** every failure, also in errors.jsonl (stage `files`) */
  failures: Array<Pick<FileLedgerEntry, 'object' | 'field' | 'recordId' | 'sourceFileId'> & { code: string; message: string }>;
  /**
   * upload attempts of this run folder (all runs) that may have left an unreferenced copy in the target's storage:
   * answers lost after the bytes were sent, or a run stopped mid-upload (files/uploads.jsonl)
   */
  unconfirmed: UnconfirmedUpload[];
}

const isClient = (v: TwentyClient | InstanceRef): v is TwentyClient => typeof (v as TwentyClient).GET === 'function';

function loadSchemas(run: RunFolder, given: CopyFilesOptions['schema']) {
  const source = given?.source ?? run.readJson<WorkspaceSchema>('schema', 'source.json');
  const target = given?.target ?? run.readJson<WorkspaceSchema>('schema', 'target.json');
  if (!source || !target) throw new MigrationError('MISSING_STAGE_OUTPUT', `files: no schema given and ${run.path('schema')} lacks source.json or target.json; run the schema stage first`);
  return { source, target };
}

/** Objects whose exported records may reference files, in plan order when there is a plan. */
function objectsToScan(run: RunFolder, source: WorkspaceSchema, wanted?: string[]): string[] {
  const plan = run.readJson<Plan>('plan.json');
  const names = wanted ?? (plan ? plan.order.map((o) => o.object) : Object.keys(readExportState(run).objects));
  return names.filter((n) => {
    const o = findObject(source, n);
    return o && (filesFieldsOf(o).length > 0 || richTextFieldsOf(o).length > 0 || keepsLegacyPath(o));
  });
}

/**
 * Copies every referenced file not yet in the ledger. Never throws for a file: failures are counted, written to the
 * ledger and to errors.jsonl; an abort stops between files and returns `status: 'aborted'` (run again to resume).
 *
 * @example
 * const files = await copyFiles({ source: m.source.core, target: m.target.config, run: m.run });
 * if (files.failed) console.warn(files.failures);
 */
export async function copyFiles(options: CopyFilesOptions): Promise<CopyFilesResult> {
  const { run, signal } = options;
  const schema = loadSchemas(run, options.schema);
  const source = isClient(options.source) ? options.source : createTwentyClient({ baseUrl: options.source.url, apiKey: options.source.apiKey });
  const target: UploadTarget = { url: options.target.url, apiKey: options.target.apiKey };
  const ctx: CopyContext = { source, target, signal, fetch: options.fetch, attempts: options.attempts, backoffMs: options.backoffMs, journal: uploadJournal(run) };

  run.setStage('files', 'started');
  await dropStageIssues(run, 'files');
  const ledger = await readFilesLedger(run);
  const result: CopyFilesResult = { status: 'completed', found: 0, copied: 0, alreadyCopied: 0, failed: 0, bytes: 0, bodyReferences: 0, bodyOnly: 0, byField: {}, failures: [], unconfirmed: [] };
  const summary = (job: FileJob) => (result.byField[`${job.object}.${job.field}`] ??= { found: 0, copied: 0, alreadyCopied: 0, failed: 0, bytes: 0 });

  const bodyUpload = bodyUploadField(schema.target);
  const uploadFieldOf = (job: FileJob): UploadField | string => {
    if (job.kind === 'body') return bodyUpload ? { id: bodyUpload.field.id, name: `${bodyUpload.object.namePlural}.${bodyUpload.field.name}` } : 'the target has no attachment file field';
    const object = findObject(schema.target, job.object);
    const field = object?.fields.find((f) => f.name === job.field && f.isActive);
    if (!object || !field) return `the target has no field ${job.object}.${job.field}`;
    if (field.type !== 'FILES') return `${job.object}.${job.field} is a ${field.type} field in the target, not FILES`;
    return { id: field.id, name: `${object.namePlural}.${field.name}` };
  };

  // Jobs stream out of the export files: FILES items first, then the body references no FILES value held.
  const bodyOnly = new Map<string, FileJob>();
  async function* jobs(): AsyncGenerator<FileJob> {
    const held = new Set<string>();
    for (const plural of objectsToScan(run, schema.source, options.objects)) {
      const object = findObject(schema.source, plural)!;
      for await (const record of readExported(run, plural)) {
        const legacy = keepsLegacyPath(object) ? legacyPathJobOf(object, record) : null;
        for (const job of legacy ? [legacy] : fieldJobsOf(object, record)) {
          held.add(job.sourceFileId);
          yield job;
        }
        for (const job of bodyJobsOf(object, record)) {
          result.bodyReferences += 1;
          if (!bodyOnly.has(job.sourceFileId)) bodyOnly.set(job.sourceFileId, job);
        }
      }
    }
    for (const [id, job] of bodyOnly) {
      if (held.has(id)) continue;
      result.bodyOnly += 1;
      yield job;
    }
  }

  const issues: RecordIssue[] = [];
  let done = 0;
  const finish = (job: FileJob, entry: FileLedgerEntry | null, outcome: 'copied' | 'already-copied' | 'failed') => {
    const s = summary(job);
    done += 1;
    if (outcome === 'already-copied') {
      result.alreadyCopied += 1;
      s.alreadyCopied += 1;
    } else if (outcome === 'copied') {
      result.copied += 1;
      s.copied += 1;
      result.bytes += entry?.size ?? 0;
      s.bytes += entry?.size ?? 0;
    } else {
      result.failed += 1;
      s.failed += 1;
      const failure = { object: job.object, field: job.field, recordId: job.recordId, sourceFileId: job.sourceFileId, code: entry?.code ?? 'FILE_COPY_FAILED', message: entry?.message ?? '' };
      result.failures.push(failure);
      const issue: RecordIssue = { stage: 'files', object: job.object, recordId: job.recordId, field: job.field, code: failure.code, message: `${job.object}.${job.field}: file ${job.sourceFileId} (${job.label}) not copied: ${failure.message}` };
      issues.push(issue);
      run.recordIssues([issue]);
    }
    options.onProgress?.({ type: 'file', outcome, object: job.object, field: job.field, recordId: job.recordId, bytes: outcome === 'copied' ? entry?.size ?? 0 : 0, done });
  };

  const source$ = jobs();
  const seen = new Set<string>();
  let aborted = false;
  const worker = async () => {
    for (;;) {
      if (signal?.aborted) {
        aborted = true;
        return;
      }
      const next = await source$.next();
      if (next.done) return;
      const job = next.value;
      // The same line twice (an export page written again after a kill): one upload, counted once.
      if (seen.has(job.key)) continue;
      seen.add(job.key);
      result.found += 1;
      summary(job).found += 1;
      if (ledger.get(job.key)?.status === 'copied') {
        finish(job, null, 'already-copied');
        continue;
      }
      const field = uploadFieldOf(job);
      let entry: FileLedgerEntry;
      if (typeof field === 'string') {
        entry = { key: job.key, object: job.object, field: job.field, recordId: job.recordId, sourceFileId: job.sourceFileId, kind: job.kind, label: job.label, status: 'failed', code: 'FILE_FIELD_MISSING_IN_TARGET', message: field, at: new Date().toISOString() };
      } else {
        try {
          entry = await copyOne(ctx, job, field);
        } catch (error) {
          if (signal?.aborted) {
            aborted = true;
            return;
          }
          throw error;
        }
      }
      // Appended as soon as the target answered: a kill after this line never uploads this file again.
      appendFilesLedger(run, [entry]);
      ledger.set(entry.key, entry);
      finish(job, entry, entry.status === 'copied' ? 'copied' : 'failed');
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  result.unconfirmed = await unconfirmedUploads(run);
  if (aborted || signal?.aborted) {
    result.status = 'aborted';
    await source$.return(undefined);
    run.setStage('files', 'failed', `aborted after ${done} file(s); run again with the same run folder to resume`);
  } else {
    run.setStage('files', 'completed', `${result.found} file(s): ${result.copied} copied (${result.bytes} bytes), ${result.alreadyCopied} already copied, ${result.failed} failed`);
  }
  options.onProgress?.({ type: 'done', result });
  return result;
}
