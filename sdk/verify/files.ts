/**
 * File verification: for every copy in files/ledger.jsonl, the target record references the target's file (its
 * FILES value holds the mapped file id; a body-only file is referenced from the body), and the target's copy,
 * downloaded through the signed URL the target hands out now (streamed, never whole in memory), has the size and
 * sha256 the source file had while it was copied. Files the files stage could not copy come back as failures.
 *
 * Rows are values for the report; nothing is written to the target.
 */
import { createHash } from 'node:crypto';
import { createTwentyClient, idInFilter, request, type TwentyClient } from '../client/index.js';
import { redact } from '../client/redact.js';
import { readFilesLedger, type FileLedgerEntry } from '../files/ledger.js';
import { findBodyFiles } from '../files/rich-text.js';
import { openDownload } from '../files/transfer.js';
import type { RunFolder } from '../run/run-folder.js';
import type { CheckStatus } from './types.js';
import { idMapOf, loadLedger } from '../import/index.js';

export interface FileVerificationRow {
  object: string;
  field: string;
  recordId: string;
  sourceFileId: string;
  targetFileId: string | null;
  label: string;
  status: CheckStatus;
  /** the target record's FILES value (or body) names the target file */
  referenced: boolean;
  expected: { size?: number; sha256?: string };
  actual?: { size: number; sha256: string };
  problem?: string;
}

export interface FilesVerification {
  status: CheckStatus;
  rows: FileVerificationRow[];
  counts: { pass: number; fail: number; warn: number };
  /** bytes downloaded from the target to check them */
  bytes: number;
}

export interface VerifyFilesOptions {
  run: RunFolder;
  target: TwentyClient | { url: string; apiKey: string };
  /** downloads at once (default 4) */
  concurrency?: number;
  /** records read per request (default 50, ids in one `id[in]` filter) */
  chunk?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

const isClient = (v: VerifyFilesOptions['target']): v is TwentyClient => typeof (v as TwentyClient).GET === 'function';

/** The target records of one object by id, trashed ones included (the import re-trashes soft-deleted records). */
async function readRecords(client: TwentyClient, object: string, ids: string[], chunk: number, signal?: AbortSignal): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    const inList = idInFilter(part);
    for (const filter of [inList, `and(${inList},deletedAt[is]:NOT_NULL)`]) {
      const r = await request<{ data?: Record<string, Array<Record<string, unknown>>> }>(client, 'GET', '/{namePlural}', {
        path: { namePlural: object }, query: { filter, limit: part.length }, signal,
      });
      for (const rec of r.data?.data?.[object] ?? []) if (typeof rec.id === 'string') out.set(rec.id, rec);
      if (part.every((id) => out.has(id))) break;
    }
  }
  return out;
}

/** The signed URL the target gives now for `fileId` in this record, or null when the record does not reference it. */
function urlInRecord(record: Record<string, unknown> | undefined, e: FileLedgerEntry): string | null {
  if (!record || !e.targetFileId) return null;
  if (e.kind === 'body') return findBodyFiles(record[e.field]).get(e.targetFileId.toLowerCase())?.url ?? null;
  const items = record[e.field];
  const item = Array.isArray(items) ? (items as Array<{ fileId?: string; url?: string }>).find((f) => f?.fileId === e.targetFileId) : undefined;
  return item ? item.url ?? '' : null;
}

async function digest(url: string, options: { signal?: AbortSignal; fetch?: typeof fetch }): Promise<{ size: number; sha256: string }> {
  const download = await openDownload(url, options);
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of download.body) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * @example
 * const files = await verifyFiles({ run, target: m.target.core });
 * files.rows.filter((r) => r.status === 'fail');
 */
/** `object:recordId` → the code of the problem that kept a record out of the target (errors.jsonl). */
async function recordsNotMigrated(run: RunFolder): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const issue of run.recordProblems(['transform', 'import'])) {
    out.set(`${issue.object}:${issue.recordId}`, issue.code);
  }
  return out;
}

export async function verifyFiles(options: VerifyFilesOptions): Promise<FilesVerification> {
  const client = isClient(options.target) ? options.target : createTwentyClient({ baseUrl: options.target.url, apiKey: options.target.apiKey });
  const ledger = [...(await readFilesLedger(options.run)).values()];
  const notMigrated = await recordsNotMigrated(options.run);
  const rows: FileVerificationRow[] = [];
  let bytes = 0;

  const byObject = new Map<string, FileLedgerEntry[]>();
  for (const e of ledger) {
    const base = { object: e.object, field: e.field, recordId: e.recordId, sourceFileId: e.sourceFileId, targetFileId: e.targetFileId ?? null, label: e.label, expected: { size: e.size, sha256: e.sha256 } };
    if (e.status !== 'copied') {
      rows.push({ ...base, status: 'fail', referenced: false, problem: `not copied: ${e.code ?? ''} ${e.message ?? ''}`.trim() });
      continue;
    }
    (byObject.get(e.object) ?? byObject.set(e.object, []).get(e.object)!).push(e);
  }

  // A record merged into one the target already held lives under that record's id: its files are looked up there.
  const ids = idMapOf(await loadLedger(options.run));
  const targetIdOf = (object: string, recordId: string) => ids.target(object, recordId) ?? recordId;
  for (const [object, entries] of byObject) {
    const byTargetId = await readRecords(client, object, [...new Set(entries.map((e) => targetIdOf(object, e.recordId)))], options.chunk ?? 50, options.signal);
    const records = { get: (recordId: string) => byTargetId.get(targetIdOf(object, recordId)) };
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const e = entries[next++];
        const row: FileVerificationRow = {
          object: e.object, field: e.field, recordId: e.recordId, sourceFileId: e.sourceFileId, targetFileId: e.targetFileId ?? null, label: e.label,
          status: 'pass', referenced: false, expected: { size: e.size, sha256: e.sha256 },
        };
        rows.push(row);
        const record = records.get(e.recordId);
        const url = urlInRecord(record, e);
        if (!record) {
          // A record that is in errors.jsonl was not migrated, with its reason: its files go with it (a warning);
          // a record missing for no recorded reason is a fault.
          const why = notMigrated.get(`${e.object}:${e.recordId}`);
          row.status = why ? 'warn' : 'fail';
          row.problem = why ? `record ${e.recordId} was not migrated (${why}), so neither is this file` : `record ${e.recordId} is not in the target`;
          continue;
        }
        if (url === null) {
          row.status = 'fail';
          row.problem = `${e.object}.${e.field} of the target record does not reference file ${e.targetFileId}`;
          continue;
        }
        row.referenced = true;
        try {
          row.actual = await digest(url, { signal: options.signal, fetch: options.fetch });
          bytes += row.actual.size;
        } catch (error) {
          row.status = 'fail';
          row.problem = `download of the target's copy failed: ${redact((error as Error).message)}`;
          continue;
        }
        if (row.actual.size !== e.size || row.actual.sha256 !== e.sha256) {
          row.status = 'fail';
          row.problem = `the target's copy differs: ${row.actual.size} bytes, sha256 ${row.actual.sha256.slice(0, 12)}…; expected ${e.size} bytes, ${e.sha256?.slice(0, 12)}…`;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  }

  const counts = { pass: 0, fail: 0, warn: 0 };
  for (const r of rows) counts[r.status] += 1;
  return { status: counts.fail ? 'fail' : counts.warn ? 'warn' : 'pass', rows, counts, bytes };
}
