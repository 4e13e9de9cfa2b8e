/**
 * `order_by=` as Twenty 2.21 parses it (order-by-parser-utils/parse-order-by-rest-request-common.util.ts):
 * comma-separated items `field`, `field[Direction]`, `composite.subField[Direction]`; default direction
 * AscNullsFirst; `id` ascending appended as the last key unless already present.
 *
 * @example
 *   const orderBy = parseOrderBy('name[DescNullsLast]', companyObject);
 *   // → [{ key: 'name', direction: 'DescNullsLast', ... }, { key: 'id', direction: 'AscNullsFirst', ... }]
 *   rows.sort(compareRecords(orderBy));
 */
import { badRequest } from '../http-error.js';
import type { ModelObject } from '../model/types.js';
import { compareKeys, sortKey } from './compare.js';
import { COMPOSITE_SUBFIELDS, fieldIndex, isComposite, readColumn, resolvedColumn, type ResolvedColumn } from './fields.js';

export const ORDER_BY_DIRECTIONS = ['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'] as const;
export type OrderByDirection = (typeof ORDER_BY_DIRECTIONS)[number];

export interface OrderByItem extends ResolvedColumn {
  direction: OrderByDirection;
}

const resolve = (path: string[], object: ModelObject): ResolvedColumn => {
  const [key, subField, ...rest] = path as [string, ...string[]];
  const index = fieldIndex(object);
  const byJoin = index.byJoinColumn.get(key);
  const field = byJoin ?? index.byName.get(key);
  if (!field || (!byJoin && (field.type === 'RELATION' || field.type === 'MORPH_RELATION'))) {
    throw badRequest(`Object ${object.nameSingular} doesn't have any "${key}" field.`);
  }
  if (isComposite(field.type) && !byJoin) {
    // Twenty iterates the sub-field object; a bare composite yields the characters of the direction string
    const sub = subField ?? '0';
    if (!(sub in COMPOSITE_SUBFIELDS[field.type]!) || rest.length > 0) {
      throw badRequest(`Sub field metadata ${sub} not found for composite type ${field.type}`);
    }
    return resolvedColumn(key, field, sub);
  }
  if (subField !== undefined) throw badRequest(`Object ${object.nameSingular} doesn't have any "${key}" field.`);
  return resolvedColumn(key, field);
};

/**
 * Parses the raw `order_by` value (undefined when absent). Always ends with `id` (AscNullsFirst) unless
 * the caller ordered by id already. Bad direction → 400 with Twenty's exact message.
 */
export const parseOrderBy = (raw: string | undefined, object: ModelObject): OrderByItem[] => {
  const items: OrderByItem[] = [];
  if (typeof raw === 'string') {
    for (const item of raw.split(',')) {
      let direction: string = 'AscNullsFirst';
      let fieldPath = item;
      if (item.includes('[') && item.includes(']')) {
        const [name, withBracket] = item.split('[') as [string, string];
        direction = withBracket.replace(']', '');
        fieldPath = name;
        if (!(ORDER_BY_DIRECTIONS as readonly string[]).includes(direction)) {
          throw badRequest(
            `'order_by' direction '${direction}' invalid. Allowed values are '${ORDER_BY_DIRECTIONS.join("', '")}'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3`,
          );
        }
      }
      items.push({ ...resolve(fieldPath.split('.'), object), direction: direction as OrderByDirection });
    }
  }
  if (!items.some((i) => i.key === 'id' && i.subField === undefined)) {
    items.push({ ...resolve(['id'], object), direction: 'AscNullsFirst' });
  }
  return items;
};

/** The sort keys of one record for an order-by list (precompute these to sort large arrays fast). */
export const recordSortKeys = (record: Record<string, unknown>, orderBy: readonly OrderByItem[]): unknown[] =>
  orderBy.map((item) => sortKey(readColumn(record, item), item));

/** Compares two key tuples from {@link recordSortKeys}, honouring direction and NULLS FIRST/LAST. */
export const compareSortKeys = (a: unknown[], b: unknown[], orderBy: readonly OrderByItem[]): number => {
  for (let i = 0; i < orderBy.length; i++) {
    const x = a[i];
    const y = b[i];
    const direction = orderBy[i]!.direction;
    if (x === null || y === null) {
      if (x === y) continue;
      const nullsFirst = direction === 'AscNullsFirst' || direction === 'DescNullsFirst';
      return (x === null) === nullsFirst ? -1 : 1;
    }
    const c = compareKeys(x, y);
    if (c !== 0) return direction === 'AscNullsFirst' || direction === 'AscNullsLast' ? c : -c;
  }
  return 0;
};

/** Record comparator for `Array.prototype.sort` (computes keys on every call; see sortRecords for bulk). */
export const compareRecords =
  (orderBy: readonly OrderByItem[]) =>
  (a: Record<string, unknown>, b: Record<string, unknown>): number =>
    compareSortKeys(recordSortKeys(a, orderBy), recordSortKeys(b, orderBy), orderBy);

/** Returns a new array sorted by `orderBy` (keys computed once per record: O(n log n) cheap comparisons). */
export const sortRecords = <T extends Record<string, unknown>>(records: readonly T[], orderBy: readonly OrderByItem[]): T[] => {
  const decorated = records.map((record) => ({ record, keys: recordSortKeys(record, orderBy) }));
  decorated.sort((a, b) => compareSortKeys(a.keys, b.keys, orderBy));
  return decorated.map((d) => d.record);
};
