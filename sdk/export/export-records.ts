/**
 * The export stage (guide step 4): every selected object of the source into export/<plural>.jsonl.
 */
import type { TwentyClient } from '../client/index.js';
import type { WorkspaceSchema } from '../metadata/types.js';
import type { SkippedObject } from '../run/contracts.js';
import type { RunFolder } from '../run/run-folder.js';
import { exportObject, type ExportObjectOptions, type ObjectExportResult } from './export-object.js';
import { selectObjects } from './select.js';

export interface ExportRecordsOptions extends Pick<ExportObjectOptions, 'includeDeleted' | 'trash' | 'pageSize' | 'signal' | 'onProgress' | 'onPage'> {
  client: TwentyClient;
  /** the source workspace's schema */
  schema: WorkspaceSchema;
  run: RunFolder;
  /** restrict to these objects (plural or singular names), as `--objects` */
  objects?: string[];
}

export interface ExportResult {
  objects: ObjectExportResult[];
  skipped: SkippedObject[];
  /** records written, all objects */
  exported: number;
  /** objects whose exported count differs from what the server counted (records added or removed meanwhile) */
  mismatches: Array<{ object: string; serverCount: number; exported: number }>;
}

/**
 * Exports every selected object, one after the other, resuming wherever an earlier run stopped. Updates the
 * manifest (`counts[plural].exported`, stage `export`) and writes export/skipped.json.
 *
 * @example
 * const result = await exportRecords({ client: source, schema, run, includeDeleted: true, onProgress: bar.update });
 * for (const m of result.mismatches) console.warn(`${m.object}: server counted ${m.serverCount}, exported ${m.exported}`);
 */
export async function exportRecords(options: ExportRecordsOptions): Promise<ExportResult> {
  const { run } = options;
  const selection = selectObjects(options.schema, { objects: options.objects });
  run.writeJson(selection.skipped, 'export', 'skipped.json');
  run.updateManifest((m) => {
    m.options.export = { objects: options.objects ?? null, includeDeleted: options.includeDeleted ?? false };
  });
  run.setStage('export', 'started');
  const results: ObjectExportResult[] = [];
  try {
    for (const object of selection.export) {
      const r = await exportObject({ ...options, object });
      results.push(r);
      run.updateManifest((m) => {
        m.counts[r.object] = { ...m.counts[r.object], exported: r.exported };
      });
    }
  } catch (error) {
    run.setStage('export', 'failed', `stopped at ${selection.export[results.length]?.namePlural ?? '?'}: ${messageOf(error)}`);
    throw error;
  }
  const exported = results.reduce((n, r) => n + r.exported, 0);
  const mismatches = results
    .map((r) => ({ object: r.object, serverCount: (r.serverCount ?? 0) + (r.serverDeletedCount ?? 0), exported: r.exported }))
    .filter((m) => m.serverCount !== m.exported);
  run.setStage(
    'export',
    'completed',
    `${exported} records from ${results.length} objects; ${selection.skipped.length} objects skipped` +
      (mismatches.length ? `; ${mismatches.length} counts differ from the server's` : ''),
  );
  return { objects: results, skipped: selection.skipped, exported, mismatches };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
