/**
 * What changed on each side since a migration, read-only: the first half of a cutover (issue 13's `sync`).
 * - **In the source**, since each object's export first asked for a page (export state `startedAt`, minus an
 *   overlap for clock skew and for records written while the export ran): records created (not exported),
 *   updated (`updatedAt` later than the exported copy's) and trashed (`deletedAt` since then). Found with
 *   `updatedAt[gte]` and `deletedAt[gte]` filters, so the cost grows with the changes, not with the workspace (a 1.x
 *   source's trash is read whole through GraphQL: its REST never lists it).
 * - **In the target**, since this run folder wrote each record: migrated records someone or something changed
 *   (`updatedAt` later than the folder's last write for them), and records the target has that the migration
 *   did not write.
 * - **Conflicts**: a record changed on both sides. Nothing is written anywhere.
 * Hard deletes (ids gone from the source) need a full id scan: `fullScan`, whose cost in requests is said first.
 */
import { listPages, type TwentyClient } from '../client/index.js';
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

export interface ObjectChanges {
  object: string;
  since: string;
  source: { created: string[]; updated: string[]; trashed: string[]; deleted: string[] | null };
  target: { changed: string[]; notWrittenByMigration: number };
  /** source ids changed on both sides */
  conflicts: string[];
}

export interface ChangesReport {
  at: string;
  objects: ObjectChanges[];
  requests: number;
  /** the cutover checklist: what each side has that the other lacks, and what to do before switching users */
  checklist: string[];
  notes: string[];
}

/** Clock skew and records written while the export ran: changes are looked for from a little before it started. */
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

/** When the run folder was created (its run id is that time, `20261203-091810Z`), for folders older than startedAt. */
function runCreatedAt(run: RunFolder): string | undefined {
  const id = run.manifest().runId;
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})Z$/.exec(id ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : undefined;
}

async function idsMatching(client: TwentyClient, plural: string, filter: string, pageSize: number, count: { n: number }, keep: (r: Record<string, unknown>) => void): Promise<void> {
  for await (const page of listPages(client, plural, { filter, pageSize })) {
    count.n += 1;
    for (const r of page.records) keep(r);
  }
}

/**
 * @example
 * const report = await findChanges(await connect({ source, target, runDir }));
 * report.checklist; // ['The source has 12 change(s) the target lacks: …', …]
 */
