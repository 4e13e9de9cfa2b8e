/**
 * The plan stage (guide step 6): what will be imported, in which order, what is skipped and why, what to look at
 * first (warnings) and what prevents the import (blockers). A pure function of the other stages' outputs.
 */
import type { WorkspaceSchema } from '../metadata/types.js';
import type { ExportState, MembersFile, Plan, PlannedObject, SkippedObject } from '../run/contracts.js';
import { findObject, manyToOneRelations, MEMBER_OBJECT } from './objects.js';
import { orderObjects, type DependencyEdge } from './order.js';
import { schemaGaps, type SchemaGap } from './schema-gaps.js';
import type { TargetSideEffects } from './side-effects.js';
import { memberWarnings } from './member-checks.js';
import { autoFieldOwner } from '../metadata/auto-fields.js';
import { NOT_CREATABLE_TYPES } from '../metadata/field-types.js';

export interface BuildPlanInput {
  source: WorkspaceSchema;
  target: WorkspaceSchema;
  /** export/state.json: the exported objects and their counts */
  exportState?: ExportState;
  /** or counts by namePlural (when planning before or without an export) */
  counts?: Record<string, number>;
  members?: MembersFile;
  /** objects the export left out, with reasons (`selectObjects(schema).skipped`) */
  skipped?: SkippedObject[];
  targetSideEffects?: TargetSideEffects;
}

/** The order a person would create things in, used among objects that are ready at the same time. */
const STANDARD_ORDER = ['company', 'person', 'opportunity', 'note', 'task', 'dashboard'];

/**
 * Builds the plan. Never throws for data problems: they become warnings or blockers.
 *
 * @example
 * const plan = buildPlan({ source, target, exportState, members, skipped });
 * plan.order.map((o) => o.object); // ['companies', 'people', 'opportunities', 'notes', 'tasks', …, 'noteTargets']
 * plan.ready; // false when e.g. unmatched members meet the `stop` policy
 */
export function buildPlan(input: BuildPlanInput): Plan {
  const { source, target } = input;
  const warnings: string[] = [...(input.targetSideEffects?.warnings ?? [])];
  const blockers: string[] = [];
  const skipped = [...(input.skipped ?? [])];
  const skippedNames = new Set(skipped.map((s) => s.object));
  const counts = countsOf(input);

  // Objects to import: exported, not skipped, not members (mapped, never written), present on both sides.
  const imported = new Map<string, { plural: string; count: number }>();
  for (const [name, count] of Object.entries(counts)) {
    const from = findObject(source, name);
    if (!from) {
      warnings.push(`export has records of "${name}", an object the source schema does not describe: ignored`);
      continue;
    }
    if (skippedNames.has(from.namePlural) || skippedNames.has(from.nameSingular) || from.nameSingular === MEMBER_OBJECT) continue;
    if (!findObject(target, from.namePlural)) {
      blockers.push(`the target has no object "${from.namePlural}" (${count} records to import): create it in the target or skip it`);
      continue;
    }
    imported.set(from.nameSingular, { plural: from.namePlural, count });
  }

  const edges: DependencyEdge[] = [];
  for (const name of imported.keys()) {
    const from = findObject(source, name)!;
    const carried = new Set(manyToOneRelations(from).map((r) => r.field.name));
    // The target's relations are what will be written; a relation the source lacks carries nothing.
    for (const r of manyToOneRelations(findObject(target, name)!)) {
      if (!r.target || r.target === MEMBER_OBJECT || !imported.has(r.target) || !carried.has(r.field.name)) continue;
      edges.push({ from: name, to: r.target, joinColumn: r.joinColumn, nullable: r.nullable });
    }
  }
  const isSystem = (n: string) => findObject(source, n)?.isSystem ?? false;
  const rank = (n: string) => {
    const i = STANDARD_ORDER.indexOf(n);
    return i >= 0 ? `0${String(i).padStart(2, '0')}` : `${isSystem(n) ? 2 : 1}${n}`;
  };
  const result = orderObjects({ nodes: [...imported.keys()], edges, rank, records: (n) => imported.get(n)?.count ?? 0 });

  const order: PlannedObject[] = result.order.map((n) => ({
    object: imported.get(n)!.plural,
    nameSingular: n,
    count: imported.get(n)!.count,
    deferredFields: result.deferred.filter((e) => e.from === n).map((e) => e.joinColumn),
  }));
  for (const e of result.deferred) {
    const plural = imported.get(e.from)!.plural;
    if (!e.nullable) {
      blockers.push(`${plural}.${e.joinColumn} is required but closes a cycle (${e.from} → ${e.to}): records cannot be created without it`);
    } else {
      const why = e.from === e.to
        ? `is deferred: it points at ${e.from} itself, and a record may be written before the one it points at`
        : `is deferred to break a cycle (${e.from} → ${e.to} → … → ${e.from})`;
      warnings.push(`${plural}.${e.joinColumn} ${why}: records are created without it and patched afterwards (their updatedAt is sent again with the patch)`);
    }
  }
  for (const name of imported.keys()) warnings.push(...gapWarnings(schemaGaps(source, target, name), source, target));
  const deleted = Object.entries(input.exportState?.objects ?? {}).filter(([n, s]) => (s.deletedCount ?? 0) > 0 && imported.has(findObject(source, n)?.nameSingular ?? ''));
  for (const [n, s] of deleted) {
    warnings.push(`${n}: ${s.deletedCount} soft-deleted record(s) will be created and then soft-deleted again (their deletedAt becomes the import time)`);
  }
  if (input.members) {
    const m = memberWarnings(input.members);
    warnings.push(...m.warnings);
    blockers.push(...m.blockers);
  }
  return { order, skipped, warnings, ready: blockers.length === 0, blockers };
}

function countsOf(input: BuildPlanInput): Record<string, number> {
  if (input.counts) return input.counts;
  return Object.fromEntries(Object.entries(input.exportState?.objects ?? {}).map(([n, s]) => [n, s.count]));
}

/**
 * One line per object for the fields the target lacks (they are often many), one per other gap. Planned against
 * the target as it is today (not the dry run's projection), custom fields and those Twenty creates with a custom
 * object are created by the data-model stage before any record is written: the line says so instead of "dropped".
 */
function gapWarnings(gaps: SchemaGap[], source: WorkspaceSchema, target: WorkspaceSchema): string[] {
  const missing = gaps.filter((g) => g.kind === 'missing-field');
  const out = gaps.filter((g) => g.kind !== 'missing-field').map((g) => g.detail);
  const createdByRun = (g: SchemaGap) => {
    if (target.projected) return false;
    const object = findObject(source, g.object);
    const field = object?.fields.find((f) => f.name === g.field);
    if (!object || !field) return false;
    return autoFieldOwner(source.objects, object, field) !== null || (field.isCustom && field.isActive && !NOT_CREATABLE_TYPES.has(field.type));
  };
  const created = missing.filter(createdByRun);
  const dropped = missing.filter((g) => !createdByRun(g));
  if (dropped.length === 1) out.unshift(dropped[0].detail);
  else if (dropped.length > 1) {
    out.unshift(`${dropped[0].object}: the target lacks ${dropped.length} fields, whose values will be dropped: ${dropped.map((g) => g.field).join(', ')}`);
  }
  if (created.length) {
    out.unshift(`${created[0].object}: the target lacks ${created.length} field(s) that run (or schema apply) creates before writing records, so their values are kept: ${created.map((g) => g.field).join(', ')}`);
  }
  return out;
}
