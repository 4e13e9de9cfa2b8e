/**
 * One batch upsert and what follows from its answer. A batch is all-or-nothing on Twenty, so a 400 means "some record
 * in here is bad": records the message certainly names are set aside (`pinpoint`), otherwise the batch is bisected
 * until each bad record stands alone; every answered request is handed to `accept`/`reject` at once, so the ledger
 * records it before anything else is sent. Transient and request-level errors stop the whole import (resumable).
 */
import { request, TwentyApiError, type TwentyClient } from '../client/index.js';
import { classify, pinpoint, type Verdict } from './diagnose.js';
import type { LearnedCauses } from './learned-causes.js';
import { pairAnswer } from './pair-answer.js';
import type { ImportEvent, Phase } from './types.js';

/** One record on its way to the target: its source id and the exact JSON sent (with the id to upsert by). */
export interface Item {
  sourceId: string;
  payload: Record<string, unknown>;
  /** written by an earlier run with another payload: sent again to bring the target up to date */
  resend?: boolean;
}

/** Why the import stopped; shared by every sender of a run so that nothing new is sent once it is set. */
export interface StopState {
  stop?: { kind: 'aborted' | 'transient' | 'fatal'; object: string; error?: TwentyApiError };
}

export interface Sender {
  client: TwentyClient;
  object: string;
  phase: Phase;
  signal?: AbortSignal;
  /** records per request; lowered when the server states its maximum */
  batchSize: { value: number };
  stopState: StopState;
  emit: (event: ImportEvent) => void;
  /** unique field paths of the object (what upsert matches on besides the id), to pair answered rows with records */
  uniqueFields: string[];
  /** the server wrote each `item` and answered `row` for it (paired by evidence: sdk/import/pair-answer.ts) */
  accept: (pairs: Array<{ item: Item; row: Record<string, unknown> }>) => void;
  /** the server refused `items` for the reason in `error` (`note`: why they were not sent, when decided locally) */
  reject: (items: Item[], error: TwentyApiError, note?: string) => void;
  /** causes proven by records refused alone, shared by every batch of the object */
  learned: LearnedCauses;
  countRequest: () => void;
}

/** Sends `items` (at most `batchSize`) with `?upsert=true`, isolating bad records. Never throws for API errors. */
export async function sendItems(s: Sender, items: Item[]): Promise<void> {
  if (!items.length || halted(s)) return;
  if (s.learned.size) {
    // Records failing for a cause already proven are refused here, without a request each.
    const known = items.map((item) => [item, s.learned.match(item)] as const).filter(([, c]) => c);
    for (const [item, cause] of known) s.reject([item], cause!.error, `not sent: same cause as source record ${cause!.learnedFrom}, which the target refused alone`);
    if (known.length) items = items.filter((i) => !known.some(([k]) => k === i));
    if (!items.length) return;
  }
  if (items.length > s.batchSize.value) return sendInChunks(s, items);

  s.emit({ type: 'batch-sent', object: s.object, phase: s.phase, size: items.length });
  s.countRequest();
  let result;
  try {
    result = await request<{ data?: Record<string, unknown> }>(s.client, 'POST', '/batch/{namePlural}', {
      path: { namePlural: s.object },
      query: { upsert: true },
      body: items.map((i) => i.payload),
      signal: s.signal,
    });
  } catch (error) {
    // Only the caller's abort throws out of `request`; whatever the server did is redone by the next run.
    if (s.signal?.aborted) return void (s.stopState.stop ??= { kind: 'aborted', object: s.object });
    throw error;
  }
  s.emit({ type: 'batch-answered', object: s.object, phase: s.phase, size: items.length, ok: !result.error });
  // Checked after the answer on purpose: an abort here is a kill between the server's write and the ledger append.
  if (halted(s)) return;

  if (!result.error) {
    const rows = rowsOf(result.data);
    if (!rows || rows.length > items.length || (items.length === 1 && rows.length !== 1)) {
      s.stopState.stop ??= { kind: 'fatal', object: s.object, error: unexpected(items.length, result.data) };
      return;
    }
    // Never by position: a real server answers merged rows first, then inserted ones, and one row for records that
    // landed on the same record.
    if (items.length === 1) return s.accept([{ item: items[0], row: rows[0] }]);
    const { pairs, unpaired } = pairAnswer(items, rows, s.uniqueFields);
    if (pairs.length) s.accept(pairs);
    // Written, but which row is theirs is not proven: upserting each again alone is idempotent and answers one row.
    for (const item of unpaired) await sendItems(s, [item]);
    return;
  }
  const verdict: Verdict = classify(result.error);
  switch (verdict.kind) {
    case 'transient':
    case 'fatal':
      s.stopState.stop ??= { kind: verdict.kind, object: s.object, error: result.error };
      return;
    case 'batch-too-large':
      if (items.length === 1) return void (s.stopState.stop ??= { kind: 'fatal', object: s.object, error: result.error });
      s.batchSize.value = Math.max(1, Math.min(s.batchSize.value, verdict.max, items.length - 1));
      return sendInChunks(s, items);
    case 'records': {
      if (items.length === 1) {
        s.learned.learn(items[0], result.error);
        return s.reject(items, result.error);
      }
      const named = new Set(pinpoint(result.error, items.map((i) => i.payload)));
      if (named.size) {
        s.reject(items.filter((_, i) => named.has(i)), result.error);
        return sendItems(s, items.filter((_, i) => !named.has(i)));
      }
      // Halves one after the other: records sharing an unknown unique value then resolve in file order.
      const mid = Math.ceil(items.length / 2);
      await sendItems(s, items.slice(0, mid));
      return sendItems(s, items.slice(mid));
    }
  }
}

async function sendInChunks(s: Sender, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += s.batchSize.value) await sendItems(s, items.slice(i, i + s.batchSize.value));
}

function halted(s: Sender): boolean {
  if (s.signal?.aborted) s.stopState.stop ??= { kind: 'aborted', object: s.object };
  return s.stopState.stop !== undefined;
}

/** `{"data":{"createCompanies":[…]}}` → the array (the key's spelling is not relied on). */
function rowsOf(body: { data?: Record<string, unknown> } | undefined): Record<string, unknown>[] | null {
  const values = Object.values(body?.data ?? {});
  const rows = values.length === 1 ? values[0] : undefined;
  return Array.isArray(rows) && rows.every((r) => r && typeof r === 'object' && typeof (r as { id?: unknown }).id === 'string')
    ? (rows as Record<string, unknown>[])
    : null;
}

function unexpected(sent: number, body: unknown): TwentyApiError {
  return new TwentyApiError({
    status: 201,
    code: 'UNEXPECTED_RESPONSE',
    messages: [`batch upsert of ${sent} records answered ${JSON.stringify(body ?? null).slice(0, 200)}`],
    request: { method: 'POST', url: '/rest/batch' },
    retryable: false,
  });
}
