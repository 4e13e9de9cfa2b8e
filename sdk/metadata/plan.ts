/**
 * `planSchemaApply`: the metadata API calls that bring the target's data model up to the source's, in an order
 * that works (objects, then their fields, then relations, morph relations, junction settings, select options, and
 * last the changes the user approved). Target ids are unknown until objects exist, so bodies name them by
 * placeholder (`@object:pet`, `@field:pet.species`) and apply resolves them against a fresh read of the target.
 */
import { fieldNamed, objectNamed, type SchemaDifference } from './difference.js';
import { buildFieldBody, buildMorphBody, buildRelationBody, type Body } from './plan-bodies.js';
import type { SchemaField, SchemaOption, WorkspaceSchema } from './types.js';

export type PlanPhase = 'objects' | 'fields' | 'relations' | 'morph-relations' | 'junctions' | 'options' | 'updates';
export const PLAN_PHASES: PlanPhase[] = ['objects', 'fields', 'relations', 'morph-relations', 'junctions', 'options', 'updates'];

/** How apply recognises a call whose effect is already there (idempotency). */
export type CallIntent = 'create' | 'add-options' | 'set-junction' | 'update-field' | 'activate-field' | 'activate-object';

export interface PlannedCall {
  /** e.g. `create:pet.species`, unique in the plan */
  id: string;
  phase: PlanPhase;
  intent: CallIntent;
  method: 'POST' | 'PATCH';
  /** relative to `/rest/metadata`; may hold an `@field:`/`@object:` placeholder */
  path: string;
  body: Body;
  object: string;
  field?: string;
  /** `object` or `object.field` names the call creates (the first one decides whether it is already done) */
  creates: string[];
  /** select options to add (intent add-options), merged with the target's current ones at apply time */
  addOptions?: SchemaOption[];
  /** the difference rows this call settles */
  rows: string[];
  description: string;
}

export interface UnappliedDifference {
  row: SchemaDifference;
  reason: string;
  consequence?: string;
}

export interface SchemaPlan {
  calls: PlannedCall[];
  /** rows apply will not act on, with why and what it means for record migration */
  unapplied: UnappliedDifference[];
}

export interface PlanOptions {
  /** ids of `approvable` rows the user wants applied (changes to existing target fields) */
  approve?: Iterable<string>;
}

/**
 * Turns a diff into ordered calls. Nothing here deletes, and an existing target field is only changed when its
 * row id is in `approve`.
 *
 * @example
 * const plan = planSchemaApply(diff, source, target, { approve: ['inactive-field:company.tagline'] });
 * console.log(formatPlan(plan)); // POST /rest/metadata/objects {"nameSingular":"pet",…}
 */
