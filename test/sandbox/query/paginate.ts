/**
 * Cursor pagination with Twenty 2.21's observable semantics (../shared/twenty-2.21/README.md, "Pagination"):
 *
 * - Forward (no cursor, or `starting_after`): the first `limit` rows after the cursor;
 *   hasNextPage = more rows follow; hasPreviousPage always false (even on page 2).
 * - Backward (`ending_before`): the `limit` rows just before the cursor, returned in ascending order,
 *   but startCursor = cursor of the LAST returned row and endCursor = of the FIRST (Twenty computes them
 *   on its reversed query); hasNextPage always false; hasPreviousPage = more rows precede.
 * - Empty page (including limit=0) → null cursors. hasNextPage / hasPreviousPage still say whether a
 *   row exists past the cursor (Twenty fetches limit + 1), so limit=0 on a non-empty set → hasNextPage true.
 * - Both cursors given: `starting_after` wins (Twenty checks it first; unrecorded).
 *
 * Contract: `records` are the rows after filtering and soft-delete hiding (the caller reports
 * totalCount = records.length). Pass `presorted: true` when they are already in `orderBy` order
 * (e.g. from sortRecords, cached by the caller) to skip the O(n log n) sort; the cursor position is
 * then found by binary search, so a page costs O(log n + limit).
 */
import { decodeCursor, encodeCursor } from './cursor.js';
import { compareSortKeys, recordSortKeys, sortRecords, type OrderByItem } from './order-by.js';

export interface PageInfo {
  startCursor: string | null;
  endCursor: string | null;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface PaginateOptions {
  orderBy: readonly OrderByItem[];
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
  /** records already sorted by orderBy (skip sorting) */
  presorted?: boolean;
}

export interface Page<T> {
  records: T[];
  pageInfo: PageInfo;
}

/** Index of the first record that sorts strictly after `keys` (upper bound). */
const firstAfter = (sorted: readonly Record<string, unknown>[], keys: unknown[], orderBy: readonly OrderByItem[]) => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareSortKeys(recordSortKeys(sorted[mid]!, orderBy), keys, orderBy) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Index of the first record that does not sort strictly before `keys` (lower bound). */
const firstNotBefore = (sorted: readonly Record<string, unknown>[], keys: unknown[], orderBy: readonly OrderByItem[]) => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareSortKeys(recordSortKeys(sorted[mid]!, orderBy), keys, orderBy) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

export const paginate = <T extends Record<string, unknown>>(records: readonly T[], options: PaginateOptions): Page<T> => {
  const { orderBy, limit } = options;
  const sorted = options.presorted ? records : sortRecords(records, orderBy);

  if (options.startingAfter === undefined && options.endingBefore !== undefined) {
    const cursorKeys = recordSortKeys(decodeCursor(options.endingBefore), orderBy);
    const end = firstNotBefore(sorted, cursorKeys, orderBy);
    const start = Math.max(0, end - limit);
    const page = sorted.slice(start, end);
    return {
      records: page,
      pageInfo: {
        startCursor: page.length ? encodeCursor(page[page.length - 1]!, orderBy) : null,
        endCursor: page.length ? encodeCursor(page[0]!, orderBy) : null,
        hasNextPage: false,
        hasPreviousPage: start > 0,
      },
    };
  }

  const start =
    options.startingAfter === undefined
      ? 0
      : firstAfter(sorted, recordSortKeys(decodeCursor(options.startingAfter), orderBy), orderBy);
  const page = sorted.slice(start, start + limit);
  return {
    records: page,
    pageInfo: {
      startCursor: page.length ? encodeCursor(page[0]!, orderBy) : null,
      endCursor: page.length ? encodeCursor(page[page.length - 1]!, orderBy) : null,
      hasNextPage: start + limit < sorted.length,
      hasPreviousPage: false,
    },
  };
};
