/**
 * The store of a workspace's configuration entities (views and their children, page layouts, tabs, widgets), with
 * the checks Twenty's flat-entity validators make on write: required keys, enums, and referenced ids that must
 * exist (an object, a field of the view's object, the parent view, a filter group of the same view…). Deleting a
 * view or a layout deletes what hangs from it. Entities are kept as Twenty answers them (bare DTOs).
 */
import { randomUUID } from 'node:crypto';
import { codedError, nestError } from '../http-error.js';
import type { ModelField, ModelObject, WorkspaceModel } from '../model/types.js';
import { KINDS, type ConfigKind, type KindSpec } from './kinds.js';

export type ConfigEntity = Record<string, unknown> & { id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const code = (spec: KindSpec) => spec.entity.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

export const notFoundError = (spec: KindSpec, id: string) =>
  codedError(404, `${code(spec)}_NOT_FOUND`, `${spec.entity} with id ${id} not found`);
const invalid = (spec: KindSpec, message: string) => codedError(400, `INVALID_${code(spec)}_DATA`, message);

export class ConfigStore {
  private readonly items = new Map<ConfigKind, Map<string, ConfigEntity>>();
  /** objects whose default INDEX view was already made (so a deleted default view stays deleted) */
  readonly indexed = new Set<string>();

  constructor(private readonly workspaceId: string, private readonly model: () => WorkspaceModel) {}

  private map(kind: ConfigKind): Map<string, ConfigEntity> {
    let m = this.items.get(kind);
    if (!m) this.items.set(kind, (m = new Map()));
    return m;
  }

  list(kind: ConfigKind, filter: Record<string, string> = {}): ConfigEntity[] {
    return [...this.map(kind).values()]
      .filter((e) => Object.entries(filter).every(([k, v]) => e[k] === v))
      .sort((a, b) => (String(a.createdAt) < String(b.createdAt) ? -1 : String(a.createdAt) > String(b.createdAt) ? 1 : a.id < b.id ? -1 : 1));
  }

  find(kind: ConfigKind, id: string): ConfigEntity | undefined {
    return this.map(kind).get(id);
  }

  get(kind: ConfigKind, id: string): ConfigEntity {
    const e = this.find(kind, id);
    if (!e) throw notFoundError(KINDS[kind], id);
    return e;
  }

  create(kind: ConfigKind, input: Record<string, unknown>, extra: Record<string, unknown> = {}): ConfigEntity {
    const spec = KINDS[kind];
    this.checkShape(spec, input, true);
    const missing = spec.required.filter((k) => input[k] === undefined || input[k] === null || input[k] === '');
    if (missing.length) throw nestError(400, 'Bad Request', missing.map((k) => `${k} should not be empty`));
    if (input.id !== undefined && (typeof input.id !== 'string' || !UUID.test(input.id))) throw nestError(400, 'Bad Request', ['id must be a UUID']);
    const id = (input.id as string | undefined) ?? randomUUID();
    if (this.map(kind).has(id)) throw invalid(spec, `${spec.entity} with id ${id} already exists`);
    const now = new Date().toISOString();
    const entity: ConfigEntity = { id, ...structuredClone(spec.defaults) };
    for (const k of spec.keys) if (input[k] !== undefined) entity[k] = structuredClone(input[k]);
    Object.assign(entity, extra, { workspaceId: this.workspaceId, createdAt: now, updatedAt: now, deletedAt: null });
    this.checkRefs(spec, entity);
    this.map(kind).set(id, entity);
    return entity;
  }

  update(kind: ConfigKind, id: string, input: Record<string, unknown>): ConfigEntity {
    const spec = KINDS[kind];
    const current = this.get(kind, id);
    this.checkShape(spec, input, false);
    const next: ConfigEntity = { ...current };
    for (const k of spec.keys) {
      if (input[k] === undefined) continue;
      if (spec.immutable.includes(k) && JSON.stringify(input[k]) !== JSON.stringify(current[k])) throw invalid(spec, `${k} cannot be updated`);
      next[k] = structuredClone(input[k]);
    }
    next.updatedAt = new Date().toISOString();
    this.checkRefs(spec, next);
    this.map(kind).set(id, next);
    return next;
  }

  /** Deletes an entity and, recursively, every entity whose parent key names it. */
  remove(kind: ConfigKind, id: string): ConfigEntity {
    const entity = this.get(kind, id);
    this.map(kind).delete(id);
    for (const child of Object.values(KINDS)) {
      if (child.parent?.kind !== kind) continue;
      for (const c of this.list(child.kind, { [child.parent.key]: id })) this.remove(child.kind, c.id);
    }
    // Filters of a deleted filter group and sub-groups go with it (view-filter-group cascade).
    if (kind === 'viewFilterGroups') {
      for (const f of this.list('viewFilters', { viewFilterGroupId: id })) this.remove('viewFilters', f.id);
      for (const g of this.list('viewFilterGroups', { parentViewFilterGroupId: id })) this.remove('viewFilterGroups', g.id);
    }
    return entity;
  }

  private checkShape(spec: KindSpec, input: Record<string, unknown>, creating: boolean) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw nestError(400, 'Bad Request', ['body must be an object']);
    const unknown = Object.keys(input).filter((k) => !spec.keys.includes(k) && !(creating && k === 'id'));
    if (unknown.length) throw nestError(400, 'Bad Request', unknown.map((k) => `property ${k} should not exist`));
    for (const [k, values] of Object.entries(spec.enums)) {
      const v = input[k];
      if (v !== undefined && v !== null && !values.includes(v as string)) throw nestError(400, 'Bad Request', [`${k} must be one of the following values: ${values.join(', ')}`]);
    }
  }

  private objectOf(id: unknown): ModelObject | undefined {
    return this.model().objects.find((o) => o.id === id);
  }

  private fieldOf(id: unknown): ModelField | undefined {
    for (const o of this.model().objects) {
      const f = o.fields.find((x) => x.id === id);
      if (f) return f;
    }
    return undefined;
  }

  /** Referenced ids must exist; fields must belong to the view's (or widget's) object. */
  private checkRefs(spec: KindSpec, e: ConfigEntity) {
    const view = typeof e.viewId === 'string' ? this.find('views', e.viewId) : undefined;
    const objectId = spec.kind === 'views' ? e.objectMetadataId : view?.objectMetadataId;
    for (const [key, target] of Object.entries(spec.refs)) {
      const value = e[key];
      if (value === null || value === undefined) continue;
      if (typeof value !== 'string' || !UUID.test(value)) throw invalid(spec, `${key} must be a UUID`);
      if (target === 'object') {
        if (!this.objectOf(value)) throw invalid(spec, `Object metadata ${value} not found`);
      } else if (target === 'field') {
        const field = this.fieldOf(value);
        if (!field) throw invalid(spec, `Field metadata ${value} not found`);
        if (objectId && field.objectMetadataId !== objectId) throw invalid(spec, `Field metadata ${value} does not belong to the view's object`);
      } else {
        const ref = this.find(target, value);
        if (!ref) throw invalid(spec, `${KINDS[target].entity} ${value} not found`);
        if (target === 'viewFilterGroups' && ref.viewId !== e.viewId) throw invalid(spec, `${KINDS[target].entity} ${value} belongs to another view`);
      }
    }
    if (spec.kind === 'viewFields') {
      const twin = this.list('viewFields', { viewId: e.viewId as string }).find((f) => f.fieldMetadataId === e.fieldMetadataId && f.id !== e.id);
      if (twin) throw invalid(spec, `View field for field ${String(e.fieldMetadataId)} already exists in view ${String(e.viewId)}`);
    }
    if (spec.kind === 'views' && e.type === 'CALENDAR' && (!e.calendarFieldMetadataId || !e.calendarLayout)) {
      throw invalid(spec, 'A calendar view needs calendarFieldMetadataId and calendarLayout');
    }
    if (spec.kind === 'views' && e.key === 'INDEX') {
      const other = this.list('views', { objectMetadataId: e.objectMetadataId as string }).find((v) => v.key === 'INDEX' && v.id !== e.id);
      if (other) throw invalid(spec, `Object ${String(e.objectMetadataId)} already has an INDEX view`);
    }
  }
}