export function planSchemaApply(diff: SchemaDifference[], source: WorkspaceSchema, target: WorkspaceSchema, options: PlanOptions = {}): SchemaPlan {
  const approved = new Set(options.approve ?? []);
  const calls: PlannedCall[] = [];
  const unapplied: UnappliedDifference[] = [];
  const createdFields: SchemaField[] = [];
  const add = (c: Omit<PlannedCall, 'id'> & { id?: string }) => calls.push({ id: c.id ?? `${c.intent}:${c.object}${c.field ? `.${c.field}` : ''}`, ...c });

  for (const row of diff) {
    const so = objectNamed(source, row.object);
    const sf = row.field ? fieldNamed(source, row.object, row.field) : undefined;
    const at = `${row.object}${row.field ? `.${row.field}` : ''}`;
    if (row.action === 'create' && row.kind === 'object-missing' && so) {
      const body: Body = { nameSingular: so.nameSingular, namePlural: so.namePlural, labelSingular: so.labelSingular, labelPlural: so.labelPlural };
      if (so.description) body.description = so.description;
      if (so.icon) body.icon = so.icon;
      add({ phase: 'objects', intent: 'create', method: 'POST', path: '/objects', body, object: so.nameSingular, creates: [so.nameSingular], rows: [row.id], description: `create custom object ${so.nameSingular}` });
    } else if (row.action === 'create' && row.kind === 'field-missing' && sf) {
      add({ phase: 'fields', intent: 'create', method: 'POST', path: '/fields', body: buildFieldBody(sf, row.object, target), object: row.object, field: sf.name, creates: [at], rows: [row.id], description: `create ${sf.type} field ${at}` });
      createdFields.push(sf);
    } else if (row.action === 'create' && row.kind === 'relation-missing' && so && sf) {
      const inverse = sf.relation?.inverseField ? fieldNamed(source, sf.relation.targetObject!, sf.relation.inverseField) : undefined;
      add({ phase: 'relations', intent: 'create', method: 'POST', path: '/fields', body: buildRelationBody(source, so, sf, inverse), object: row.object, field: sf.name, creates: [at, ...(row.covers ?? [])], rows: [row.id], description: `create relation ${at} → ${sf.relation?.targetObject} and its inverse` });
      createdFields.push(...(inverse ? [inverse] : []));
    } else if (row.action === 'create' && row.kind === 'morph-relation-missing' && so && row.field) {
      const covers = row.covers ?? [];
      const members = so.fields.filter((f) => covers.includes(`${so.nameSingular}.${f.name}`));
      const inverses = members.flatMap((m) => (m.relation?.inverseField ? [fieldNamed(source, m.relation.targetObject!, m.relation.inverseField)!] : []));
      add({ phase: 'morph-relations', intent: 'create', method: 'POST', path: '/fields', body: buildMorphBody(source, so, row.field, members), object: row.object, field: row.field, creates: covers, rows: [row.id], description: `create morph relation ${at} → ${members.map((m) => m.relation?.targetObject).join(', ')} and inverses` });
      createdFields.push(...inverses.filter(Boolean));
    } else if (row.action === 'add-options' && sf) {
      const have = new Set((fieldNamed(target, row.object, sf.name)?.options ?? []).map((o) => o.value));
      const addOptions = (sf.options ?? []).filter((o) => !have.has(o.value));
      add({ phase: 'options', intent: 'add-options', method: 'PATCH', path: `/fields/@field:${at}`, body: { options: addOptions.map(optionBody) }, addOptions, object: row.object, field: sf.name, creates: [], rows: [row.id], description: `add option(s) ${addOptions.map((o) => o.value).join(', ')} to ${at}` });
    } else if (row.approvable && approved.has(row.id) && so) {
      planApproved(row, sf, add, unapplied);
    } else {
      const reason = row.approvable ? `not approved (pass approve: ['${row.id}'] to apply it)` : row.action === 'skip' ? 'skipped' : 'cannot be applied through the metadata API';
      unapplied.push({ row, reason, consequence: row.consequence });
    }
  }

  // Junction (many-to-many) settings of one-to-many fields this plan creates, as in the source.
  for (const f of createdFields) {
    const r = f.relation;
    if (r?.kind !== 'ONE_TO_MANY' || !r.junctionTargetField || !r.targetObject) continue;
    const owner = source.objects.find((o) => o.fields.includes(f))!;
    const at = `${owner.nameSingular}.${f.name}`;
    add({ phase: 'junctions', intent: 'set-junction', method: 'PATCH', path: `/fields/@field:${at}`, body: { settings: { ...f.settings, junctionTargetFieldId: `@field:${r.targetObject}.${r.junctionTargetField}` } }, object: owner.nameSingular, field: f.name, creates: [], rows: [], description: `make ${at} a many-to-many through ${r.targetObject}.${r.junctionTargetField}` });
  }
  calls.sort((a, b) => PLAN_PHASES.indexOf(a.phase) - PLAN_PHASES.indexOf(b.phase));
  return { calls, unapplied };
}

const optionBody = (o: SchemaOption, i: number) => ({ value: o.value, label: o.label, ...(o.color ? { color: o.color } : {}), position: o.position ?? i });

function planApproved(row: SchemaDifference, sf: SchemaField | undefined, add: (c: Omit<PlannedCall, 'id'>) => void, unapplied: UnappliedDifference[]) {
  const at = `${row.object}${row.field ? `.${row.field}` : ''}`;
  const base = { phase: 'updates' as const, method: 'PATCH' as const, object: row.object, field: row.field, creates: [], rows: [row.id] };
  if (row.kind === 'inactive-object') return add({ ...base, intent: 'activate-object', path: `/objects/@object:${row.object}`, body: { isActive: true }, description: `reactivate object ${row.object}` });
  if (row.kind === 'inactive-field') return add({ ...base, intent: 'activate-field', path: `/fields/@field:${at}`, body: { isActive: true }, description: `reactivate field ${at}` });
  if (row.kind === 'settings-differ' && sf?.relation?.junctionTargetField) {
    const r = sf.relation;
    return add({ ...base, intent: 'set-junction', path: `/fields/@field:${at}`, body: { settings: { ...sf.settings, junctionTargetFieldId: `@field:${r.targetObject}.${r.junctionTargetField}` } }, description: `make ${at} a many-to-many through ${r.targetObject}.${r.junctionTargetField}` });
  }
  if (row.kind === 'settings-differ' && sf) {
    return add({ ...base, intent: 'update-field', path: `/fields/@field:${at}`, body: { settings: sf.settings, isNullable: sf.isNullable, isUnique: sf.isUnique, defaultValue: sf.defaultValue }, description: `align settings of ${at} with the source` });
  }
  unapplied.push({ row, reason: 'approved, but no metadata call can make this change', consequence: row.consequence });
}

/**
 * The plan as lines a person can read (what `--dry-run` prints).
 *
 * @example
 * console.log(formatPlan(planSchemaApply(diff, source, target)));
 */
export function formatPlan(plan: SchemaPlan): string {
  const lines = plan.calls.map((c, i) => `${String(i + 1).padStart(3)}. [${c.phase}] ${c.method} /rest/metadata${c.path} ${JSON.stringify(c.body)}`);
  for (const u of plan.unapplied) lines.push(`  not applied: ${u.row.id}: ${u.reason}${u.consequence ? ` → ${u.consequence}` : ''}`);
  return lines.join('\n');
}
