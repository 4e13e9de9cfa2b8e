/**
 * `/rest/metadata/pageLayouts|pageLayoutTabs|pageLayoutWidgets` (M/page-layout/controllers): the same bare shapes
 * as the view controllers (views.ts). A page layout is served with its `tabs`, each tab with its `widgets`
 * (PageLayoutForResponse in the metadata OpenAPI document). Dashboards are records whose `pageLayoutId` names a
 * DASHBOARD layout; nothing ties them in the database, so a dashboard copied by the records API keeps pointing at
 * the source's layout id until someone re-points it.
 */
import type { ConfigEntity, ConfigKind } from '../config/index.js';
import type { SandboxWorkspace } from '../workspace.js';
import type { RouteRequest, RouteResponse } from './context.js';
import { handleConfigRest, renderEntity } from './views.js';

function renderLayout(ws: SandboxWorkspace, kind: ConfigKind, e: ConfigEntity): ConfigEntity {
  const store = ws.config.store;
  const withWidgets = (tab: ConfigEntity) => ({ ...structuredClone(tab), widgets: store.list('pageLayoutWidgets', { pageLayoutTabId: tab.id }).map((w) => structuredClone(w)) });
  if (kind === 'pageLayouts') return { ...structuredClone(e), tabs: store.list('pageLayoutTabs', { pageLayoutId: e.id }).map(withWidgets) };
  if (kind === 'pageLayoutTabs') return withWidgets(e);
  return renderEntity(ws, kind, e);
}

export function handlePageLayouts(req: RouteRequest, kind: ConfigKind, id: string | undefined): RouteResponse {
  return handleConfigRest(req, kind, id, renderLayout);
}
