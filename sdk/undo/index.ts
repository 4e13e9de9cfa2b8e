/**
 * `twenty-migrate undo`: takes out of the target exactly what this run folder put in, and nothing else (plan.ts
 * says what that is). Records created by the import are destroyed children first; records someone changed after
 * the migration wrote them are kept and listed, unless `force`; records the import merged into records that were
 * already there are put back as they were (merged.ts, from the before-images the import took); configuration the
 * stage created is removed; uploaded files are reported (Twenty has no API to delete an uploaded file: its records
 * are what reference it). Resumable (undo/ledger.jsonl), and a second undo does nothing.
 */
import { countRequests, type RequestCount } from '../client/index.js';
import type { Migration } from '../connect.js';
import { sideOf } from '../config-migration/stage.js';
import { FILES_LEDGER } from '../files/ledger.js';
import { planUndo } from './plan.js';
import { undoConfig, type ConfigUndo } from './config.js';
import { loadUndoLedger, undoObject, UNDO_LEDGER, type ObjectUndo } from './records.js';
import { restoreMerged, type MergedUndo } from './merged.js';
import { undoSchema, type SchemaUndo } from './schema.js';
import { readSchemaCreated, SCHEMA_CREATED } from '../metadata/created.js';
import { readWorkspaceSchema } from '../metadata/index.js';

export { planUndo, type UndoPlan, type CreatedRecord } from './plan.js';
export { UNDO_LEDGER, type ObjectUndo, type UndoLedgerEntry } from './records.js';

export interface UndoOptions {
  dryRun?: boolean;
  /** also remove created records that were changed in the target after the migration */
  force?: boolean;
  signal?: AbortSignal;
  onObject?: (r: ObjectUndo) => void;
  /** also remove the custom objects and fields the data-model stage created, when they hold no one else's data */
  schema?: boolean;
}

export interface UndoResult {
  dryRun: boolean;
  objects: ObjectUndo[];
  config: ConfigUndo[];
  /** with `schema`: the custom objects and fields */
  schema: SchemaUndo[];
  /** records written over (merged into records that existed in the target): put back as they were */
  merged: MergedUndo[];
  /** what the user still has to decide or do */
  notes: string[];
  counts: { removed: number; earlier: number; keptChanged: number; failed: number; restored: number; config: number };
  /** requests sent to the target (and the source: none), counted on the clients */
  requests: { source: number; target: number };
}

/**
 * @example
 * const m = await connect({ source, target, runDir: 'runs/migration' });
 * const preview = await undoMigration(m, { dryRun: true }); // counts per object, changed records, configuration
 */
export async function undoMigration(m: Migration, options: UndoOptions = {}): Promise<UndoResult> {
  const count = countRequests({ source: [m.source.core, m.source.metadata], target: [m.target.core, m.target.metadata] });
  try {
    return await undoCounted(m, options, count);
  } finally {
    count.stop();
  }
}

async function undoCounted(m: Migration, options: UndoOptions, count: RequestCount): Promise<UndoResult> {
  const plan = await planUndo(m.run);
  const done = await loadUndoLedger(m.run);
  const objects: ObjectUndo[] = [];
  for (const o of plan.records) {
    const r = await undoObject(m.target.core, m.run, o.object, o.records, done, options);
    objects.push(r);
    options.onObject?.(r);
  }
  const mergedUndo = await restoreMerged(m.target.core, m.run, plan.merged, done, options);
  const configDone = new Set([...done.values()].filter((e) => e.object.startsWith('config:') && e.status === 'removed').map((e) => `${e.object.slice(7)}/${e.targetId}`));
  const config = await undoConfig(sideOf(m.target), plan.config, { dryRun: options.dryRun, done: configDone });
  if (!options.dryRun) {
    const at = new Date().toISOString();
    const lines = config.filter((c) => c.status === 'removed' || c.status === 'already-gone').map((c) => ({ object: `config:${c.kind}`, targetId: c.targetId, status: 'removed' as const, at }));
    if (lines.length) m.run.appendJsonl(lines, ...UNDO_LEDGER);
  }
  let schema: SchemaUndo[] = [];
  if (options.schema) {
    const target = await readWorkspaceSchema({ metadata: m.target.metadata, core: m.target.core, capabilities: m.target.info.capabilities });
    const mergedIds = new Map<string, Set<string>>();
    for (const x of plan.merged) (mergedIds.get(x.object) ?? mergedIds.set(x.object, new Set()).get(x.object)!).add(x.targetId);
    const pending = options.dryRun ? new Map(plan.records.map((o) => [o.object, new Set(o.records.map((r) => r.targetId))])) : undefined;
    schema = await undoSchema(m.target.core, m.target.metadata, await readSchemaCreated(m.run), target, mergedIds, { dryRun: options.dryRun, pending });
  }
  const keptChanged = objects.reduce((n, o) => n + o.keptChanged.length, 0);
  const notes: string[] = [];
  if (keptChanged) notes.push(`${keptChanged} created record(s) were changed in the target after the migration and were kept (listed in undo/report.json): run undo again with --force to remove them too`);
  const keptMerged = mergedUndo.reduce((n, o) => n + o.keptChanged.length, 0);
  const noImage = mergedUndo.reduce((n, o) => n + o.noImage.length, 0);
  if (keptMerged) notes.push(`${keptMerged} record(s) the import merged into were changed in the target after the migration and were not put back: run undo again with --force to restore them`);
  if (noImage) notes.push(`${noImage} record(s) the import merged into have no before-image (this run folder's import predates them): they are left as they are now`);
  const keptSchema = schema.filter((x) => x.status === 'kept-has-data');
  if (keptSchema.length) notes.push(`${keptSchema.length} custom object(s)/field(s) created by this run hold data it did not write and were kept: ${keptSchema.map((x) => x.name).join(', ')}`);
  if (!options.schema && m.run.exists(...SCHEMA_CREATED)) notes.push('the custom objects and fields the data-model stage created are kept: run undo --schema to remove those that hold no one else\'s data');
  if (m.run.exists(...FILES_LEDGER)) notes.push('files uploaded by the files stage stay in the target\'s storage: Twenty has no API to delete an uploaded file; the records that referenced them are removed');
  const result: UndoResult = {
    dryRun: !!options.dryRun,
    objects,
    config,
    schema,
    merged: mergedUndo,
    notes,
    counts: {
      removed: objects.reduce((n, o) => n + o.removed, 0),
      earlier: objects.reduce((n, o) => n + o.earlier, 0),
      keptChanged: keptChanged + keptMerged,
      failed: objects.reduce((n, o) => n + o.failed.length, 0) + mergedUndo.reduce((n, o) => n + o.failed.length, 0) + config.filter((c) => c.status === 'failed').length + schema.filter((x) => x.status === 'failed').length,
      restored: mergedUndo.reduce((n, o) => n + o.restored, 0),
      config: config.filter((c) => c.status === 'removed' || c.status === 'would-remove').length,
    },
    requests: { source: count.source, target: count.target },
  };
  m.run.writeJson(result, 'undo', options.dryRun ? 'dry-run.json' : 'report.json');
  return result;
}
