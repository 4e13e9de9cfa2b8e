/**
 * `/rest/metadata/views|viewFields|viewFilters|viewSorts|viewGroups|viewFilterGroups` (M/view/controllers/*.ts)
 * and, through the same handler, `/rest/metadata/pageLayouts|pageLayoutTabs|pageLayoutWidgets` (page-layouts.ts).
 *
 * The 2.21 controllers return what their services return, whatever the workspace's metadata format: a bare array
 * on list (`GET …/views?objectMetadataId=` per twenty-api.md §8; other list filters: `viewId`, and `pageLayoutId`,
 * `pageLayoutTabId`, which the tab and widget lists require), the bare entity on get/create/update and `{success: true}` on delete. The metadata OpenAPI
 * document describes wrapped legacy shapes instead (`{data:{views:[…]}}`); clients should accept both. Not
 * exercised on a real server. View names holding `{objectLabelPlural}` (standard views) are served with the
 * object's plural label, as the controller's processViewsWithTemplates does. An API key sees WORKSPACE views only:
 * UNLISTED ones belong to a user (view-access.service.ts) and cannot be created with a key.
 */
import { badRequest, codedError } from '../http-error.js';
import { KINDS, type ConfigEntity, type ConfigKind } from '../config/index.js';
import type { SandboxWorkspace } from '../workspace.js';
import { json, type RouteRequest, type RouteResponse } from './context.js';

/** How an entity is served: view names with their template filled in. */
export function renderEntity(ws: SandboxWorkspace, kind: ConfigKind, e: ConfigEntity): ConfigEntity {
  if (kind !== 'views' || typeof e.name !== 'string' || !e.name.includes('{objectLabelPlural}')) return structuredClone(e);
  const object = ws.index.byId.get(e.objectMetadataId as string);
  return { ...structuredClone(e), name: e.name.replace('{objectLabelPlural}', object?.labelPlural ?? '') };
}

const hiddenFromKey = (ws: SandboxWorkspace, kind: ConfigKind, e: ConfigEntity): boolean => {
  const view = kind === 'views' ? e : typeof e.viewId === 'string' ? ws.config.store.find('views', e.viewId) : undefined;
  return view?.visibility === 'UNLISTED';
};

export function handleConfigRest(req: RouteRequest, kind: ConfigKind, id: string | undefined, render = renderEntity): RouteResponse {
  const ws = req.workspace;
  const store = ws.config.ready();
  const spec = KINDS[kind];
  const body = (req.body ?? {}) as Record<string, unknown>;
  const visible = (e: ConfigEntity) => {
    if (hiddenFromKey(ws, kind, e)) throw codedError(404, `${spec.entity.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_NOT_FOUND`, `${spec.entity} with id ${e.id} not found`);
    return e;
  };

  if (!id && req.method === 'GET') {
    // The tab and widget controllers list per parent only (`isDefined` of the query parameter: an empty one passes).
    const required = spec.listRequires;
    if (required && req.query.get(required.key) === null) throw codedError(400, required.code, required.message);
    const filter: Record<string, string> = {};
    for (const key of spec.listFilters) {
      const v = req.query.get(key);
      if (v) filter[key] = v;
    }
    return json(200, store.list(kind, filter).filter((e) => !hiddenFromKey(ws, kind, e)).map((e) => render(ws, kind, e)));
  }
  if (!id && req.method === 'POST') {
    if (kind === 'views' && body.visibility === 'UNLISTED') {
      throw codedError(403, 'VIEW_CREATE_PERMISSION_DENIED', 'Only a workspace member can create an unlisted view');
    }
    return json(201, render(ws, kind, store.create(kind, body)));
  }
  if (id && req.method === 'GET') return json(200, render(ws, kind, visible(store.get(kind, id))));
  if (id && (req.method === 'PATCH' || req.method === 'PUT')) {
    visible(store.get(kind, id));
    return json(200, render(ws, kind, store.update(kind, id, body)));
  }
  if (id && req.method === 'DELETE') {
    visible(store.get(kind, id));
    store.remove(kind, id);
    return json(200, { success: true });
  }
  throw badRequest(`Method ${req.method} not allowed on ${req.path}`);
}
