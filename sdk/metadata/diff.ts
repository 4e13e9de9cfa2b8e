/**
 * `diffSchemas`: what the target's data model lacks or has differently, one row per thing to create, add or
 * report, so a notebook shows a table and a script filters by `kind` or `action`.
 */
import { isAutoCreatedField } from './auto-fields.js';
import {
  comparableSettings, canonical, findField, findObject, isRelationField, type SchemaDifference,
} from './difference.js';
import { missingRelationRows } from './diff-relations.js';
import { creationType, NOT_CREATABLE_TYPES, sameFieldType } from './field-types.js';
import type { SchemaField, SchemaObject, WorkspaceSchema } from './types.js';
import { generatedReason } from '../export/select.js';
import { carriedAs } from '../files/legacy-paths.js';
import { RESERVED_NAMES, reservedNameAdvice } from './reserved-names.js';

const KIND_ORDER = [
  'object-missing', 'field-missing', 'relation-missing', 'morph-relation-missing', 'option-missing', 'inactive-object',
  'inactive-field', 'settings-differ', 'type-conflict', 'relation-target-differs', 'standard-version-difference',
];

/** 1.x standard objects 2.x holds another way, and what becomes of their records. */
const VERSIONED_OBJECTS: Record<string, string> = {
  view: "1.x views are records; the configuration stage recreates them as the target's views (config-migration/views-1x.ts)",
  viewField: 'recreated with their views by the configuration stage',
  viewFilter: 'recreated with their views by the configuration stage',
  viewFilterGroup: 'recreated with their views by the configuration stage',
  viewGroup: 'recreated with their views by the configuration stage',
  viewSort: 'recreated with their views by the configuration stage',
  favorite: "not migrated: 2.x replaced favorites with each user's navigation menu items; users pin them again",
  favoriteFolder: "not migrated: 2.x replaced favorites with each user's navigation menu items; users pin them again",
};

const row = (r: Omit<SchemaDifference, 'id'>): SchemaDifference => ({ id: `${r.kind}:${r.object}${r.field ? `.${r.field}` : ''}`, ...r });

/**
 * Compares two workspaces' data models. Custom objects and fields the target lacks become `create` rows (relations
 * once per pair, morph relations once per group; what Twenty creates with a custom object is left out); missing
 * select options become `add-options`; everything apply must not change on its own is `report` (or `update`
 * once approved), with the consequence for record migration.
 *
 * @example
 * const diff = diffSchemas(await readWorkspaceSchema(source), await readWorkspaceSchema(target));
 * console.table(diff.map(({ kind, object, field, action, detail }) => ({ kind, object, field, action, detail })));
 * const blocking = diff.filter((d) => d.action === 'report');
 */
