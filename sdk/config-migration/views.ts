/**
 * Views: every WORKSPACE view of the source with its fields (order, visibility, size, aggregate), filter groups,
 * filters, sorts, groups (kanban columns) and its kanban/calendar settings, recreated or brought in line in the
 * target with object, field, member and record ids mapped. A source view matches a target view of the same object
 * by key INDEX (each object has one index view, which Twenty creates itself) or by name, so the target's default
 * "All <objects>" views are updated, not duplicated. Children are matched by content keys (converge.ts); filters,
 * filter groups, sorts and groups the source view does not have are removed from the target view, view fields are
 * only added or updated (a field the source lacks stays as the target has it).
 *
 * Shapes: `/rest/metadata/views|viewFields|viewFilters|viewSorts|viewGroups|viewFilterGroups` (2.21 view
 * controllers; the metadata OpenAPI document for create keys; `calendarLayout`, `calendarFieldMetadataId`,
 * `mainGroupByFieldMetadataId`, `visibility`, `shouldHideEmptyGroups` from the view DTOs). Not exercised on a real
 * server: inferred from source. A 1.x source's views are records in another shape (views-1x.ts).
 */
import type { ConfigContext, ConfigItem, ConfigSide } from './context.js';
import { errorText } from './context.js';
import { changes, converge, type ConvergeResult, type Wanted } from './converge.js';
import { fieldName, mapDeep, type Unresolved } from './id-map.js';
import { changedKeys, createEntity, listAll, pick, updateEntity, type Entity } from './rest.js';
import { isOlderSource } from './older-source.js';
import { readViews1x } from './views-1x.js';

export const VIEW_SETTINGS = [
  'name', 'type', 'key', 'icon', 'position', 'isCompact', 'openRecordIn', 'kanbanAggregateOperation', 'kanbanAggregateOperationFieldMetadataId',
  'anyFieldFilterValue', 'calendarLayout', 'calendarFieldMetadataId', 'mainGroupByFieldMetadataId', 'shouldHideEmptyGroups', 'visibility',
] as const;
const FIELD_ATTRS = ['isVisible', 'size', 'position', 'aggregateOperation'] as const;

export interface ViewBundle {
  view: Entity;
  fields: Entity[];
  filters: Entity[];
  filterGroups: Entity[];
  sorts: Entity[];
  groups: Entity[];
}

const CHILDREN = { fields: 'viewFields', filters: 'viewFilters', filterGroups: 'viewFilterGroups', sorts: 'viewSorts', groups: 'viewGroups' } as const;

/** Every view of a workspace with its children (one list call per kind); a 1.x source's from its records. */
export async function readViews(side: ConfigSide, version?: string | null): Promise<ViewBundle[]> {
  if (isOlderSource(version)) return readViews1x(side.core);
  const views = await listAll(side.metadata, 'views');
  const children = Object.fromEntries(
    await Promise.all(Object.entries(CHILDREN).map(async ([k, kind]) => [k, await listAll(side.metadata, kind)] as const)),
  ) as Record<keyof typeof CHILDREN, Entity[]>;
  return views.map((view) => ({
    view,
    ...(Object.fromEntries(Object.keys(CHILDREN).map((k) => [k, children[k as keyof typeof CHILDREN].filter((c) => c.viewId === view.id)])) as Omit<ViewBundle, 'view'>),
  }));
}

/** `company/INDEX` for index views, else `company/"Big customers"`, `#2` on repeats. */
export function viewKeys(bundles: ViewBundle[], objectName: (objectId: unknown) => string): Map<string, ViewBundle> {
  const out = new Map<string, ViewBundle>();
  const sorted = [...bundles].sort((a, b) => Number(a.view.position ?? 0) - Number(b.view.position ?? 0) || String(a.view.createdAt).localeCompare(String(b.view.createdAt)));
  for (const b of sorted) {
    const base = `${objectName(b.view.objectMetadataId)}/${b.view.key === 'INDEX' ? 'INDEX' : JSON.stringify(b.view.name)}`;
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base}#${n}`;
    out.set(key, b);
  }
  return out;
}

