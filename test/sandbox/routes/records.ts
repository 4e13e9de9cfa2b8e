/**
 * The core records API: `/rest/{plural}`, `/rest/{plural}/{id}`, `/rest/batch/{plural}`, `/rest/restore/{plural}`,
 * with Twenty 2.21's envelopes (`data.<plural>`, `data.create<Singular>`, `data.create<Plural>`...).
 */
import { badRequest, notFound } from '../http-error.js';
import type { ModelObject } from '../model/types.js';
import { filterMentionsDeletedAt, matchesFilter, paginate, parseDepth, parseFilter, parseLimit, parseOrderBy } from '../query/index.js';
import { serializeRow } from '../records/serialize.js';
import type { Row } from '../records/table.js';
import { isUuid } from '../records/values.js';
import { createRows, destroyRow, restoreRow, softDeleteRow, updateRow } from '../records/write.js';
import { json, type RouteRequest, type RouteResponse } from './context.js';

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/** The routable object of a path segment, or the 400 Twenty answers for an unknown one. */
export function resolveObject(req: RouteRequest, plural: string): ModelObject {
  const { index } = req.workspace;
  const object = index.routable(plural);
  if (object) return object;
  const bySingular = index.bySingular.get(plural);
  if (bySingular?.isActive) throw badRequest(`object '${plural}' not found. Did you mean '${bySingular.namePlural}'?`);
  throw badRequest(`object '${plural}' not found. eg: companies`);
}

function checkId(id: string) {
  if (!isUuid(id)) throw badRequest(`'${id}' is not a valid UUID`);
}

/** Rows matching the request's filter; soft-deleted rows only when the filter mentions deletedAt. */
function selectRows(req: RouteRequest, object: ModelObject): Row[] {
  const table = req.workspace.tableOrCreate(object);
  const raw = req.query.get('filter');
  const filter = raw ? parseFilter(raw, object) : null;
  const withDeleted = filter ? filterMentionsDeletedAt(filter) : false;
  const rows = table.sortedById();
  if (!filter) return rows.filter((r) => !r.deletedAt);
  return rows.filter((r) => (withDeleted || !r.deletedAt) && matchesFilter(r, filter));
}

function requireFilter(req: RouteRequest, verb: string) {
  if (!req.query.get('filter')) throw badRequest(`Filters are mandatory for bulk ${verb} operations`);
}

function list(req: RouteRequest, object: ModelObject): RouteResponse {
  const limit = parseLimit(req.query.get('limit') ?? undefined);
  const depth = parseDepth(req.query.get('depth') ?? undefined);
  const orderBy = parseOrderBy(req.query.get('order_by') ?? undefined, object);
  const rows = selectRows(req, object);
  // Rows come id-ordered from the table's cache: with the default order, paging is a binary search, not a sort.
  const presorted = orderBy.length === 1 && orderBy[0].key === 'id' && orderBy[0].direction.startsWith('Asc');
  const page = paginate(rows, {
    orderBy,
    limit,
    presorted,
    startingAfter: req.query.get('starting_after') ?? undefined,
    endingBefore: req.query.get('ending_before') ?? undefined,
  });
  return json(200, {
    data: { [object.namePlural]: page.records.map((r) => serializeRow(req.workspace, object, r, depth)) },
    totalCount: rows.length,
    pageInfo: page.pageInfo,
  });
}

export function handleRecords(req: RouteRequest, segments: string[]): RouteResponse {
  const ws = req.workspace;
  const invalidPath = () =>
    badRequest(`Query path '${req.path}' invalid. Valid examples: /rest/${segments[1] ?? 'companies'}/id or /rest/${segments[1] ?? 'companies'} or /rest/batch/${segments[1] ?? 'companies'}`);
  const out = (object: ModelObject, row: Row) => serializeRow(ws, object, row, 0);

  if (segments[0] === 'batch') {
    if (segments.length !== 2) throw invalidPath();
    const object = resolveObject(req, segments[1]);
    if (req.method !== 'POST') throw badRequest(`Method ${req.method} not allowed on batch routes`);
    if (!Array.isArray(req.body)) throw badRequest('Batch body must be an array of records');
    const upsert = req.query.get('upsert') === 'true';
    const results = createRows(ws, object, req.body, { upsert });
    // As 2.21 answers (common-create-many-query-runner.service.ts, fetchUpsertedRecords): the rows an upsert matched
    // come first, then the inserted ones, and one row per record id. Not the request order.
    const ordered = [...results.filter((r) => r.updated), ...results.filter((r) => !r.updated)];
    const seen = new Set<unknown>();
    const rows = ordered.filter((r) => !seen.has(r.row.id) && seen.add(r.row.id));
    return json(201, { data: { [`create${cap(object.namePlural)}`]: rows.map((r) => out(object, r.row)) } });
  }

  if (segments[0] === 'restore') {
    // 2.21's path parser rejects three segments before it handles `restore` (parse-core-path.utils.ts).
    if (segments.length !== 2) throw invalidPath();
    const object = resolveObject(req, segments[1]);
    requireFilter(req, 'restore');
    const filter = parseFilter(req.query.get('filter')!, object);
    const rows = [...ws.tableOrCreate(object).rows.values()].filter((r) => r.deletedAt && matchesFilter(r, filter));
    return json(200, { data: { [`restore${cap(object.namePlural)}`]: rows.map((r) => out(object, restoreRow(ws, object, r))) } });
  }

  if (segments.length > 2) throw invalidPath();
  const object = resolveObject(req, segments[0]);
  const id = segments[1];
  const S = cap(object.nameSingular);
  const P = cap(object.namePlural);

  if (id === undefined) {
    switch (req.method) {
      case 'GET':
        return list(req, object);
      case 'POST': {
        const upsert = req.query.get('upsert') === 'true';
        const [result] = createRows(ws, object, [req.body], { upsert });
        return json(201, { data: { [`create${S}`]: out(object, result.row) } });
      }
      case 'PATCH':
      case 'PUT': {
        requireFilter(req, 'update');
        const rows = selectRows(req, object).map((r) => updateRow(ws, object, r.id as string, req.body));
        return json(200, { data: { [`update${P}`]: rows.map((r) => out(object, r)) } });
      }
      case 'DELETE': {
        const soft = req.query.get('soft_delete') === 'true';
        requireFilter(req, soft ? 'delete' : 'destroy');
        const rows = selectRows(req, object).map((r) =>
          soft ? softDeleteRow(ws, object, r.id as string) : destroyRow(ws, object, r.id as string),
        );
        return json(200, { data: { [`${soft ? 'delete' : 'destroy'}${P}`]: rows.map((r) => (soft ? out(object, r) : { id: r.id })) } });
      }
    }
  } else {
    checkId(id);
    const table = ws.tableOrCreate(object);
    switch (req.method) {
      case 'GET': {
        const row = table.rows.get(id);
        if (!row || row.deletedAt) throw notFound();
        return json(200, { data: { [object.nameSingular]: serializeRow(ws, object, row, parseDepth(req.query.get('depth') ?? undefined)) } });
      }
      case 'PATCH':
      case 'PUT':
        return json(200, { data: { [`update${S}`]: out(object, updateRow(ws, object, id, req.body)) } });
      case 'DELETE':
        if (req.query.get('soft_delete') === 'true') {
          return json(200, { data: { [`delete${S}`]: out(object, softDeleteRow(ws, object, id)) } });
        }
        return json(200, { data: { [`delete${S}`]: { id: destroyRow(ws, object, id).id } } });
    }
  }
  throw badRequest(`Method ${req.method} not allowed on ${req.path}`);
}
