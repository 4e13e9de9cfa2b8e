/**
 * The state one import run shares between its passes, and the one place where answers become ledger lines,
 * issues and counts (`senderFor`): the ledger is appended after the server answered and before anything else.
 */
import type { TwentyApiError, TwentyClient } from '../client/index.js';
import type { RecordIssue } from '../run/run-folder.js';
import type { RunFolder } from '../run/run-folder.js';
import type { UuidList } from '../run/uuid-set.js';
import { fieldOf, issueCode } from './diagnose.js';
import { noteMerge, type IdMap } from './id-map.js';
import { recordOutcomes, type ImportLedgerEntry, type LedgerState } from './ledger.js';
import type { Item, Sender, StopState } from './send.js';
import type { ImportEvent, MergeReport, ObjectImportResult, Phase } from './types.js';
import { matchedUniqueValue } from './unique.js';
import { LearnedCauses } from './learned-causes.js';
import { payloadDigest } from './digest.js';

export interface RunContext {
  client: TwentyClient;
  run: RunFolder;
  ledger: LedgerState;
  ids: IdMap;
  stopState: StopState;
  batchSize: { value: number };
  concurrency: number;
  retryFailed: boolean;
  /** stamped on the ledger lines (ImportOptions.by) */
  by?: string;
  uniqueFields: Record<string, string[]>;
  signal?: AbortSignal;
  emit: (event: ImportEvent) => void;
  /**
   * source id → its transform issue, for records the transform stage found invalid (never sent): a join column
   * pointing at one cannot hold in the target, so the referencing record is refused before it is sent
   */
  invalid: Map<string, RecordIssue>;
  /** problems found in this run */
  issues: RecordIssue[];
  /** merges made in this run */
  merges: MergeReport[];
  requests: { count: number };
  /** per object: causes proven by records refused alone (sdk/import/learned-causes.ts), made on first use */
  learned?: Map<string, LearnedCauses>;
  /**
   * object → source ids of records exported from the source's trash, in file order, noted by the write pass while it
   * read the whole transform file (so the trash pass need not read it again). Absent for an object: the trash pass reads the file.
   */
  trashCandidates?: Map<string, UuidList>;
}

const now = () => new Date().toISOString();

/** One set of learned causes per object and run, shared by its passes. */
function learnedFor(ctx: RunContext, object: string): LearnedCauses {
  ctx.learned ??= new Map();
  let learned = ctx.learned.get(object);
  if (!learned) ctx.learned.set(object, (learned = new LearnedCauses()));
  return learned;
}

/** Writes problems to errors.jsonl first, then the failures to the ledger: a kill in between repeats an issue, never loses one. */
export function recordFailures(ctx: RunContext, object: string, phase: Phase, failures: Array<{ item: Item; code: string; field: string | null; message: string }>): void {
  if (!failures.length) return;
  const issues: RecordIssue[] = failures.map((f) => ({ stage: 'import', object, recordId: f.item.sourceId, field: f.field, code: f.code, message: f.message }));
  ctx.run.recordIssues(issues);
  ctx.issues.push(...issues);
  const entries: ImportLedgerEntry[] = failures.map((f) => ({
    object,
    sourceId: f.item.sourceId,
    targetId: phase === 'patch' ? ((f.item.payload.id as string) ?? null) : null,
    status: 'failed',
    ...(phase === 'patch' ? { phase } : {}),
    code: f.code,
    field: f.field,
    message: f.message,
    at: now(),
  }));
  recordOutcomes(ctx.run, ctx.ledger, entries, ctx.by);
}

/**
 * A sender for one object and pass whose answers update the ledger, the id map, the merges and `result`.
 * To notice two source records landing on one target record, the owner of a target id is looked up in `owners`
 * (target ids written by another source record than the one with that id, i.e. merges), else in the ledger: a record
 * done with its own id owns it. Keeping only merges here keeps this state small (the ledger has the rest anyway).
 */
