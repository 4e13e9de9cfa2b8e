/**
 * What the replay of the Twenty 1.2.0 recordings (test/fixtures/real-1.2/, scripts/real/record-1.2.ts) needs: the
 * exchanges, the recorded metadata ids mapped to the sandbox's (a sandbox workspace built from the seeded-1.2 model
 * renames every recorded id the same way: model.ts instantiateModel), and a workspace primed with the recorded
 * records, filled up to the recorded totals with rows that sort after them (so recorded pages come out as recorded).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadBuiltInModel, uuidFrom } from '../model/model.js';
import type { Row } from '../records/table.js';
import type { SandboxWorkspace } from '../workspace.js';
import type { Transcript } from '../../support/shared.js';
import { mapIds } from './compare.js';
import { cloneRow, fillerId, harvest } from './prime.js';

export interface Exchange12 {
  method: string;
  /** path and query string, as sent */
  path: string;
  body?: { query?: string; variables?: Record<string, unknown> };
  status: number;
  response: any;
  /** the recorder kept the first items of a list this long */
  trimmed?: { items: number };
}

const DIR = resolve(import.meta.dirname, '../../fixtures/real-1.2');

export function recording12(name: 'connect-and-schema' | 'records'): Exchange12[] {
  const file = resolve(DIR, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { exchanges: Exchange12[] }).exchanges : [];
}

/** Recorded metadata id → the id of the same entity in the sandbox workspace named `workspaceKey`. */
export function recordedMetadataIds(workspaceKey: string): Map<string, string> {
  const ids = new Map<string, string>();
  const add = (id: string | null | undefined) => id && ids.set(id, uuidFrom(`${workspaceKey}:${id}`));
  for (const o of loadBuiltInModel('seeded-1.2').objects) {
    add(o.id);
    add(o.dataSourceId);
    for (const f of o.fields) {
      add(f.id);
      for (const option of f.options ?? []) add(option.id);
    }
  }
  return ids;
}

const asTranscript = (e: Exchange12): Transcript => ({
  name: e.path, description: '', auth: 'SOURCE', request: { method: e.method, path: e.path.split('?')[0], body: null },
  response: { status: e.status, headers: {}, body: e.response },
});

/** The recorded lists' plural and totalCount (the first answer of each path without a cursor). */
function recordedTotals(exchanges: Exchange12[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const e of exchanges) {
    const m = /^\/rest\/(\w+)\?limit=\d+$/.exec(e.path);
    if (m && e.status === 200 && typeof e.response?.totalCount === 'number' && !totals.has(m[1])) totals.set(m[1], e.response.totalCount);
  }
  return totals;
}

/**
 * Stores every record the recorded answers show (metadata ids in them, such as a view's objectMetadataId, renamed to
 * the workspace's), then fillers (clones of the first, ids after every recorded one) until each listed object holds
 * its recorded totalCount; and the recorded roles with their object permissions and members.
 */
export function primeWorkspace12(ws: SandboxWorkspace, exchanges: Exchange12[]): void {
  const ids = recordedMetadataIds(ws.name);
  const found = harvest(ws, exchanges.filter((e) => e.method === 'GET').map(asTranscript));
  let n = 0;
  for (const [plural, total] of recordedTotals(exchanges)) {
    const object = ws.index.byPlural.get(plural);
    const rows = object && found.get(object.nameSingular);
    const template = rows?.values().next().value as Row | undefined;
    if (!object || !rows || !template) continue;
    while (rows.size < total) {
      const id = fillerId(n++);
      rows.set(id, cloneRow(ws, object, template, { id }));
    }
  }
  for (const [object, rows] of found) ws.insertRaw(object, [...rows.values()].map((r) => JSON.parse(mapIds(JSON.stringify(r), ids)) as Row));
  primeRoles(ws, exchanges, ids);
}

interface RecordedRole {
  label: string;
  objectPermissions: Array<{ objectMetadataId: string }>;
  workspaceMembers: Array<{ id: string }>;
  [setting: string]: unknown;
}

/** The recorded `getRoles` answer as the workspace's roles: same labels, settings, object permissions, members. */
function primeRoles(ws: SandboxWorkspace, exchanges: Exchange12[], ids: Map<string, string>): void {
  const answer = exchanges.find((e) => e.body?.query?.includes('getRoles') && e.response?.data)?.response.data.getRoles as RecordedRole[] | undefined;
  const store = ws.config.roles;
  for (const recorded of answer ?? []) {
    const { label, objectPermissions, workspaceMembers, permissionFlags: _flags, id: _id, ...settings } = recorded;
    const role = store.byLabel(label) ?? store.create({ label });
    Object.assign(role, settings, { objectPermissions: objectPermissions.map((p) => ({ ...p, objectMetadataId: ids.get(p.objectMetadataId) ?? p.objectMetadataId })) });
    for (const m of workspaceMembers) store.assignments.set(m.id, role.id);
  }
}
