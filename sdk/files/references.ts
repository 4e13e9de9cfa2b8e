/**
 * Which files a migration has to copy, found in the exported records and the data model (never a hard-coded list):
 * every item of every active FILES field (attachment.file, person.avatarFile, callRecording.video|audio, custom FILES
 * fields), and every file a rich-text body references (image and file blocks, links, markdown). A body file that a
 * FILES value also holds (the usual case: an image in a note is the `file` of an attachment of that note) is copied
 * once, with the FILES value; one that no FILES value holds is copied on its own, for the attachment `file` field.
 */
import type { SchemaField, SchemaObject, WorkspaceSchema } from '../metadata/types.js';
import { findBodyFiles } from './rich-text.js';
import { fileKey } from './ledger.js';

export interface FileJob {
  key: string;
  kind: 'field' | 'body';
  /** object namePlural and nameSingular of the record holding the reference */
  object: string;
  objectSingular: string;
  /** the FILES field, or the rich-text field of a body reference */
  field: string;
  recordId: string;
  sourceFileId: string;
  label: string;
  /** the signed URL as exported (may have expired) */
  url?: string;
  /** source extension, without dot */
  extension?: string;
  /** a 1.x `fullPath` (legacy-paths.ts): the download URL is signed by the source's GraphQL */
  legacyPath?: boolean;
}

export const filesFieldsOf = (o: SchemaObject): SchemaField[] => o.fields.filter((f) => f.isActive && f.type === 'FILES');
export const richTextFieldsOf = (o: SchemaObject): SchemaField[] => o.fields.filter((f) => f.isActive && (f.type === 'RICH_TEXT' || f.type === 'RICH_TEXT_V2'));

interface FileItem {
  fileId?: unknown;
  label?: unknown;
  extension?: unknown;
  url?: unknown;
}

/** The FILES items of one exported record, as jobs. */
export function fieldJobsOf(object: SchemaObject, record: Record<string, unknown>): FileJob[] {
  const recordId = typeof record.id === 'string' ? record.id : null;
  if (!recordId) return [];
  const jobs: FileJob[] = [];
  for (const field of filesFieldsOf(object)) {
    const value = record[field.name];
    if (!Array.isArray(value)) continue;
    for (const item of value as FileItem[]) {
      if (!item || typeof item.fileId !== 'string') continue;
      const sourceFileId = item.fileId.toLowerCase();
      jobs.push({
        key: fileKey(object.namePlural, field.name, recordId, sourceFileId),
        kind: 'field', object: object.namePlural, objectSingular: object.nameSingular, field: field.name, recordId, sourceFileId,
        label: typeof item.label === 'string' ? item.label : '',
        url: typeof item.url === 'string' ? item.url : undefined,
        extension: typeof item.extension === 'string' ? item.extension.replace(/^\./, '') : undefined,
      });
    }
  }
  return jobs;
}

/** The files the rich-text fields of one exported record reference, as (not yet deduplicated) body jobs. */
export function bodyJobsOf(object: SchemaObject, record: Record<string, unknown>): FileJob[] {
  const recordId = typeof record.id === 'string' ? record.id : null;
  if (!recordId) return [];
  const jobs: FileJob[] = [];
  for (const field of richTextFieldsOf(object)) {
    for (const ref of findBodyFiles(record[field.name]).values()) {
      const name = ref.name ?? `${field.name}-${ref.fileId}`;
      jobs.push({
        key: fileKey(object.namePlural, field.name, recordId, ref.fileId),
        kind: 'body', object: object.namePlural, objectSingular: object.nameSingular, field: field.name, recordId, sourceFileId: ref.fileId,
        label: name, url: ref.url || undefined, extension: /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1],
      });
    }
  }
  return jobs;
}

/** The target field a body-only file is uploaded for: the attachment `file` field (as Twenty's own 1.18 migration does). */
export function bodyUploadField(target: WorkspaceSchema): { object: SchemaObject; field: SchemaField } | undefined {
  const object = target.objects.find((o) => o.nameSingular === 'attachment');
  const field = object?.fields.find((f) => f.isActive && f.type === 'FILES' && (f.universalIdentifier === '20202020-15db-460e-8166-c7b5d87ad4be' || f.name === 'file'));
  return object && field ? { object, field } : undefined;
}
