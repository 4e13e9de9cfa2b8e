/**
 * The sandbox's list-query engine: Twenty 2.21's `filter`, `order_by`, `limit`, `depth` and cursor
 * pagination (`starting_after` / `ending_before`) for REST list requests.
 *
 * @example
 *   const filter = q.filter === undefined ? undefined : parseFilter(q.filter, object);
 *   const orderBy = parseOrderBy(q.order_by, object);
 *   const limit = parseLimit(q.limit);
 *   const depth = parseDepth(q.depth);
 *   const withDeleted = filterMentionsDeletedAt(filter);
 *   const rows = all.filter((r) => (withDeleted || r.deletedAt == null) && matchesFilter(r, filter));
 *   const { records, pageInfo } = paginate(rows, { orderBy, limit, startingAfter: q.starting_after, endingBefore: q.ending_before });
 *   // body: { data: { [plural]: records }, totalCount: rows.length, pageInfo }
 */
export { parseFilter, matchesFilter, filterMentionsDeletedAt, type FilterNode, type FilterLeaf, type Comparator } from './filter.js';
export {
  parseOrderBy,
  compareRecords,
  sortRecords,
  recordSortKeys,
  compareSortKeys,
  ORDER_BY_DIRECTIONS,
  type OrderByItem,
  type OrderByDirection,
} from './order-by.js';
export { encodeCursor, decodeCursor } from './cursor.js';
export { parseLimit, parseDepth, DEFAULT_LIMIT, MAX_LIMIT } from './params.js';
export { paginate, type Page, type PageInfo, type PaginateOptions } from './paginate.js';
export type { ResolvedColumn, ValueKind } from './fields.js';
