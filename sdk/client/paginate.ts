/**
 * Reading every record of an object, one page in memory at a time.
 *
 * Twenty's list answer is `{data:{<plural>:[…]}, totalCount, pageInfo:{endCursor, hasNextPage, …}}`; the
 * next page is `?starting_after=<endCursor>` (#22330: `pageInfo` is top-level, not under `data`).
 */
import { TwentyApiError } from './errors.js';
import { request, unwrap } from './request.js';
import type { TwentyClient } from './create-client.js';

export interface ListOptions {
  /** Twenty filter, e.g. `deletedAt[is]:NOT_NULL` or `and(name[eq]:"a",employees[gt]:10)`. */
  filter?: string;
  /** Twenty order, e.g. `createdAt[AscNullsFirst]`; Twenty always adds `id` as the last sort key. */
  orderBy?: string;
  /** 0 (default, join columns only) or 1 (embedded relations, one-to-many capped at 60). */
  depth?: 0 | 1;
  /** Records per request; default 200, the 2.21 maximum (use `detectServer().maxPageSize`). */
  pageSize?: number;
  /** Resume after this cursor (a previous page's `endCursor`). */
  startingAfter?: string;
  signal?: AbortSignal;
}

export interface RecordPage {
  records: Record<string, unknown>[];
  /** Size of the whole filtered set, as Twenty counts it (soft-deleted rows excluded unless filtered for). */
  totalCount: number | null;
  endCursor: string | null;
  hasNextPage: boolean;
  /** 1-based. */
  pageNumber: number;
}

export const DEFAULT_PAGE_SIZE = 200;

/**
 * Pages of a core object, following `endCursor` until `hasNextPage` is false. Throws a TwentyApiError on
 * an API error, or when the server claims more pages but gives no new cursor (which would loop forever).
 *
 * @example
 * for await (const page of listPages(client, 'companies')) console.log(page.pageNumber, page.records.length, page.totalCount);
 */
export async function* listPages(client: TwentyClient, namePlural: string, options: ListOptions = {}): AsyncGenerator<RecordPage> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let cursor = options.startingAfter;
  for (let pageNumber = 1; ; pageNumber++) {
    const body = unwrap(
      await request<ListBody>(client, 'GET', '/{namePlural}', {
        path: { namePlural },
        query: { limit, filter: options.filter, order_by: options.orderBy, depth: options.depth, starting_after: cursor },
        signal: options.signal,
      }),
    );
    const records = recordsOf(body, namePlural, client);
    const pageInfo = body.pageInfo ?? {};
    const hasNextPage = pageInfo.hasNextPage === true;
    const endCursor = typeof pageInfo.endCursor === 'string' ? pageInfo.endCursor : null;
    yield { records, totalCount: typeof body.totalCount === 'number' ? body.totalCount : null, endCursor, hasNextPage, pageNumber };
    if (!hasNextPage) return;
    if (endCursor === null || endCursor === cursor || records.length === 0) {
      throw unexpected(client, namePlural, `page ${pageNumber} says hasNextPage but gives ${records.length} records and cursor ${endCursor}`);
    }
    cursor = endCursor;
  }
}

/**
 * Every record of a core object, as an async iterator (constant memory: one page at a time).
 *
 * @example
 * for await (const person of listRecords(client, 'people', { filter: 'deletedAt[is]:NOT_NULL' })) write(person);
 */
export async function* listRecords(client: TwentyClient, namePlural: string, options: ListOptions = {}): AsyncGenerator<Record<string, unknown>> {
  // a plain loop, not `yield*`: tslab's TypeScript 5.0 (non-strict) rejects delegating to an array iterator here
  for await (const page of listPages(client, namePlural, options)) for (const record of page.records) yield record;
}

interface ListBody {
  data?: Record<string, unknown>;
  totalCount?: unknown;
  pageInfo?: { endCursor?: unknown; hasNextPage?: unknown };
}

function recordsOf(body: ListBody, namePlural: string, client: TwentyClient): Record<string, unknown>[] {
  const list = body?.data?.[namePlural];
  if (!Array.isArray(list)) {
    const keys = body?.data && typeof body.data === 'object' ? Object.keys(body.data).join(', ') : typeof body?.data;
    throw unexpected(client, namePlural, `expected data.${namePlural} to be an array, got data keys: ${keys}`);
  }
  return list as Record<string, unknown>[];
}

function unexpected(client: TwentyClient, namePlural: string, detail: string): TwentyApiError {
  return new TwentyApiError({
    status: 200,
    code: 'UNEXPECTED_RESPONSE',
    messages: [`listing ${namePlural}: ${detail}`],
    request: { method: 'GET', url: `${client.twenty.apiUrl}/${namePlural}` },
    retryable: false,
  });
}
