/**
 * One record, complete in Twenty's REST response shape: system fields, every active data field in model
 * order, and a join column (`companyId`, `targetPersonId`…) in place of each many-to-one relation.
 * One-to-many fields and `searchVector` are left out (the server computes them).
 */
import type { ModelField } from '../model/types.js';
import type { RecordContext, SeedContext } from './context.js';
import { MEMBER_OBJECT, isManyToOne, joinColumnOf, type MorphGroup, type ObjectPlan, type RelationSpec } from './plan.js';
import { hashString, mix, streamFor, unitFor, uuidFor, type Rng } from './random.js';
import { fieldValue } from './standard.js';
import { API_KEY_NAMES } from './vocab.js';

export type SeedRecord = Record<string, unknown>;

interface Actor {
  source: string;
  workspaceMemberId: string | null;
  name: string;
  context: Record<string, unknown> | null;
}

const SOURCES = ['MANUAL', 'IMPORT', 'API', 'WORKFLOW', 'EMAIL', 'SYSTEM'] as const;
const SOURCE_WEIGHTS = [60, 22, 10, 4, 2, 2];
/** How likely each kind of record is to be the target of a note, task or attachment. */
const MORPH_WEIGHTS: Record<string, number> = { person: 4, company: 3, opportunity: 2, note: 1, task: 1, dashboard: 0.3 };

const SYSTEM_ACTOR: Actor = { source: 'MANUAL', workspaceMemberId: null, name: 'System', context: null };

function actor(g: SeedContext, rng: Rng): Actor {
  let source: string = rng.weighted(SOURCES, SOURCE_WEIGHTS);
  const needsMember = source === 'MANUAL' || source === 'IMPORT' || source === 'EMAIL';
  if (needsMember && g.members.length === 0) source = 'API';
  switch (source) {
    case 'MANUAL':
    case 'IMPORT':
    case 'EMAIL': {
      const m = rng.pick(g.members);
      return { source, workspaceMemberId: m.id, name: m.name, context: source === 'EMAIL' ? { provider: 'google' } : null };
    }
    case 'API':
      return { source, workspaceMemberId: null, name: rng.pick(API_KEY_NAMES), context: {} };
    case 'WORKFLOW':
      return { source, workspaceMemberId: null, name: 'Workflow', context: {} };
    default:
      return { ...SYSTEM_ACTOR, source };
  }
}

/** Soft deletion is a pure function of (object, index), so tests and other records can tell. */
export function isSoftDeleted(plan: ObjectPlan, index: number, share: number): boolean {
  return plan.object.nameSingular !== MEMBER_OBJECT && unitFor(mix(plan.key, 0xde1e7ed), index) < share;
}

function pickJoin(ctx: RecordContext, spec: RelationSpec): { target: string; index: number } | null {
  const { g, rng, plan, index } = ctx;
  if (spec.kind === 'none') return null;
  const optional = spec.field.isNullable;
  if (spec.kind === 'member') {
    if (g.members.length === 0 || (optional && rng.chance(0.1))) return null;
    return { target: MEMBER_OBJECT, index: rng.int(g.members.length) };
  }
  const n = g.plan.byName.get(spec.target)!.count;
  const self = spec.target === plan.object.nameSingular;
  const at = (i: number) => ({ target: spec.target, index: i });
  // Junction rows spread over their parents in order, so every note or task gets one or two targets.
  if (spec === plan.parent) return at(Math.floor((index * n) / plan.count));
  // People are employees of companies in blocks, so a company's people can be found from its index.
  if (plan.object.nameSingular === 'person' && spec.target === 'company' && !self) {
    return optional && rng.chance(0.1) ? null : at(Math.floor((index * n) / plan.count));
  }
  if (plan.object.nameSingular === 'opportunity' && spec.target === 'person') {
    const company = [...ctx.joins.values()].find((j) => j?.target === 'company');
    const people = g.plan.byName.get('person');
    const companies = g.plan.byName.get('company');
    if (company && people && companies) {
      const lo = Math.ceil((company.index * people.count) / companies.count);
      const hi = Math.min(people.count, Math.ceil(((company.index + 1) * people.count) / companies.count));
      if (hi > lo) return at(lo + rng.int(hi - lo));
    }
  }
  if (self) return index === 0 || (optional && rng.chance(0.3)) ? null : at(rng.int(index));
  if (optional && rng.chance(0.1)) return null;
  return at(rng.int(n));
}

