/**
 * Files of a Twenty 1.x source. 1.x keeps an attachment's file as a path in the TEXT field `fullPath`
 * (`attachment/<uuid>.<ext>`, from `uploadFile(file, fileFolder)`), with its kind in the TEXT field `type`
 * (`Image`, `TextDocument`…); 2.x keeps it in the FILES field `file` (`[{fileId, label}]`) with the SELECT
 * `fileCategory` (`IMAGE`, `TEXT_DOCUMENT`…), and `fullPath` is a deprecated system field. REST answers the bare
 * path; GraphQL signs it into a download URL (`<server>/files/attachment/<token>/<uuid>.<ext>`, valid a day:
 * attachment-query-result-getter.handler.ts), so the download URL is read through GraphQL, one record at a time.
 */
import { graphql, type TwentyClient } from '../client/index.js';
import type { SchemaObject } from '../metadata/types.js';
import { fileKey } from './ledger.js';
import type { FileJob } from './references.js';

/** The 1.x path field and the 2.x FILES field that holds the same file. */
export const LEGACY_PATH_FIELD = 'fullPath';
export const FILES_FIELD_FOR_PATH = 'file';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILE_NAME = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\.([A-Za-z0-9]{1,10}))?$/i;

/** Whether records of this source object keep their file as a 1.x path (a TEXT `fullPath`, no FILES field). */
export function keepsLegacyPath(object: SchemaObject): boolean {
  const active = object.fields.filter((f) => f.isActive);
  return active.some((f) => f.name === LEGACY_PATH_FIELD && f.type === 'TEXT') && !active.some((f) => f.type === 'FILES');
}

/**
 * The file a 1.x path names: its id (the uuid 1.x gave the stored file) and extension.
 *
 * @example
 * parseLegacyPath('attachment/0f9d…e1.pdf'); // { fileId: '0f9d…e1', extension: 'pdf' }
 * parseLegacyPath('https://crm.acme.com/files/attachment/eyJ…/0f9d…e1.pdf?x=1'); // same
 */
export function parseLegacyPath(path: unknown): { fileId: string; extension?: string } | null {
  if (typeof path !== 'string' || !path.trim()) return null;
  const m = FILE_NAME.exec(path.trim().split(/[?#]/)[0]);
  return m ? { fileId: m[1].toLowerCase(), ...(m[2] ? { extension: m[2].toLowerCase() } : {}) } : null;
}

/** The copy job for one exported 1.x record's `fullPath`, uploaded for the 2.x `file` field; null when it names no file. */
export function legacyPathJobOf(object: SchemaObject, record: Record<string, unknown>): FileJob | null {
  const recordId = typeof record.id === 'string' ? record.id : null;
  const file = parseLegacyPath(record[LEGACY_PATH_FIELD]);
  if (!recordId || !file) return null;
  const path = String(record[LEGACY_PATH_FIELD]);
  const name = typeof record.name === 'string' && record.name.trim() ? record.name.trim() : `${file.fileId}${file.extension ? `.${file.extension}` : ''}`;
  return {
    key: fileKey(object.namePlural, FILES_FIELD_FOR_PATH, recordId, file.fileId),
    kind: 'field', object: object.namePlural, objectSingular: object.nameSingular, field: FILES_FIELD_FOR_PATH, recordId, sourceFileId: file.fileId,
    label: name, extension: file.extension, legacyPath: true,
    // An absolute path is already a URL; a relative one is signed by the source when the copy starts.
    ...(/^https?:\/\//i.test(path) ? { url: path } : {}),
  };
}

/**
 * A signed download URL for a 1.x record's `fullPath`, read through the source's GraphQL `/graphql` (REST answers
 * the bare path). The record is looked for live, then in the trash.
 */
export async function signedLegacyUrl(source: TwentyClient, job: FileJob, signal?: AbortSignal): Promise<string | undefined> {
  // The id is inlined (checked to be a uuid): the name of 1.x's UUID scalar is not something to depend on.
  if (!UUID.test(job.recordId)) return undefined;
  for (const deleted of [false, true]) {
    const filter = `{ id: { eq: "${job.recordId}" }${deleted ? ', deletedAt: { is: NOT_NULL }' : ''} }`;
    const r = await graphql<Record<string, { edges: Array<{ node: Record<string, unknown> }> }>>(
      source,
      `query TwentyMigrateLegacyPath { ${job.object}(filter: ${filter}, first: 1) { edges { node { ${LEGACY_PATH_FIELD} } } } }`,
      {},
      { endpoint: 'graphql', signal },
    );
    const path = r.data?.[job.object]?.edges?.[0]?.node?.[LEGACY_PATH_FIELD];
    if (typeof path === 'string' && /^https?:\/\//i.test(path)) return path;
  }
  return undefined;
}

/** 1.x attachment `type` → 2.x `fileCategory` (`TextDocument` → `TEXT_DOCUMENT`); null when it is not one. */
export function fileCategoryOf(type: unknown, options: ReadonlyArray<{ value: string }> | null | undefined): string | null {
  if (typeof type !== 'string' || !type) return null;
  const value = type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  return !options || options.some((o) => o.value === value) ? value : null;
}

/**
 * The 2.x field that carries a 1.x attachment field the target lacks: `fullPath` → `file`, `type` →
 * `fileCategory`, `author` → `createdBy` (2.x dropped `attachment.author` for the actor every object has). Null
 * when the field is not one of these or the target cannot hold it.
 */
export function carriedAs(source: SchemaObject, target: SchemaObject, field: string): string | null {
  if (!keepsLegacyPath(source)) return null;
  const has = (name: string, type: string) => target.fields.some((f) => f.isActive && f.name === name && f.type === type);
  if (field === LEGACY_PATH_FIELD) return has(FILES_FIELD_FOR_PATH, 'FILES') ? FILES_FIELD_FOR_PATH : null;
  if (field === 'type') return has('fileCategory', 'SELECT') ? 'fileCategory' : null;
  if (field === 'author') return has('createdBy', 'ACTOR') && !source.fields.some((f) => f.isActive && f.name === 'createdBy') ? 'createdBy' : null;
  return null;
}
