/**
 * Record cursors as Twenty 2.21 writes them: base64 of the JSON of the order-by values, then `id`.
 * Keys are the record's top-level keys in order-by order (a composite sub-field order stores the whole
 * composite value), e.g. `{"id":"..."}` or `{"name":"webOS","id":"..."}`.
 *
 * @example
 *   encodeCursor({ id: '2020...', name: 'webOS' }, parseOrderBy('name[DescNullsLast]', company))
 *   // → base64('{"name":"webOS","id":"2020..."}')
 */
import { badRequest } from '../http-error.js';
import type { OrderByItem } from './order-by.js';

export const encodeCursor = (record: Record<string, unknown>, orderBy: readonly OrderByItem[]): string => {
  const data: Record<string, unknown> = {};
  for (const item of orderBy) {
    if (!(item.key in data)) data[item.key] = record[item.key];
  }
  data.id = record.id;
  return Buffer.from(JSON.stringify(data)).toString('base64');
};

/**
 * Decodes a cursor into the partial record it describes (usable with compareRecords / readColumn).
 * Anything that is not base64 JSON of an object → 400 `Invalid cursor` (message not recorded: a guess).
 */
export const decodeCursor = (cursor: string): Record<string, unknown> => {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
  } catch {
    throw badRequest('Invalid cursor');
  }
  if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) throw badRequest('Invalid cursor');
  return decoded as Record<string, unknown>;
};
