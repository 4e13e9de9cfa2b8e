/**
 * Record writes as Twenty 2.21 performs them: create (single and batch, all-or-nothing), upsert, update,
 * soft and hard delete, restore. Every rule here is pinned by a recorded exchange in ../shared/twenty-2.21/transcripts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { badRequest, codedError, notFound } from '../http-error.js';
import { isManyToOne, isOneToMany, isRelationField, joinColumnOf } from '../model/model.js';
import type { ModelField, ModelObject } from '../model/types.js';
import type { SandboxWorkspace } from '../workspace.js';
import { apiActor } from './actor.js';
import { uniqueKeyOf, type Row } from './table.js';
import { defaultValueOf, isUuid, normalizeValue } from './values.js';
import { checkFilesFields, commitFilesChange, type FilesChange } from '../files/files-field-sync.js';
import { afterWorkflowCreate, beforeWorkflowCreate } from './workflow-hooks.js';

export const MAX_BATCH = 200;

export interface WriteResult {
  row: Row;
  /** true when an upsert matched an existing row */
  updated: boolean;
  /** the matched row before the upsert changed it (workflows look at which fields changed) */
  previous?: Row;
}

/** TypeORM names foreign keys "FK_" + sha1("<table>_<column>")[0..27]; Twenty returns the raw Postgres message. */
const fkError = (table: string, column: string) =>
  badRequest(
    `insert or update on table "${table}" violates foreign key constraint "FK_${createHash('sha1').update(`${table}_${column}`).digest('hex').slice(0, 27)}"`,
  );

const duplicate = () => badRequest('A duplicate entry was detected');

interface Writable {
  byName: Map<string, ModelField>;
  byJoinColumn: Map<string, ModelField>;
}

function writableFields(ws: SandboxWorkspace, object: ModelObject): Writable {
  const byName = new Map<string, ModelField>();
  const byJoinColumn = new Map<string, ModelField>();
  for (const f of ws.index.fieldsOf(object)) {
    if (isManyToOne(f)) byJoinColumn.set(joinColumnOf(f), f);
    else if (!isRelationField(f)) byName.set(f.name, f);
  }
  return { byName, byJoinColumn };
}

const hasDefault = (f: ModelField) => f.defaultValue !== null && f.defaultValue !== undefined;

/** Checks every key of an input and returns [field, value] pairs to apply (join columns as their own entries). */
function parseInput(ws: SandboxWorkspace, object: ModelObject, input: unknown, w: Writable) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw badRequest(`Invalid record data for object ${object.nameSingular}: expected a JSON object`);
  }
  const sets: Array<{ key: string; field: ModelField; joinColumn: boolean; value: unknown }> = [];
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (value === undefined) continue;
    const field = w.byName.get(key);
    const relation = w.byJoinColumn.get(key);
    if (value === null && (field ?? relation) && !(field ?? relation)!.isNullable && !hasDefault(field ?? relation!)) {
      // data-arg-processor.service.ts checks this before any value: a NOT NULL column with a default passes and
      // fails at the insert instead (checkRequired).
      throw badRequest(`Field ${key} is not nullable and has no default value.`);
    }
    if (field) {
      if (field.type === 'TS_VECTOR') throw badRequest(`Object ${object.nameSingular} doesn't have any "${key}" field.`);
      sets.push({ key, field, joinColumn: false, value });
    } else if (relation) {
      if (value !== null && !isUuid(value)) throw codedError(400, 'INVALID_QUERY_INPUT', `Value "${String(value)}" is not a valid UUID`);
      sets.push({ key, field: relation, joinColumn: true, value });
    } else {
      const o2m = object.fields.find((f) => f.name === key && isOneToMany(f));
      if (o2m) throw badRequest(`Field "${key}" of object ${object.nameSingular} is a one-to-many relation and cannot be written`);
      throw badRequest(`Object ${object.nameSingular} doesn't have any "${key}" field.`);
    }
  }
  return sets;
}

function checkForeignKeys(ws: SandboxWorkspace, object: ModelObject, row: Row, w: Writable, pending: Map<string, Set<string>>) {
  for (const [column, field] of w.byJoinColumn) {
    const id = row[column];
    if (id === null || id === undefined) continue;
    const target = field.relation?.targetObject;
    if (!target) continue;
    const exists = ws.table(target)?.rows.has(id as string) || pending.get(target)?.has(id as string);
    if (!exists) throw fkError(object.nameSingular, column);
  }
}

function checkRequired(object: ModelObject, row: Row, w: Writable) {
  for (const f of w.byName.values()) {
    if (!f.isNullable && (row[f.name] === null || row[f.name] === undefined)) {
      throw badRequest(`null value in column "${f.name}" of relation "${object.nameSingular}" violates not-null constraint`);
    }
  }
}

