/**
 * The export stage: selecting objects and writing every record of the source to export/<plural>.jsonl, resumable.
 *
 * @example
 * import { exportRecords, createProgressRenderer } from './export/index.js';
 * const bar = createProgressRenderer();
 * const result = await exportRecords({ client: source, schema, run, includeDeleted: true, onProgress: bar.update });
 * bar.end();
 */
export { selectObjects, USER_DATA_SYSTEM_OBJECTS } from './select.js';
export type { SelectOptions, Selection } from './select.js';
export { exportObject, DELETED_FILTER } from './export-object.js';
export type { ExportObjectOptions, ExportPhase, ExportProgress, ObjectExportResult, PageEvent } from './export-object.js';
export { exportRecords } from './export-records.js';
export type { ExportRecordsOptions, ExportResult } from './export-records.js';
export { readExported } from './read.js';
export { readExportState, exportFileOf } from './state.js';
export type { ObjectExportState } from './state.js';
export { appendLinesDurable, truncateToLines } from './jsonl-file.js';
export { createProgressRenderer, formatLine } from './progress.js';
export type { ProgressRenderer, ProgressRendererOptions } from './progress.js';
