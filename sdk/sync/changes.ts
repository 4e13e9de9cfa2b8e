/**
 * What changed on each side since a migration (or since the last `sync` round), read-only: the first half of a
 * cutover. `twenty-migrate changes` prints it; `sync` writes it over.
 * - **In the source**, since each object was last read (the last finished sync round's start, else the export's
 *   `startedAt`), minus an overlap for clock skew and for records written while that read ran: records created
 *   (not in the export), updated (`updatedAt` later than the exported copy's), trashed (`deletedAt` since then) and
 *   restored (in the export's trash copy, live now). Found with `updatedAt[gte]` and `deletedAt[gte]` filters and an
 *   id lookup of the exported trash, so the cost grows with the changes, not with the workspace (a 1.x source's trash
 *   is read whole through GraphQL: its REST never lists it).
 * - **In the target**, since this run folder wrote each record: migrated records someone or something changed or
 *   trashed (`updatedAt`/`deletedAt` later than the folder's last write for them), and records the target has that
 *   the migration did not write.
 * - **Conflicts**: a record changed on both sides. Nothing is written anywhere.
 * Hard deletes (ids gone from the source) need a full id scan: `fullScan`, whose cost in requests is estimated first
 * (`fullScanCost`).
 */
import { chunked, idInFilter, listPages, type TwentyClient } from '../client/index.js';
import { isOlderSource } from '../client/server-info.js';
import type { Migration } from '../connect.js';
import { readExported } from '../export/read.js';
import { readExportState } from '../export/state.js';
import type { Plan } from '../run/contracts.js';
import type { RunFolder } from '../run/run-folder.js';
import { changedSince, planUndo } from '../undo/plan.js';
import { listDeletedPagesGraphql } from '../export/graphql-trash.js';
import type { WorkspaceSchema } from '../metadata/types.js';
import { findObject } from '../plan/objects.js';
import { readSyncState } from './state.js';

export interface ObjectChanges {
  object: string;
  since: string;
  source: { created: string[]; updated: string[]; trashed: string[]; restored: string[]; deleted: string[] | null };
  target: {
    /** source ids of migrated records changed (or trashed) in the target after this run folder last wrote them */
    changed: string[];
    /** the part of `changed` that was moved to the target's trash */
    trashed: string[];
    notWrittenByMigration: number;
  };
  /** source ids changed on both sides */
  conflicts: string[];
}

export interface ChangesReport {
  at: string;
  objects: ObjectChanges[];
  requests: number;
  /** what a full id scan of the source (hard deletes) costs in requests, one listing page per request */
  fullScanCost: number;
  /** the cutover checklist: what each side has that the other lacks, and what to do before switching users */
  checklist: string[];
  notes: string[];
}

/** The records behind a report, for `sync`: the source's new versions and the target's current ones. */
export interface FoundChanges {
  report: ChangesReport;
  /** object → source id → the record as the source has it now (created, updated, trashed, restored) */
  source: Map<string, Map<string, Record<string, unknown>>>;
  /** object → source id → the record as the target has it now (migrated records changed there) */
  target: Map<string, Map<string, Record<string, unknown>>>;
  /** object → source id → the exported copy (before the change) of the records changed in the source */
  before: Map<string, Map<string, Record<string, unknown>>>;
}

/** Clock skew and records written while the export ran: changes are looked for from a little before it started. */
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

/** When the run folder was created (its run id is that time, `20261203-091810Z`), for folders older than startedAt. */
function runCreatedAt(run: RunFolder): string | undefined {
  const id = run.manifest().runId;
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})Z$/.exec(id ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : undefined;
}

async function each(client: TwentyClient, plural: string, filter: string, pageSize: number, count: { n: number; signal?: AbortSignal }, keep: (r: Record<string, unknown>) => void): Promise<void> {
  for await (const page of listPages(client, plural, { filter, pageSize, signal: count.signal })) {
    count.n += 1;
    for (const r of page.records) keep(r);
  }
}

const newer = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && Date.parse(a) > Date.parse(b);

export interface ChangesOptions {
  overlapMs?: number;
  fullScan?: boolean;
  signal?: AbortSignal;
}

/**
 * @example
 * const report = await findChanges(await connect({ source, target, runDir }));
 * report.checklist; // ['The source has 12 change(s) the target lacks: …', …]
 */
export async function findChanges(m: Migration, options: ChangesOptions = {}): Promise<ChangesReport> {
  return (await collectChanges(m, options)).report;
}