/**
 * Creates (or, with `upsert`, creates or updates) rows. All-or-nothing like Twenty: every input is validated and
 * checked against the table and the rest of the batch before anything is stored.
 */
export function createRows(ws: SandboxWorkspace, object: ModelObject, inputs: unknown[], options: { upsert: boolean }): WriteResult[] {
  // Members join through sign-up or invitation only: no role, not even an admin key's, may create one through the
  // records API (create-workspace-member-permission-denied). Checked before the body, as the permission guard is.
  if (object.nameSingular === 'workspaceMember') {
    throw codedError(400, 'PERMISSION_DENIED', 'Entity performing the request does not have permission');
  }
  if (inputs.length > MAX_BATCH) throw badRequest(`Maximum number of records to upsert is ${MAX_BATCH}.`);
  beforeWorkflowCreate(object, inputs);
  const table = ws.tableOrCreate(object);
  const w = writableFields(ws, object);
  const actor = apiActor(ws.apiKeyName);
  const now = new Date().toISOString();
  const isStandard = (f: ModelField) => f.applicationId === ws.model.standardApplicationId;
  const results: WriteResult[] = [];
  const batchIds = new Set<string>();
  const batchUnique = new Map<string, Set<string>>();
  const pending = new Map<string, Set<string>>([[object.nameSingular, batchIds]]);
  let position = table.nextPosition();
  const filesChanges: FilesChange[] = [];

  for (const input of inputs) {
    const sets = parseInput(ws, object, input, w);
    const sent = input as Record<string, unknown>;
    if (sent.id !== undefined && sent.id !== null && !isUuid(sent.id)) {
      throw codedError(400, 'INVALID_QUERY_INPUT', `Value "${String(sent.id)}" is not a valid UUID`);
    }

    // Upsert: match on id, then on each unique field (get-conflicting-fields.util.ts); the existing id wins.
    let existing: Row | undefined;
    if (options.upsert) {
      existing = typeof sent.id === 'string' ? table.rows.get(sent.id) : undefined;
      for (const f of table.uniqueFields()) {
        if (existing) break;
        if (!sets.some((s) => s.field === f && !s.joinColumn)) continue;
        const probe = { [f.name]: normalizeValue(f, sent[f.name], null) };
        const id = table.findUnique(f, probe);
        if (id) existing = table.rows.get(id);
      }
    }

    let row: Row;
    if (existing) {
      row = structuredClone(existing);
      for (const s of sets) {
        // The sent createdAt overwrites the matched row's (real-2.21 upsert-merge-created-at); createdBy is kept.
        if (s.key === 'id' || s.key === 'createdBy') continue;
        row[s.key] = s.joinColumn ? s.value : normalizeValue(s.field, s.value, row[s.key]);
      }
      row.deletedAt = null;
      if (sent.updatedAt === undefined) row.updatedAt = now;
    } else {
      row = {};
      for (const f of w.byName.values()) row[f.name] = defaultValueOf(f, isStandard(f));
      for (const column of w.byJoinColumn.keys()) row[column] = null;
      row.createdAt = now;
      row.updatedAt = now;
      row.deletedAt = null;
      for (const s of sets) row[s.key] = s.joinColumn ? s.value : normalizeValue(s.field, s.value, null);
      if (typeof row.id !== 'string') row.id = randomUUID();
      const createdBy = sent.createdBy as { name?: string } | undefined;
      // createdBy is kept only when it names someone (actor-from-auth-context.service.ts); its context becomes null.
      // Without a name it becomes the key's actor, keeping the source sent (real-2.21 created-by-empty-name).
      const sentSource = (createdBy as { source?: unknown } | undefined)?.source;
      row.createdBy = createdBy?.name ? { ...(row.createdBy as object), context: null } : { ...actor, ...(typeof sentSource === 'string' ? { source: sentSource } : {}) };
      if (sent.position === undefined && 'position' in row) row.position = position--;
    }
    row.updatedBy = actor;

    if (!existing && (table.rows.has(row.id as string) || batchIds.has(row.id as string))) throw duplicate();
    for (const f of table.uniqueFields()) {
      const holder = table.findUnique(f, row);
      if (holder && holder !== row.id) throw duplicate();
      const key = uniqueKeyOf(f, row);
      if (key === null) continue;
      const seen = batchUnique.get(f.name) ?? new Set<string>();
      if (seen.has(key)) throw duplicate();
      batchUnique.set(f.name, seen.add(key));
    }
    checkRequired(object, row, w);
    checkForeignKeys(ws, object, row, w, pending);
    filesChanges.push(checkFilesFields(ws, object, sent, row, existing));
    batchIds.add(row.id as string);
    results.push({ row, updated: Boolean(existing), previous: existing });
  }

  for (const c of filesChanges) commitFilesChange(ws, c);
  for (const r of results) {
    if (!r.updated) afterWorkflowCreate(ws, object, r.row);
    table.put(r.row);
    ws.recordEvent(object, r.row, r.updated ? 'updated' : 'created', r.previous);
  }
  return results;
}