/** Keys made unique by order of appearance: `a`, `a#2`, `a#3`. */
export const occurrence = (keys: string[]) => {
  const seen = new Map<string, number>();
  return keys.map((k) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n === 1 ? k : `${k}#${n}`;
  });
};

/** Tree keys of filter groups (`/0:AND/1:OR`), from their parent links and positions: same on both sides. */
export function filterGroupKeys(groups: Entity[]): Map<string, string> {
  const keys = new Map<string, string>();
  const place = (parentId: string | null, parentKey: string) => {
    const siblings = groups
      .filter((g) => (g.parentViewFilterGroupId ?? null) === parentId)
      .sort((a, b) => Number(a.positionInViewFilterGroup ?? 0) - Number(b.positionInViewFilterGroup ?? 0) || String(a.createdAt).localeCompare(String(b.createdAt)));
    const own = occurrence(siblings.map((g) => `${parentKey}/${g.positionInViewFilterGroup ?? 0}:${g.logicalOperator ?? 'AND'}`));
    siblings.forEach((g, i) => {
      keys.set(g.id, own[i]);
      place(g.id, own[i]);
    });
  };
  place(null, '');
  return keys;
}

/** JSON with object keys sorted: a filter value read back from jsonb has its keys in jsonb's order, not the sender's. */
export function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
}

/** Content keys of filters (group, field, operand, sub-field, value), in the ids of their own side. */
export function filterKeys(filters: Entity[], groupKeys: Map<string, string>): string[] {
  const sorted = [...filters];
  return occurrence(sorted.map((f) => [
    groupKeys.get(String(f.viewFilterGroupId)) ?? '', f.fieldMetadataId, f.operand ?? 'CONTAINS', f.subFieldName ?? '', f.positionInViewFilterGroup ?? '', stableJson(f.value),
  ].join('|')));
}

/** The target form of a source view's settings (ids mapped), with only the keys the source has. */
export function wantedSettings(ctx: ConfigContext, view: Entity, unresolved: Unresolved[]): Record<string, unknown> {
  const settings = pick(view, VIEW_SETTINGS);
  if (settings.key === null) delete settings.key;
  return mapDeep(ctx.maps, settings, unresolved);
}

/** The target form of every child of a source view, keyed as `converge` needs (filter groups by depth). */
export function wantedChildren(ctx: ConfigContext, b: ViewBundle, unresolved: Unresolved[]) {
  const m = <T>(v: T) => mapDeep(ctx.maps, v, unresolved);
  const fields: Wanted[] = b.fields.map((f) => ({
    key: m(String(f.fieldMetadataId)),
    body: m({ fieldMetadataId: f.fieldMetadataId, ...pick(f, FIELD_ATTRS) }),
    mutable: FIELD_ATTRS,
  }));
  const sorts: Wanted[] = b.sorts.map((s) => ({ key: m(String(s.fieldMetadataId)), body: m({ fieldMetadataId: s.fieldMetadataId, direction: s.direction ?? 'ASC' }), mutable: ['direction'] }));
  const groupRows = b.groups.map((g) => m({ fieldMetadataId: g.fieldMetadataId ?? undefined, fieldValue: g.fieldValue, ...pick(g, ['isVisible', 'position']) }));
  const groups: Wanted[] = groupRows.map((g) => ({ key: `${g.fieldMetadataId ?? ''}|${String(g.fieldValue)}`, body: g, mutable: ['isVisible', 'position'] }));
  return { fields, sorts, groups };
}

