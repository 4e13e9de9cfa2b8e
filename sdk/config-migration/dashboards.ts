/**
 * Dashboards and other page layouts: each source layout (`/rest/metadata/pageLayouts`) is recreated in the target
 * with its tabs and widgets (grid position, configuration with field, object and view ids mapped), and each
 * dashboard record (copied by the records import with its id) is re-pointed at its new layout (`pageLayoutId`
 * is a plain UUID column: the copied record still names the source's layout). A DASHBOARD layout is matched
 * through the ledger or the target dashboard that already points at it; other layouts by type, object and name.
 * Tabs are matched by position and title, widgets by title within their tab; target extras are removed.
 */
import { listRecords, request, unwrap } from '../client/index.js';
import { recordRewrite } from '../run/rewrites.js';
import type { ConfigContext, ConfigItem, ConfigSide } from './context.js';
import { errorText } from './context.js';
import { changes, converge, type Wanted } from './converge.js';
import { mapDeep, type Unresolved } from './id-map.js';
import { createEntity, listAll, type Entity } from './rest.js';
import { occurrence } from './views.js';
import { isFrontComponentWidget } from './same-definition.js';

export interface LayoutBundle {
  layout: Entity;
  tabs: Array<{ tab: Entity; widgets: Entity[] }>;
}

/**
 * Every page layout with its tabs and their widgets. 2.21 lists tabs only per layout and widgets only per tab
 * (`GET /rest/metadata/pageLayoutTabs` without `pageLayoutId` is a 400 "Page layout ID is required"), so they are
 * read per parent; metadata calls are not rate limited. Children a layout answer already nests are used as given.
 */
export async function readLayouts(side: ConfigSide): Promise<LayoutBundle[]> {
  const layouts = await listAll(side.metadata, 'pageLayouts');
  const nested = (e: Entity, key: string) => (Array.isArray(e[key]) ? (e[key] as Entity[]) : null);
  return Promise.all(layouts.map(async (layout) => {
    const tabs = nested(layout, 'tabs') ?? (await listAll(side.metadata, 'pageLayoutTabs', { pageLayoutId: layout.id }));
    const withWidgets = await Promise.all(tabs.map(async (tab) => ({
      tab,
      widgets: nested(tab, 'widgets') ?? (await listAll(side.metadata, 'pageLayoutWidgets', { pageLayoutTabId: tab.id })),
    })));
    return { layout, tabs: withWidgets };
  }));
}

const tabKey = (t: Entity) => `${Number(t.position ?? 0)}:${String(t.title)}`;
const WIDGET_ATTRS = ['type', 'objectMetadataId', 'gridPosition', 'configuration'] as const;

/** The layout of each dashboard record: dashboard id → layout id. */
async function dashboardLayouts(side: ConfigSide): Promise<Map<string, { title: string; pageLayoutId: string | null; updatedAt: unknown }>> {
  const out = new Map<string, { title: string; pageLayoutId: string | null; updatedAt: unknown }>();
  for await (const d of listRecords(side.core, 'dashboards')) {
    out.set(String(d.id), { title: String(d.title ?? ''), pageLayoutId: (d.pageLayoutId as string | null) ?? null, updatedAt: d.updatedAt });
  }
  return out;
}

