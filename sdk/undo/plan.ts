/**
 * What `undo` would take out of the target, read from the run folder only (never from a list of the target): the
 * import ledger says which records this folder created (`imported`, with the source id kept) and which it merged
 * into records that were already there (`merged`); `config/created.jsonl` says which views, dashboards, workflows,
 * roles and webhooks the configuration stage created. Records are removed children first: the plan's import
 * order reversed, so a note target goes before its note and a person before the company it points at.
 */
import type { ImportLedgerEntry } from '../import/ledger.js';
import { LEDGER_FILE } from '../import/ledger.js';
import type { Plan } from '../run/contracts.js';
import type { RunFolder } from '../run/run-folder.js';
import { readCreatedConfig, type CreatedConfig } from '../config-migration/created.js';

export interface CreatedRecord {
  sourceId: string;
  targetId: string;
  /** the last time this folder wrote the record (its write, patch or re-trash): later changes are someone else's */
  lastWrittenAt: string;
  /** soft-deleted again by the import (the source had it in its trash) */
  trashed: boolean;
}

export interface UndoPlan {
  /** per object (namePlural), children first */
  records: Array<{ object: string; records: CreatedRecord[] }>;
  /** records that existed in the target and were written over: listed, not removed */
  merged: Array<{ object: string; sourceId: string; targetId: string; lastWrittenAt: string; matched?: { field: string; value: unknown } }>;
  config: CreatedConfig[];
}

/**
 * @example
 * const plan = await planUndo(run);
 * plan.records.map((o) => `${o.object}: ${o.records.length}`); // ['taskTargets: 1800', …, 'companies: 599']
 */
export async function planUndo(run: RunFolder): Promise<UndoPlan> {
  const created = new Map<string, Map<string, CreatedRecord>>();
  const merged = new Map<string, UndoPlan['merged'][number]>();
  for await (const e of run.readJsonl<ImportLedgerEntry>(...LEDGER_FILE)) {
    if (!e || typeof e.object !== 'string' || typeof e.sourceId !== 'string') continue;
    const perObject = created.get(e.object) ?? created.set(e.object, new Map()).get(e.object)!;
    const known = perObject.get(e.sourceId);
    const mergedBefore = merged.get(`${e.object}/${e.sourceId}`);
    if (e.status === 'merged' && typeof e.targetId === 'string') {
      merged.set(`${e.object}/${e.sourceId}`, {
        object: e.object, sourceId: e.sourceId, targetId: e.targetId, lastWrittenAt: later(mergedBefore?.lastWrittenAt, e.at), ...(e.matched ? { matched: e.matched } : {}),
      });
      perObject.delete(e.sourceId);
    } else if (mergedBefore && (e.status === 'patched' || e.status === 'trashed' || e.status === 'restored')) {
      mergedBefore.lastWrittenAt = later(mergedBefore.lastWrittenAt, e.at);
    } else if (e.status === 'imported' && typeof e.targetId === 'string' && !merged.has(`${e.object}/${e.sourceId}`)) {
      // written again after being trashed: the upsert restored it
      perObject.set(e.sourceId, { sourceId: e.sourceId, targetId: e.targetId, lastWrittenAt: later(known?.lastWrittenAt, e.at), trashed: false });
    } else if (known && (e.status === 'patched' || e.status === 'trashed' || e.status === 'restored')) {
      known.lastWrittenAt = later(known.lastWrittenAt, e.at);
      if (e.status !== 'patched') known.trashed = e.status === 'trashed';
    }
  }
  const order = run.readJson<Plan>('plan.json')?.order.map((o) => o.object) ?? [];
  const rank = (object: string) => (order.includes(object) ? order.indexOf(object) : -1);
  const records = [...created.entries()]
    .filter(([, m]) => m.size > 0)
    .sort(([a], [b]) => rank(b) - rank(a))
    .map(([object, m]) => ({ object, records: [...m.values()] }));
  return { records, merged: [...merged.values()], config: await readCreatedConfig(run) };
}

/** Tolerance on "changed after we wrote it": the server stamps `updatedAt` itself, a moment after our request. */
const SAME_WRITE_MS = 5_000;

/**
 * Whether the target changed a record after this run folder last wrote it (a user, a workflow): its `updatedAt`
 * is later than that write, beyond the moment the server takes to stamp it. Unknown times count as unchanged.
 */
export function changedSince(updatedAt: unknown, lastWrittenAt: string | undefined): boolean {
  const changed = typeof updatedAt === 'string' ? Date.parse(updatedAt) : NaN;
  const wrote = lastWrittenAt ? Date.parse(lastWrittenAt) : NaN;
  return Number.isFinite(changed) && Number.isFinite(wrote) && changed > wrote + SAME_WRITE_MS;
}

const later = (a: string | undefined, b: string | undefined) => (!a ? (b ?? '') : !b ? a : a > b ? a : b);