/** `findChanges` with the records behind it (for `sync`). */
export async function collectChanges(m: Migration, options: ChangesOptions = {}): Promise<FoundChanges> {
  const plan = m.run.readJson<Plan>('plan.json');
  if (!plan) throw new Error(`No plan.json in ${m.run.dir}: a migration must have run in this folder first.`);
  const state = readExportState(m.run);
  const sync = readSyncState(m.run);
  const includeDeleted = m.run.manifest().options?.includeDeleted === true;
  const written = await planUndo(m.run);
  const lastWrite = new Map<string, Map<string, { sourceId: string; at: string }>>(); // object → target id → write
  for (const o of written.records) lastWrite.set(o.object, new Map(o.records.map((r) => [r.targetId, { sourceId: r.sourceId, at: r.lastWrittenAt }])));
  for (const x of written.merged) (lastWrite.get(x.object) ?? lastWrite.set(x.object, new Map()).get(x.object)!).set(x.targetId, { sourceId: x.sourceId, at: x.lastWrittenAt });
  const count = { n: 0, signal: options.signal };
  const notes: string[] = [];
  const olderSource = isOlderSource(m.source.info.version);
  // 1.x REST never lists the trash: it is read through GraphQL, whole (1.x cannot filter it by date either way).
  const sourceSchema = olderSource ? m.run.readJson<WorkspaceSchema>('schema', 'source.json') : undefined;
  const found: FoundChanges = { report: undefined as unknown as ChangesReport, source: new Map(), target: new Map(), before: new Map() };
  const objects: ObjectChanges[] = [];
  let fullScanCost = 0;
  for (const { object } of plan.order) {
    const started = sync.objects[object]?.since ?? state.objects[object]?.startedAt ?? runCreatedAt(m.run);
    if (!started) continue;
    const since = new Date(Date.parse(started) - (options.overlapMs ?? DEFAULT_OVERLAP_MS)).toISOString();
    const exported = new Map<string, Record<string, unknown>>();
    for await (const r of readExported(m.run, object)) if (typeof r.id === 'string') exported.set(r.id, r);
    fullScanCost += Math.max(1, Math.ceil(exported.size / m.source.info.maxPageSize));
    const c: ObjectChanges = {
      object, since, source: { created: [], updated: [], trashed: [], restored: [], deleted: null },
      target: { changed: [], trashed: [], notWrittenByMigration: 0 }, conflicts: [],
    };
    const now = new Map<string, Record<string, unknown>>();
    const before = new Map<string, Record<string, unknown>>();
    const kept = sync.keptTarget?.[object] ?? {};
    const classify = (r: Record<string, unknown>) => {
      const id = String(r.id);
      if (now.has(id)) return;
      // the version of the source that lost a conflict settled for the target (`--on-conflict target`)
      if (kept[id] !== undefined && kept[id] === r.updatedAt) return;
      const copy = exported.get(id);
      const trashedNow = Boolean(r.deletedAt);
      if (!copy) {
        // Created since; created and trashed since only matters when the migration carries the trash.
        if (trashedNow && !includeDeleted) return;
        c.source.created.push(id);
      } else if (copy.deletedAt && !trashedNow) c.source.restored.push(id);
      else if (!copy.deletedAt && trashedNow) c.source.trashed.push(id);
      else if (newer(r.updatedAt, copy.updatedAt) || (trashedNow && newer(r.deletedAt, copy.deletedAt))) c.source.updated.push(id);
      else return;
      now.set(id, r);
      if (copy) before.set(id, copy);
    };
    await each(m.source.core, object, `updatedAt[gte]:${since}`, m.source.info.maxPageSize, count, classify);
    if (!olderSource) await each(m.source.core, object, `deletedAt[gte]:${since}`, m.source.info.maxPageSize, count, classify);
    else {
      const schemaObject = sourceSchema ? findObject(sourceSchema, object) : undefined;
      if (!schemaObject) notes.push(`${object}: no source data model in the run folder, so its trash was not read`);
      else {
        for await (const page of listDeletedPagesGraphql(m.source.core, schemaObject, { pageSize: m.source.info.maxPageSize, signal: options.signal })) {
          count.n += 1;
          page.records.forEach(classify);
        }
      }
    }
    // Restores need not move updatedAt: the exported trash is looked up by id (one request per 100 trashed records),
    // and so are the conflicts held back by an earlier round, whatever their time.
    const lookUp = [...new Set([...[...exported.values()].filter((r) => r.deletedAt).map((r) => String(r.id)), ...(sync.held[object] ?? [])])].filter((id) => !now.has(id));
    for (const ids of chunked(lookUp)) await each(m.source.core, object, idInFilter(ids), m.source.info.maxPageSize, count, classify);
    if (options.fullScan) {
      const live = new Set<string>();
      await each(m.source.core, object, 'id[is]:NOT_NULL', m.source.info.maxPageSize, count, (r) => live.add(String(r.id)));
      c.source.deleted = [...exported].filter(([id, x]) => !x.deletedAt && !live.has(id) && !now.has(id)).map(([id]) => id);
      for (const id of c.source.deleted) before.set(id, exported.get(id)!);
    }
    found.source.set(object, now);
    found.before.set(object, before);
    const ours = lastWrite.get(object) ?? new Map();
    const earliest = [...ours.values()].reduce<string | undefined>((a, w) => (!a || w.at < a ? w.at : a), undefined);
    if (earliest) {
      const changedInSource = new Set([...c.source.updated, ...c.source.trashed, ...c.source.restored, ...(c.source.deleted ?? [])]);
      const targetNow = new Map<string, Record<string, unknown>>();
      const seeTarget = (r: Record<string, unknown>) => {
        const w = ours.get(String(r.id));
        if (!w) {
          if (!r.deletedAt) c.target.notWrittenByMigration += 1;
          return;
        }
        if (targetNow.has(w.sourceId)) return;
        const trashedThere = Boolean(r.deletedAt) && changedSince(r.deletedAt, w.at);
        if (!trashedThere && !changedSince(r.updatedAt, w.at)) return;
        targetNow.set(w.sourceId, r);
        c.target.changed.push(w.sourceId);
        if (trashedThere) c.target.trashed.push(w.sourceId);
        if (changedInSource.has(w.sourceId)) c.conflicts.push(w.sourceId);
      };
      await each(m.target.core, object, `updatedAt[gt]:${earliest}`, m.target.info.maxPageSize, count, seeTarget);
      await each(m.target.core, object, `deletedAt[gt]:${earliest}`, m.target.info.maxPageSize, count, seeTarget);
      found.target.set(object, targetNow);
    }
    objects.push(c);
  }
  found.report = { at: new Date().toISOString(), objects, requests: count.n, fullScanCost, checklist: checklistOf(objects), notes };
  return found;
}