/** PATCH one record: partial composites merge; createdAt and createdBy may change; updatedBy is the key. */
export function updateRow(ws: SandboxWorkspace, object: ModelObject, id: string, input: unknown): Row {
  const table = ws.tableOrCreate(object);
  const current = table.rows.get(id);
  if (!current || current.deletedAt) throw notFound();
  const w = writableFields(ws, object);
  const sets = parseInput(ws, object, input, w);
  const row = structuredClone(current);
  for (const s of sets) {
    if (s.key === 'id') continue;
    row[s.key] = s.joinColumn ? s.value : normalizeValue(s.field, s.value, row[s.key]);
  }
  if ((input as Record<string, unknown>).updatedAt === undefined) row.updatedAt = new Date().toISOString();
  row.updatedBy = apiActor(ws.apiKeyName);
  for (const f of table.uniqueFields()) {
    const holder = table.findUnique(f, row);
    if (holder && holder !== id) throw duplicate();
  }
  checkRequired(object, row, w);
  checkForeignKeys(ws, object, row, w, new Map());
  commitFilesChange(ws, checkFilesFields(ws, object, input as Record<string, unknown>, row, current));
  table.put(row);
  ws.recordEvent(object, row, 'updated', current);
  return row;
}

/** Soft delete sets deletedAt and answers the whole record. */
export function softDeleteRow(ws: SandboxWorkspace, object: ModelObject, id: string, at = new Date().toISOString()): Row {
  const table = ws.tableOrCreate(object);
  const current = table.rows.get(id);
  if (!current || current.deletedAt) throw notFound();
  const row = { ...current, deletedAt: at, updatedAt: at };
  table.put(row);
  ws.recordEvent(object, row, 'deleted');
  // The trash follows CASCADE relations, as it does on a real 2.21 (recorded: soft-delete-cascades): a note's
  // noteTargets go with it, stamped with the same time, which is how a restore finds them again.
  for (const { other, column } of cascadingChildren(ws, object)) {
    for (const ref of [...ws.table(other.nameSingular)!.rows.values()].filter((r) => r[column] === id && !r.deletedAt)) softDeleteRow(ws, other, ref.id as string, at);
  }
  return row;
}

/** The objects whose rows point at `object` through a relation deleted with it (onDelete CASCADE). */
export function cascadingChildren(ws: SandboxWorkspace, object: ModelObject): Array<{ other: ModelObject; column: string }> {
  const out: Array<{ other: ModelObject; column: string }> = [];
  for (const other of ws.model.objects) {
    if (!ws.table(other.nameSingular)) continue;
    for (const f of ws.index.fieldsOf(other).filter(isManyToOne)) {
      if (f.relation?.targetObject !== object.nameSingular) continue;
      if ((f.settings as { onDelete?: string } | null)?.onDelete === 'CASCADE') out.push({ other, column: joinColumnOf(f) });
    }
  }
  return out;
}

/**
 * Hard delete (the default in 2.21): the row goes, and so do the rows pointing at it through CASCADE relations
 * (note/task targets, attachments, timeline activities); SET_NULL relations are emptied.
 */
export function destroyRow(ws: SandboxWorkspace, object: ModelObject, id: string): Row {
  const table = ws.tableOrCreate(object);
  const row = table.rows.get(id);
  if (!row) throw notFound();
  table.remove(id);
  for (const other of ws.model.objects) {
    for (const f of ws.index.fieldsOf(other).filter(isManyToOne)) {
      if (f.relation?.targetObject !== object.nameSingular) continue;
      const column = joinColumnOf(f);
      const t = ws.table(other.nameSingular);
      if (!t) continue;
      for (const ref of [...t.rows.values()].filter((r) => r[column] === id)) {
        const onDelete = (f.settings as { onDelete?: string } | null)?.onDelete;
        if (onDelete === 'CASCADE' || other.nameSingular === 'timelineActivity') destroyRow(ws, other, ref.id as string);
        else t.put({ ...ref, [column]: null });
      }
    }
  }
  return row;
}

export function restoreRow(ws: SandboxWorkspace, object: ModelObject, row: Row): Row {
  const restored = { ...row, deletedAt: null, updatedAt: new Date().toISOString() };
  ws.tableOrCreate(object).put(restored);
  ws.recordEvent(object, restored, 'restored');
  // What went to the trash with it comes back with it (recorded: soft-delete-cascades).
  for (const { other, column } of cascadingChildren(ws, object)) {
    for (const ref of [...ws.table(other.nameSingular)!.rows.values()].filter((r) => r[column] === row.id && r.deletedAt && r.deletedAt === row.deletedAt)) restoreRow(ws, other, ref);
  }
  return restored;
}
