/**
 * One file, source to target: download (refreshing an expired signed URL by reading the record again), stream into
 * the upload, check sizes, and say what happened as a ledger entry. Transient failures (network, 5xx, 429, a short
 * download) are retried as a whole transfer, since a stream cannot be replayed.
 */
import { request, type TwentyClient } from '../client/index.js';
import { redact } from '../client/redact.js';
import type { FileLedgerEntry } from './ledger.js';
import type { FileJob } from './references.js';
import { findBodyFiles, stripToken } from './rich-text.js';
import { signedLegacyUrl } from './legacy-paths.js';
import { openDownload, TransferError, uploadFilesFieldFile, type UploadTarget } from './transfer.js';
import type { UploadJournal } from './uploads-journal.js';

export interface CopyContext {
  source: TwentyClient;
  target: UploadTarget;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** attempts per file for transient failures (default 3) */
  attempts?: number;
  /** wait between attempts, ms (default 500, doubled each time) */
  backoffMs?: number;
  /** files/uploads.jsonl: every attempt, so a copy left by a lost answer is found (sdk/files/uploads-journal.ts) */
  journal?: UploadJournal;
}

export interface UploadField {
  /** target field metadata id the upload is bound to */
  id: string;
  /** `<object>.<field>` in the target, for the ledger */
  name: string;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml',
  txt: 'text/plain', csv: 'text/csv', json: 'application/json', zip: 'application/zip', mp4: 'video/mp4', mp3: 'audio/mpeg',
};

/** The name sent with the upload: Twenty takes the stored extension from it, so it must end with the source's. */
export function uploadFilename(job: FileJob): string {
  const label = job.label.trim() || job.sourceFileId;
  const ext = job.extension?.toLowerCase();
  return ext && !label.toLowerCase().endsWith(`.${ext}`) ? `${label}.${ext}` : label;
}

/**
 * A fresh signed URL for the job's file: the record read again (a soft-deleted one through a deletedAt filter),
 * the FILES item or body reference with the same file id.
 */
export async function refreshUrl(source: TwentyClient, job: FileJob, signal?: AbortSignal): Promise<string | undefined> {
  if (job.legacyPath) return signedLegacyUrl(source, job, signal);
  for (const filter of [`id[eq]:${job.recordId}`, `and(id[eq]:${job.recordId},deletedAt[is]:NOT_NULL)`]) {
    const r = await request<{ data?: Record<string, Array<Record<string, unknown>>> }>(source, 'GET', '/{namePlural}', {
      path: { namePlural: job.object }, query: { filter, limit: 1 }, signal,
    });
    const record = r.data?.data?.[job.object]?.[0];
    if (!record) continue;
    if (job.kind === 'body') return findBodyFiles(record[job.field]).get(job.sourceFileId)?.url || undefined;
    const items = record[job.field];
    const item = Array.isArray(items) ? (items as Array<{ fileId?: string; url?: string }>).find((i) => i?.fileId?.toLowerCase() === job.sourceFileId) : undefined;
    return item?.url;
  }
  return undefined;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });

/**
 * Copies one file and returns its ledger entry (`copied` or `failed`). Throws only when `signal` aborts.
 *
 * @example
 * const entry = await copyOne(ctx, job, { id: targetField.id, name: 'attachments.file' });
 */
export async function copyOne(ctx: CopyContext, job: FileJob, uploadField: UploadField): Promise<FileLedgerEntry> {
  const base = {
    key: job.key, object: job.object, field: job.field, recordId: job.recordId, sourceFileId: job.sourceFileId, kind: job.kind,
    label: job.label, uploadedFor: uploadField.name,
  };
  const attempts = ctx.attempts ?? 3;
  let url = job.url;
  let refreshed = false;
  let last: TransferError | undefined;
  for (let attempt = 1; attempt <= attempts; ) {
    if (!url && !refreshed) {
      url = await refreshUrl(ctx.source, job, ctx.signal);
      refreshed = true;
    }
    if (!url) {
      last = new TransferError('DOWNLOAD_NOT_FOUND', `the source record no longer references file ${job.sourceFileId}`, false);
      break;
    }
    try {
      const download = await openDownload(url, { signal: ctx.signal, fetch: ctx.fetch });
      const mimeType = download.contentType?.split(';')[0].trim() || MIME_BY_EXTENSION[job.extension ?? ''] || 'application/octet-stream';
      const filename = uploadFilename(job);
      const sent = ctx.journal?.sent(job.key, filename, download.size);
      const up = await uploadFilesFieldFile(ctx.target, {
        fieldMetadataId: uploadField.id, filename, mimeType, body: download.body, size: download.size, signal: ctx.signal,
      }).catch((error: unknown) => {
        if (sent && error instanceof TransferError && error.nothingStored) ctx.journal!.answered(sent, job.key, 'none');
        throw error;
      });
      if (up.serverSize !== undefined && up.serverSize !== up.size) {
        // The copy is wrong; it stays a temporary, unreferenced upload in the target.
        if (sent) ctx.journal!.answered(sent, job.key, 'stored');
        last = new TransferError('SIZE_MISMATCH', `the target stored ${up.serverSize} bytes of ${up.size} sent`, true);
      } else {
        if (sent) ctx.journal!.answered(sent, job.key, 'used');
        return { ...base, status: 'copied', targetFileId: up.id, targetUrl: stripToken(up.url), size: up.size, sha256: up.sha256, mimeType, at: new Date().toISOString() };
      }
    } catch (error) {
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? error;
      last = error instanceof TransferError ? error : new TransferError('UPLOAD_FAILED', redact((error as Error)?.message ?? String(error)), true);
      if (last.code === 'DOWNLOAD_FORBIDDEN' && !refreshed) {
        // Signed URLs last a day: an export older than that needs fresh ones (costs one record read, not an attempt).
        url = await refreshUrl(ctx.source, job, ctx.signal);
        refreshed = true;
        continue;
      }
    }
    if (!last.retryable || attempt === attempts) break;
    await sleep((ctx.backoffMs ?? 500) * 2 ** (attempt - 1), ctx.signal);
    attempt += 1;
  }
  return { ...base, status: 'failed', code: `FILE_${last?.code ?? 'COPY_FAILED'}`, message: redact(last?.message ?? 'copy failed'), at: new Date().toISOString() };
}