function pickMorph(ctx: RecordContext, group: MorphGroup): RelationSpec | null {
  const eligible = group.specs.filter((s) => s.kind === 'record' && ctx.g.plan.byName.get(s.target)!.count > 0);
  if (!eligible.length || (!group.exactlyOne && ctx.rng.chance(0.25))) return null;
  return ctx.rng.weighted(eligible, eligible.map((s) => MORPH_WEIGHTS[s.target] ?? 0.75));
}

function chooseJoins(ctx: RecordContext): void {
  for (const spec of ctx.plan.relations) ctx.joins.set(spec.column, pickJoin(ctx, spec));
  for (const group of ctx.plan.morphGroups) {
    const chosen = pickMorph(ctx, group);
    for (const spec of group.specs) {
      ctx.joins.set(spec.column, spec === chosen ? { target: spec.target, index: ctx.rng.int(ctx.g.plan.byName.get(spec.target)!.count) } : null);
    }
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

export interface RecordOptions {
  softDeletedShare: number;
}

/** Record `index` of `plan`'s object. Pure: the same arguments always give the same record. */
export function buildRecord(g: SeedContext, plan: ObjectPlan, index: number, options: RecordOptions): SeedRecord {
  const name = plan.object.nameSingular;
  // Not plan.key itself: ids are uuidFor(plan.key, index), and the stream should not echo them.
  const rng = streamFor(mix(plan.key, 1), index);
  const uuidKey = mix(plan.key, hashString('uuids'), index);
  let uuids = 0;
  const ctx: RecordContext = {
    g, plan, object: plan.object, index, rng, id: g.idOf(name, index), edge: false, createdAt: 0,
    joins: new Map(), newUuid: () => uuidFor(uuidKey, uuids++),
  };
  chooseJoins(ctx);
  ctx.edge = rng.chance(g.edgeShare);

  // Junction rows are created with their parent (a note's targets when the note is written).
  const parent = plan.parent ? ctx.joins.get(plan.parent.column) : null;
  const createdAt = parent ? Math.min(g.now, g.createdAtOf(parent.target, parent.index) + rng.int(120_000)) : g.createdAtOf(name, index);
  const updatedAt = rng.chance(0.45) ? createdAt : createdAt + Math.floor(rng.next() * (g.now - createdAt) * 0.5);
  const deletedAt = isSoftDeleted(plan, index, options.softDeletedShare) ? updatedAt + Math.floor(rng.next() * (g.now - updatedAt)) : null;
  ctx.createdAt = createdAt;
  const isMember = name === MEMBER_OBJECT;
  const createdBy = isMember ? SYSTEM_ACTOR : actor(g, rng);
  const updatedBy = updatedAt === createdAt || isMember ? createdBy : rng.chance(0.7) ? actor(g, rng) : createdBy;

  const out: SeedRecord = {};
  for (const field of plan.object.fields) {
    if (!field.isActive) continue;
    switch (systemRole(field)) {
      case 'skip':
        break;
      case 'id':
        out.id = ctx.id;
        break;
      case 'createdAt':
        out.createdAt = iso(createdAt);
        break;
      case 'updatedAt':
        out.updatedAt = iso(updatedAt);
        break;
      case 'deletedAt':
        out.deletedAt = deletedAt === null ? null : iso(deletedAt);
        break;
      case 'createdBy':
        out.createdBy = { ...createdBy };
        break;
      case 'updatedBy':
        out.updatedBy = { ...updatedBy };
        break;
      case 'position':
        out.position = index;
        break;
      case 'join': {
        const column = joinColumnOf(field);
        const j = ctx.joins.get(column);
        out[column] = j ? g.idOf(j.target, j.index) : null;
        break;
      }
      default:
        out[field.name] = field.type === 'ACTOR' ? actor(g, rng) : fieldValue(field, ctx);
    }
  }
  return out;
}

type Role = 'skip' | 'id' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'createdBy' | 'updatedBy' | 'position' | 'join' | 'data';

function systemRole(field: ModelField): Role {
  if (field.type === 'TS_VECTOR') return 'skip';
  if (field.type === 'RELATION' || field.type === 'MORPH_RELATION') return isManyToOne(field) ? 'join' : 'skip';
  if (field.name === 'id' && field.type === 'UUID') return 'id';
  if (field.type === 'DATE_TIME' && (field.name === 'createdAt' || field.name === 'updatedAt' || field.name === 'deletedAt')) return field.name;
  if (field.type === 'ACTOR' && (field.name === 'createdBy' || field.name === 'updatedBy')) return field.name;
  if (field.type === 'POSITION') return 'position';
  return 'data';
}
