/**
 * Rows a replay must find in the sandbox before it starts: the records a recording shows to have existed
 * beforehand, taken from the recorded answers themselves (lists, find-ones and the records embedded at depth 1),
 * plus filler rows cloned from them wherever a recorded totalCount or cursor proves more rows existed.
 */
import { isManyToOne, isOneToMany, isRelationField } from '../model/model.js';
import type { ModelObject } from '../model/types.js';
import type { Row } from '../records/table.js';
import type { SandboxWorkspace } from '../workspace.js';
import type { Transcript } from '../../support/shared.js';

export type Harvest = Map<string, Map<string, Row>>;

/** Strips what a stored row does not hold: embedded relations, signed file URLs (made at answer time). */
function toStoredRow(ws: SandboxWorkspace, object: ModelObject, record: Row, into: Harvest): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(record)) {
    const field = object.fields.find((f) => f.name === key);
    if (field && isRelationField(field)) {
      const target = field.relation && ws.index.bySingular.get(field.relation.targetObject);
      if (!target) continue;
      if (isManyToOne(field) && value && typeof value === 'object') collect(ws, target, value as Row, into);
      if (isOneToMany(field) && Array.isArray(value)) for (const v of value) collect(ws, target, v as Row, into);
      continue;
    }
    if (field?.type === 'FILES' && Array.isArray(value)) {
      row[key] = value.map(({ url: _url, ...file }: Row) => file);
      continue;
    }
    row[key] = value;
  }
  return row;
}

function collect(ws: SandboxWorkspace, object: ModelObject, record: Row, into: Harvest): void {
  if (typeof record?.id !== 'string') return;
  const rows = into.get(object.nameSingular) ?? new Map<string, Row>();
  into.set(object.nameSingular, rows);
  const known = rows.get(record.id);
  const row = toStoredRow(ws, object, record, into);
  // A record seen twice (embedded and listed) keeps the fuller copy.
  if (!known || Object.keys(row).length > Object.keys(known).length) rows.set(record.id, row);
}

/** Every record in the successful read answers of these transcripts, by object. */
export function harvest(ws: SandboxWorkspace, transcripts: Transcript[]): Harvest {
  const out: Harvest = new Map();
  for (const t of transcripts) {
    if (t.request.method !== 'GET' || t.response.status !== 200 || !t.request.path.startsWith('/rest/')) continue;
    const data = t.response.body?.data;
    if (!data || typeof data !== 'object' || Array.isArray(data)) continue;
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      const object = ws.index.byPlural.get(key) ?? ws.index.bySingular.get(key);
      if (!object) continue;
      for (const record of Array.isArray(value) ? value : [value]) collect(ws, object, record as Row, out);
    }
  }
  return out;
}

/** A copy of a recorded row standing for an unrecorded one: new id, given overrides, unique values emptied. */
export function cloneRow(ws: SandboxWorkspace, object: ModelObject, template: Row, overrides: Row): Row {
  const row = structuredClone(template);
  for (const f of object.fields) {
    if (!f.isUnique || f.name === 'id' || !(f.name in row)) continue;
    const v = row[f.name];
    if (f.type === 'LINKS') row[f.name] = { ...(v as Row), primaryLinkUrl: '' };
    else if (f.type === 'EMAILS') row[f.name] = { ...(v as Row), primaryEmail: '' };
    else row[f.name] = null;
  }
  // Relations of the template would point the clone at recorded records: fillers stand alone.
  for (const f of ws.index.joinColumns(object)) if (f.column in row) row[f.column] = null;
  return { ...row, ...overrides };
}

/** Ids of fillers: they sort after every recorded id (all below "f"), so recorded rows keep their places. */
export const fillerId = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
