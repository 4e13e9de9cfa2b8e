/**
 * What to generate: which objects, how many records each, in which order, and how each many-to-one
 * relation is filled. Everything is read from the model (relation targets, join columns, morph groups),
 * so custom objects and custom relations to workspace members are covered without naming them.
 */
import { isManyToOne as isModelManyToOne, joinColumnOf } from '../model/model.js';
import type { ModelField, ModelObject, WorkspaceModel } from '../model/types.js';
import { hashString, mix } from './random.js';

/** Share of `records` per standard object (relative weights; custom objects share CUSTOM_SHARE). */
export const DEFAULT_WEIGHTS: Readonly<Record<string, number>> = {
  company: 15,
  person: 30,
  opportunity: 10,
  note: 6,
  noteTarget: 9,
  task: 6,
  taskTarget: 9,
  attachment: 5,
  dashboard: 0.2,
};
export const CUSTOM_SHARE = 10;

/** Tie-break order for insertion (after dependencies): the order a person would create things in. */
const STANDARD_ORDER = ['company', 'person', 'opportunity', 'note', 'task', 'dashboard'];

export const MEMBER_OBJECT = 'workspaceMember';

export interface RelationSpec {
  field: ModelField;
  column: string;
  /** nameSingular of the target */
  target: string;
  /**
   * member: a workspace member; record: a generated record of `target` (earlier in insertion order, or an
   * earlier record of the same object); none: always null (target not generated, or edge dropped to break a cycle)
   */
  kind: 'member' | 'record' | 'none';
}

export interface MorphGroup {
  specs: RelationSpec[];
  /** noteTarget/taskTarget/attachment rows point at exactly one target; custom morph relations at most one */
  exactlyOne: boolean;
}

export interface ObjectPlan {
  object: ModelObject;
  count: number;
  /** 32-bit key of this object under the seed: its ids, streams and decisions derive from it */
  key: number;
  /** plain many-to-one relations (not in a morph group) */
  relations: RelationSpec[];
  morphGroups: MorphGroup[];
  /** for junction rows (noteTarget → note): spread rows over parents in blocks so every parent gets some */
  parent?: RelationSpec;
}

export interface SeedPlan {
  /** in insertion order: a record's many-to-one targets come before it */
  objects: ObjectPlan[];
  byName: Map<string, ObjectPlan>;
  memberObject?: ModelObject;
}

/** A many-to-one relation the seed can fill: one whose target the model knows. */
export const isManyToOne = (f: ModelField) => isModelManyToOne(f) && !!f.relation;
export { joinColumnOf };

const isCustom = (model: WorkspaceModel, o: ModelObject) => o.applicationId === model.customApplicationId;

/** Splits `total` by weights into integers summing to `total` (largest remainder), each at least 1 when possible. */
export function apportion(total: number, weights: Array<[string, number]>): Map<string, number> {
  const counts = new Map<string, number>();
  const minimum = total >= weights.length ? 1 : 0;
  const rest = total - minimum * weights.length;
  const sum = weights.reduce((s, [, w]) => s + w, 0);
  const remainders: Array<[string, number]> = [];
  let given = 0;
  for (const [name, w] of weights) {
    const exact = (rest * w) / sum;
    counts.set(name, minimum + Math.floor(exact));
    given += Math.floor(exact);
    remainders.push([name, exact - Math.floor(exact)]);
  }
  remainders.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (let i = 0; i < rest - given; i++) counts.set(remainders[i][0], counts.get(remainders[i][0])! + 1);
  return counts;
}

function chooseWeights(model: WorkspaceModel, overrides: Record<string, number>): Map<string, number> {
  const usable = new Map(model.objects.filter((o) => o.isActive && !o.isRemote).map((o) => [o.nameSingular, o]));
  const customs = [...usable.values()].filter((o) => isCustom(model, o));
  const weights = new Map<string, number>();
  for (const [name, w] of Object.entries(DEFAULT_WEIGHTS)) if (usable.has(name)) weights.set(name, w);
  for (const o of customs) weights.set(o.nameSingular, CUSTOM_SHARE / customs.length);
  for (const [name, w] of Object.entries(overrides)) {
    if (name === MEMBER_OBJECT || !usable.has(name)) continue;
    if (w > 0) weights.set(name, w);
    else weights.delete(name);
  }
  // A required relation to an object we would not generate pulls that object in (with a small share).
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of [...weights.keys()]) {
      for (const f of usable.get(name)!.fields) {
        const target = f.relation?.targetObject;
        if (!f.isActive || !isManyToOne(f) || f.isNullable || !target || target === MEMBER_OBJECT || weights.has(target)) continue;
        if (!usable.has(target)) throw new Error(`${name}.${f.name} requires ${target}, which the model lacks`);
        weights.set(target, 0.5);
        changed = true;
      }
    }
  }
  return weights;
}