export async function migrateDashboards(ctx: ConfigContext): Promise<ConfigItem[]> {
  const items: ConfigItem[] = [];
  const [source, target, srcDashboards, tgtDashboards] = await Promise.all([
    readLayouts(ctx.source), readLayouts(ctx.target), dashboardLayouts(ctx.source), dashboardLayouts(ctx.target),
  ]);
  const targetById = new Map(target.map((b) => [b.layout.id, b]));
  const objectName = (id: unknown, side: 'source' | 'target') =>
    (side === 'source' ? ctx.sourceSchema : ctx.targetSchema).objects.find((o) => o.id === id)?.nameSingular ?? '';
  for (const src of source) {
    const dashboards = [...srcDashboards].filter(([, d]) => d.pageLayoutId === src.layout.id).map(([id, d]) => ({ id, ...d }));
    const label = src.layout.type === 'DASHBOARD' ? `dashboard "${dashboards[0]?.title || src.layout.name}"` : `page layout ${String(src.layout.type)} "${String(src.layout.name)}"`;
    const item: ConfigItem = { kind: 'dashboard', key: label, action: 'unchanged', sourceId: src.layout.id };
    items.push(item);
    const unresolved: Unresolved[] = [];
    try {
      const viaDashboard = dashboards.map((d) => tgtDashboards.get(d.id)?.pageLayoutId).find((id) => id && targetById.has(id));
      const byKey = src.layout.type === 'DASHBOARD' ? undefined : target.find((t) =>
        t.layout.type === src.layout.type && t.layout.name === src.layout.name && objectName(t.layout.objectMetadataId, 'target') === objectName(src.layout.objectMetadataId, 'source'));
      let have = targetById.get(ctx.ledger.pageLayouts[src.layout.id] ?? '') ?? (viaDashboard ? targetById.get(viaDashboard) : undefined) ?? byKey;
      let created = false;
      if (!have) {
        const body = mapDeep(ctx.maps, { name: src.layout.name, type: src.layout.type, ...(src.layout.objectMetadataId ? { objectMetadataId: src.layout.objectMetadataId } : {}) }, unresolved);
        const layout = ctx.dryRun ? ({ id: `dry-run:${label}`, ...body } as Entity) : await createEntity(ctx.target.metadata, 'pageLayouts', body);
        have = { layout, tabs: [] };
        created = true;
      }
      ctx.ledger.pageLayouts[src.layout.id] = have.layout.id;
      item.targetId = have.layout.id;
      const opts = { dryRun: ctx.dryRun };
      const tabs = await converge(ctx.target.metadata, 'pageLayoutTabs',
        src.tabs.map(({ tab }) => ({ key: tabKey(tab), body: { pageLayoutId: have!.layout.id, title: tab.title, position: tab.position ?? 0 }, mutable: [] })),
        have.tabs.map((t) => t.tab), tabKey, { deleteExtras: true, ...opts });
      let widgetChanges = 0;
      const errors = [...tabs.errors];
      const frontComponents: string[] = [];
      for (const { tab, widgets } of src.tabs) {
        const targetTab = tabs.byKey.get(tabKey(tab));
        if (!targetTab) continue;
        const haveWidgets = have.tabs.find((t) => t.tab.id === targetTab.id)?.widgets ?? [];
        // Widgets by title within their tab (`#2` on repeated titles, in grid order on both sides).
        const order = (list: Entity[]) => [...list].sort((a, b) => JSON.stringify(a.gridPosition ?? null).localeCompare(JSON.stringify(b.gridPosition ?? null)));
        // A front component belongs to an application installed in the workspace; the API cannot install one.
        for (const w of widgets.filter(isFrontComponentWidget)) frontComponents.push(`tab "${String(tab.title)}" → widget "${String(w.title)}"`);
        const srcWidgets = order(widgets.filter((w) => !isFrontComponentWidget(w)));
        const srcKeys = occurrence(srcWidgets.map((w) => String(w.title)));
        const haveSorted = order(haveWidgets);
        const haveKeys = new Map(occurrence(haveSorted.map((w) => String(w.title))).map((k, i) => [haveSorted[i].id, k]));
        const wanted: Wanted[] = srcWidgets.map((w, i) => ({
          key: srcKeys[i],
          body: mapDeep(ctx.maps, { pageLayoutTabId: targetTab.id, title: w.title, ...Object.fromEntries(WIDGET_ATTRS.filter((k) => w[k] !== undefined && w[k] !== null).map((k) => [k, w[k]])) }, unresolved),
          mutable: WIDGET_ATTRS,
        }));
        const r = await converge(ctx.target.metadata, 'pageLayoutWidgets', wanted, haveWidgets, (w) => haveKeys.get(w.id)!, { deleteExtras: true, ...opts });
        widgetChanges += changes(r);
        errors.push(...r.errors);
      }
      let repointed = 0;
      for (const d of dashboards) {
        const t = tgtDashboards.get(d.id);
        if (!t) {
          errors.push(`dashboard record ${d.id} is not in the target: run the import stage first`);
        } else if (t.pageLayoutId !== have.layout.id) {
          repointed++;
          if (!ctx.dryRun) {
            // Keep the record's updatedAt (sent explicitly) and tell verify this value was rewritten on purpose,
            // so the re-pointing reads as planned rather than as a change made by the target after import.
            unwrap(await request(ctx.target.core, 'PATCH', '/dashboards/{id}', { path: { id: d.id }, body: { pageLayoutId: have.layout.id, updatedAt: t.updatedAt } }));
            recordRewrite(ctx.run, { object: 'dashboards', recordId: d.id, field: 'pageLayoutId', value: have.layout.id });
          }
        }
      }
      const total = changes(tabs) + widgetChanges + repointed;
      item.action = errors.length || unresolved.length ? 'failed' : created ? 'created' : total ? 'updated' : 'unchanged';
      const detail = [
        total ? `${changes(tabs)} tab and ${widgetChanges} widget changes${repointed ? `, ${repointed} dashboard record(s) re-pointed` : ''}` : '',
        unresolved.length ? `unresolved references: ${unresolved.map((u) => `${u.what} ${u.name}`).join(', ')}` : '',
        ...errors,
      ].filter(Boolean);
      if (frontComponents.length) {
        detail.push(`${frontComponents.length} front-component widget(s) not copied (an application's component, not installable through the API)`);
        item.manual = `Install in the target the application that provides them, then add to ${label}: ${frontComponents.join(', ')}`;
      }
      if (detail.length) item.detail = detail.join('; ');
    } catch (e) {
      Object.assign(item, { action: 'failed', detail: errorText(e) });
    }
  }
  return items;
}
