/**
 * Source → target ids for everything configuration refers to. Objects and fields are matched by name (standard
 * and custom alike: the schema stage created the custom ones under the same names), members by the members
 * stage's e-mail mapping, records by the import's id map (ids are kept, except records merged into an existing
 * target record), views and filter groups by what this stage created. `mapDeep` rewrites every UUID found in a
 * value, inside strings too (workflow filters hold JSON strings like `["<member id>"]`), and lists the source
 * ids it could not map, each with what it was.
 */
import type { SchemaField, SchemaObject, WorkspaceSchema } from '../metadata/types.js';
import type { MembersFile } from '../run/contracts.js';

const UUID_G = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface Unresolved {
  /** the source id */
  id: string;
  what: 'object' | 'field' | 'member' | 'view';
  /** object, `object.field` or member e-mail */
  name: string;
}

export interface IdMaps {
  objects: Map<string, string>;
  fields: Map<string, string>;
  members: Map<string, string>;
  /** source view id → target view id (filled by the views step) */
  views: Map<string, string>;
  /** source record id → target record id, for records merged on import (others keep their id) */
  records: (id: string) => string;
  /** source ids known to be metadata or members, with their name, for reports */
  sourceNames: Map<string, Unresolved>;
  sourceObject(id: string): SchemaObject | undefined;
  sourceField(id: string): { object: SchemaObject; field: SchemaField } | undefined;
  targetObjectByName(name: string): SchemaObject | undefined;
  targetField(id: string): { object: SchemaObject; field: SchemaField } | undefined;
}

export function buildIdMaps(source: WorkspaceSchema, target: WorkspaceSchema, members?: MembersFile, records: (id: string) => string = (id) => id): IdMaps {
  const objects = new Map<string, string>();
  const fields = new Map<string, string>();
  const sourceNames = new Map<string, Unresolved>();
  const sourceFields = new Map<string, { object: SchemaObject; field: SchemaField }>();
  const targetFields = new Map<string, { object: SchemaObject; field: SchemaField }>();
  const targetByName = new Map(target.objects.map((o) => [o.nameSingular, o]));
  for (const o of target.objects) for (const f of o.fields) targetFields.set(f.id, { object: o, field: f });
  for (const o of source.objects) {
    sourceNames.set(o.id, { id: o.id, what: 'object', name: o.nameSingular });
    const t = targetByName.get(o.nameSingular);
    if (t) objects.set(o.id, t.id);
    for (const f of o.fields) {
      sourceFields.set(f.id, { object: o, field: f });
      sourceNames.set(f.id, { id: f.id, what: 'field', name: `${o.nameSingular}.${f.name}` });
      const tf = t?.fields.find((x) => x.name === f.name);
      if (tf) fields.set(f.id, tf.id);
    }
  }
  const memberMap = new Map<string, string>();
  for (const m of members?.source ?? []) sourceNames.set(m.id, { id: m.id, what: 'member', name: m.userEmail ?? m.name });
  for (const [s, t] of Object.entries(members?.mapping ?? {})) memberMap.set(s, t);
  // The policy for unmatched members applies to configuration as to records: "map" gives their references to one
  // target member; under "empty" they stay unresolved and are reported with the step to fix.
  if (members?.policy.kind === 'map' && members.mapTo) for (const m of members.unmatched) memberMap.set(m.id, members.mapTo);
  return {
    objects, fields, members: memberMap, views: new Map(), records, sourceNames,
    sourceObject: (id) => source.objects.find((o) => o.id === id),
    sourceField: (id) => sourceFields.get(id),
    targetObjectByName: (name) => targetByName.get(name),
    targetField: (id) => targetFields.get(id),
  };
}

/** The target id of one source id, or undefined when it is a known source item without a target counterpart. */
export function mapId(maps: IdMaps, id: string): string | undefined {
  const direct = maps.fields.get(id) ?? maps.objects.get(id) ?? maps.members.get(id) ?? maps.views.get(id);
  if (direct) return direct;
  if (maps.sourceNames.has(id)) return undefined;
  return maps.records(id);
}

/**
 * A copy of `value` with every UUID mapped (keys of objects are left alone). Unknown UUIDs (step ids, filter ids,
 * record ids) stay as they are, record ids through `maps.records`.
 */
export function mapDeep<T>(maps: IdMaps, value: T, unresolved: Unresolved[] = []): T {
  const mapString = (s: string) =>
    s.replace(UUID_G, (id) => {
      const mapped = mapId(maps, id.toLowerCase());
      if (mapped !== undefined) return mapped;
      const known = maps.sourceNames.get(id.toLowerCase());
      if (known && !unresolved.some((u) => u.id === known.id)) unresolved.push(known);
      return id;
    });
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mapString(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** The name of a source field id (`company.name`), for keys and reports. */
export const fieldName = (maps: IdMaps, id: unknown): string =>
  typeof id === 'string' ? (maps.sourceNames.get(id)?.name ?? id) : String(id ?? '');

/** Every UUID in a value. */
export function uuidsIn(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(UUID_G)].map((m) => m[0].toLowerCase());
}