/** The cutover checklist of a changes report (also printed by `sync`, on what is left after it). */
export function checklistOf(objects: ObjectChanges[], resolved: { written?: boolean; held?: number } = {}): string[] {
  const sum = (f: (o: ObjectChanges) => number) => objects.reduce((n, o) => n + f(o), 0);
  const inSourceOf = (o: ObjectChanges) => o.source.created.length + o.source.updated.length + o.source.trashed.length + o.source.restored.length + (o.source.deleted?.length ?? 0);
  const created = sum((o) => o.source.created.length);
  const updated = sum((o) => o.source.updated.length);
  const trashed = sum((o) => o.source.trashed.length);
  const restored = sum((o) => o.source.restored.length);
  const deleted = sum((o) => o.source.deleted?.length ?? 0);
  const changed = sum((o) => o.target.changed.length);
  const conflicts = sum((o) => o.conflicts.length);
  const where = (f: (o: ObjectChanges) => number) => objects.filter((o) => f(o) > 0).map((o) => `${o.object} ${f(o)}`).join(', ');
  const lines: string[] = [];
  const inSource = sum(inSourceOf);
  const detail = `${created} created, ${updated} updated, ${trashed} trashed, ${restored} restored${deleted ? `, ${deleted} deleted` : ''} (${where(inSourceOf)})`;
  if (!inSource) lines.push('The source has no change the target lacks.');
  else if (resolved.written) lines.push(`The source had ${inSource} change(s) the target lacked: ${detail}; brought over${resolved.held ? `, except ${resolved.held} conflict(s) held` : ''}.`);
  else lines.push(`The source has ${inSource} change(s) the target lacks: ${detail}`);
  lines.push(changed
    ? `The target has ${changed} migrated record(s) changed since the migration wrote them (${where((o) => o.target.changed.length)})${conflicts ? `; ${conflicts} of them changed in the source too: conflicts (${where((o) => o.conflicts.length)})` : ''}; those changed only in the target are left as they are`
    : 'No migrated record was changed in the target since the migration wrote it.');
  const deletes = objects.some((o) => o.source.deleted === null) ? ' Records deleted for good in the source are found only by `--full-scan`.' : '';
  const open = resolved.held ?? conflicts;
  if (conflicts && !open) lines.push(`The ${conflicts} conflict(s) were settled by the --on-conflict policy (sync/conflicts.jsonl says how).`);
  if (open) lines.push('Before switching users over: freeze the source (no more edits there), resolve the conflicts (sync/conflicts.jsonl: `--on-conflict source` or `target`, or edit one side), run a last `twenty-migrate sync`, then `twenty-migrate verify`.' + deletes);
  else if (inSource && !resolved.written) lines.push('Before switching users over: freeze the source (no more edits there), run `twenty-migrate sync` a last time, then `twenty-migrate verify`.' + deletes);
  else lines.push('Before switching users over: freeze the source (no more edits there), run a last `twenty-migrate sync` to catch edits made meanwhile, then `twenty-migrate verify`.' + deletes);
  return lines;
}
