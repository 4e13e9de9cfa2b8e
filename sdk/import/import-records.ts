/**
 * `importRecords`: writes the transformed records of every planned object into the target workspace.
 *
 * Resume invariants (why a kill -9 at any instant, then a new run, ends in the same target state as one clean run):
 *
 * 1. The ledger (`import/ledger.jsonl`) only ever says what the server confirmed. A line is appended after the answer
 *    to the request that wrote (or refused) the record, never before; a record without a line is "not done" whatever
 *    the target holds. A kill mid-append leaves a torn last line, which readers skip: that batch counts as not done.
 * 2. Every write is an upsert carrying the record's source id (or, in the patch pass, its target id). Sending a record
 *    again is therefore harmless: matched by id it is updated with the same values (createdAt kept, updatedAt sent
 *    explicitly), so "not done but actually written" costs a request, never a duplicate. This also holds when the
 *    client's retry repeats a request whose answer was lost, and when the whole ledger is deleted.
 * 3. A merged record (upsert matched another record by a unique value and returned that record's id) matches the same
 *    record again when resent, by the same unique value, so it maps to the same target id on every run. The id map is
 *    rebuilt from the ledger at start; references are rewritten through it when a batch is built, and a batch of an
 *    object is built only after every object before it in the plan is settled, so no reference to a merged record can
 *    be sent before its merge is known. Resending a record built before a merge was known cannot happen either: the
 *    record would not be in the ledger, so it is rebuilt from the transform file with the current id map.
 * 4. Failures are settled too: a record refused with a 400 (once isolated by bisection, or named by the message) is
 *    written to errors.jsonl and then to the ledger as `failed`, and is not retried unless `retryFailed` is set. A
 *    kill between the two files repeats an issue line on the next run; it never loses one.
 * 5. Verdicts made without the server (a unique value already held by an earlier record of the file, a reference to a
 *    failed record) depend only on the transform file and the ledger, both unchanged by a resume, so they repeat.
 * 6. Transient failures (429/5xx/network after the client's retries), request-level refusals (auth, unknown object)
 *    and aborts never mark records: the run stops, returns `status: 'stopped' | 'aborted'` with a resumable error,
 *    and the next run continues where the ledger ends. Objects run strictly in plan order, so an object whose
 *    predecessor stopped is not started.
 * 7. The patch pass writes only deferred join columns of records the ledger has as written, after every object's
 *    first pass completed; its lines (`patched`, or `failed` with `phase: 'patch'`) settle each record the same way.
 * 8. The trash pass soft-deletes records that were in the source's trash, after everything else: by id filter, which
 *    matches only records not yet soft-deleted, so repeating it is harmless; `trashed` lines are written after the
 *    answer. (An upsert restores a soft-deleted match, so this must come after every write.)
 */
import { MigrationError } from '../errors.js';
import type { Plan } from '../run/contracts.js';
import { RunFolder, type RecordIssue } from '../run/run-folder.js';
import type { RunContext } from './context.js';
import { idMapOf } from './id-map.js';
import { takeBeforeImages } from './before-images.js';
import { loadLedger } from './ledger.js';
import { patchObject } from './patch-pass.js';
import { trashObject } from './trash-pass.js';
import { collectMerges, stopError, summarize } from './result.js';
import { emptyObjectResult, type ImportOptions, type ImportResult, type ObjectImportResult } from './types.js';
import { uniqueFieldsOf } from './unique.js';
import { writeObject } from './write-pass.js';

/**
 * Imports every object of the plan, then patches deferred join columns. Returns a result value; throws only for
 * programming errors and a missing plan.
 *
 * @example
 * const client = createTwentyClient({ baseUrl: target.url, apiKey: process.env.TARGET_KEY! });
 * const { maxBatchSize } = await detectServer({ baseUrl: target.url, apiKey: process.env.TARGET_KEY! });
 * const result = await importRecords({ client, run: RunFolder.open('runs/2026-…'), batchSize: maxBatchSize });
 * if (result.status !== 'completed') console.log(result.error?.message); // says how to resume
 */