export async function findChanges(m: Migration, options: { overlapMs?: number; fullScan?: boolean } = {}): Promise<ChangesReport> {
  const plan = m.run.readJson<Plan>('plan.json');
  if (!plan) throw new Error(`No plan.json in ${m.run.dir}: a migration must have run in this folder first.`);
  const state = readExportState(m.run);
  const written = await planUndo(m.run);
  const lastWrite = new Map<string, Map<string, { sourceId: string; at: string }>>(); // object → target id → write
  for (const o of written.records) lastWrite.set(o.object, new Map(o.records.map((r) => [r.targetId, { sourceId: r.sourceId, at: r.lastWrittenAt }])));
  for (const x of written.merged) (lastWrite.get(x.object) ?? lastWrite.set(x.object, new Map()).get(x.object)!).set(x.targetId, { sourceId: x.sourceId, at: x.lastWrittenAt });
  const count = { n: 0 };
  const notes: string[] = [];
  const olderSource = isOlderSource(m.source.info.version);
  // 1.x REST never lists the trash: it is read through GraphQL, whole (1.x cannot filter it by date either way).
  const sourceSchema = olderSource ? m.run.readJson<WorkspaceSchema>('schema', 'source.json') : undefined;
  const objects: ObjectChanges[] = [];
  for (const { object } of plan.order) {
    const started = state.objects[object]?.startedAt ?? runCreatedAt(m.run);
    if (!started) continue;
    const since = new Date(Date.parse(started) - (options.overlapMs ?? DEFAULT_OVERLAP_MS)).toISOString();
    const exported = new Map<string, { updatedAt?: unknown; deletedAt?: unknown }>();
    for await (const r of readExported(m.run, object)) if (typeof r.id === 'string') exported.set(r.id, { updatedAt: r.updatedAt, deletedAt: r.deletedAt });
    const c: ObjectChanges = { object, since, source: { created: [], updated: [], trashed: [], deleted: null }, target: { changed: [], notWrittenByMigration: 0 }, conflicts: [] };
    await idsMatching(m.source.core, object, `updatedAt[gte]:${since}`, m.source.info.maxPageSize, count, (r) => {
      const id = String(r.id);
      const copy = exported.get(id);
      if (!copy) c.source.created.push(id);
      else if (typeof r.updatedAt === 'string' && typeof copy.updatedAt === 'string' && Date.parse(r.updatedAt) > Date.parse(copy.updatedAt)) c.source.updated.push(id);
    });
    const trashedNow = (r: Record<string, unknown>) => {
      const copy = exported.get(String(r.id));
      if (copy && !copy.deletedAt) c.source.trashed.push(String(r.id));
    };
    if (!olderSource) await idsMatching(m.source.core, object, `deletedAt[gte]:${since}`, m.source.info.maxPageSize, count, trashedNow);
    else {
      const schemaObject = sourceSchema ? findObject(sourceSchema, object) : undefined;
      if (!schemaObject) notes.push(`${object}: no source data model in the run folder, so its trash was not read`);
      else {
        for await (const page of listDeletedPagesGraphql(m.source.core, schemaObject, { pageSize: m.source.info.maxPageSize })) {
          count.n += 1;
          page.records.forEach(trashedNow);
        }
      }
    }
    if (options.fullScan) {
      const live = new Set<string>();
      await idsMatching(m.source.core, object, 'id[is]:NOT_NULL', m.source.info.maxPageSize, count, (r) => live.add(String(r.id)));
      c.source.deleted = [...exported].filter(([id, x]) => !x.deletedAt && !live.has(id) && !c.source.trashed.includes(id)).map(([id]) => id);
    }
    const ours = lastWrite.get(object) ?? new Map();
    const earliest = [...ours.values()].reduce<string | undefined>((a, w) => (!a || w.at < a ? w.at : a), undefined);
    if (earliest) {
      const changedInSource = new Set([...c.source.updated, ...c.source.trashed]);
      await idsMatching(m.target.core, object, `updatedAt[gt]:${earliest}`, m.target.info.maxPageSize, count, (r) => {
        const w = ours.get(String(r.id));
        if (!w) {
          c.target.notWrittenByMigration += 1;
          return;
        }
        if (changedSince(r.updatedAt, w.at)) {
          c.target.changed.push(w.sourceId);
          if (changedInSource.has(w.sourceId)) c.conflicts.push(w.sourceId);
        }
      });
    }
    objects.push(c);
  }
  return { at: new Date().toISOString(), objects, requests: count.n, checklist: checklistOf(objects), notes };
}

function checklistOf(objects: ObjectChanges[]): string[] {
  const sum = (f: (o: ObjectChanges) => number) => objects.reduce((n, o) => n + f(o), 0);
  const created = sum((o) => o.source.created.length);
  const updated = sum((o) => o.source.updated.length);
  const trashed = sum((o) => o.source.trashed.length);
  const deleted = sum((o) => o.source.deleted?.length ?? 0);
  const changed = sum((o) => o.target.changed.length);
  const conflicts = sum((o) => o.conflicts.length);
  const where = (f: (o: ObjectChanges) => number) => objects.filter((o) => f(o) > 0).map((o) => `${o.object} ${f(o)}`).join(', ');
  const lines: string[] = [];
  const inSource = created + updated + trashed + deleted;
  lines.push(inSource
    ? `The source has ${inSource} change(s) the target lacks: ${created} created, ${updated} updated, ${trashed} trashed${deleted ? `, ${deleted} deleted` : ''} (${where((o) => o.source.created.length + o.source.updated.length + o.source.trashed.length + (o.source.deleted?.length ?? 0))})`
    : 'The source has no change the target lacks.');
  lines.push(changed
    ? `The target has ${changed} migrated record(s) changed since the migration wrote them (${where((o) => o.target.changed.length)})${conflicts ? `; ${conflicts} of them changed in the source too: conflicts (${where((o) => o.conflicts.length)})` : ''}`
    : 'No migrated record was changed in the target since the migration wrote it.');
  if (inSource || conflicts) lines.push('Before switching users over: freeze the source (no more edits there), bring these changes over, resolve the conflicts record by record, then verify.');
  else lines.push('Nothing to bring over: the source can be frozen and users switched to the target after a last verify.');
  return lines;
}