/** Brings the filter groups, then the filters, of one target view in line with the source's. */
async function convergeFilters(ctx: ConfigContext, src: ViewBundle, targetViewId: string, have: ViewBundle | undefined, unresolved: Unresolved[]): Promise<ConvergeResult[]> {
  const client = ctx.target.metadata;
  const opts = { dryRun: ctx.dryRun };
  const srcKeys = filterGroupKeys(src.filterGroups);
  const haveGroups = have?.filterGroups ?? [];
  const haveKeys = filterGroupKeys(haveGroups);
  const depth = (key: string) => key.split('/').length;
  const levels = [...new Set([...srcKeys.values(), ...haveKeys.values()].map(depth))].sort((a, b) => a - b);
  const groupTarget = new Map<string, string>(); // key → target group id
  for (const [id, key] of haveKeys) groupTarget.set(key, id);
  const results: ConvergeResult[] = [];
  for (const level of levels) {
    const wanted: Wanted[] = src.filterGroups.filter((g) => depth(srcKeys.get(g.id)!) === level).map((g) => {
      const parentKey = g.parentViewFilterGroupId ? srcKeys.get(String(g.parentViewFilterGroupId)) : undefined;
      const body: Record<string, unknown> = { viewId: targetViewId, logicalOperator: g.logicalOperator ?? 'AND' };
      if (g.positionInViewFilterGroup !== undefined && g.positionInViewFilterGroup !== null) body.positionInViewFilterGroup = g.positionInViewFilterGroup;
      if (parentKey) body.parentViewFilterGroupId = groupTarget.get(parentKey);
      return { key: srcKeys.get(g.id)!, body, mutable: [] };
    });
    const r = await converge(client, 'viewFilterGroups', wanted, haveGroups.filter((g) => depth(haveKeys.get(g.id)!) === level), (g) => haveKeys.get(g.id)!, { deleteExtras: false, ...opts });
    for (const [key, e] of r.byKey) groupTarget.set(key, e.id);
    results.push(r);
  }
  // Filters, keyed on both sides with the group keys: the source's in target ids, grouped by their source group.
  const mapped = src.filters.map((f) => ({ ...f, ...mapDeep(ctx.maps, pick(f, ['fieldMetadataId', 'value']), unresolved) }) as Entity);
  const srcFilterKeys = filterKeys(mapped, srcKeys);
  const wantedFilters: Wanted[] = mapped.map((f, i) => {
    const groupKey = f.viewFilterGroupId ? srcKeys.get(String(f.viewFilterGroupId)) : undefined;
    const body = { viewId: targetViewId, ...pick(f, ['fieldMetadataId', 'operand', 'value', 'subFieldName', 'positionInViewFilterGroup']) };
    return { key: srcFilterKeys[i], body: groupKey ? { ...body, viewFilterGroupId: groupTarget.get(groupKey) } : body, mutable: [] };
  });
  const haveFilters = have?.filters ?? [];
  const haveFilterKeys = filterKeys(haveFilters, haveKeys);
  const keyOf = new Map(haveFilters.map((f, i) => [f.id, haveFilterKeys[i]]));
  results.push(await converge(client, 'viewFilters', wantedFilters, haveFilters, (f) => keyOf.get(f.id)!, { deleteExtras: true, ...opts }));
  // Groups the source does not have go last (their filters went with the filter pass above).
  const extra = haveGroups.filter((g) => ![...srcKeys.values()].includes(haveKeys.get(g.id)!) && !g.parentViewFilterGroupId);
  results.push(await converge(client, 'viewFilterGroups', [], extra, (g) => haveKeys.get(g.id)!, { deleteExtras: true, ...opts }));
  return results;
}

