/**
 * The files stage: attachments, avatars, custom FILES fields and images in rich-text bodies, copied from the source
 * to the target (streamed, hashed, resumable), then referenced by the transform stage.
 *
 * @example
 * import { copyFiles } from './files/index.js';
 * const files = await copyFiles({ source: m.source.core, target: m.target.config, run: m.run, onProgress });
 * // then transformRecords({ run }) writes the target's file ids; verifyFiles({ run, target }) checks the copies
 */
export { copyFiles } from './copy-files.js';
export type { CopyFilesOptions, CopyFilesResult, FieldFilesSummary, FilesProgressEvent, InstanceRef } from './copy-files.js';
export { copyOne, refreshUrl, uploadFilename } from './copy-one.js';
export { appendFilesLedger, fileKey, FILES_LEDGER, loadFilesMap, readFilesLedger } from './ledger.js';
export type { FileLedgerEntry, FilesMap } from './ledger.js';
export { bodyJobsOf, bodyUploadField, fieldJobsOf, filesFieldsOf, richTextFieldsOf } from './references.js';
export type { FileJob } from './references.js';
export { findBodyFiles, rewriteRichText, stripToken } from './rich-text.js';
export type { BodyFileReference, FileTarget, RewriteResult, RichTextValue } from './rich-text.js';
export { openDownload, TransferError, uploadFilesFieldFile } from './transfer.js';
export type { Download, UploadInput, UploadResult, UploadTarget } from './transfer.js';