export function diffSchemas(source: WorkspaceSchema, target: WorkspaceSchema): SchemaDifference[] {
  const rows: SchemaDifference[] = [];
  const missing: Array<{ object: SchemaObject; field: SchemaField }> = [];

  for (const so of source.objects) {
    const to = findObject(target, so);
    if (!to) {
      if (so.isCustom && so.isActive && (RESERVED_NAMES.has(so.nameSingular) || RESERVED_NAMES.has(so.namePlural))) {
        const name = RESERVED_NAMES.has(so.nameSingular) ? so.nameSingular : so.namePlural;
        rows.push(row({ kind: 'object-missing', object: so.nameSingular, action: 'report', detail: `custom object ${so.nameSingular} (${so.namePlural}): ${reservedNameAdvice('object', name)}`, consequence: `records of ${so.namePlural} will not be migrated until it exists in the target` }));
        continue;
      }
      if (so.isCustom) {
        rows.push(row({
          kind: 'object-missing', object: so.nameSingular, action: so.isActive ? 'create' : 'skip',
          detail: so.isActive ? `custom object ${so.nameSingular} (${so.namePlural})` : `custom object ${so.nameSingular} is inactive in the source: not created`,
          consequence: so.isActive ? undefined : `records of ${so.namePlural} will not be migrated`,
        }));
      } else {
        rows.push(row({
          kind: 'standard-version-difference', object: so.nameSingular, action: 'report',
          detail: `standard object ${so.nameSingular} does not exist in the target's version`,
          consequence: VERSIONED_OBJECTS[so.nameSingular] ?? `records of ${so.namePlural} will not be migrated`,
        }));
        continue;
      }
      if (!so.isActive) continue;
    } else if (so.isActive && !to.isActive) {
      rows.push(row({
        kind: 'inactive-object', object: so.nameSingular, action: 'report', approvable: true,
        detail: `${so.nameSingular} is inactive in the target`,
        consequence: `records of ${so.namePlural} cannot be imported unless the object is reactivated (approve this row)`,
      }));
    }
    for (const sf of so.fields) {
      if (isAutoCreatedField(source.objects, so, sf)) continue;
      const tf = to ? findField(to, sf) : undefined;
      // A 1.x attachment's `type`, `fullPath` and `author` are 2.x's fileCategory, file and createdBy: the transform
      // writes them there, so creating them would only add empty fields (and `type` is a name 2.x reserves).
      const carried = !tf && to && !sf.isCustom ? carriedAs(so, to, sf.name) : null;
      if (carried) {
        rows.push(row({ object: so.nameSingular, field: sf.name, type: sf.type, kind: 'standard-version-difference', action: 'skip', detail: `standard field ${so.nameSingular}.${sf.name} of the source's version is ${so.nameSingular}.${carried} in the target's: its values are carried there` }));
        continue;
      }
      if (!tf) missing.push({ object: so, field: sf });
      else rows.push(...compareField(so, sf, tf, target));
    }
  }

  for (const { object, field } of missing) {
    if (isRelationField(field)) continue;
    rows.push(missingScalarRow(object, field, target));
  }
  rows.push(...missingRelationRows(source, target, missing.filter((m) => isRelationField(m.field))));
  return rows.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

function missingScalarRow(o: SchemaObject, f: SchemaField, target: WorkspaceSchema): SchemaDifference {
  const at = `${o.nameSingular}.${f.name}`;
  const base = { object: o.nameSingular, field: f.name, type: f.type };
  if (!f.isActive) {
    return row({ ...base, kind: 'inactive-field', action: 'skip', detail: `${at} is inactive in the source: not created`, consequence: `${at} will not be migrated` });
  }
  if (!f.isCustom && (f.isSystem || NOT_CREATABLE_TYPES.has(f.type))) {
    return row({ ...base, kind: 'standard-version-difference', action: 'report', detail: `standard field ${at} (${f.type}) does not exist in the target's version`, consequence: `field ${at} will be dropped on import` });
  }
  const generated = !f.isCustom ? generatedReason(o) : null;
  if (generated) {
    return row({ ...base, kind: 'standard-version-difference', action: 'skip', detail: `standard field ${at} (${f.type}) of the source's version is not in the target's; not created, since ${o.namePlural} are not migrated (${generated})` });
  }
  if (!f.isCustom) {
    // Versions demote standard fields (2.x made company.employees, xLink, annualRecurringRevenue… custom, so a
    // fresh 2.21 workspace lacks them): created as a custom field of the same name, their values are kept.
    const as = creationType(f.type, target);
    return row({
      ...base, kind: 'field-missing', action: 'create',
      detail: `standard field ${at} (${f.type}) of the source's version is not in the target's: created as a custom ${as} field so its values are kept`,
    });
  }
  if (NOT_CREATABLE_TYPES.has(f.type)) {
    return row({ ...base, kind: 'field-missing', action: 'report', detail: `${at} has type ${f.type}, which cannot be created through the API`, consequence: `field ${at} will be dropped on import` });
  }
  if (RESERVED_NAMES.has(f.name)) {
    return row({ ...base, kind: 'field-missing', action: 'report', detail: `custom ${f.type} field ${at}: ${reservedNameAdvice('field', f.name)}`, consequence: `values of ${at} will be dropped on import until the field exists in the target` });
  }
  const as = creationType(f.type, target);
  const renamed = as === f.type ? '' : f.type === 'NUMERIC' ? ' as NUMBER (2.21 refuses new NUMERIC fields)' : ` as ${as} (the target's name for it)`;
  const options = f.options?.length && (f.type === 'SELECT' || f.type === 'MULTI_SELECT') ? ` with ${f.options.length} options` : '';
  return row({ ...base, kind: 'field-missing', action: 'create', detail: `custom ${f.type} field ${at}${renamed}${options}` });
}

function compareField(so: SchemaObject, sf: SchemaField, tf: SchemaField, target: WorkspaceSchema): SchemaDifference[] {
  const at = `${so.nameSingular}.${sf.name}`;
  const base = { object: so.nameSingular, field: sf.name, type: sf.type };
  if (!sameFieldType(sf.type, tf.type, target)) {
    return [row({
      ...base, kind: sf.isCustom ? 'type-conflict' : 'standard-version-difference', action: 'report',
      detail: `${at} is ${sf.type} in the source, ${tf.type} in the target`,
      consequence: `values of ${at} will be transformed from ${sf.type} to ${tf.type} where a transform exists, else dropped on import`,
    })];
  }
  const out: SchemaDifference[] = [];
  if (sf.isActive && !tf.isActive) {
    out.push(row({
      ...base, kind: 'inactive-field', action: 'report', approvable: true, detail: `${at} is inactive in the target`,
      consequence: `values of ${at} will be dropped on import unless the field is reactivated (approve this row)`,
    }));
  }
  if ((sf.type === 'SELECT' || sf.type === 'MULTI_SELECT') && sf.options) {
    const have = new Set((tf.options ?? []).map((o) => o.value));
    const lacking = sf.options.filter((o) => !have.has(o.value));
    const generated = !sf.isCustom ? generatedReason(so) : null;
    if (lacking.length && generated) {
      out.push(row({ ...base, kind: 'standard-version-difference', action: 'skip', detail: `${at} lacks option(s) ${lacking.map((o) => o.value).join(', ')} of the source's version; left as the target's version has it, since ${so.namePlural} are not migrated (${generated})` }));
    } else if (lacking.length) {
      out.push(row({ ...base, kind: 'option-missing', action: 'add-options', detail: `${at} lacks option(s) ${lacking.map((o) => o.value).join(', ')}` }));
    }
  }
  const sr = sf.relation;
  const tr = tf.relation;
  if (sr && tr && sr.targetObject && tr.targetObject && sr.targetObject !== tr.targetObject) {
    out.push(row({
      ...base, kind: sf.isCustom ? 'relation-target-differs' : 'standard-version-difference', action: 'report',
      detail: `${at} points to ${sr.targetObject} in the source, ${tr.targetObject} in the target`,
      consequence: `values of ${at} (${sr.joinColumn ?? sf.name}) will be dropped on import`,
    }));
  } else if (sr?.junctionTargetField && sr.junctionTargetField !== tr?.junctionTargetField) {
    out.push(row({
      ...base, kind: 'settings-differ', action: 'report', approvable: true,
      detail: `${at}: junction through ${sr.targetObject}.${sr.junctionTargetField} in the source, ${tr?.junctionTargetField ?? 'none'} in the target`,
      consequence: 'records import unchanged (the junction is a display setting)',
    }));
  }
  if (!isRelationField(sf)) {
    const differs = [
      comparableSettings(sf) !== comparableSettings(tf) && 'settings',
      sf.isCustom && sf.isNullable !== tf.isNullable && 'isNullable',
      sf.isCustom && sf.isUnique !== tf.isUnique && 'isUnique',
      sf.isCustom && canonical(sf.defaultValue) !== canonical(tf.defaultValue) && 'defaultValue',
    ].filter((x): x is string => typeof x === 'string');
    if (differs.length) {
      out.push(row({
        ...base, kind: sf.isCustom ? 'settings-differ' : 'standard-version-difference', action: 'report', approvable: sf.isCustom,
        detail: `${at}: ${differs.join(', ')} differ (source ${canonical(pick(sf, differs))}, target ${canonical(pick(tf, differs))})`,
        consequence: differs.includes('isUnique') || differs.includes('isNullable')
          ? `records that break the target's constraints on ${at} will be rejected on import`
          : `values of ${at} are imported as they are`,
      }));
    }
  }
  return out;
}

const pick = (f: SchemaField, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (f as unknown as Record<string, unknown>)[k]]));