export async function importRecords(options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  // A fresh RunFolder per run: its torn-tail check runs once per instance, and a reused instance would not notice a
  // tail torn by another process killed since (the next line would be glued to it and both lost).
  const run = new RunFolder(options.run.dir);
  const plan = options.plan ?? run.readJson<Plan>('plan.json');
  if (!plan) throw new MigrationError('PLAN_MISSING', `No plan.json in ${run.dir}: run the plan stage before the import.`);
  const ledger = await loadLedger(run);
  const ctx: RunContext = {
    client: options.client,
    run,
    ledger,
    ids: idMapOf(ledger),
    stopState: {},
    batchSize: { value: Math.max(1, options.batchSize ?? 200) },
    concurrency: Math.max(1, options.concurrency ?? 3),
    retryFailed: options.retryFailed ?? false,
    by: options.by,
    uniqueFields: { ...uniqueFieldsOf(run), ...options.uniqueFields },
    signal: options.signal,
    emit: (event) => {
      try {
        options.onProgress?.(event);
      } catch {
        // A faulty progress callback must not break the import.
      }
    },
    invalid: await invalidRecords(run),
    issues: [],
    merges: [],
    requests: { count: 0 },
    trashCandidates: new Map(),
  };
  const results = new Map<string, ObjectImportResult>(plan.order.map((p) => [p.object, emptyObjectResult(p.object)]));
  run.setStage('import', 'started');
  // Before the first write: the records a merge could write over, as they are now, so `undo` can put them back.
  const mergeable = plan.order.map((p) => p.object).filter((o) => (ctx.uniqueFields[o] ?? []).length > 0);
  await takeBeforeImages(ctx.client, run, mergeable, ctx.signal);

  for (const phase of ['write', 'patch'] as const) {
    for (const planned of plan.order) {
      if (ctx.signal?.aborted) ctx.stopState.stop ??= { kind: 'aborted', object: planned.object };
      if (ctx.stopState.stop) break;
      if (phase === 'patch' && !planned.deferredFields?.length) continue;
      const result = results.get(planned.object)!;
      run.setStagePhase('import', `${phase} ${planned.object}`);
      ctx.emit({ type: 'object-start', object: planned.object, phase });
      await (phase === 'write' ? writeObject : patchObject)(ctx, planned, result);
      if (ctx.signal?.aborted) ctx.stopState.stop ??= { kind: 'aborted', object: planned.object };
      result.status = ctx.stopState.stop ? (ctx.stopState.stop.kind === 'aborted' ? 'aborted' : 'stopped') : 'completed';
      ctx.emit({ type: 'object-done', object: planned.object, phase, result: { ...result } });
    }
  }

  // Records exported from the source's trash go back to the target's trash once every write is done.
  if (!ctx.stopState.stop && !ctx.signal?.aborted) {
    for (const planned of plan.order) {
      run.setStagePhase('import', `trash ${planned.object}`);
      await trashObject(ctx, planned.object, results.get(planned.object)!);
      if (ctx.stopState.stop) break;
    }
  }

  const stop = ctx.stopState.stop;
  const outcome = summarize(ctx, [...results.values()], started);
  const result: ImportResult = {
    ...outcome,
    status: stop ? (stop.kind === 'aborted' ? 'aborted' : 'stopped') : 'completed',
    merges: collectMerges(ctx.ledger),
    issues: ctx.issues,
    ...(stop ? { error: stopError(stop, run.dir) } : {}),
  };
  recordInManifest(ctx, result);
  return result;
}

/** The records the transform stage refused (errors.jsonl, stage `transform`), by source id. */
async function invalidRecords(run: RunFolder): Promise<Map<string, RecordIssue>> {
  const out = new Map<string, RecordIssue>();
  for await (const issue of run.recordProblems(['transform'])) if (!out.has(issue.recordId)) out.set(issue.recordId, issue);
  return out;
}

function recordInManifest(ctx: RunContext, result: ImportResult): void {
  ctx.run.updateManifest((m) => {
    for (const o of result.objects) {
      const counts = (m.counts[o.object] ??= {});
      counts.imported = ctx.ledger.done.get(o.object)?.size ?? 0;
      counts.failed = ctx.ledger.failed.get(o.object)?.size ?? 0;
    }
  });
  const merged = result.merges.length;
  const summary =
    result.status === 'completed'
      ? `${result.objects.reduce((n, o) => n + o.imported + o.merged, 0)} records written, ${merged} merged in all, ${result.issues.length} issues`
      : (result.error?.message ?? result.status);
  ctx.run.setStage('import', result.status === 'completed' ? 'completed' : 'failed', summary);
}