function rankOf(o: ModelObject): string {
  const i = STANDARD_ORDER.indexOf(o.nameSingular);
  // Standard first in their usual order, then custom and others by name, junction/system rows last.
  return i >= 0 ? `0${String(i).padStart(2, '0')}` : `${o.isSystem ? 2 : 1}${o.nameSingular}`;
}

export interface PlanOptions {
  records: number;
  members: number;
  seedKey: number;
  weights?: Record<string, number>;
}

export function planSeed(model: WorkspaceModel, options: PlanOptions): SeedPlan {
  const byName = new Map(model.objects.map((o) => [o.nameSingular, o]));
  const weights = chooseWeights(model, options.weights ?? {});
  const counts = apportion(options.records, [...weights.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const memberCount = byName.has(MEMBER_OBJECT) ? options.members : 0;
  const generated = (name: string) => (name === MEMBER_OBJECT ? memberCount > 0 : (counts.get(name) ?? 0) > 0);

  const plans = new Map<string, ObjectPlan>();
  for (const [name, count] of counts) {
    if (count === 0) continue;
    const object = byName.get(name)!;
    const specs = object.fields
      .filter((f) => f.isActive && isManyToOne(f))
      .map((field): RelationSpec => {
        const target = field.relation!.targetObject;
        const kind = target === MEMBER_OBJECT ? 'member' : 'record';
        return { field, column: joinColumnOf(field), target, kind: generated(target) ? kind : 'none' };
      });
    const groups = new Map<string, RelationSpec[]>();
    const relations: RelationSpec[] = [];
    for (const s of specs) {
      // Alternatives of one link: a 2.21 morph relation, or the plain relations a 1.x model groups (types.ts linkGroup).
      const group = s.field.type === 'MORPH_RELATION' ? (s.field.morphId ?? 'morph') : s.field.linkGroup;
      if (group === undefined) relations.push(s);
      else groups.set(group, [...(groups.get(group) ?? []), s]);
    }
    const morphGroups = [...groups.values()].map((g) => ({ specs: g, exactlyOne: object.isSystem }));
    const parentCandidates = relations.filter((r) => r.kind === 'record' && r.target !== name);
    const parent = object.isSystem && morphGroups.length > 0 && parentCandidates.length === 1 ? parentCandidates[0] : undefined;
    plans.set(name, { object, count, key: mix(options.seedKey, hashString(`object:${name}`)), relations, morphGroups, parent });
  }

  const objects = orderForInsertion(plans);
  // A junction row whose every possible target is empty cannot exist.
  for (const p of objects) {
    if (p.morphGroups.some((g) => g.exactlyOne && !g.specs.some((s) => s.kind === 'record'))) p.count = 0;
  }
  const memberObject = memberCount > 0 ? byName.get(MEMBER_OBJECT) : undefined;
  return { objects: objects.filter((p) => p.count > 0), byName: plans, memberObject };
}

const specsOf = (p: ObjectPlan) => [...p.relations, ...p.morphGroups.flatMap((g) => g.specs)];

/**
 * Topological order by many-to-one dependencies, ties broken by rank. Where the model has a cycle
 * (the seeded workspace's pet ↔ rocket: pet.polymorphicOwnerRocket and rocket.helpedPets), one nullable
 * edge of the cycle is dropped (always null), preferring plain relations over morph ones and few drops.
 */
function orderForInsertion(plans: Map<string, ObjectPlan>): ObjectPlan[] {
  const placed = new Set<string>();
  const order: ObjectPlan[] = [];
  const pending = () => [...plans.values()].filter((p) => !placed.has(p.object.nameSingular)).sort((a, b) => (rankOf(a.object) < rankOf(b.object) ? -1 : 1));
  const unsatisfied = (p: ObjectPlan) =>
    specsOf(p).filter((s) => s.kind === 'record' && s.target !== p.object.nameSingular && !placed.has(s.target));
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const n = stack.pop()!;
      if (n === to) return true;
      if (seen.has(n) || placed.has(n) || !plans.has(n)) continue;
      seen.add(n);
      for (const s of unsatisfied(plans.get(n)!)) stack.push(s.target);
    }
    return false;
  };
  while (order.length < plans.size) {
    const rest = pending();
    let next = rest.find((p) => unsatisfied(p).length === 0);
    if (!next) {
      const candidates = rest
        .map((p) => ({ p, deps: unsatisfied(p) }))
        .filter(({ p, deps }) => deps.every((s) => s.field.isNullable && reaches(s.target, p.object.nameSingular)))
        .sort((a, b) => a.deps.length - b.deps.length || morphCount(a.deps) - morphCount(b.deps));
      if (!candidates.length) throw new Error(`Cannot order ${rest.map((p) => p.object.nameSingular).join(', ')}: required relations form a cycle`);
      next = candidates[0].p;
      for (const s of candidates[0].deps) s.kind = 'none';
    }
    placed.add(next.object.nameSingular);
    order.push(next);
  }
  return order;
}

const morphCount = (specs: RelationSpec[]) => specs.filter((s) => s.field.type === 'MORPH_RELATION').length;
