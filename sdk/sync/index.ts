/**
 * `sync`: brings the target level with what changed in the source since the last export or sync round of this run
 * folder, as often as wanted while both instances run (issue 13). One round:
 *
 * 1. the data model: new custom objects, fields and options are created in the target (the schema stage), and new
 *    objects are exported whole;
 * 2. the changes on both sides (changes.ts) and the conflicts among them (conflicts.ts), under the policy;
 * 3. the source's new versions go into the sync overlay (export/overlay.ts), which every stage reads through, and
 *    the run's own stages do the rest as in `run`: members, files, transform, then the import, which sends only what
 *    differs from what it sent before (ids kept, merges remembered, members mapped, trash and restores mirrored),
 *    its ledger lines marked `by: "sync <round>"`;
 * 4. records deleted for good in the source go to the target's trash when asked (deletes.ts);
 * 5. verify on what the round touched (verify-touched.ts), and the cutover checklist.
 *
 * Kill-safety: the round's start and the records it decided to touch are in sync/state.json and sync/round.json
 * before anything is written; the watermark moves only when the round has finished. A killed round run again looks
 * from the same point, finds what it had not yet written, and finishes the records it had touched.
 */
import { countRequests } from '../client/index.js';
import type { Migration } from '../connect.js';
import { MigrationError } from '../errors.js';
import { guardAutomations, type PauseResult } from '../automations/index.js';
import { appendOverlay, TOMBSTONE, type OverlayLine } from '../export/overlay.js';
import { loadLedger } from '../import/ledger.js';
import type { ImportResult } from '../import/index.js';
import type { Plan } from '../run/contracts.js';
import { exportStage, filesStage, importStage, membersStage, planStage, schemaStage, transformStage } from '../stages.js';
import { checklistOf, collectChanges, type ChangesReport } from './changes.js';
import { describeConflicts, writeConflicts, type Conflict, type ConflictPolicy } from './conflicts.js';
import { trashDeletedInSource, type DeleteOutcome } from './deletes.js';
import { beginRound, writeSyncState } from './state.js';
import { verifyTouched, type Touched, type TouchedVerification } from './verify-touched.js';

export { CONFLICT_POLICIES, type Conflict, type ConflictPolicy } from './conflicts.js';
export { findChanges, collectChanges, type ChangesReport, type ObjectChanges } from './changes.js';

