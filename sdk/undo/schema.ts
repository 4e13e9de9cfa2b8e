/**
 * `undo --schema`: the custom fields and objects the data-model stage created (schema/created.jsonl), removed once
 * the records are out, and only when they hold no data this run folder did not write:
 * - an object it created must be empty (live and trashed): what is left there was put in by someone else;
 * - a field it created on an object that was already there must be empty on every record except those the import
 *   merged into (those values are the import's own).
 * Twenty deletes only inactive items, so each is deactivated, then deleted. Fields go first, then objects (their
 * fields go with them, and the relations pointing at them on other objects, which the server made itself).
 */
import { request, type TwentyClient } from '../client/index.js';
import type { CreatedSchemaItem } from '../metadata/created.js';
import type { SchemaField, WorkspaceSchema } from '../metadata/types.js';
import { findObject } from '../plan/objects.js';

export interface SchemaUndo {
  kind: 'object' | 'field';
  name: string;
  id: string;
  status: 'removed' | 'would-remove' | 'kept-has-data' | 'already-gone' | 'failed';
  message?: string;
}

/** The sub-field or column that says whether a field holds a value, for a `[is]:NOT_NULL` filter. */
const PROBE: Record<string, string> = {
  LINKS: 'primaryLinkUrl', EMAILS: 'primaryEmail', PHONES: 'primaryPhoneNumber', FULL_NAME: 'firstName', ADDRESS: 'addressCity',
  CURRENCY: 'amountMicros', ACTOR: 'name', RICH_TEXT: 'blocknote', RICH_TEXT_V2: 'blocknote',
};

function probeOf(f: SchemaField): string | null {
  if (f.type === 'RELATION' || f.type === 'MORPH_RELATION') return f.relation?.kind === 'MANY_TO_ONE' ? (f.relation.joinColumn ?? `${f.name}Id`) : null;
  if (f.type === 'FILES' || f.type === 'TS_VECTOR') return null;
  return PROBE[f.type] ? `${f.name}.${PROBE[f.type]}` : f.name;
}

async function idsWith(client: TwentyClient, plural: string, filter: string | undefined): Promise<{ ids: string[]; total: number } | null> {
  const r = await request<{ totalCount?: number; data?: Record<string, Array<{ id: string }>> }>(client, 'GET', '/{plural}', {
    path: { plural }, query: { ...(filter ? { filter } : {}), limit: 100, depth: 0 },
  });
  if (r.error) return null;
  const rows = r.data?.data?.[plural] ?? [];
  return { ids: rows.map((x) => x.id), total: r.data?.totalCount ?? rows.length };
}

async function remove(metadata: TwentyClient, kind: 'objects' | 'fields', id: string): Promise<{ ok: boolean; gone?: boolean; message?: string }> {
  const off = await request(metadata, 'PATCH', `/${kind}/{id}`, { path: { id }, body: { isActive: false } });
  if (off.error?.status === 404) return { ok: true, gone: true };
  const del = await request(metadata, 'DELETE', `/${kind}/{id}`, { path: { id } });
  if (!del.error) return { ok: true };
  if (del.error.status === 404) return { ok: true, gone: true };
  return { ok: false, message: del.error.message };
}

/**
 * @example
 * await undoSchema(m.target.core, m.target.metadata, created, targetSchema, merged, { dryRun: true });
 */
export async function undoSchema(
  core: TwentyClient,
  metadata: TwentyClient,
  created: CreatedSchemaItem[],
  target: WorkspaceSchema,
  mergedIds: Map<string, Set<string>>,
  /** dry run: the records undo would remove first, by namePlural (they do not count as someone else's data) */
  options: { dryRun?: boolean; pending?: Map<string, Set<string>> } = {},
): Promise<SchemaUndo[]> {
  const out: SchemaUndo[] = [];
  const createdObjects = new Set(created.filter((c) => c.kind === 'object').map((c) => c.object));
  for (const c of created.filter((x) => x.kind === 'field' && !createdObjects.has(x.object))) {
    const name = `${c.object}.${c.field}`;
    const object = findObject(target, c.object);
    const field = object?.fields.find((f) => f.id === c.id || f.name === c.field);
    if (!object || !field) {
      out.push({ kind: 'field', name, id: c.id, status: 'already-gone' });
      continue;
    }
    const probe = probeOf(field);
    const merged = new Set([...(mergedIds.get(object.namePlural) ?? []), ...(options.pending?.get(object.namePlural) ?? [])]);
    if (probe) {
      const found = await idsWith(core, object.namePlural, `${probe}[is]:NOT_NULL`);
      const others = found ? found.ids.filter((id) => !merged.has(id)) : [];
      // More than one page: the ids beyond it are not known to be ours.
      if (!found || others.length || (found.total > found.ids.length && found.total > merged.size)) {
        out.push({ kind: 'field', name, id: c.id, status: 'kept-has-data', message: found ? `${found.total} record(s) hold a value this run did not write (e.g. ${others[0] ?? '…'})` : 'could not be checked' });
        continue;
      }
    }
    if (options.dryRun) {
      out.push({ kind: 'field', name, id: c.id, status: 'would-remove' });
      continue;
    }
    const r = await remove(metadata, 'fields', field.id);
    out.push({ kind: 'field', name, id: c.id, status: r.ok ? (r.gone ? 'already-gone' : 'removed') : 'failed', ...(r.message ? { message: r.message } : {}) });
  }
  for (const c of created.filter((x) => x.kind === 'object')) {
    const object = findObject(target, c.object);
    if (!object) {
      out.push({ kind: 'object', name: c.object, id: c.id, status: 'already-gone' });
      continue;
    }
    const live = await idsWith(core, object.namePlural, undefined);
    const trashed = await idsWith(core, object.namePlural, 'deletedAt[is]:NOT_NULL');
    const left = (live?.total ?? 1) + (trashed?.total ?? 1) - (options.pending?.get(object.namePlural)?.size ?? 0);
    if (left > 0) {
      out.push({ kind: 'object', name: c.object, id: c.id, status: 'kept-has-data', message: live && trashed ? `${left} record(s) this run did not write` : 'could not be checked' });
      continue;
    }
    if (options.dryRun) {
      out.push({ kind: 'object', name: c.object, id: c.id, status: 'would-remove' });
      continue;
    }
    const r = await remove(metadata, 'objects', object.id);
    out.push({ kind: 'object', name: c.object, id: c.id, status: r.ok ? (r.gone ? 'already-gone' : 'removed') : 'failed', ...(r.message ? { message: r.message } : {}) });
  }
  return out;
}