/** Recreates or updates every source view in the target; fills `ctx.maps.views`. */
export async function migrateViews(ctx: ConfigContext): Promise<ConfigItem[]> {
  const items: ConfigItem[] = [];
  const source = await readViews(ctx.source, ctx.sourceVersion);
  const target = await readViews(ctx.target);
  const srcName = (id: unknown) => ctx.maps.sourceObject(String(id))?.nameSingular ?? String(id);
  const tgtName = (id: unknown) => ctx.targetSchema.objects.find((o) => o.id === id)?.nameSingular ?? String(id);
  const targetKeys = viewKeys(target, tgtName);
  const targetById = new Map(target.map((b) => [b.view.id, b]));

  for (const [key, src] of viewKeys(source, srcName)) {
    const item: ConfigItem = { kind: 'view', key: `view ${key}`, action: 'unchanged', sourceId: src.view.id };
    items.push(item);
    if (src.view.visibility === 'UNLISTED') {
      Object.assign(item, { action: 'reported', detail: 'personal (unlisted) view: only its owner can create it', manual: `Ask the owner to recreate the personal view "${src.view.name}" on ${srcName(src.view.objectMetadataId)} (Views menu → Add view).` });
      continue;
    }
    const objectId = ctx.maps.objects.get(String(src.view.objectMetadataId));
    if (!objectId) {
      Object.assign(item, { action: 'failed', detail: `object ${srcName(src.view.objectMetadataId)} does not exist in the target: run the data-model stage first` });
      continue;
    }
    const unresolved: Unresolved[] = [];
    const settings = wantedSettings(ctx, src.view, unresolved);
    const ledgerId = ctx.ledger.views[src.view.id];
    let have = (ledgerId ? targetById.get(ledgerId) : undefined) ?? targetKeys.get(key);
    try {
      let created = false;
      let updated: string[] = [];
      if (!have) {
        created = true;
        const view = ctx.dryRun ? { id: `dry-run:${key}`, ...settings } : await createEntity(ctx.target.metadata, 'views', { ...settings, objectMetadataId: objectId });
        ctx.maps.views.set(src.view.id, view.id);
        ctx.ledger.views[src.view.id] = view.id;
        item.targetId = view.id;
      } else {
        updated = changedKeys(settings, have.view).filter((k) => !(k === 'key' && have!.view.key === 'INDEX'));
        if (updated.length && !ctx.dryRun) await updateEntity(ctx.target.metadata, 'views', have.view.id, pick(settings, updated));
        ctx.maps.views.set(src.view.id, have.view.id);
        ctx.ledger.views[src.view.id] = have.view.id;
        item.targetId = have.view.id;
      }
      if (ctx.dryRun && created) {
        Object.assign(item, { action: 'created', detail: `would create with ${src.fields.length} fields, ${src.filters.length} filters, ${src.sorts.length} sorts, ${src.groups.length} groups` });
        continue;
      }
      const targetViewId = item.targetId!;
      const w = wantedChildren(ctx, src, unresolved);
      const opts = { dryRun: ctx.dryRun };
      const withView = (list: Wanted[]) => list.map((x) => ({ ...x, body: { viewId: targetViewId, ...x.body } }));
      const results = [
        await converge(ctx.target.metadata, 'viewFields', withView(w.fields), have?.fields ?? [], (f) => String(f.fieldMetadataId), { deleteExtras: false, ...opts }),
        ...(await convergeFilters(ctx, src, targetViewId, have, unresolved)),
        await converge(ctx.target.metadata, 'viewSorts', withView(w.sorts), have?.sorts ?? [], (s) => String(s.fieldMetadataId), { deleteExtras: true, ...opts }),
        await converge(ctx.target.metadata, 'viewGroups', withView(w.groups), have?.groups ?? [], (g) => `${g.fieldMetadataId ?? ''}|${String(g.fieldValue)}`, { deleteExtras: true, ...opts }),
      ];
      const errors = results.flatMap((r) => r.errors);
      const childChanges = results.reduce((n, r) => n + changes(r), 0);
      const parts = [
        created ? 'created' : updated.length ? `settings updated (${updated.join(', ')})` : '',
        childChanges ? `${results.reduce((n, r) => n + r.created, 0)} parts created, ${results.reduce((n, r) => n + r.updated, 0)} updated, ${results.reduce((n, r) => n + r.deleted, 0)} removed` : '',
        unresolved.length ? `unresolved references: ${unresolved.map((u) => `${u.what} ${u.name}`).join(', ')}` : '',
        ...errors,
      ].filter(Boolean);
      item.action = errors.length || unresolved.length ? 'failed' : created ? 'created' : updated.length || childChanges ? 'updated' : 'unchanged';
      if (parts.length) item.detail = parts.join('; ');
    } catch (e) {
      Object.assign(item, { action: 'failed', detail: errorText(e) });
    }
  }
  return items;
}

/** For reports: a view's filters in words (`company.employees GREATER_THAN_OR_EQUAL 100`). */
export const describeFilter = (ctx: ConfigContext, f: Entity) => `${fieldName(ctx.maps, f.fieldMetadataId)} ${String(f.operand)} ${JSON.stringify(f.value)}`;
