/**
 * Missing relation fields → rows. Twenty creates both sides of a relation in one call, so a relation is one row on
 * its many-to-one side whose `covers` names the inverse; a morph relation (fields sharing a `morphId`, one per
 * target object) is one row named after the field it was created as (`polymorphicOwner` for
 * `polymorphicOwnerRocket` + `polymorphicOwnerSurveyResult`).
 */
import { generatedReason } from '../export/select.js';
import { manyToOneRelations, renamedJoinColumn } from '../plan/objects.js';
import { objectNamed, fieldNamed, type SchemaDifference } from './difference.js';
import { RESERVED_NAMES, reservedNameAdvice } from './reserved-names.js';
import type { SchemaField, SchemaObject, WorkspaceSchema } from './types.js';

type Missing = { object: SchemaObject; field: SchemaField };

const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
const key = (o: string, f: string) => `${o}.${f}`;

/**
 * The name a morph relation was created with: Twenty names each member `<name><Target>` (many-to-one) or
 * `<name><Targets>` (one-to-many).
 *
 * @example
 * morphBaseName(schema, pet, [polymorphicOwnerRocket, polymorphicOwnerSurveyResult]); // 'polymorphicOwner'
 */
export function morphBaseName(schema: WorkspaceSchema, members: SchemaField[]): string {
  const bases = members.map((m) => {
    const target = m.relation?.targetObject ? objectNamed(schema, m.relation.targetObject) : undefined;
    const suffix = target ? capitalize(m.relation?.kind === 'ONE_TO_MANY' ? target.namePlural : target.nameSingular) : '';
    return suffix && m.name.endsWith(suffix) && m.name.length > suffix.length ? m.name.slice(0, -suffix.length) : null;
  });
  if (bases[0] && bases.every((b) => b === bases[0])) return bases[0];
  let prefix = members[0].name;
  for (const m of members) while (!m.name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix || members[0].name;
}

export function missingRelationRows(source: WorkspaceSchema, target: WorkspaceSchema, missing: Missing[]): SchemaDifference[] {
  const rows: SchemaDifference[] = [];
  const missingKeys = new Set(missing.map((m) => key(m.object.nameSingular, m.field.name)));
  const covered = new Set<string>();
  const willExist = (name: string) => !!objectNamed(target, name) || !!source.objects.find((o) => o.nameSingular === name && o.isCustom && o.isActive && !RESERVED_NAMES.has(o.nameSingular) && !RESERVED_NAMES.has(o.namePlural));
  const report = (m: Missing, detail: string, kind: SchemaDifference['kind'] = 'relation-missing') => {
    const at = key(m.object.nameSingular, m.field.name);
    rows.push({
      id: `${kind}:${at}`, kind, object: m.object.nameSingular, field: m.field.name, type: m.field.type, action: 'report',
      detail: `${at}: ${detail}`, consequence: `values of ${at} will be dropped on import`,
    });
  };

  const candidates = missing.filter((m) => {
    const at = key(m.object.nameSingular, m.field.name);
    if (!m.field.isActive) {
      rows.push({ id: `inactive-field:${at}`, kind: 'inactive-field', object: m.object.nameSingular, field: m.field.name, type: m.field.type, action: 'skip', detail: `${at} is inactive in the source: not created`, consequence: `${at} will not be migrated` });
      return false;
    }
    if (!m.field.isCustom) {
      const carried = carriedRelation(m, target, willExist);
      rows.push({
        id: `standard-version-difference:${at}`, kind: 'standard-version-difference', object: m.object.nameSingular, field: m.field.name, type: m.field.type,
        ...(carried ? { action: 'skip', detail: `standard relation ${at} does not exist in the target's version; ${carried}` } : { action: 'report', detail: `standard relation ${at} does not exist in the target's version`, consequence: `field ${at} will be dropped on import` }),
      });
      return false;
    }
    if (RESERVED_NAMES.has(m.field.name)) {
      report(m, reservedNameAdvice('field', m.field.name));
      return false;
    }
    return true;
  });

  // Morph groups first: their members and inverses are then covered.
  const groups = new Map<string, Missing[]>();
  for (const m of candidates) {
    const morphId = m.field.relation?.morphId;
    if (m.field.type !== 'MORPH_RELATION' || !morphId) continue;
    const k = `${m.object.nameSingular}|${morphId}`;
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  for (const group of groups.values()) {
    const { object } = group[0];
    const members = group.map((m) => m.field);
    const all = object.fields.filter((f) => f.relation?.morphId === members[0].relation?.morphId);
    members.forEach((f) => covered.add(key(object.nameSingular, f.name)));
    if (all.length > members.length) {
      group.forEach((m) => report(m, 'the target already has this morph relation with other targets; a target cannot be added to it through the API', 'morph-relation-missing'));
      continue;
    }
    const unresolved = group.filter((m) => !m.field.relation?.targetObject || !willExist(m.field.relation.targetObject));
    if (unresolved.length) {
      group.forEach((m) => report(m, `morph relation with unknown or missing target(s): ${unresolved.map((u) => u.field.relation?.targetObject ?? '?').join(', ')}`, 'morph-relation-missing'));
      continue;
    }
    const inverses = members.flatMap((f) => (f.relation?.inverseField ? [key(f.relation.targetObject!, f.relation.inverseField)] : []));
    inverses.forEach((k) => covered.add(k));
    const base = morphBaseName(source, members);
    const kind = members[0].relation?.kind ?? 'MANY_TO_ONE';
    rows.push({
      id: `morph-relation-missing:${key(object.nameSingular, base)}`, kind: 'morph-relation-missing', object: object.nameSingular, field: base,
      type: 'MORPH_RELATION', action: 'create',
      detail: `morph ${kind} ${key(object.nameSingular, base)} → ${members.map((f) => f.relation!.targetObject).join(', ')} (fields ${members.map((f) => f.name).join(', ')}; inverse ${inverses.join(', ') || 'unknown'})`,
      covers: [...members.map((f) => key(object.nameSingular, f.name)), ...inverses],
    });
  }

  for (const m of candidates) {
    const at = key(m.object.nameSingular, m.field.name);
    if (covered.has(at)) continue;
    const r = m.field.relation;
    if (!r?.targetObject) { report(m, 'relation target unknown (see the read warnings)'); continue; }
    if (!willExist(r.targetObject)) { report(m, `target object ${r.targetObject} does not exist in the target and will not be created`); continue; }
    const inverseInSource = r.inverseField ? fieldNamed(source, r.targetObject, r.inverseField) : undefined;
    const inverseAt = r.inverseField ? key(r.targetObject, r.inverseField) : null;
    const inverseMissing = inverseAt ? missingKeys.has(inverseAt) : true;
    if (r.kind === 'ONE_TO_MANY') {
      // Created by its many-to-one side's row (below), or impossible when that side already exists.
      if (inverseInSource && inverseMissing && inverseInSource.type === 'RELATION') continue;
      report(m, inverseInSource ? `its inverse ${inverseAt} exists in the target; Twenty creates both sides of a relation together` : 'inverse field unknown');
      continue;
    }
    if (inverseAt && !inverseMissing) { report(m, `its inverse ${inverseAt} already exists in the target; Twenty creates both sides of a relation together`); continue; }
    if (inverseAt) covered.add(inverseAt);
    rows.push({
      id: `relation-missing:${at}`, kind: 'relation-missing', object: m.object.nameSingular, field: m.field.name, type: m.field.type, action: 'create',
      detail: `MANY_TO_ONE ${at} → ${r.targetObject}${inverseAt ? ` (inverse ${inverseAt})` : ' (inverse unknown: named after the label)'}`,
      covers: inverseAt ? [inverseAt] : [],
    });
  }
  return rows;
}

/**
 * Why a standard relation the target's version lacks loses nothing, or null: a 1.x note/task/attachment link
 * (`personId`) is written into 2.x's morph column (`targetPersonId`, which Twenty also adds for a custom object apply
 * creates); a list side (one-to-many) holds no value of its own; a synced object's relations are never migrated.
 */
function carriedRelation(m: Missing, target: WorkspaceSchema, willExist: (name: string) => boolean): string | null {
  const generated = generatedReason(m.object);
  if (generated) return `not created, since ${m.object.namePlural} are not migrated (${generated})`;
  const relation = m.field.relation;
  if (relation?.kind === 'ONE_TO_MANY') return `the list side of ${relation.targetObject ?? 'another object'}'s relation holds no value of its own: nothing is written through it`;
  if (relation?.kind !== 'MANY_TO_ONE') return null;
  const join = relation.joinColumn ?? `${m.field.name}Id`;
  const to = objectNamed(target, m.object.nameSingular);
  const renamed = to ? renamedJoinColumn(join, relation.targetObject, manyToOneRelations(to)) : null;
  if (renamed) return `its values are written into ${m.object.nameSingular}.${renamed}`;
  const morph = `target${capitalize(join)}`;
  if (to && relation.targetObject && !objectNamed(target, relation.targetObject) && willExist(relation.targetObject) && manyToOneRelations(to).some((r) => r.morph && r.joinColumn.startsWith('target'))) {
    return `its values are written into ${m.object.nameSingular}.${morph}, which Twenty adds when ${relation.targetObject} is created`;
  }
  return null;
}