export interface SyncOptions {
  /** what to do with records changed on both sides: `stop` (default) holds them, `source` or `target` wins */
  onConflict?: ConflictPolicy;
  /** list every source id to find records deleted for good there (costs `changes.fullScanCost` requests) */
  fullScan?: boolean;
  /** move records deleted for good in the source to the target's trash (needs `fullScan`) */
  deleteMissing?: boolean;
  overlapMs?: number;
  /** copy new and changed files (default true) */
  files?: boolean;
  /** create the source's new custom objects and fields in the target first (default true) */
  applySchema?: boolean;
  allowActiveWorkflows?: boolean;
  settle?: { intervalMs?: number; timeoutMs?: number };
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface SyncObjectCounts {
  object: string;
  created: number;
  updated: number;
  trashed: number;
  restored: number;
  /** deleted for good in the source, moved to the target's trash */
  deleted: number;
  conflicts: number;
  /** changed only in the target: left alone */
  leftAlone: number;
}

export interface SyncResult {
  status: 'ok' | 'conflicts-held' | 'verification-failed';
  round: number;
  runDir: string;
  changes: ChangesReport;
  objects: SyncObjectCounts[];
  conflicts: Conflict[];
  /** custom objects, fields and options created in the target this round */
  schemaChanges: number;
  import?: Pick<ImportResult, 'status' | 'requests' | 'issues'>;
  deletes: DeleteOutcome[];
  /** hard deletes found but not carried over (no --delete-missing, merged records, conflicts) */
  notDeleted: Array<{ object: string; sourceId: string; why: string }>;
  verify: TouchedVerification;
  automations?: PauseResult;
  /** requests sent this round, per instance */
  requests: { source: number; target: number };
  checklist: string[];
}

interface RoundFile {
  round: number;
  /** object → source ids this round writes (overlay) and takes out (tombstones) */
  written: Record<string, string[]>;
  deleted: Record<string, string[]>;
}

const ROUND_FILE = ['sync', 'round.json'] as const;

/**
 * @example
 * const m = await connect({ source, target, runDir: 'runs/first' });
 * const r = await syncMigration(m, { onConflict: 'stop' });
 * r.checklist.forEach((line) => console.log(line));
 */
export async function syncMigration(m: Migration, options: SyncOptions = {}): Promise<SyncResult> {
  const log = options.log ?? (() => {});
  const policy = options.onConflict ?? 'stop';
  if (options.deleteMissing && !options.fullScan) {
    throw new MigrationError('SYNC_DELETE_NEEDS_SCAN', 'Deleting what the source deleted for good needs the full id scan: add --full-scan to --delete-missing.');
  }
  if (m.run.manifest().stages?.import?.status !== 'completed') {
    throw new MigrationError('SYNC_BEFORE_RUN', `${m.run.dir} holds no finished import: run \`twenty-migrate run\` with this run folder to its end first; sync brings over what changed after it.`);
  }
  const count = countRequests({ source: [m.source.core, m.source.metadata], target: [m.target.core, m.target.metadata] });
  try {
    return await round(m, options, policy, log, count);
  } finally {
    count.stop();
  }
}

async function round(m: Migration, options: SyncOptions, policy: ConflictPolicy, log: (line: string) => void, count: ReturnType<typeof countRequests>): Promise<SyncResult> {
  const { state, round } = beginRound(m.run);
  const by = `sync ${round.number}`;
  const previous = m.run.readJson<RoundFile>(...ROUND_FILE);
  const roundFile: RoundFile = previous?.round === round.number ? previous : { round: round.number, written: {}, deleted: {} };
  if (previous?.round === round.number) log(`sync round ${round.number}: resuming (started ${round.startedAt})`);

  // 1. The data model: read both (a few metadata requests); created only when something is missing.
  const applySchema = options.applySchema ?? true;
  let schema = await schemaStage(m, { apply: applySchema, dryRun: true });
  const schemaToApply = applySchema && schema.differences.some((d) => d.action === 'create' || d.action === 'add-options');

  // 2. What changed, and the conflicts.
  const found = await collectChanges(m, { overlapMs: options.overlapMs, fullScan: options.fullScan, signal: options.signal });
  const changes = found.report;
  log(`changes: ${changes.requests} requests; ${changes.checklist[0]}`);
  const conflicts = await describeConflicts(m.run, found, policy);
  const held: Record<string, string[]> = {};
  const notDeleted: SyncResult['notDeleted'] = [];
  const counts: SyncObjectCounts[] = [];
  const overlay = new Map<string, OverlayLine[]>();
  for (const c of changes.objects) {
    const conflicting = new Set(c.conflicts);
    const writeIt = (id: string) => !conflicting.has(id) || policy === 'source';
    if (policy === 'stop' && c.conflicts.length) held[c.object] = [...c.conflicts];
    const lines: OverlayLine[] = [];
    const n: SyncObjectCounts = { object: c.object, created: 0, updated: 0, trashed: 0, restored: 0, deleted: 0, conflicts: c.conflicts.length, leftAlone: c.target.changed.filter((id) => !conflicting.has(id)).length };
    for (const kind of ['created', 'updated', 'trashed', 'restored'] as const) {
      for (const id of c.source[kind]) {
        if (!writeIt(id)) continue;
        const record = found.source.get(c.object)?.get(id);
        if (!record) continue;
        lines.push(record as OverlayLine);
        n[kind] += 1;
      }
    }
    for (const id of c.source.deleted ?? []) {
      if (!options.deleteMissing) notDeleted.push({ object: c.object, sourceId: id, why: 'deleted for good in the source; kept in the target (add --delete-missing to move it to the target\'s trash)' });
      else if (!writeIt(id)) notDeleted.push({ object: c.object, sourceId: id, why: 'deleted in the source but changed in the target since the migration wrote it: a conflict' });
      else lines.push({ id, [TOMBSTONE]: new Date().toISOString() });
    }
    if (lines.length) overlay.set(c.object, lines);
    counts.push(n);
  }
  // What this round writes, on disk before the first write: a resumed round finishes these even though, read
  // through the overlay, they no longer look changed.
  for (const [object, lines] of overlay) {
    roundFile.written[object] = [...new Set([...(roundFile.written[object] ?? []), ...lines.filter((l) => !l[TOMBSTONE]).map((l) => l.id)])];
    roundFile.deleted[object] = [...new Set([...(roundFile.deleted[object] ?? []), ...lines.filter((l) => l[TOMBSTONE]).map((l) => l.id)])];
  }
  const anything = Object.values(roundFile.written).some((l) => l.length) || Object.values(roundFile.deleted).some((l) => l.length);
  if (anything) m.run.writeJson(roundFile, ...ROUND_FILE);

  let imported: ImportResult | undefined;
  const deletes: DeleteOutcome[] = [];
  let automations: PauseResult | undefined;
  if (anything || schemaToApply) {
    // The target's automations are paused only when something is written (a round with nothing to do writes nothing).
    const guard = await guardAutomations(m.target.core, m.run, { allowActiveWorkflows: options.allowActiveWorkflows, settle: options.settle, log });
    automations = guard.result;
    try {
      if (schemaToApply) {
        schema = await schemaStage(m, { apply: true });
        // New objects are exported whole and planned; those done are not read again.
        const chosen = m.run.manifest().options;
        const objects = Array.isArray(chosen.objects) ? (chosen.objects as string[]) : undefined;
        await exportStage(m, { objects, includeDeleted: chosen.includeDeleted === true, signal: options.signal });
        const plan = await planStage(m, { objects });
        if (!plan.ready) throw new MigrationError('SYNC_NEEDS_ACTION', `The source's new data model cannot be planned: ${plan.blockers.join('; ')}. Fix that, then run sync again.`, { resumable: true });
      }
      for (const [object, lines] of overlay) appendOverlay(m.run, object, lines);
      await membersStage(m);
      if (options.files !== false) {
        const files = await filesStage(m, { signal: options.signal });
        if (files.status !== 'completed') throw new MigrationError('MIGRATION_ABORTED', `File copy ${files.status}; run sync again with the same run folder (${m.run.dir}) to resume.`, { resumable: true, stage: 'files' });
      }
      await transformStage(m);
      imported = await importStage(m, { signal: options.signal, by });
      if (imported.status !== 'completed') {
        throw imported.error ?? new MigrationError('IMPORT_INTERRUPTED', `Sync import ${imported.status}; run sync again with the same run folder to resume.`, { resumable: true });
      }
      const ledger = await loadLedger(m.run);
      for (const [object, ids] of Object.entries(roundFile.deleted)) {
        if (!ids.length) continue;
        const d = await trashDeletedInSource(m.target.core, m.run, ledger, object, ids, { by, signal: options.signal });
        deletes.push(d);
        for (const k of d.kept) notDeleted.push({ object, ...k, why: k.why });
        const n = counts.find((x) => x.object === object);
        if (n) n.deleted = d.trashed.length;
      }
    } finally {
      await guard.restore();
    }
  }

  // 5. Verify on what the round touched.
  const touched: Touched = new Map();
  for (const object of new Set([...Object.keys(roundFile.written), ...Object.keys(roundFile.deleted)])) {
    touched.set(object, { written: new Set(roundFile.written[object] ?? []), trashed: new Set(deletes.find((d) => d.object === object)?.trashed ?? []) });
  }
  const verify = await verifyTouched(m.target.core, m.run, touched, m.target.info.maxPageSize);
  log(`verify: ${verify.checked} touched record(s) read back, ${verify.problems.length} problem(s)`);

  // The round is done: the watermark moves to when it started reading, and the held conflicts are remembered.
  const plan = m.run.readJson<Plan>('plan.json');
  for (const { object } of plan?.order ?? []) state.objects[object] = { since: round.startedAt };
  state.held = held;
  for (const c of conflicts) {
    if (c.resolution !== 'target-kept' || typeof c.source.updatedAt !== 'string') continue;
    ((state.keptTarget ??= {})[c.object] ??= {})[c.sourceId] = c.source.updatedAt;
  }
  state.rounds = round.number;
  delete state.round;
  writeConflicts(m.run, conflicts);
  const result: SyncResult = {
    status: verify.status === 'fail' ? 'verification-failed' : conflicts.some((c) => c.resolution === 'held') ? 'conflicts-held' : 'ok',
    round: round.number, runDir: m.run.dir, changes, objects: counts, conflicts, schemaChanges: schema.applied?.results.filter((r) => r.status === 'created' || r.status === 'updated').length ?? 0,
    ...(imported ? { import: { status: imported.status, requests: imported.requests, issues: imported.issues } } : {}),
    deletes, notDeleted, verify, ...(automations ? { automations } : {}),
    requests: { source: count.source, target: count.target },
    checklist: checklistOf(changes.objects, { written: anything, held: conflicts.filter((c) => c.resolution === 'held').length }),
  };
  m.run.writeJson({ ...result, conflicts: conflicts.length }, 'sync', 'report.json');
  m.run.appendJsonl([{
    round: round.number, startedAt: round.startedAt, at: new Date().toISOString(), status: result.status, policy,
    objects: counts.filter((n) => n.created + n.updated + n.trashed + n.restored + n.deleted + n.conflicts + n.leftAlone > 0), requests: result.requests,
  }], 'sync', 'ledger.jsonl');
  writeSyncState(m.run, state);
  m.run.writeJson({ round: round.number, written: {}, deleted: {} }, ...ROUND_FILE);
  return result;
}
