/**
 * files/ledger.jsonl: one line per file copy outcome, appended only after the target answered, so a killed run
 * resumes where it stopped and a re-run uploads nothing that is already there. The last line of a key wins (a
 * failure followed by a success on a later run is a success).
 *
 * A target upload is bound to one field and, once referenced, to one record (files-field-sync.ts), so the key is
 * (object, field, record, source file id), not the source file id alone. Body images that no FILES value holds get
 * their own key, under the body's field.
 *
 * No line holds a token: target URLs are stored unsigned (the server signs them on read).
 */
import type { RunFolder } from '../run/run-folder.js';
import type { FileTarget } from './rich-text.js';

export const FILES_LEDGER = ['files', 'ledger.jsonl'] as const;

export interface FileLedgerEntry {
  /** `<object>|<field>|<recordId>|<sourceFileId>` */
  key: string;
  /** object namePlural, field name and record id of the FILES value (or of the body, for `kind: 'body'`) */
  object: string;
  field: string;
  recordId: string;
  sourceFileId: string;
  /** `field`: a FILES value; `body`: a file only a rich-text body references (uploaded for attachment.file) */
  kind: 'field' | 'body';
  status: 'copied' | 'failed';
  label: string;
  targetFileId?: string;
  /** target URL of the copy, without token */
  targetUrl?: string;
  /** `<object>.<field>` the copy was uploaded for in the target */
  uploadedFor?: string;
  size?: number;
  sha256?: string;
  mimeType?: string;
  code?: string;
  message?: string;
  at: string;
}

export const fileKey = (object: string, field: string, recordId: string, sourceFileId: string) => `${object}|${field}|${recordId}|${sourceFileId.toLowerCase()}`;

/** The latest entry per key. */
export async function readFilesLedger(run: RunFolder): Promise<Map<string, FileLedgerEntry>> {
  const out = new Map<string, FileLedgerEntry>();
  for await (const e of run.readJsonl<FileLedgerEntry>(...FILES_LEDGER)) if (e && typeof e.key === 'string') out.set(e.key, e);
  return out;
}

export function appendFilesLedger(run: RunFolder, entries: FileLedgerEntry[]): void {
  run.appendJsonl(entries, ...FILES_LEDGER);
}

/** What the transform stage needs from the ledger: target file per FILES item, and per source file for bodies. */
export interface FilesMap {
  /** whether the files stage has run (a ledger exists): otherwise FILES values are left out, as before it ran */
  ran: boolean;
  forValue(object: string, field: string, recordId: string, sourceFileId: string): FileLedgerEntry | undefined;
  forBody(sourceFileId: string): FileTarget | undefined;
  /** whether the files stage tried this item (a failure it already reported counts) */
  attempted(object: string, field: string, recordId: string, sourceFileId: string): boolean;
  attemptedBody(sourceFileId: string): boolean;
  /** copies recorded, failed ones included */
  size: number;
}

/**
 * @example
 * const files = await loadFilesMap(run);
 * files.forValue('attachments', 'file', attachment.id, item.fileId)?.targetFileId;
 */
export async function loadFilesMap(run: RunFolder): Promise<FilesMap> {
  const ran = run.exists(...FILES_LEDGER) || run.manifest().stages.files !== undefined;
  const entries = await readFilesLedger(run);
  const bySource = new Map<string, FileTarget>();
  const tried = new Set<string>();
  for (const e of entries.values()) {
    tried.add(e.sourceFileId);
    if (e.status !== 'copied' || !e.targetFileId || !e.targetUrl) continue;
    // A FILES copy wins over a body-only copy of the same source file.
    if (!bySource.has(e.sourceFileId) || e.kind === 'field') bySource.set(e.sourceFileId, { fileId: e.targetFileId, url: e.targetUrl });
  }
  return {
    ran,
    size: entries.size,
    forValue: (object, field, recordId, sourceFileId) => {
      const e = entries.get(fileKey(object, field, recordId, sourceFileId));
      return e?.status === 'copied' ? e : undefined;
    },
    forBody: (sourceFileId) => bySource.get(sourceFileId.toLowerCase()),
    attempted: (object, field, recordId, sourceFileId) => entries.has(fileKey(object, field, recordId, sourceFileId)),
    attemptedBody: (sourceFileId) => tried.has(sourceFileId.toLowerCase()),
  };
}
