/**
 * `/rest/metadata/objects` and `/rest/metadata/fields`, answered in the workspace's format: legacy
 * (`{data:{objects:[...]}}`, `{data:{createOneObject:{...}}}`) or new (`{data:[...]}`, bare objects); lists page
 * by plain id cursors in descending id order (paginate-by-id-cursor.util.ts).
 */
import { badRequest, codedError } from '../http-error.js';
import {
  createField, createObject, deleteField, deleteObject, findField, findObject, publicField, publicObject, updateField, updateObject,
} from '../model/mutate.js';
import { parseLimit } from '../query/index.js';
import { json, type RouteRequest, type RouteResponse } from './context.js';
import { handleWebhooks } from './webhooks.js';
import { isConfigKind } from '../config/index.js';
import { handlePageLayouts } from './page-layouts.js';
import { handleConfigRest } from './views.js';

type Kind = 'objects' | 'fields';
const singular = { objects: 'Object', fields: 'Field' } as const;

function list(req: RouteRequest, kind: Kind, items: Array<{ id: string }>): RouteResponse {
  const limit = parseLimit(req.query.get('limit') ?? undefined);
  const sorted = [...items].sort((a, b) => (a.id < b.id ? 1 : -1));
  const after = req.query.get('starting_after');
  const start = after ? sorted.findIndex((x) => x.id === after) + 1 : 0;
  const page = sorted.slice(start, start + limit);
  const legacy = req.workspace.model.metadataFormat === 'legacy';
  return json(200, {
    data: legacy ? { [kind]: page } : page,
    pageInfo: {
      hasNextPage: start + limit < sorted.length,
      startCursor: page[0]?.id ?? null,
      endCursor: page[page.length - 1]?.id ?? null,
    },
    totalCount: sorted.length,
  });
}

/** Wraps a single item the way the workspace's format wants it. */
function one(req: RouteRequest, status: number, kind: Kind, verb: 'find' | 'create' | 'update' | 'delete', item: unknown): RouteResponse {
  if (req.workspace.model.metadataFormat === 'new') return json(status, item);
  const key = verb === 'find' ? singular[kind].toLowerCase() : `${verb}One${singular[kind]}`;
  return json(status, { data: { [key]: item } });
}

export function handleMetadata(req: RouteRequest, segments: string[]): RouteResponse {
  const ws = req.workspace;
  if (segments[0] === 'webhooks' && segments.length <= 2) return handleWebhooks(req, segments[1], false);
  if (isConfigKind(segments[0]) && segments.length <= 2) {
    return (segments[0].startsWith('pageLayout') ? handlePageLayouts : handleConfigRest)(req, segments[0], segments[1]);
  }
  const [kind, id, ...rest] = segments as [Kind, string | undefined, ...string[]];
  if ((kind !== 'objects' && kind !== 'fields') || rest.length) {
    throw codedError(404, 'NOT_FOUND', `Cannot ${req.method} /rest/metadata/${segments.join('/')}`);
  }
  const changed = <T>(v: T): T => (ws.modelChanged(), v);
  const body = (req.body ?? {}) as Record<string, unknown>;

  if (kind === 'objects') {
    if (!id && req.method === 'GET') return list(req, kind, ws.model.objects.map((o) => publicObject(o)));
    if (!id && req.method === 'POST') return one(req, 201, kind, 'create', publicObject(changed(createObject(ws.model, body as any)), true, 'entity'));
    if (id && req.method === 'GET') return one(req, 200, kind, 'find', publicObject(findObject(ws.model, id)));
    if (id && (req.method === 'PATCH' || req.method === 'PUT')) {
      return one(req, 200, kind, 'update', publicObject(changed(updateObject(ws.model, id, body)), true, 'entity'));
    }
    if (id && req.method === 'DELETE') return one(req, 200, kind, 'delete', publicObject(changed(deleteObject(ws.model, id)), false, 'entity'));
  } else {
    const all = () => ws.model.objects.flatMap((o) => o.fields.map((f) => publicField(f)));
    if (!id && req.method === 'GET') return list(req, kind, all());
    if (!id && req.method === 'POST') return one(req, 201, kind, 'create', publicField(changed(createField(ws.model, body as any)), 'entity'));
    if (id && req.method === 'GET') return one(req, 200, kind, 'find', publicField(findField(ws.model, id).field));
    if (id && (req.method === 'PATCH' || req.method === 'PUT')) {
      return one(req, 200, kind, 'update', publicField(changed(updateField(ws.model, id, body)), 'entity'));
    }
    if (id && req.method === 'DELETE') return one(req, 200, kind, 'delete', publicField(changed(deleteField(ws.model, id)), 'entity'));
  }
  throw badRequest(`Method ${req.method} not allowed on /rest/metadata/${segments.join('/')}`);
}
