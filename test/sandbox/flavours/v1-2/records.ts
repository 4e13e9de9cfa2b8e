/**
 * Reading records the Twenty 1.2 way (rest-api-find-many.handler.ts, rest-api-find-one.handler.ts,
 * rest-api-base.handler.ts); writes are left to the 2.21 routes (a 1.2 source is only read).
 * - `limit`: default 60, no maximum, and 0 means no limit at all (`if (inputs.first)` skips `qb.limit`).
 * - `depth`: 0, 1 or 2 (`'depth=3' parameter invalid. Allowed values are 0, 1, 2`).
 * - `totalCount` is counted after the cursor filter: the rows left after `starting_after` (before `ending_before`),
 *   and `hasNextPage` is `records < totalCount` (recorded: 599, then 597 after two).
 * - `pageInfo` has `hasPreviousPage` only going backwards, and only when true (recorded).
 * - The trash cannot be read: no `withDeleted`, so a deletedAt filter matches the live rows only (recorded:
 *   `deletedAt[is]:NOT_NULL` → `[]`, totalCount 0), and a soft-deleted record is "Record not found".
 * - A missing record is a 400 "Record not found", not a 404 (recorded).
 */
import { badRequest } from '../../http-error.js';
import type { ModelObject } from '../../model/types.js';
import { matchesFilter, paginate, parseFilter, parseOrderBy } from '../../query/index.js';
import { isUuid } from '../../records/values.js';
import { json, type RouteResponse } from '../../routes/context.js';
import { resolveObject } from '../../routes/records.js';
import type { FlavourRequest } from '../index.js';
import { serializeRow12, type Depth12 } from './serialize.js';

export const DEFAULT_LIMIT_12 = 60;

/** `limit` as LimitInputFactory reads it; null = no limit. */
function parseLimit12(raw: string | null): number | null {
  if (!raw) return DEFAULT_LIMIT_12;
  const limit = +raw;
  if (Number.isNaN(limit) || limit < 0) throw badRequest(`limit '${raw}' is invalid. Should be an integer`);
  return limit === 0 ? null : Math.floor(limit);
}

function parseDepth12(raw: string | null): Depth12 {
  if (!raw) return 0;
  const depth = +raw;
  if (depth !== 0 && depth !== 1 && depth !== 2) throw badRequest(`'depth=${raw}' parameter invalid. Allowed values are 0, 1, 2`);
  return depth;
}

function list(req: FlavourRequest, object: ModelObject): RouteResponse {
  const limit = parseLimit12(req.query.get('limit'));
  const depth = parseDepth12(req.query.get('depth'));
  const orderBy = parseOrderBy(req.query.get('order_by') ?? undefined, object);
  const raw = req.query.get('filter');
  const filter = raw ? parseFilter(raw, object) : null;
  const rows = req.workspace.tableOrCreate(object).sortedById().filter((r) => !r.deletedAt && (!filter || matchesFilter(r, filter)));
  const presorted = orderBy.length === 1 && orderBy[0].key === 'id' && orderBy[0].direction.startsWith('Asc');
  const startingAfter = req.query.get('starting_after') ?? undefined;
  const endingBefore = startingAfter ? undefined : (req.query.get('ending_before') ?? undefined);
  const cursor = { orderBy, presorted, startingAfter, endingBefore };
  // Counted on the query with the cursor filter applied, before the limit.
  const totalCount = paginate(rows, { ...cursor, limit: rows.length }).records.length;
  const page = paginate(rows, { ...cursor, limit: limit ?? rows.length });
  const more = page.records.length < totalCount;
  const forward = !endingBefore;
  return json(200, {
    data: { [object.namePlural]: page.records.map((r) => serializeRow12(req.workspace, object, r, depth)) },
    pageInfo: {
      hasNextPage: forward && more,
      ...(!forward && more ? { hasPreviousPage: true } : {}),
      startCursor: page.pageInfo.startCursor,
      endCursor: page.pageInfo.endCursor,
    },
    totalCount,
  });
}

export function records12(req: FlavourRequest, segments: string[]): RouteResponse | undefined {
  if (req.method !== 'GET' || segments[0] === 'batch' || segments[0] === 'restore' || segments.length > 2) return undefined;
  const object = resolveObject(req, segments[0]);
  const id = segments[1];
  if (id === undefined) return list(req, object);
  if (id === 'duplicates') return undefined;
  if (!isUuid(id)) throw badRequest(`'${id}' is not a valid UUID`);
  const row = req.workspace.table(object.nameSingular)?.rows.get(id);
  if (!row || row.deletedAt) throw badRequest('Record not found');
  return json(200, { data: { [object.nameSingular]: serializeRow12(req.workspace, object, row, parseDepth12(req.query.get('depth'))) } });
}