export function senderFor(ctx: RunContext, object: string, phase: Phase, result: ObjectImportResult, owners: Map<string, string>): Sender {
  const ownerOf = (targetId: string, batch: Map<string, string>): string | undefined =>
    batch.get(targetId) ?? owners.get(targetId) ?? (ctx.ledger.done.get(object)?.get(targetId) === targetId ? targetId : undefined);
  const sender: Sender = {
    client: ctx.client,
    object,
    phase,
    signal: ctx.signal,
    batchSize: ctx.batchSize,
    stopState: ctx.stopState,
    emit: ctx.emit,
    countRequest() {
      ctx.requests.count += 1;
      result.requests += 1;
    },
    uniqueFields: ctx.uniqueFields[object] ?? [],
    accept(pairs) {
      const entries: ImportLedgerEntry[] = [];
      const warnings: Array<{ item: Item; owner: string; targetId: string }> = [];
      const batch = new Map<string, string>(); // owners set by this answer, before the ledger has them
      for (const { item, row } of pairs) {
        const targetId = row.id as string;
        const digest = payloadDigest(item.payload);
        if (phase === 'patch') {
          entries.push({ object, sourceId: item.sourceId, targetId, status: 'patched', phase, digest, at: now() });
          continue;
        }
        const merged = targetId !== item.payload.id;
        const owner = ownerOf(targetId, batch);
        if (owner !== undefined && owner !== item.sourceId) warnings.push({ item, owner, targetId });
        batch.set(targetId, item.sourceId);
        if (targetId === item.sourceId) owners.delete(targetId);
        else owners.set(targetId, item.sourceId);
        const matched = merged ? matchedUniqueValue(item.payload, ctx.uniqueFields[object] ?? []) : null;
        entries.push({ object, sourceId: item.sourceId, targetId, status: merged ? 'merged' : 'imported', ...(matched ? { matched } : {}), digest, at: now() });
        if (merged) {
          noteMerge(ctx.ids, item.sourceId, targetId);
          ctx.merges.push({ object, sourceId: item.sourceId, targetId, matched });
        }
      }
      recordOutcomes(ctx.run, ctx.ledger, entries, ctx.by);
      if (warnings.length) {
        // Not a failure (the record is in the target) but the person running the migration must know.
        const issues: RecordIssue[] = warnings.map(({ item, owner, targetId }) => ({
          stage: 'import', object, recordId: item.sourceId, field: null, code: 'MERGED_WITH_OTHER_SOURCE_RECORD',
          message: `upsert merged this record into ${targetId}, which source record ${owner} was written to; the later one's values won`,
        }));
        ctx.run.recordIssues(issues);
        ctx.issues.push(...issues);
      }
      const resent = pairs.filter((p) => p.item.resend).length;
      const merged = entries.filter((e, i) => e.status === 'merged' && !pairs[i].item.resend).length;
      if (phase === 'patch') {
        result.patched += entries.length - resent;
        result.updated += resent;
      } else {
        result.merged += merged;
        result.imported += entries.length - merged - resent;
        result.updated += resent;
      }
      ctx.emit({ type: 'batch-recorded', object, phase, imported: phase === 'patch' ? 0 : entries.length - merged, merged, failed: 0 });
    },
    learned: learnedFor(ctx, object),
    reject(items, error: TwentyApiError, note?: string) {
      const message = [error.messages.join('; ') || error.message, note].filter(Boolean).join(' — ');
      const failures = items.map((item) => ({ item, code: issueCode(error), field: fieldOf(error, item.payload), message }));
      recordFailures(ctx, object, phase, failures);
      if (phase === 'patch') result.patchFailed += items.length;
      else result.failed += items.length;
      ctx.emit({ type: 'batch-recorded', object, phase, imported: 0, merged: 0, failed: items.length });
    },
  };
  return sender;
}
