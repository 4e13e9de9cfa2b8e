/**
 * The rules Twenty 2.21 applies when a record write touches a FILES field
 * (packages/twenty-server/src/engine/twenty-orm/field-operations/files-field-sync/files-field-sync.ts):
 *
 * - only fields present (and not null) in the input are checked; at most `settings.maxNumberOfValues` items;
 * - the value is diffed against the stored one by fileId: new ids (toAdd) must name an existing file, uploaded for
 *   this field (its path holds the field's universalIdentifier) and still temporary; kept ids (toUpdate) must exist,
 *   belong to the field and be permanent; dropped ids (toRemove) are deleted after the write;
 * - after the write, added files become permanent, so no other record can take them;
 * - each added item gets `extension` = `path.extname(file.path)` (with its dot, as the code does).
 *
 * The REST API answers the TwentyORMException INVALID_INPUT as a 400 BadRequestException with its message
 * (workspace-query-runner-rest-api-exception-handler.util.ts), the sandbox's `badRequest` shape.
 * Validation runs against the files as they were before the write, like the real server: two records of one batch
 * naming the same temporary file both pass (the real server's behaviour too).
 */
import { extname } from 'node:path';
import { badRequest } from '../http-error.js';
import type { ModelField, ModelObject } from '../model/types.js';
import type { Row } from '../records/table.js';
import type { SandboxWorkspace } from '../workspace.js';
import { fieldKeyOf, isUploadedFile } from './store.js';

interface FileItem {
  fileId: string;
  label: string;
  extension?: string;
}

/** What one record write does to files, applied by `commitFilesChange` once the whole write is accepted. */
export interface FilesChange {
  add: string[];
  remove: string[];
}

const itemsOf = (v: unknown): FileItem[] => (Array.isArray(v) ? (v as FileItem[]).filter((f) => f && typeof f.fileId === 'string') : []);

/**
 * Checks the FILES fields an input sets, against the stored row (`previous`, undefined on create), and fills in
 * each new item's extension in `row`. Throws the 400 the real server answers.
 */
export function checkFilesFields(ws: SandboxWorkspace, object: ModelObject, input: Record<string, unknown>, row: Row, previous: Row | undefined): FilesChange {
  const change: FilesChange = { add: [], remove: [] };
  for (const field of ws.index.fieldsOf(object)) {
    if (field.type !== 'FILES' || input[field.name] === undefined || input[field.name] === null) continue;
    const next = itemsOf(row[field.name]);
    checkMax(field, next);
    const before = new Map(itemsOf(previous?.[field.name]).map((f) => [f.fileId, f]));
    const after = new Set(next.map((f) => f.fileId));
    for (const item of next) {
      const file = ws.files.get(item.fileId);
      if (!file) throw badRequest(`File not found: ${item.fileId}`);
      const uploaded = isUploadedFile(file) ? file : null;
      // Seeded files have no upload record: they are permanent files of whichever field holds them.
      const belongs = !uploaded || uploaded.fieldKey === fieldKeyOf(field);
      if (before.has(item.fileId)) {
        if (!belongs) throw badRequest(`File ${item.fileId} does not belong to this field`);
        if (uploaded?.temporary) throw badRequest(`File ${item.fileId} to update should not be a temporary file`);
        item.extension = before.get(item.fileId)!.extension ?? item.extension;
        continue;
      }
      if (!belongs) throw badRequest(`File ${item.fileId} was not uploaded for this field`);
      if (!uploaded || !uploaded.temporary) throw badRequest(`File ${item.fileId} is already associated with a permanent files field`);
      item.extension = extname(uploaded.path);
      change.add.push(item.fileId);
    }
    for (const id of before.keys()) if (!after.has(id)) change.remove.push(id);
  }
  return change;
}

function checkMax(field: ModelField, items: FileItem[]) {
  const max = (field.settings as { maxNumberOfValues?: number } | null)?.maxNumberOfValues;
  if (typeof max === 'number' && items.length > max) throw badRequest(`Max number of files is ${max}`);
}

/** After the write: added files become permanent; removed ones are deleted (Twenty soft-deletes the file entity). */
export function commitFilesChange(ws: SandboxWorkspace, change: FilesChange): void {
  for (const id of change.add) {
    const file = ws.files.get(id);
    if (isUploadedFile(file)) file.temporary = false;
  }
  for (const id of change.remove) ws.files.delete(id);
}
