/**
 * Exporting one object to export/<plural>.jsonl, resumable after a kill at any moment.
 *
 * Per page, in this order: (1) append the page's lines and fsync, (2) record `count` and the page's end cursor in
 * state.json (atomic rename). A kill before (2) leaves lines the state does not count; on resume the file is cut
 * back to `count` lines (which also removes a torn last line) and listing continues after the recorded cursor,
 * so that page is fetched and written again exactly once. One page is in memory at a time.
 */
import { listPages, type TwentyClient } from '../client/index.js';
import type { SchemaObject } from '../metadata/types.js';
import type { RunFolder } from '../run/run-folder.js';
import { appendLinesDurable, truncateToLines } from './jsonl-file.js';
import { exportFileOf, freshObjectState, readExportState, writeObjectState, type ObjectExportState } from './state.js';
import { listDeletedPagesGraphql } from './graphql-trash.js';

export const DELETED_FILTER = 'deletedAt[is]:NOT_NULL';

export type ExportPhase = 'active' | 'deleted';

export interface ExportProgress {
  object: string;
  phase: ExportPhase | 'done';
  /** records written so far (both phases) */
  done: number;
  /** what the server said there is (active, plus soft-deleted once known); null before the first page */
  total: number | null;
}

export interface PageEvent {
  object: string;
  phase: ExportPhase;
  pageNumber: number;
  records: number;
  /** `appended`: lines on disk, state not yet updated; `committed`: state updated */
  step: 'appended' | 'committed';
}

export interface ExportObjectOptions {
  client: TwentyClient;
  run: RunFolder;
  object: SchemaObject | string;
  /** also export soft-deleted records (second phase, `deletedAt[is]:NOT_NULL`) */
  includeDeleted?: boolean;
  /**
   * Where soft-deleted records are read: `rest` (2.x, `deletedAt[is]:NOT_NULL`) or `graphql` (1.x, whose REST never
   * lists the trash: graphql-trash.ts). Default `rest`.
   */
  trash?: 'rest' | 'graphql';
  /** records per request; use the server's maximum (`detectServer().maxPageSize`, 200 on 2.21) */
  pageSize?: number;
  signal?: AbortSignal;
  onProgress?: (event: ExportProgress) => void;
  /** called around each page write; throwing stops the export there (tests use it to simulate a kill) */
  onPage?: (event: PageEvent) => void | Promise<void>;
}

export interface ObjectExportResult {
  object: string;
  /** lines in export/<plural>.jsonl */
  exported: number;
  active: number;
  /** soft-deleted records exported; null when that phase did not run */
  deleted: number | null;
  /** totalCount of active records when the export of this object started */
  serverCount: number | null;
  /** totalCount of soft-deleted records; null when that phase did not run */
  serverDeletedCount: number | null;
  /** the export continued from an earlier, interrupted run */
  resumed: boolean;
  /** the file had fewer lines than the state promised (e.g. lost by the disk) and the object was exported again */
  restarted: boolean;
}

/**
 * Exports (or finishes exporting) one object. A completed object is not fetched again.
 *
 * @example
 * const r = await exportObject({ client: source, run, object: 'companies', includeDeleted: true, pageSize: 200 });
 * // { object: 'companies', exported: 298, active: 293, deleted: 5, serverCount: 293, serverDeletedCount: 5, … }
 */
export async function exportObject(options: ExportObjectOptions): Promise<ObjectExportResult> {
  const { run } = options;
  const plural = typeof options.object === 'string' ? options.object : options.object.namePlural;
  const file = exportFileOf(run, plural);
  let state: ObjectExportState = readExportState(run).objects[plural] ?? freshObjectState();
  const resumed = state.count > 0 || state.phase !== 'active';

  // Drop whatever follows the last committed page: a torn line, or a page whose cursor was never recorded.
  const cut = truncateToLines(file, state.count);
  const restarted = !cut.ok;
  if (restarted) state = freshObjectState();
  // Kept across resumes; a restart from scratch exports everything again, so its own start counts.
  if (!state.startedAt) state = { ...state, startedAt: new Date().toISOString() };
  if (state.phase === 'done' && options.includeDeleted && state.deletedCount === undefined) {
    state = { ...state, phase: 'deleted', cursor: null, activeCount: state.activeCount ?? state.count };
  }
  writeObjectState(run, plural, state);

  const save = (next: ObjectExportState) => writeObjectState(run, plural, (state = next));
  const progress = (phase: ExportProgress['phase']) =>
    options.onProgress?.({ object: plural, phase, done: state.count, total: totalOf(state) });

  // A soft-deleted phase started by an earlier run is finished even without includeDeleted: half of it would mislead.
  for (const phase of ['active', 'deleted'] as const) {
    if (state.phase !== phase) continue;
    progress(phase);
    const viaGraphql = phase === 'deleted' && options.trash === 'graphql';
    if (viaGraphql && typeof options.object === 'string') throw new Error(`exportObject: reading the trash of ${plural} through GraphQL needs its data model (pass the object, not its name)`);
    const pages = viaGraphql
      ? listDeletedPagesGraphql(options.client, options.object as SchemaObject, { pageSize: options.pageSize, startingAfter: state.cursor ?? undefined, signal: options.signal })
      : listPages(options.client, plural, {
          pageSize: options.pageSize,
          filter: phase === 'deleted' ? DELETED_FILTER : undefined,
          startingAfter: state.cursor ?? undefined,
          signal: options.signal,
        });
    for await (const page of pages) {
      const countKey = phase === 'active' ? 'serverCount' : 'deletedCount';
      const known = state[countKey] !== undefined ? {} : { [countKey]: page.totalCount ?? undefined };
      const event = { object: plural, phase, pageNumber: page.pageNumber, records: page.records.length };
      appendLinesDurable(file, page.records);
      await options.onPage?.({ ...event, step: 'appended' });
      save({ ...state, ...known, cursor: page.endCursor ?? state.cursor, count: state.count + page.records.length });
      await options.onPage?.({ ...event, step: 'committed' });
      progress(phase);
    }
    const activeCount = phase === 'active' ? state.count : state.activeCount;
    save({ ...state, activeCount, cursor: null, phase: phase === 'active' && options.includeDeleted ? 'deleted' : 'done' });
  }
  progress('done');
  return resultOf(plural, state, resumed, restarted);
}

function totalOf(s: ObjectExportState): number | null {
  if (s.serverCount === undefined) return null;
  return s.serverCount + (s.deletedCount ?? 0);
}

function resultOf(object: string, s: ObjectExportState, resumed: boolean, restarted: boolean): ObjectExportResult {
  const active = s.activeCount ?? s.count;
  const ranDeleted = s.deletedCount !== undefined;
  return {
    object,
    exported: s.count,
    active,
    deleted: ranDeleted ? s.count - active : null,
    serverCount: s.serverCount ?? null,
    serverDeletedCount: s.deletedCount ?? null,
    resumed,
    restarted,
  };
}
